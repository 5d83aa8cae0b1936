from django.urls import reverse

from samsyn.testing import log_in_verified, make_world


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
