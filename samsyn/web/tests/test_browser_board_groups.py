"""The board's page, the groups of insatser and the referral counts in a real browser, at a
desktop's and a phone's width: axe finds nothing, and the page never scrolls sideways."""

import pytest

from samsyn.testing import make_world
from samsyn.web.tests.test_browser import assert_accessible, browser, log_in  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_the_board_groups_and_referrals_read_at_every_width(
        browser, live_server, transactional_db, width):  # noqa: F811
    world = make_world("alfa")
    context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, world.users["office"].get_username())
    for path, heading in (("styrelse/", "Styrelsen"), ("insatsgrupper/", "Insatsgrupper"),
                          ("deltagare/anmalningar/", "Anmälningar")):
        page.goto(f"{live_server.url}/f/alfa/{path}")
        assert page.get_by_role("heading", level=1).inner_text() == heading
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, \
            f"{path} scrolls sideways at {width} px"
        assert_accessible(page)
    context.close()
