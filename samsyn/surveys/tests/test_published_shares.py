"""The kansli types in a round's results as the förbund published them."""

from decimal import Decimal

from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.surveys import services
from samsyn.surveys.models import PublishedShares, Response


def _url(world):
    return reverse("round_published", args=[world.association.slug,
                                            world.extra["survey_round"].pk])


def _post(world, **shares):
    data = {"answered": "31", "asked": "39"}
    for name, value in shares.items():
        data[name] = value
    return data


def test_published_shares_are_saved_logged_and_read_as_the_rounds_results(alfa, login):
    client = login(alfa.users["office"])
    round = alfa.extra["survey_round"]
    first = round.template.questions.filter(kind="scale").order_by("order").first()
    response = client.post(_url(alfa), _post(alfa, **{
        f"{first.code}__negative": "3", f"{first.code}__neither": "0",
        f"{first.code}__positive": "97", f"{first.code}__clearly_positive": "77"}))
    assert response.status_code == 302
    held = PublishedShares.objects.get(round=round, question=first)
    assert (held.negative, held.positive, held.clearly_positive) == (
        Decimal(3), Decimal(97), Decimal(77))
    assert AuditEntry.objects.filter(action="survey_published_shares").exists()
    round.refresh_from_db()
    result = services.results(round)
    assert (result.answers, result.asked, result.too_few) == (31, 39, False)
    shown = next(q for q in result.questions if q.question.code == first.code)
    assert shown.current.positive == Decimal("0.97")


def test_a_row_over_100_percent_and_more_answered_than_asked_are_named(alfa, login):
    client = login(alfa.users["office"])
    first = alfa.extra["survey_round"].template.questions.filter(
        kind="scale").order_by("order").first()
    page = client.post(_url(alfa), {"answered": "50", "asked": "39",
                                    f"{first.code}__negative": "30",
                                    f"{first.code}__neither": "30",
                                    f"{first.code}__positive": "60",
                                    f"{first.code}__clearly_positive": "70"}).content.decode()
    assert "Fler har svarat än som tillfrågades." in page
    assert f"Fråga {first.code}: negativt, varken eller och positivt blir tillsammans" in page
    assert f"Fråga {first.code}: klart positivt är en del av positivt" in page
    assert not PublishedShares.objects.exists()


def test_a_round_with_answers_takes_no_published_shares(alfa, login):
    round = alfa.extra["survey_round"]
    Response.objects.create(round=round, imported=True)
    client = login(alfa.users["office"])
    page = client.post(_url(alfa), _post(alfa)).content.decode()
    assert "Omgången har redan svar" in page
    round.refresh_from_db()
    assert round.published_answers is None
