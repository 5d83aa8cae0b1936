"""Every record kind whose figures a signed-off year reports, written after the sign-off.

docs/participants.md ("Signed-off periods"): nothing inside a reported period changes
silently. Each attack here writes one kind into the signed-off year 2022 through its service
(and, for the survey results, through the page a person uses) and expects the Swedish refusal
that names the period, with nothing written; an administrator's opening lets the same write
through and logs it as a later change."""

import datetime as dt
import html
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.finance import services as finance
from samsyn.finance.models import BudgetLine
from samsyn.interventions.models import Intervention
from samsyn.participants import services as participants
from samsyn.participants.models import MonthlyCount, Participation
from samsyn.periods import services as periods
from samsyn.periods.models import LateChange
from samsyn.surveys import services as surveys
from samsyn.surveys.models import PublishedShares, Response, Round

D = dt.date
REFUSED = "är avstämd som rapporterad"


@pytest.fixture
def signed(alfa):
    return periods.sign(alfa.association, alfa.users["office"], "annual-report",
                        D(2022, 1, 1), D(2022, 12, 31))


def _scale_code(round):
    return round.template.questions.filter(kind="scale").order_by("order").first().code


def _shares(round, positive):
    return {_scale_code(round): {"negative": None, "neither": None,
                                 "positive": Decimal(positive), "clearly_positive": None}}


def test_the_published_survey_results_of_a_signed_off_year_are_refused(alfa, signed):
    round = alfa.extra["survey_round"]
    assert round.year == 2022
    with pytest.raises(surveys.SurveyError) as refused:
        surveys.save_published(round, 31, 39, _shares(round, 97), user=alfa.users["office"])
    assert "2022-01-01–2022-12-31" in str(refused.value)
    assert not PublishedShares.objects.filter(round=round).exists()
    assert Round.objects.get(pk=round.pk).published_answers is None


def test_the_published_results_page_says_why_in_swedish_and_keeps_what_was_typed(
        alfa, login, signed):
    round = alfa.extra["survey_round"]
    url = reverse("round_published", args=["alfa", round.pk])
    client = login(alfa.users["office"])
    response = client.post(url, {"answered": "31", "asked": "39",
                                 f"{_scale_code(round)}__positive": "97"})
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert REFUSED in text and "2022-01-01–2022-12-31" in text
    assert not PublishedShares.objects.filter(round=round).exists()


def test_an_opened_year_takes_the_published_results_and_logs_them_as_a_later_change(
        alfa, signed):
    periods.reopen(signed, alfa.users["admin"], "Rättad enkätsammanställning")
    round = alfa.extra["survey_round"]
    surveys.save_published(round, 31, 39, _shares(round, 97), user=alfa.users["office"])
    assert PublishedShares.objects.get(round=round).positive == Decimal(97)
    late = LateChange.objects.get(user=alfa.users["office"])
    assert late.reason == "Rättad enkätsammanställning" and "2022" in late.what


def test_a_round_of_an_unsigned_year_takes_its_published_results(alfa):
    periods.sign(alfa.association, alfa.users["office"], "annual-report",
                 D(2023, 1, 1), D(2023, 12, 31))
    round = alfa.extra["survey_round"]
    surveys.save_published(round, 31, 39, _shares(round, 97), user=alfa.users["office"])
    assert PublishedShares.objects.filter(round=round).count() == 1
    assert not LateChange.objects.exists()


def test_answers_imported_into_a_round_of_a_signed_off_year_are_refused(alfa, login, signed):
    round = alfa.extra["survey_round"]
    code = _scale_code(round)
    with pytest.raises(surveys.SurveyError) as refused:
        surveys.import_answers(round, f"{code}\n8\n9\n".encode(), 10,
                               user=alfa.users["office"])
    assert "2022-01-01–2022-12-31" in str(refused.value)
    client = login(alfa.users["office"])
    upload = StringIO(f"{code}\n8\n9\n")
    upload.name = "svar.csv"
    page = client.post(reverse("round_import", args=["alfa", round.pk]),
                       {"file": upload, "asked": "10"})
    assert page.status_code == 200
    assert REFUSED in html.unescape(page.content.decode())
    assert not Response.objects.filter(round=round).exists()
    assert Round.objects.get(pk=round.pk).invited_elsewhere == round.invited_elsewhere != 10


def test_the_answer_import_command_is_refused_in_a_signed_off_year_too(alfa, signed, tmp_path):
    round = alfa.extra["survey_round"]
    path = tmp_path / "svar.csv"
    path.write_text(f"{_scale_code(round)}\n8\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_survey_answers", "--association", "alfa", "--round",
                     str(round.pk), str(path), stdout=StringIO())
    assert "2022-01-01–2022-12-31" in str(refused.value)
    assert not Response.objects.filter(round=round).exists()


def test_an_opened_year_takes_imported_answers_logged(alfa, signed):
    periods.reopen(signed, alfa.users["admin"], "Svar från pappersenkäten")
    round = alfa.extra["survey_round"]
    n = surveys.import_answers(round, BytesIO(f"{_scale_code(round)}\n8\n".encode()),
                               user=alfa.users["office"])
    assert n == 1 and Response.objects.filter(round=round).count() == 1
    assert LateChange.objects.get(user=alfa.users["office"]).reason == (
        "Svar från pappersenkäten")


# The kinds docs/participants.md names, each tried the same way: refused, nothing written.

def test_every_other_reported_kind_refuses_a_write_into_the_signed_off_year(alfa, signed):
    office = Actor(Scope(alfa.association), alfa.users["office"])
    participation = Participation.objects.get(pk=alfa.extra["participation"].pk)
    participation.gender = "man"
    with pytest.raises(periods.PeriodLocked) as one:
        participants.save_participation(office, participation, version=participation.version)
    aggregate = Intervention.objects.create(
        association=alfa.association, slug="rakning", name="Räkning", aggregate_only=True,
        start=D(2021, 1, 1))
    with pytest.raises(periods.PeriodLocked) as two:
        participants.save_monthly_count(office, aggregate, D(2022, 3, 1),
                                        {("new", "kvinna", "af"): 4}, seen={})
    line = BudgetLine.objects.filter(association=alfa.association, year=2022).first()
    line.amount += 1
    with pytest.raises(periods.PeriodLocked) as three:
        finance.save_budget_line(office, line, version=line.version)
    with pytest.raises(periods.PeriodLocked) as four:
        finance.delete_budget_line(office, line, version=line.version)
    for refused in (one, two, three, four):
        assert REFUSED in str(refused.value) and "2022-01-01–2022-12-31" in str(refused.value)
    assert Participation.objects.get(pk=participation.pk).gender == "kvinna"
    assert not MonthlyCount.objects.filter(intervention=aggregate).exists()
    assert BudgetLine.objects.get(pk=line.pk).amount == line.amount - 1
    assert not LateChange.objects.exists()
