"""Settings that feed date arithmetic, typed absurdly large: a year or a month no date can
reach made the pages that count back from them fail. Each is a field error now."""

import pytest
from django.urls import reverse

from samsyn.associations.models import Association


def _fields(page):
    form = page.context["form"]
    return {name: "" if form[name].value() is None else form[name].value()
            for name in form.fields}


@pytest.mark.parametrize(("field", "value"), [
    ("survey_min_months", "25000"), ("survey_min_months", "99999999999999999999"),
    ("retention_years", "101"), ("retention_years", "30000"),
])
def test_a_setting_no_date_can_reach_is_a_field_error(alfa, login, field, value):
    admin = login(alfa.users["admin"])
    url = reverse("association_edit", args=["alfa"])
    before = getattr(alfa.association, field)
    refused = admin.post(url, {**_fields(admin.get(url)), field: value})

    assert refused.status_code == 200 and field in refused.context["form"].errors
    assert getattr(Association.objects.get(pk=alfa.association.pk), field) == before


@pytest.mark.parametrize(("field", "value"), [("survey_min_months", "120"),
                                              ("retention_years", "100")])
def test_a_long_but_possible_setting_is_saved(alfa, login, field, value):
    admin = login(alfa.users["admin"])
    url = reverse("association_edit", args=["alfa"])
    assert admin.post(url, {**_fields(admin.get(url)), field: value}).status_code == 302
    assert getattr(Association.objects.get(pk=alfa.association.pk), field) == int(value)
