"""An insats's usual time in days counts back from today to flag forgotten participations;
a number of days no date can go back was a server error on the start page's "what is due"."""

import pytest
from django.urls import reverse

from samsyn.interventions.models import Intervention


def _fields(page):
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = ("" if value is None else
                      [str(v) for v in value] if isinstance(value, list | tuple) else value)
    return data


@pytest.mark.parametrize("days", ["36501", "400000", "99999999999999999999"])
def test_a_usual_time_no_date_can_reach_is_a_field_error(alfa, login, days):
    office = login(alfa.users["office"])
    url = reverse("intervention_edit", args=["alfa", alfa.intervention.slug])
    refused = office.post(url, {**_fields(office.get(url)), "usual_duration_days": days})

    assert refused.status_code == 200
    assert "usual_duration_days" in refused.context["form"].errors
    assert Intervention.objects.get(pk=alfa.intervention.pk).usual_duration_days == (
        alfa.intervention.usual_duration_days)


def test_a_usual_time_of_a_hundred_years_is_saved(alfa, login):
    office = login(alfa.users["office"])
    url = reverse("intervention_edit", args=["alfa", alfa.intervention.slug])
    assert office.post(url, {**_fields(office.get(url)),
                             "usual_duration_days": "36500"}).status_code == 302
    assert Intervention.objects.get(pk=alfa.intervention.pk).usual_duration_days == 36500
