"""A month in the address of the monthly-counts page that no förbund has: the page opens on
the running month as it does for any month it cannot read, never a server error."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2003-12", "2101-01"])
@pytest.mark.parametrize("role", ["staff", "office"])
def test_a_month_no_forbund_has_opens_the_running_month(alfa, login, role, month):
    client = login(alfa.users[role])
    url = reverse("monthly_counts", args=[alfa.association.slug, alfa.intervention.slug])
    response = client.get(url, {"month": month})
    assert response.status_code == 200
    assert response.context["month_form"].errors
