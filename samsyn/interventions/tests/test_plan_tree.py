"""The plan as a tree with a light per goal and activity, a responsible person and a date per
activity, comments kept with who and when, and the follow-up form in the design system."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from samsyn.associations.writes import Actor
from samsyn.audit.models import AuditEntry
from samsyn.interventions.follow_up import (
    ACTIVITY_STATUSES,
    GOAL_STATUSES,
    GREY,
    LIGHTS,
    late,
    latest,
    light,
)
from samsyn.interventions.models import Activity, FollowUp, PlanComment
from samsyn.interventions.plan_tree import plan_tree
from samsyn.interventions.services import add_comment, record_follow_up


@given(st.sampled_from([*GOAL_STATUSES, *ACTIVITY_STATUSES, None, ""]))
def test_every_status_has_one_light_and_none_is_grey(status):
    assert light(status) in {"green", "yellow", "red", "grey"}
    assert (light(status) == GREY) == (status not in LIGHTS)


def test_the_whole_year_is_the_latest_follow_up_once_there_is_one():
    assert latest({1: "ongoing"}) == (1, "ongoing")
    assert latest({1: "ongoing", 2: "done"}) == (2, "done")
    assert latest({}) is None


def test_an_activity_is_late_only_past_its_date_and_not_done():
    day = dt.date(2022, 6, 30)
    assert late(day, "ongoing", dt.date(2022, 7, 1))
    assert late(day, None, dt.date(2022, 7, 1))
    assert not late(day, "done", dt.date(2022, 7, 1))
    assert not late(day, "ongoing", day)
    assert not late(None, "not_started", dt.date(2030, 1, 1))


def test_the_tree_shows_each_light_with_its_status_in_words(alfa, login):
    record_follow_up(1, [(alfa.plan_goal, "partly", "", "", None),
                         (alfa.activity, "not_started", "", "", None)])
    record_follow_up(2, [(alfa.activity, "done", "", "", None)])
    tree = plan_tree(alfa.plan, dt.date(2022, 12, 31))
    goal = tree.areas[0].goals[0]
    assert goal.light.colour == "yellow" and goal.light.half == 1
    assert goal.activities[0].light.colour == "green" and goal.activities[0].light.half == 2
    page = login(alfa.users["board"]).get(
        reverse("plan_detail", args=["alfa", 2022])).content.decode()
    assert "light light--yellow" in page and "Delvis uppfyllt" in page
    assert "light light--green" in page and "Genomförd" in page and "(hela året)" in page
    assert "Status: </span>" in page  # the words are read out with the light


def test_an_activity_shows_who_answers_for_it_and_when_and_is_marked_late(alfa, login):
    alfa.activity.responsible = alfa.memberships["office"]
    alfa.activity.due = dt.date(2022, 3, 31)
    alfa.activity.save()
    page = login(alfa.users["board"]).get(
        reverse("plan_detail", args=["alfa", 2022])).content.decode()
    assert "Ansvarig: alfa-office" in page and "Klart senast 2022-03-31" in page
    assert "Försenad" in page  # not followed up, and the date has passed


def test_the_office_names_a_responsible_person_of_the_forbund_only(alfa, beta, login):
    client = login(alfa.users["office"])
    url = reverse("activity_edit", args=["alfa", 2022, alfa.activity.pk])
    form = client.get(url).content.decode()
    assert "alfa-staff" in form and "beta-staff" not in form
    response = client.post(url, {"name": alfa.activity.name, "order": 0,
                                 "responsible": beta.memberships["staff"].pk,
                                 "row_version": alfa.activity.version})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    response = client.post(url, {"name": alfa.activity.name, "order": 0,
                                 "responsible": alfa.memberships["staff"].pk,
                                 "due": "2022-09-30", "row_version": alfa.activity.version})
    assert response.status_code == 302
    alfa.activity.refresh_from_db()
    assert alfa.activity.responsible == alfa.memberships["staff"]
    assert alfa.activity.due == dt.date(2022, 9, 30)


def test_a_person_or_a_name_is_responsible_not_both(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("activity_edit", args=["alfa", 2022, alfa.activity.pk])
    response = client.post(url, {"name": alfa.activity.name, "order": 0,
                                 "responsible": alfa.memberships["staff"].pk,
                                 "responsible_text": "Styrgruppen",
                                 "row_version": alfa.activity.version})
    assert "Välj en person eller skriv ett namn, inte båda." in response.content.decode()


def test_comments_are_kept_with_who_and_when_and_cannot_be_edited(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("plan_goal_comments", args=["alfa", 2022, alfa.plan_goal.pk])
    assert client.post(url, {"text": "Två kommuner har börjat."}).status_code == 302
    assert client.post(url, {"text": "Den tredje börjar i höst."}).status_code == 302
    comments = list(PlanComment.objects.filter(plan_goal=alfa.plan_goal))
    assert [c.text for c in comments] == ["Den tredje börjar i höst.", "Två kommuner har börjat."]
    assert {c.author_name for c in comments} == {"alfa-office"}
    assert AuditEntry.objects.filter(action="comment").count() == 2
    page = client.get(url).content.decode()
    assert page.index("Den tredje") < page.index("Två kommuner")  # newest first
    assert "alfa-office" in page and f"{timezone.localdate():%Y-%m-%d}" in page
    history = page.split('<ol class="comments">')[1].split("</ol>")[0]
    assert "<a " not in history and "<form" not in history  # nothing to change a comment by


def test_an_empty_comment_is_refused_in_swedish(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("plan_goal_comments", args=["alfa", 2022, alfa.plan_goal.pk])
    response = client.post(url, {"text": "   "})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not PlanComment.objects.exists()


def test_the_board_reads_comments_but_the_responsible_person_alone_adds_to_an_activity(
        alfa, login):
    alfa.activity.responsible = alfa.memberships["staff"]
    alfa.activity.save()
    url = reverse("activity_comments", args=["alfa", 2022, alfa.activity.pk])
    board = login(alfa.users["board"])
    assert board.get(url).status_code == 200
    assert board.post(url, {"text": "Ändrat"}).status_code == 403
    staff = login(alfa.users["staff"])
    assert staff.post(url, {"text": "Utbildningen är bokad."}).status_code == 302
    goal_url = reverse("plan_goal_comments", args=["alfa", 2022, alfa.plan_goal.pk])
    assert staff.post(goal_url, {"text": "x"}).status_code == 403
    assert [c.author_name for c in PlanComment.objects.all()] == ["alfa-staff"]


def test_a_comment_of_another_forbund_is_never_written(alfa, beta):
    with pytest.raises(PermissionDenied):
        add_comment(Actor.system(beta.association), alfa.plan_goal, "x")
    assert not PlanComment.objects.exists()


def test_a_follow_up_from_the_page_notes_the_status_in_the_history(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("plan_follow_up", args=["alfa", 2022]) + "?half=1"
    client.post(url, {f"g{alfa.plan_goal.pk}_status": "partly",
                      f"g{alfa.plan_goal.pk}_comment": "Två av tre."})
    client.post(url, {f"g{alfa.plan_goal.pk}_status": "partly",
                      f"g{alfa.plan_goal.pk}_comment": "Två av tre."})  # unchanged: no note
    (note,) = PlanComment.objects.filter(plan_goal=alfa.plan_goal)
    assert (note.status, note.half, note.text, note.author_name) == ("partly", 1, "Två av tre.",
                                                                      "alfa-office")
    page = client.get(reverse("plan_goal_comments", args=["alfa", 2022, alfa.plan_goal.pk]))
    assert "Uppföljning januari–juni: delvis uppfyllt" in page.content.decode()
    assert AuditEntry.objects.filter(object_type="interventions.FollowUp").count() == 1


def test_the_follow_up_form_has_labels_above_its_fields_in_fkui_fieldsets(alfa, login):
    page = login(alfa.users["office"]).get(
        reverse("plan_follow_up", args=["alfa", 2022]) + "?half=1").content.decode()
    assert '<fieldset class="fieldset follow-up">' in page
    assert '<legend class="fieldset__label label">Mål: Fler når egen försörjning</legend>' in page
    status_id = f"id_g{alfa.plan_goal.pk}_status"
    assert f'<label for="{status_id}">Status:</label>' in page
    assert f'<label for="id_g{alfa.plan_goal.pk}_comment">Kommentar:</label>' in page
    assert '<div class="field">' in page


def test_the_board_reads_the_follow_up_as_text(alfa, login):
    record_follow_up(1, [(alfa.plan_goal, "met", "Klart i maj.", "", None)])
    page = login(alfa.users["board"]).get(
        reverse("plan_follow_up", args=["alfa", 2022]) + "?half=1").content.decode()
    main = page.split("<main")[1]
    assert "<select" not in main and "Uppfyllt" in main and "Klart i maj." in main


def test_copying_a_plan_asks_first_then_copies_the_structure_only(alfa, login):
    alfa.activity.responsible = alfa.memberships["staff"]
    alfa.activity.due = dt.date(2022, 9, 30)
    alfa.activity.save()
    record_follow_up(1, [(alfa.plan_goal, "met", "Bra", "", None)])
    add_comment(Actor.system(alfa.association), alfa.plan_goal, "En kommentar")
    client = login(alfa.users["office"])
    url = reverse("plan_copy", args=["alfa", 2022])
    page = client.get(url).content.decode()
    assert "Gör planen för 2023" in page and "1 målområde" in page
    assert not alfa.association.plans.filter(year=2023).exists()  # nothing before the click
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("plan_detail", args=["alfa", 2023])
    new = alfa.association.plans.get(year=2023)
    assert new.title == "Plan 2023" and new.decided is None
    (activity,) = Activity.objects.filter(goal__focus_area__plan=new)
    assert activity.name == alfa.activity.name
    assert activity.responsible == alfa.memberships["staff"]
    assert activity.due == dt.date(2023, 9, 30)
    assert not FollowUp.objects.filter(plan_goal__focus_area__plan=new).exists()
    assert not PlanComment.objects.filter(plan_goal__focus_area__plan=new).exists()
    assert AuditEntry.objects.filter(action="copy_plan").get().rows == 3


def test_copying_into_a_year_that_has_a_plan_is_refused_in_swedish(alfa, login):
    alfa.association.plans.create(year=2023, title="Redan gjord")
    client = login(alfa.users["office"])
    url = reverse("plan_copy", args=["alfa", 2022])
    page = client.get(url).content.decode()
    assert "Det finns redan en verksamhetsplan för 2023." in page and "<form" not in page.split(
        "<main")[1]
    response = client.post(url)
    assert response.status_code == 409
    assert "Det finns redan en verksamhetsplan för 2023." in response.content.decode()
    assert alfa.association.plans.get(year=2023).title == "Redan gjord"
    assert not Activity.objects.filter(goal__focus_area__plan__year=2023).exists()


def test_the_board_cannot_copy_a_plan(alfa, login):
    response = login(alfa.users["board"]).post(reverse("plan_copy", args=["alfa", 2022]))
    assert response.status_code == 403
    assert not alfa.association.plans.filter(year=2023).exists()
