"""No lost edit on the plan's follow-up, a grid of every goal and activity saved at once: of
two people filling it in at the same time, the second's save keeps the first's rows that the
second left as they were, and a row both changed is refused with a Swedish message, nothing
written."""

import html

from django.test import Client
from django.urls import reverse

from samsyn.interventions.models import FollowUp
from samsyn.testing import log_in_verified


def _fields(page):
    form = page.context["form"]
    return {name: "" if form[name].value() is None else form[name].value()
            for name in form.fields}


def _url():
    return reverse("plan_follow_up", args=["alfa", 2022]) + "?half=1"


def test_a_row_the_second_person_left_keeps_the_first_persons_follow_up(alfa):
    first = log_in_verified(Client(), alfa.users["office"])
    other = log_in_verified(Client(), alfa.users["admin"])
    goal, activity = f"g{alfa.plan_goal.pk}", f"a{alfa.activity.pk}"
    mine, theirs = _fields(first.get(_url())), _fields(other.get(_url()))
    mine[f"{goal}_status"] = "partly"
    theirs[f"{activity}_status"] = "done"
    assert first.post(_url(), mine).status_code == 302
    assert other.post(_url(), theirs).status_code == 302

    assert FollowUp.objects.get(half=1, plan_goal=alfa.plan_goal).status == "partly"
    assert FollowUp.objects.get(half=1, activity=alfa.activity).status == "done"


def test_a_row_both_changed_is_refused_and_nothing_is_written(alfa):
    first = log_in_verified(Client(), alfa.users["office"])
    other = log_in_verified(Client(), alfa.users["admin"])
    goal, activity = f"g{alfa.plan_goal.pk}", f"a{alfa.activity.pk}"
    mine, theirs = _fields(first.get(_url())), _fields(other.get(_url()))
    mine[f"{goal}_status"] = "partly"
    theirs[f"{goal}_status"] = "met"
    theirs[f"{activity}_status"] = "done"
    assert first.post(_url(), mine).status_code == 302
    refused = other.post(_url(), theirs)

    assert refused.status_code == 409
    text = html.unescape(refused.content.decode())
    assert "ändrades av någon annan medan du redigerade" in text
    assert alfa.plan_goal.name in text
    assert FollowUp.objects.get(half=1, plan_goal=alfa.plan_goal).status == "partly"
    assert not FollowUp.objects.filter(half=1, activity=alfa.activity).exists()
    # What they typed is kept; saving again is a choice made with the other change in view.
    assert refused.context["form"][f"{goal}_status"].value() == "met"
    again = other.post(_url(), {k: v for k, v in refused.context["form"].data.items()
                                if k != "csrfmiddlewaretoken"})
    assert again.status_code == 302
    assert FollowUp.objects.get(half=1, plan_goal=alfa.plan_goal).status == "met"
    assert FollowUp.objects.get(half=1, activity=alfa.activity).status == "done"
