import pytest
from django.urls import reverse

from samsyn.testing import log_in_verified, make_world
from samsyn.web.urlwalk import API_PREFIX, tenant_urls, url_for, world_values


def test_a_year_of_more_than_four_digits_is_not_found_rather_than_an_error(client, db):
    world = make_world("years")
    log_in_verified(client, world.users["office"])
    slug = world.association.slug
    assert client.get(f"/f/{slug}/ekonomi/budget/2022/").status_code == 200
    for year in ("1234567890123456789012345", "20221", "-2022"):
        assert client.get(f"/f/{slug}/ekonomi/budget/{year}/").status_code == 404
        assert client.get(f"/f/{slug}/plan/{year}/").status_code == 404


def test_a_year_is_written_in_a_url_as_four_digits():
    assert reverse("budget_overview", args=["alfa", 2022]).endswith("/budget/2022/")


# Four digits, but no year a förbund has: year 0 has no date (and its year before, -1, no
# URL), and the year after 9999 none either. Every page and API URL of a year, as the office.
BEYOND = ["0000", "0001", "1999", "2101", "9999"]
YEAR_URLS = [u for u in tenant_urls() + tenant_urls(API_PREFIX) if "year" in u.kwargs]


@pytest.mark.parametrize("year", BEYOND)
def test_a_four_digit_year_no_forbund_has_is_not_found_on_every_page_of_a_year(client, db,
                                                                                year):
    world = make_world("years")
    log_in_verified(client, world.users["office"])
    values = world_values(world)
    assert len(YEAR_URLS) > 20
    for tenant_url in YEAR_URLS:
        url = url_for(tenant_url, {"kind_slug": "annual-report", **values})
        url = url.replace(f"/{values['year']}/", f"/{year}/")
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "x"}).status_code == 404, url
