"""Indicator surveys: banding, links, the answer page, results beside last year, imports."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samsyn.participants.models import Participant, Participation
from samsyn.surveys import services
from samsyn.surveys.bands import Scale, response_rate, shares
from samsyn.surveys.models import Answer, Invitation, Question, Response, Round

NNS = Scale(1, 10, 4, 7, 9)
D = Decimal


@pytest.mark.parametrize(("value", "band"), [(1, "negative"), (4, "negative"), (5, "neither"),
                                             (6, "neither"), (7, "positive"), (10, "positive"),
                                             (0, None), (11, None)])
def test_the_band_boundaries(value, band):
    assert NNS.band(value) == band


def test_clearly_positive_is_part_of_positive_and_dont_know_counts_nowhere():
    result = shares(NNS, [9, 10, 7, 5, 2, None, None])
    assert result.answers == 5
    assert (result.negative, result.neither, result.positive, result.clearly_positive) == (
        D("0.2000"), D("0.2000"), D("0.6000"), D("0.4000"))


def test_an_empty_group_has_no_shares_and_no_rate():
    empty = shares(NNS, [None, None])
    assert empty.answers == 0 and empty.positive is None and empty.negative is None
    assert response_rate(0, 0) is None and response_rate(31, 39) == D("0.7949")


def test_a_scale_whose_bands_overlap_is_refused():
    with pytest.raises(ValueError, match="follow each other"):
        Scale(1, 10, 7, 7, 9)


@given(st.lists(st.one_of(st.none(), st.integers(1, 10)), max_size=60))
def test_the_three_bands_make_the_whole(values):
    result = shares(NNS, values)
    if result.answers:
        total = result.negative + result.neither + result.positive
        assert abs(total - 1) <= D("0.0002")
        assert result.clearly_positive <= result.positive


def answer_url(token):
    return reverse("survey_answer", args=[token])


def full_answers(round, value="8"):
    return {q.code: value for q in round.template.questions.filter(kind="scale")}


def test_a_link_answers_once_and_the_answer_cannot_be_traced_back(alfa, client):
    round = alfa.extra["survey_round"]
    participation = alfa.extra["participation"]
    (token,) = services.invite(round, [participation])
    page = client.get(answer_url(token))
    assert page.status_code == 200 and "Får stödet du ger" in page.content.decode()
    response = client.post(answer_url(token), {**full_answers(round), "P-FRI": "Bra!"})
    assert "Tack för dina svar!" in response.content.decode()
    services.flush_pending(dt.date(2022, 6, 1), force=True)
    invitation = Invitation.objects.get(round=round)
    # Used, and pointing at no participation.
    assert invitation.used
    assert not any(f.name in ("participation", "participant", "response")
                   for f in Invitation._meta.get_fields())
    stored = Response.objects.get(round=round)
    assert not any(f.name in ("invitation", "participation", "participant")
                   for f in Response._meta.get_fields())
    assert stored.answers.count() == 12
    again = client.post(answer_url(token), full_answers(round, "1"))
    assert again.status_code == 410 and "redan besvarad" in again.content.decode()
    assert Response.objects.filter(round=round).count() == 1
    assert not Answer.objects.filter(value=1).exists()


def test_a_partial_answer_saves_nothing(alfa, client):
    round = alfa.extra["survey_round"]
    (token,) = services.invite(round, count=1)
    partial = full_answers(round)
    partial.pop("P3")
    page = client.post(answer_url(token), partial).content.decode()
    assert "Välj ett svar, eller ”Vet ej”." in page
    assert not Response.objects.exists() and not Invitation.objects.get(round=round).used


def test_tokens_are_random_hashed_and_expire(alfa, client):
    round = alfa.extra["survey_round"]
    tokens = services.invite(round, count=50)
    assert len(set(tokens)) == 50 and all(len(t) >= 32 for t in tokens)
    assert not Invitation.objects.filter(token_hash__in=tokens).exists()
    assert client.get(answer_url("gissning")).status_code == 410
    round.closes = dt.date(2020, 1, 1)
    round.save()
    closed = client.get(answer_url(tokens[0]))
    assert closed.status_code == 410 and "stängde 2020-01-01" in closed.content.decode()


def test_participants_are_asked_after_the_förbunds_months(alfa):
    round = Round.objects.create(association=alfa.association,
                                 template=services.load_nns_set(alfa.association)[1],
                                 year=2022, closes=dt.date(2099, 1, 1))
    assert round.template.group == "deltagare"
    today = dt.date(2022, 4, 30)
    # The world's participation started 2022-02-01: not yet three months.
    assert services.eligible(round, today) == []
    assert [p.pk for p in services.eligible(round, dt.date(2022, 5, 1))] == [
        alfa.extra["participation"].pk]
    services.invite(round, services.eligible(round, dt.date(2022, 5, 1)))
    assert services.eligible(round, dt.date(2022, 5, 1)) == []


def test_the_end_survey_asks_those_who_ended_in_the_year(alfa):
    template = next(t for t in services.load_nns_set(alfa.association)
                    if t.group == "deltagare_slut")
    round = Round.objects.create(association=alfa.association, template=template, year=2022,
                                 closes=dt.date(2099, 1, 1))
    participation = alfa.extra["participation"]
    assert services.eligible(round, dt.date(2022, 12, 31)) == []
    participation.end_date, participation.exit_reason = dt.date(2022, 6, 1), "arbete"
    participation.save()
    assert services.eligible(round, dt.date(2022, 12, 31)) == [participation]


def test_invitations_by_email_keep_no_address(alfa, login):
    client = login(alfa.users["office"])
    round = alfa.extra["survey_round"]
    page = client.post(reverse("round_invite", args=["alfa", round.pk]),
                       {"emails": "a@example.se\nb@example.se", "links": "2"})
    assert len(mail.outbox) == 2 and "/enkat/" in mail.outbox[0].body
    assert page.content.decode().count("/enkat/") == 2  # the two to hand out
    assert Invitation.objects.filter(round=round).count() == 4
    bad = client.post(reverse("round_invite", args=["alfa", round.pk]), {"emails": "inte-en"})
    assert "Rad 1 är inte en e-postadress." in bad.content.decode()


def answers_for(round, values_by_code, n):
    for _i in range(n):
        response = Response.objects.create(round=round)
        for code, value in values_by_code.items():
            Answer.objects.create(response=response,
                                  question=round.template.questions.get(code=code), value=value)


def test_results_show_last_year_beside_and_a_new_question_has_none(alfa):
    this_year = alfa.extra["survey_round"]
    last_year = Round.objects.create(association=alfa.association, template=this_year.template,
                                     year=2021, closes=dt.date(2021, 12, 31))
    answers_for(last_year, {"P1": 10, "P2": 3}, 6)
    new = Question.objects.create(template=this_year.template, order=20, code="L1",
                                  text="Egen fråga", local=True)
    answers_for(this_year, {"P1": 8, "P2": 5, "L1": 9}, 5)
    result = services.results(this_year)
    by_code = {q.question.code: q for q in result.questions}
    assert by_code["P1"].current.positive == 1 and by_code["P1"].current.clearly_positive == 0
    assert by_code["P1"].previous.clearly_positive == 1
    assert by_code["P2"].previous.negative == 1 and by_code["P2"].current.neither == 1
    assert by_code[new.code].previous is None
    assert not result.too_few


def test_too_few_answers_are_not_reported(alfa, login):
    round = alfa.extra["survey_round"]
    answers_for(round, {"P1": 8}, 4)
    result = services.results(round)
    assert result.too_few and all(q.too_few for q in result.questions)
    page = login(alfa.users["board"]).get(reverse("round_results", args=["alfa", round.pk]))
    assert "För få svar för att redovisa: minst 5 behövs." in page.content.decode()
    out = StringIO()
    call_command("report", "indicators", "--association", "alfa", "--year", "2022", stdout=out)
    data = json.loads(out.getvalue())
    assert data["rounds"][0]["too_few"] and data["rounds"][0]["questions"][0]["current"] is None


def test_free_text_is_for_the_office_not_the_board(alfa, login):
    round = alfa.extra["survey_round"]
    for i in range(5):
        response = Response.objects.create(round=round)
        Answer.objects.create(response=response, question=round.template.questions.get(
            code="P-FRI"), text=f"Kommentar {i}")
    url = reverse("round_results", args=["alfa", round.pk])
    assert "Kommentar 3" in login(alfa.users["office"]).get(url).content.decode()
    assert "Kommentar 3" not in login(alfa.users["board"]).get(url).content.decode()


def test_answers_from_another_tool_import_all_or_nothing(alfa, login):
    round = alfa.extra["survey_round"]
    client = login(alfa.users["office"])
    url = reverse("round_import", args=["alfa", round.pk])
    bad = StringIO("P1;P2;P-FRI\n8;9;bra\n11;x;\n")
    bad.name = "svar.csv"
    page = client.post(url, {"file": bad}).content.decode()
    assert "Rad 3, kolumn P1" in page and "Rad 3, kolumn P2" in page
    assert not Response.objects.exists()
    good = StringIO("P1;P2;P-FRI\n8;9;bra\n2;vet ej;\n7;7;\n9;9;\n10;10;\n")
    good.name = "svar.csv"
    assert client.post(url, {"file": good, "asked": "8"}).status_code == 302
    result = services.results(Round.objects.get(pk=round.pk))
    assert (result.answers, result.asked, result.rate) == (5, 8, D("0.6250"))
    p2 = next(q for q in result.questions if q.question.code == "P2")
    assert p2.current.answers == 4


def test_a_template_file_is_checked_path_by_path(alfa):
    errors = services.check_template({"name": "", "group": "x", "scale": {"low": 1},
                                      "questions": [{"code": "A"}, {"code": "A", "text": "?"}]})
    assert "name: ge mallen ett namn på högst 200 tecken" in errors
    assert any(e.startswith("group:") for e in errors)
    assert any(e.startswith("scale:") for e in errors)
    assert "questions[0].text: frågan, högst 400 tecken" in errors
    assert "questions[1].code: A används två gånger" in errors


def test_loading_the_nns_set_twice_changes_nothing(alfa):
    first = services.load_nns_set(alfa.association)
    count = Question.objects.count()
    second = services.load_nns_set(alfa.association)
    assert [t.pk for t in first] == [t.pk for t in second] and Question.objects.count() == count
    assert {t.group for t in first} == {"deltagare", "deltagare_slut", "personal", "styrelse",
                                        "chefer", "remittenter"}


def test_a_participant_who_answered_is_not_asked_again_in_the_round(alfa):
    participant = Participant.objects.create(association=alfa.association, pseudonym="x" * 64)
    participation = Participation.objects.create(
        intervention=alfa.intervention, participant=participant, gender="man", birth_year=1990,
        referrer="fk", referrer_category="fk", start_date=dt.date(2022, 1, 1))
    round = Round.objects.create(association=alfa.association,
                                 template=services.load_nns_set(alfa.association)[1],
                                 year=2022, closes=dt.date(2099, 1, 1))
    assert participation in services.eligible(round, dt.date(2022, 6, 1))
    (token,) = services.invite(round, [participation])
    code = round.template.questions.filter(kind="scale").first().code
    services.submit(token, {code: 8}, {}, dt.date(2022, 6, 1))
    assert participation not in services.eligible(round, dt.date(2022, 6, 1))
    with pytest.raises(services.SurveyError):
        services.submit(token, {code: 3}, {}, dt.date(2022, 6, 2))
    services.flush_pending(dt.date(2022, 6, 2), force=True)
    assert Response.objects.filter(round=round).count() == 1


def _indicators(year: int) -> dict:
    out = StringIO()
    call_command("report", "indicators", "--association", "ostra-sodertorn", "--year",
                 str(year), stdout=out)
    return {r["template"]: r for r in json.loads(out.getvalue())["rounds"]}


def _printed(shares: dict) -> list[int]:
    return [round(float(shares[k]) * 100) for k in
            ("negative", "neither", "positive", "clearly_positive")]


def test_the_demo_holds_the_annual_reports_survey_shares_as_printed_and_no_answers(db):
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    assert not Response.objects.filter(round__association__slug="ostra-sodertorn").exists()
    rounds = _indicators(2022)
    staff = rounds["NNS Personal i insatser"]
    assert (staff["asked"], staff["answers"], staff["response_rate"]) == (39, 31, "0.7949")
    by_code = {q["code"]: q for q in staff["questions"]}
    # 002: "Får stödet du ger ... ta den tid som behövs?" 2022 3 % 0 % 97 % (77 %), 2021 3/3/94
    # (66 %): exactly as printed, no drift from answers rebuilt out of shares.
    assert _printed(by_code["P1"]["current"]) == [3, 0, 97, 77]
    assert _printed(by_code["P1"]["previous"]) == [3, 3, 94, 66]
    assert _printed(by_code["P11"]["current"]) == [14, 10, 76, 41]
    # Only a third of the board answered (4 of 12), but the förbund published the shares in its
    # annual report, so they are shown as published: S1 2022 0 % 0 % 100 % (75 %).
    board = rounds["NNS Styrelse"]
    assert not board["too_few"] and board["answers"] == 4
    assert _printed(board["questions"][0]["current"]) == [0, 0, 100, 75]
    managers = rounds["NNS Chefer i styr- och beredningsgrupper"]
    assert (managers["asked"], managers["answers"]) == (15, 6)


def test_a_published_row_that_does_not_add_up_is_flagged_not_smoothed(db):
    call_command("load_demo", "--quiet-logins", stdout=StringIO())
    out = StringIO()
    call_command("report", "indicators", "--association", "ostra-sodertorn", "--year", "2022",
                 "--format", "html", stdout=out)
    # 002 prints P10 of 2022 as 1 % 14 % 79 %: 94 %, a row of the document's own.
    assert "blir tillsammans 94 %, inte 100 %" in out.getvalue()
    p10 = {q["code"]: q for q in _indicators(2022)["NNS Personal i insatser"]["questions"]}["P10"]
    assert _printed(p10["current"]) == [1, 14, 79, 66]
