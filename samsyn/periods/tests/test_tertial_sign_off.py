"""A förbund that follows up per tertial signs off January–April, May–August or January–August
(issue 27); the others keep the half-year."""

import datetime as dt

from django.urls import reverse

from samsyn.periods import services
from samsyn.periods.forms import SignForm
from samsyn.periods.models import SignedPeriod


def test_each_part_of_the_year_has_its_first_and_last_day():
    assert services.period_bounds(2024, "t1") == (dt.date(2024, 1, 1), dt.date(2024, 4, 30))
    assert services.period_bounds(2024, "t2") == (dt.date(2024, 5, 1), dt.date(2024, 8, 31))
    assert services.period_bounds(2024, "t1-2") == (dt.date(2024, 1, 1), dt.date(2024, 8, 31))
    assert services.period_bounds(2024, "h1") == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert services.period_bounds(2024, "year") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_the_sign_off_form_offers_tertials_only_to_a_tertial_forbund(alfa):
    assert [k for k, _ in SignForm(association=alfa.association).fields["half"].choices] == [
        "year", "h1"]
    alfa.association.published_periods = "tertial"
    assert [k for k, _ in SignForm(association=alfa.association).fields["half"].choices] == [
        "year", "t1-2", "t1", "t2"]


def test_the_office_of_a_tertial_forbund_signs_off_january_to_august(alfa, login):
    alfa.association.published_periods = "month-tertial"
    alfa.association.save()
    office = login(alfa.users["office"])
    url = reverse("period_sign", args=["alfa"])
    assert "januari–augusti" in office.get(url).content.decode()
    before = set(SignedPeriod.objects.values_list("pk", flat=True))
    response = office.post(url, {"kind": "half-year", "year": 2023, "half": "t1-2"})
    assert response.status_code == 302
    period = SignedPeriod.objects.exclude(pk__in=before).get()
    assert (period.association, period.start, period.end) == (
        alfa.association, dt.date(2023, 1, 1), dt.date(2023, 8, 31))
    # The half-year is no choice of theirs: the form says so rather than sign it.
    refused = office.post(url, {"kind": "half-year", "year": 2024, "half": "h1"})
    assert refused.status_code == 200
    assert not SignedPeriod.objects.filter(start__year=2024).exists()
