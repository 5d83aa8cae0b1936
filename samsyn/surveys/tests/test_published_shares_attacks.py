"""Two people typing in a round's published results at once. The results are saved whole
(every share of every question), so without a check the second save wiped the first's
shares; now it is refused, told what changed, and keeps what was typed."""

import html
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from samsyn.surveys.models import PublishedShares, Round
from samsyn.testing import log_in_verified


def _fields(page):
    form = page.context["form"]
    return {name: "" if form[name].value() is None else str(form[name].value())
            for name in form.fields}


def _again(page):
    data = page.context["form"].data
    return {key: data.getlist(key) for key in data if key != "csrfmiddlewaretoken"}


def test_a_stale_save_of_the_published_results_is_refused_and_loses_nothing(alfa):
    round = alfa.extra["survey_round"]
    code = round.template.questions.filter(kind="scale").order_by("order").first().code
    url = reverse("round_published", args=["alfa", round.pk])
    first = log_in_verified(Client(), alfa.users["office"])
    other = log_in_verified(Client(), alfa.users["admin"])
    mine, theirs = _fields(first.get(url)), _fields(other.get(url))
    mine.update(answered="31", asked="39", **{f"{code}__positive": "97"})
    theirs.update(answered="30", asked="40")
    assert first.post(url, mine).status_code == 302
    refused = other.post(url, theirs)

    assert refused.status_code == 409
    text = html.unescape(refused.content.decode())
    assert "alfa-office ändrade" in text and "medan du redigerade" in text
    assert PublishedShares.objects.get(round=round).positive == Decimal(97)
    stored = Round.objects.get(pk=round.pk)
    assert (stored.published_answers, stored.invited_elsewhere) == (31, 39)
    # Saving again is a choice made with the first's change in view, and keeps it.
    again = _again(refused)
    assert again[f"{code}__positive"] == ["97.0"] and again["answered"] == ["30"]
    assert other.post(url, again).status_code == 302
    assert PublishedShares.objects.get(round=round).positive == Decimal(97)
    assert Round.objects.get(pk=round.pk).published_answers == 30
