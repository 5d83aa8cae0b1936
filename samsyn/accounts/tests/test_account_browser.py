"""The account menu, the phone menu and the error summary in a real browser, checked by axe."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect, sync_playwright

from samsyn.accounts.devices import secret_text
from samsyn.testing import make_world
from samsyn.web.tests.test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    assert_accessible,
    assert_no_sideways_scroll,
    log_in,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def browser():
    # As samsyn/web/tests/test_browser.py: Debian's Chromium, never a downloaded one.
    assert CHROMIUM.exists(), "Debian's chromium is required: apt-get install chromium"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, viewport):
    return browser.new_context(locale="sv-SE", viewport=viewport).new_page()


def test_on_a_phone_the_menu_folds_behind_meny_and_the_heading_wraps_at_spaces(
        browser, live_server, transactional_db):
    world = make_world("alfa")
    page = _page(browser, PHONE)
    log_in(page, live_server, world.users["board"].get_username())
    page.goto(f"{live_server.url}/f/alfa/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(world.association.name)
    # Header, menu and breadcrumbs take well under 200 of the phone's 844 px.
    top = page.evaluate("document.querySelector('main h1').getBoundingClientRect().top")
    assert top < 200, f"the heading starts {top} px down"
    # Each word of the heading sits on one line: it wraps at spaces only.
    broken = page.evaluate("""(() => {
        const text = document.querySelector('main h1').firstChild;
        const words = [...text.textContent.matchAll(/\\S+/g)];
        return words.filter(m => {
            const range = document.createRange();
            range.setStart(text, m.index);
            range.setEnd(text, m.index + m[0].length);
            return range.getClientRects().length > 1;
        }).map(m => m[0]);
    })()""")
    assert broken == [], f"words broken across lines: {broken}"
    menu = page.get_by_role("navigation", name="Förbund")
    expect(menu).to_be_hidden()
    assert_accessible(page)
    page.get_by_text("Meny", exact=True).click()
    expect(menu).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scroll(page, 390)
    menu.get_by_role("link", name="Insatser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Insatser")
    page.context.close()


def test_on_a_wide_screen_the_menu_is_open_without_a_button(browser, live_server,
                                                           transactional_db):
    world = make_world("alfa")
    page = _page(browser, DESKTOP)
    log_in(page, live_server, world.users["board"].get_username())
    page.goto(f"{live_server.url}/f/alfa/")
    expect(page.get_by_role("navigation", name="Förbund")).to_be_visible()
    expect(page.get_by_text("Meny", exact=True)).to_be_hidden()
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_the_account_menu_leads_to_the_sessions_and_the_account_pages(
        browser, live_server, transactional_db, viewport):
    world = make_world("alfa")
    user = world.users["office"]
    page = _page(browser, viewport)
    log_in(page, live_server, user.get_username())
    page.goto(f"{live_server.url}/f/alfa/")
    account = page.locator(".account-menu")
    expect(account.get_by_role("link", name="Inloggningar")).to_be_hidden()
    account.locator("summary").click()
    expect(account.get_by_role("link", name="Byt lösenord")).to_be_visible()
    expect(account.get_by_role("link", name="API-nycklar")).to_be_visible()
    expect(account.get_by_role("button", name="Logga ut")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(account.get_by_role("link", name="Inloggningar")).to_be_hidden()
    account.locator("summary").click()
    account.get_by_role("link", name="Inloggningar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningar")
    expect(page.get_by_text("den här inloggningen")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scroll(page, viewport["width"])
    page.goto(f"{live_server.url}/konto/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ditt konto")
    assert_accessible(page)
    page.context.close()


def test_the_two_step_set_up_shows_a_qr_code_and_passes_axe(browser, live_server,
                                                            transactional_db):
    world = make_world("alfa")
    page = _page(browser, PHONE)
    board = world.users["board"]
    log_in(page, live_server, board.get_username())
    # The board needs no second factor; this member has none yet and sets one up.
    TOTPDevice.objects.filter(user=board).delete()
    page.goto(f"{live_server.url}/konto/tvastegs/ny/")
    qr = page.get_by_role("img", name="QR-kod för din autentiseringsapp")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] >= 150
    device = TOTPDevice.objects.get(user=board, confirmed=False)
    expect(page.locator("code.secret")).to_have_text(secret_text(device))
    assert_accessible(page)
    page.context.close()


def test_a_failed_form_opens_on_its_error_summary_which_links_to_the_field(
        browser, live_server, transactional_db):
    world = make_world("alfa")
    page = _page(browser, PHONE)
    log_in(page, live_server, world.users["office"].get_username())
    page.goto(f"{live_server.url}/f/alfa/insatser/ny/")
    page.get_by_role("button", name="Spara").click()
    summary = page.get_by_role("alert").filter(has_text="Det finns fel i formuläret")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link", name="Namn: Detta fält måste fyllas i.", exact=True).click()
    expect(page.locator("#id_name")).to_be_focused()
    page.context.close()
