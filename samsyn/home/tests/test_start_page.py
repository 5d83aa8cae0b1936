"""The start page of a förbund answers "how are we doing this year?" for each role."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from samsyn.associations.writes import Actor, save_row
from samsyn.interventions.models import Intervention
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


def start(slug: str) -> str:
    return reverse("association_home", args=[slug])


def test_it_opens_on_the_latest_year_with_data_not_on_the_calendar_year(alfa, login):
    response = login(alfa.users["office"]).get(start("alfa"))
    assert response.status_code == 200
    assert response.context["board"].year == 2022
    assert '<option value="2022" selected>' in response.content.decode()


def test_the_office_sees_the_budgeted_costs_of_the_year(alfa, login):
    html = login(alfa.users["office"]).get(start("alfa")).content.decode()
    # extend_world budgets 600 000 for the insats and 300 000 for the office in 2022.
    assert "Kostnader i budget" in html
    assert "900\u00a0000 kr" in html or "900 000 kr" in html
    assert reverse("budget_outcome", args=["alfa", 2022]) in html


def test_participant_figures_are_the_participants_reports_own(alfa, login):
    board = login(alfa.users["office"]).get(start("alfa")).context["board"]
    kind = get_kind("participants")
    assert kind is not None
    from samsyn.associations.access import Scope

    report = build_report(kind, Scope(alfa.association), 2022)
    # Read from the participation summary, which counts no people (test_start_page_figures).
    expected = {k: v for k, v in report.data["total"].items() if k != "unique_participants"}
    assert board.people == expected
    assert board.published is False


def test_the_board_gets_the_published_suppressed_figures(alfa, login):
    response = login(alfa.users["board"]).get(start("alfa"))
    board = response.context["board"]
    assert board.published is True
    assert board.people["new"]["total"] == "x"
    assert "&lt;5" not in response.content.decode()
    assert board.money is not None  # the board reads the economy


def test_staff_see_only_their_own_insatser_and_no_economy_unless_granted(alfa, login):
    response = login(alfa.users["staff"]).get(start("alfa"))
    html = response.content.decode()
    assert alfa.intervention.name in html
    assert alfa.other_intervention.name not in html
    assert response.context["board"].money is None
    assert reverse("budget_outcome", args=["alfa", 2022]) not in html


def test_what_is_due_says_which_reports_are_not_decided(alfa, login):
    board = login(alfa.users["office"]).get(start("alfa")).context["board"]
    titles = [d.title for d in board.due]
    assert titles == ["Halvårsrapport 2022", "Årsredovisning 2022",
                      "Nationell uppföljning (Uppföljning Finsam) 2022"]
    assert [d.done for d in board.due[:2]] == [False, False]


def test_the_work_share_target_comes_from_the_insatsers_goals(alfa, login):
    board = login(alfa.users["office"]).get(start("alfa")).context["board"]
    assert board.work_targets == (Decimal(65), Decimal(65))


def test_a_chosen_year_is_remembered_for_the_next_page(alfa, login):
    client = login(alfa.users["office"])
    assert client.get(start("alfa"), {"year": "2021"}).context["board"].year == 2021
    assert client.get(start("alfa")).context["board"].year == 2021
    report_list = client.get(reverse("report_list", args=["alfa"]))
    assert report_list.context["year"] == 2021


@pytest.mark.parametrize("year", ["abc", "1999", "20222"])
def test_a_malformed_year_is_not_found(alfa, login, year):
    assert login(alfa.users["office"]).get(start("alfa"), {"year": year}).status_code == 404


def test_the_report_list_names_the_years_with_data(alfa, login):
    html = login(alfa.users["office"]).get(reverse("report_list", args=["alfa"])).content.decode()
    assert "År med uppgifter" in html
    assert "2022" in html


def test_the_menu_marks_where_the_user_is(alfa, login):
    client = login(alfa.users["office"])
    html = client.get(reverse("intervention_list", args=["alfa"])).content.decode()
    assert 'class="current" aria-current="page">Insatser</a>' in html
    detail = client.get(reverse("intervention_detail", args=["alfa", alfa.intervention.slug]))
    html = detail.content.decode()
    assert 'class="current" aria-current="true">Insatser</a>' in html
    crumbs = html[html.index('class="crumbs"'):html.index("</nav>", html.index('class="crumbs"'))]
    assert alfa.association.name in crumbs and "Insatser" in crumbs


def test_insatser_are_listed_running_first_and_can_be_filtered(alfa, login):
    import datetime as dt

    alfa.other_intervention.end = dt.date(2020, 12, 31)
    alfa.other_intervention.save()
    client = login(alfa.users["office"])
    listed = list(client.get(reverse("intervention_list", args=["alfa"]))
                  .context["interventions"])
    assert listed[-1] == alfa.other_intervention
    ended = client.get(reverse("intervention_list", args=["alfa"]), {"status": "ended"})
    assert list(ended.context["interventions"]) == [alfa.other_intervention]
    running = client.get(reverse("intervention_list", args=["alfa"]), {"status": "active"})
    assert alfa.other_intervention not in list(running.context["interventions"])


def test_the_insats_page_shows_each_goal_against_its_result(alfa, login):
    response = login(alfa.users["office"]).get(
        reverse("intervention_detail", args=["alfa", alfa.intervention.slug]), {"year": "2022"})
    results = response.context["goal_results"]
    assert results[alfa.goal.pk]["year"] == 2022  # the goal is set for 2022
    assert "Uppnått" in response.content.decode()


def test_staff_get_no_link_to_reports_their_role_cannot_open(alfa, login):
    client = login(alfa.users["staff"])
    board = client.get(start("alfa")).context["board"]
    for due in board.due:
        if due.url:
            assert client.get(due.url).status_code == 200, due.url
    assert [d.url for d in board.due[:2]] == ["", ""]


def test_next_years_plan_does_not_become_the_year_pages_open_on(alfa, login):
    from unittest import mock

    from samsyn.interventions.models import PlanYear

    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 12, 6)):
        office = login(alfa.users["office"])
        office.post(reverse("plan_create", args=["alfa"]),
                    {"year": 2027, "title": "Plan 2027", "decided": "2026-11-20"})
        assert PlanYear.objects.filter(association=alfa.association, year=2027).exists()
        board = login(alfa.users["board"])
        response = board.get(start("alfa"))
        assert response.status_code == 200
        assert response.context["board"].year == 2022
        # The year itself opens, published figures of it not yet given: "–", no error.
        ahead = board.get(start("alfa"), {"year": 2027}).content.decode()
        assert "<dd>–</dd>" in ahead
        participants = board.get(reverse("participants_home", args=["alfa"]), {"year": 2027})
        assert participants.status_code == 200


def test_a_year_without_anything_says_so_and_offers_the_latest_year_with_records(alfa, login):
    html = login(alfa.users["board"]).get(start("alfa"), {"year": 2031}).content.decode()
    assert "Det finns inget registrerat för 2031." in html
    assert '<a href="?year=2022">Visa 2022, det senaste året med uppgifter</a>' in html


def test_the_tiles_are_rendered_again_when_their_figures_change(alfa, login):
    from samsyn.participants.models import Participant, Participation
    from samsyn.participants.queries import records_changed

    client = login(alfa.users["office"])
    before = client.get(start("alfa")).context["board"].people["new"]["total"]
    person = Participant.objects.create(association=alfa.association, pseudonym="ny-på-start")
    Participation.objects.create(intervention=alfa.intervention, participant=person,
                                 gender="man", birth_year=1990, referrer="af",
                                 referrer_category="af", start_date=dt.date(2022, 6, 1))
    records_changed(alfa.association)
    response = client.get(start("alfa"))
    after = response.context["board"].people["new"]["total"]
    assert after == before + 1
    # The cached tiles are not served: the page shows the new count.
    assert f">{after}<" in response.content.decode().replace("\u00a0", "")


def test_a_saved_change_is_on_the_start_page_at_once_though_the_page_is_kept(alfa, login):
    client = login(alfa.users["office"])
    assert "Nytt namn på insatsen" not in client.get(start("alfa")).content.decode()
    insats = Intervention.objects.get(pk=alfa.intervention.pk)
    insats.name = "Nytt namn på insatsen"
    save_row(Actor.system(alfa.association), insats)
    assert "Nytt namn på insatsen" in client.get(start("alfa")).content.decode()


def test_two_readers_of_different_scopes_are_not_shown_each_others_page(alfa, login):
    office = login(alfa.users["office"]).get(start("alfa")).content.decode()
    staff = login(alfa.users["staff"]).get(start("alfa")).content.decode()
    assert "Kostnader i budget" in office
    assert "Kostnader i budget" not in staff
