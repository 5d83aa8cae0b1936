"""The economy pages read each year once, however many years a förbund keeps."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.finance.models import BudgetLine, FinanceYear


def queries_for_overview(client, alfa, years):
    for year in years:
        BudgetLine.objects.create(association=alfa.association, year=year, scenario="outcome",
                                  category="office_staff", amount=Decimal(100))
        FinanceYear.objects.get_or_create(association=alfa.association, year=year)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("finance_home", args=["alfa"])).status_code == 200
    return len(ctx.captured_queries)


def test_the_years_overview_grows_linearly_with_the_years(alfa, login):
    client = login(alfa.users["office"])
    few = queries_for_overview(client, alfa, range(2016, 2020))
    many = queries_for_overview(client, alfa, range(2008, 2016))
    # Eight more years cost a bounded number of queries each, not one chain per year.
    assert many - few <= 8 * 12
