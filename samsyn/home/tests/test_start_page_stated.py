"""The start page's participant figures say where they come from. Östra Södertörn's register
gives 292 active and 332 finished in 2022, 54 % of them to work or studies; its annual report
states 779, 414 and 52 %, the figures the förbund stated itself (StatedFigure). A board member
seeing both must not think one is wrong: the tiles name the register as their source and, where
the förbund stated figures for the year, show them beside in the annual report's words, with a
link to the report."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.documents.builders import key_figures
from samsyn.home.stated import stated_for_year
from samsyn.reports.document import ReportParams

pytestmark = pytest.mark.django_db

SLUG = "ostra-sodertorn"


def _start_page(login, role: str, year: int) -> str:
    user = get_user_model().objects.get(username=f"{SLUG}.{role}")
    response = login(user).get(f"{reverse('association_home', args=[SLUG])}?year={year}")
    assert response.status_code == 200
    return response.content.decode()


def _tile(html: str, heading: str) -> str:
    """The text of the tile under that heading, tags left out."""
    found = re.search(rf'<li class="tile">\s*<h2>{heading}</h2>(.*?)</li>\s*(?:{{|<li|</ul>|$)',
                      html, re.S)
    assert found, heading
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).replace("\u00a0", " ").split())


def test_the_participant_tile_names_the_register_and_shows_the_stated_figures_beside(
        demo, login):
    html = _start_page(login, "kansli", 2022)
    tile = _tile(html, "Deltagare")
    assert "Registret i Samsyn" in tile
    assert "292" in tile and "332" in tile
    assert "Förbundets angivna siffror" in tile
    assert "779" in tile and "414" in tile
    annual = f"{reverse('report_view', args=[SLUG, 'annual-report'])}?year=2022"
    assert f'href="{annual}"' in html
    work = _tile(html, "Till arbete eller studier")
    assert "54 %" in work and "Registret i Samsyn" in work
    assert "Förbundets angivna siffra: 52 %" in work


@pytest.mark.parametrize("publish", [False, True])
def test_the_stated_figures_are_the_ones_the_annual_report_gives(demo, publish):
    association = Association.objects.get(slug=SLUG)
    table = key_figures(ReportParams.for_year(Scope.system(association), 2022,
                                              publish=publish)).tables[0]
    in_report = {row["_key"]: row["value"] for row in table.rows}
    stated = stated_for_year(association, 2022, publish)
    assert stated is not None
    assert (stated.new, stated.active, stated.exited) == (
        in_report["new"], in_report["active"], in_report["exited"])
    assert f"{stated.work_share:.0f} %" == in_report["work_share"] == "52 %"


def test_the_board_sees_the_stated_figures_too(demo, login):
    tile = _tile(_start_page(login, "styrelse", 2022), "Deltagare")
    assert "Registret i Samsyn" in tile and "Förbundets angivna siffror" in tile
    assert "779" in tile and "414" in tile


def test_staff_who_see_their_own_insatser_get_no_förbund_totals_beside(demo, login):
    tile = _tile(_start_page(login, "personal", 2022), "Deltagare")
    assert "Registret i Samsyn" in tile
    assert "Förbundets angivna siffror" not in tile and "779" not in tile


def test_a_year_the_förbund_stated_nothing_for_shows_the_register_alone(demo, login):
    assert stated_for_year(Association.objects.get(slug=SLUG), 2021, False) is not None
    assert stated_for_year(Association.objects.get(slug=SLUG), 2020, False) is None
    tile = _tile(_start_page(login, "kansli", 2020), "Deltagare")
    assert "Registret i Samsyn" in tile
    assert "Förbundets angivna siffror" not in tile
