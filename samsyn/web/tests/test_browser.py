"""A person in a real browser: Debian's Chromium driven by Playwright, checked by axe-core.

Never downloads a browser: the tests use /usr/bin/chromium and fail if it is missing.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

from samsyn.testing import PASSWORD, make_world, second_factor_token
from samsyn.web.urlwalk import tenant_urls, url_for, world_values

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
# Quiet Chromium's own traffic: this machine's network is closed.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Debian's chromium is required: apt-get install chromium"
    # Playwright's sync API keeps an event loop in this thread; the ORM calls made by
    # the test itself are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/konto/logga-in/")
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    from django.contrib.auth import get_user_model

    # Admin, kansli and analysts give the second factor, as their app would show it.
    token = second_factor_token(get_user_model().objects.get(username=username))
    page.get_by_role("button", name="Logga in").click()
    if "/konto/tvastegs/" in page.url:
        page.get_by_label("Kod").fill(token)
        page.get_by_role("button", name="Fortsätt").click()


def test_the_office_creates_an_insats_with_a_goal_and_sees_it_listed(
    page, live_server, transactional_db
):
    world = make_world("alfa")
    log_in(page, live_server, world.users["office"].get_username())
    expect(page.get_by_role("heading", level=1)).to_have_text(world.association.name)

    page.get_by_role("navigation", name="Förbund").get_by_role("link", name="Insatser").click()
    page.get_by_role("link", name="Ny insats").click()
    assert_accessible(page)
    page.get_by_label("Namn:", exact=True).fill("Arbetsträning Söder")
    page.get_by_label("Kortnamn:", exact=True).fill("arbetstraning-soder")
    page.get_by_label("Inriktning:", exact=True).select_option("individual")
    page.get_by_label("Start:", exact=True).fill("2023-02-01")
    page.get_by_label("Drivs av:", exact=True).select_option(label=world.members["kommun"].name)
    page.get_by_role("checkbox", name=world.members["kommun"].name).check()
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Arbetsträning Söder")
    page.get_by_role("link", name="Nytt mål").click()
    expected = page.get_by_label("Förväntat resultat:", exact=True)
    expected.fill("Andel avslut till arbete eller studier")
    page.get_by_label("Mått:", exact=True).select_option("exit_work_or_studies_share")
    page.get_by_label("Målvärde:", exact=True).fill("65")
    page.get_by_label("Enhet:", exact=True).select_option("percent")
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_role("cell", name="minst 65\u00a0%")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Förbund").get_by_role("link", name="Insatser").click()
    expect(page.get_by_role("link", name="Arbetsträning Söder")).to_be_visible()


def test_a_form_error_is_shown_in_swedish_next_to_the_field(page, live_server, transactional_db):
    world = make_world("alfa")
    log_in(page, live_server, world.users["office"].get_username())
    page.goto(f"{live_server.url}/f/alfa/insatser/ny/")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Detta fält måste fyllas i.").first).to_be_visible()
    assert_accessible(page)


WIDTHS = (1366, 390)
# Addresses that answer with a file, not a page: a browser downloads them.
DOWNLOADS = frozenset({"document_job_file"})


def assert_no_sideways_scroll(page: Page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width + 1, f"{page.url} scrolls sideways at {width} px ({scroll} px)"


def check_pages(browser, live_server, username: str, urls) -> Page:
    """Each URL opens (200) for the user, scrolls not sideways and passes axe at every width;
    the signed-in page is returned open for more checks (its context closes with the browser)."""
    page = browser.new_context(locale="sv-SE").new_page()
    log_in(page, live_server, username)
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response is not None and response.status == 200, url
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert_no_sideways_scroll(page, width)
            assert_accessible(page)
    return page


def test_the_design_system_and_our_layout_are_applied(page, live_server, transactional_db):
    world = make_world("alfa")
    log_in(page, live_server, world.users["office"].get_username())
    header = page.locator("header.top .page-header")
    # FKUI's page header green and its font stack: both come only from the stylesheets.
    expect(header).to_have_css("background-color", "rgb(17, 106, 62)")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Helvetica Neue" in font, font
    current = page.get_by_role("navigation", name="Förbund").get_by_role("link", name="Översikt")
    expect(current).to_have_attribute("aria-current", "page")
    expect(current).to_have_css("border-bottom-style", "solid")
    expect(page.locator("main table").first).to_have_css("border-collapse", "collapse")


def test_each_roles_start_page_answers_how_the_year_goes(browser, live_server,
                                                          transactional_db):
    world = make_world("alfa")
    for role in ("admin", "office", "analyst", "board", "staff"):
        context = browser.new_context(locale="sv-SE")
        page = context.new_page()
        log_in(page, live_server, world.users[role].get_username())
        expect(page.get_by_role("heading", level=1)).to_have_text(world.association.name)
        expect(page.get_by_label("År")).to_have_value("2022")
        expect(page.get_by_role("heading", name="Deltagare", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name="Att lämna")).to_be_visible()
        economy = page.get_by_role("heading", name="Ekonomi 2022")
        expect(economy).to_have_count(0 if role == "staff" else 1)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            assert_no_sideways_scroll(page, width)
            assert_accessible(page)
        context.close()


def test_a_personnummer_fills_gender_and_birth_year(page, live_server, transactional_db):
    world = make_world("alfa")
    log_in(page, live_server, world.users["staff"].get_username())
    page.goto(f"{live_server.url}/f/alfa/insatser/{world.intervention.slug}/deltagare/ny/")
    page.get_by_label("Personnummer eller lokal kod:").fill("19900101-0017")
    expect(page.get_by_label("Kön:", exact=True)).to_have_value("man")
    expect(page.get_by_label("Födelseår:", exact=True)).to_have_value("1990")
    assert_accessible(page)


def test_the_short_name_is_made_from_the_name(page, live_server, transactional_db):
    world = make_world("alfa")
    log_in(page, live_server, world.users["office"].get_username())
    page.goto(f"{live_server.url}/f/alfa/insatser/ny/")
    page.get_by_label("Namn:", exact=True).fill("Arbetsträning Söder")
    expect(page.get_by_label("Kortnamn:", exact=True)).to_have_value("arbetstraning-soder")


def test_the_api_documentation_passes_axe(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samsyn API")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_sideways_scroll(page, width)
        assert_accessible(page)


def test_error_pages_pass_axe_inside_the_layout(page, live_server, transactional_db):
    world = make_world("alfa")
    log_in(page, live_server, world.users["board"].get_username())
    for path, status in (("/f/alfa/deltagare/import/", 403), ("/f/alfa/finns-inte/", 404)):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == status
        expect(page.locator("header.top .page-header")).to_have_css(
            "background-color", "rgb(17, 106, 62)")
        assert_accessible(page)


def test_every_page_of_a_forbund_passes_axe(browser, live_server, transactional_db):
    world = make_world("alfa")
    values = world_values(world)
    # Participant records open only to the insats' staff; every other page to the admin.
    by_role: dict[str, list[str]] = {"admin": [], "staff": []}
    for tenant_url in tenant_urls():
        if tenant_url.name in DOWNLOADS:
            continue
        records = any(a.startswith("records.") for a in tenant_url.access_rule or ())
        role = "staff" if records else "admin"
        by_role[role].append(url_for(tenant_url, values))
    checked = []
    for role, urls in by_role.items():
        page = check_pages(browser, live_server, world.users[role].get_username(), urls)
        checked.extend(urls)
        page.context.close()
    assert len(checked) == len(tenant_urls()) - len(DOWNLOADS)


def test_the_board_reads_the_plan_on_a_phone(browser, live_server, transactional_db):
    world = make_world("alfa")
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, world.users["board"].get_username())
    page.goto(f"{live_server.url}/f/alfa/plan/2022/")
    expect(page.get_by_role("heading", name="Målområde 1: Individen")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, "the page scrolls sideways on a phone"
    assert_accessible(page)
    context.close()


def test_the_public_catalogue_without_login_passes_axe_on_a_phone(browser, live_server,
                                                                  transactional_db):
    world = make_world("alfa")
    world.intervention.catalog_offers = "Arbetsträning med handledare."
    world.intervention.save()
    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 740})
    page = context.new_page()
    for path in ("/katalog/", "/katalog/alfa/", "/katalog/alfa/vagen-vidare/",
                 "/tillganglighet/", "/tillganglighet/?forbund=alfa"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    page.goto(f"{live_server.url}/katalog/")
    page.get_by_label("Sök").first.fill("arbetsträning")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("link", name="Vägen vidare")).to_be_visible()
    assert_accessible(page)
    context.close()


def test_a_survey_is_answered_with_the_keyboard_only(browser, live_server, transactional_db):
    from samsyn.surveys import services
    from samsyn.surveys.models import PendingResponse

    world = make_world("alfa")
    (token,) = services.invite(world.extra["survey_round"], count=1)
    context = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/enkat/{token}/")
    assert_accessible(page)
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.get_by_text("Några frågor är inte besvarade ännu").first).to_be_visible()
    assert_accessible(page)
    # The questions are the groups of <main>; the header's menus are <details>, groups too.
    for group in page.locator("main").get_by_role("group").all():
        group.get_by_role("radio", name="8").check()
    page.get_by_role("button", name="Skicka mina svar").click()
    expect(page.get_by_role("heading", name="Tack för dina svar!")).to_be_visible()
    assert PendingResponse.objects.count() == 1
    context.close()


def test_a_problem_is_reported_from_the_footer_with_the_keyboard(browser, live_server,
                                                                  transactional_db):
    from samsyn.home.models import AccessibilityReport

    make_world("alfa")
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/katalog/alfa/")
    page.get_by_role("contentinfo").get_by_role("link",
                                                name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tillgänglighetsredogörelse")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_text("Detta fält måste fyllas i.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vad fungerar inte").fill("Knappen syns inte med förstoring.")
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_text("Tack: din rapport är skickad.")).to_be_visible()
    assert_no_sideways_scroll(page, 390)
    assert_accessible(page)
    assert AccessibilityReport.objects.get().association.slug == "alfa"
    context.close()


def test_api_keys_are_made_in_an_accessible_page(page, live_server, transactional_db):
    world = make_world("alfa")
    log_in(page, live_server, world.users["office"].get_username())
    page.goto(f"{live_server.url}/konto/api-nycklar/")
    assert_accessible(page)
    page.get_by_label("vad nyckeln är till för").fill("Rapportskript")
    page.get_by_role("button", name="Skapa en nyckel").click()
    expect(page.get_by_text("sam_").first).to_be_visible()
    assert_accessible(page)


def test_the_year_pages_pass_axe(browser, live_server, transactional_db):
    """The plan's tree with its lights, the follow-up form, comments, copying a plan, what
    is due and the reminders: each at both widths, for the kansli and for the board."""
    import datetime as dt

    from samsyn.associations.writes import Actor
    from samsyn.interventions.models import Activity
    from samsyn.interventions.services import add_comment, record_follow_up, save_activity

    world = make_world("alfa")
    world.activity.responsible = world.memberships["staff"]
    world.activity.due = dt.date(2022, 6, 30)
    world.activity.save()
    world.intervention.usual_duration_days = 30
    world.intervention.save()
    record_follow_up(1, [(world.plan_goal, "partly", "Två av tre.", "", None),
                         (world.activity, "ongoing", "", "", None)])
    add_comment(Actor.system(world.association), world.plan_goal, "Följs upp i augusti.")
    # An activity of the focus area under no goal: its list after the goals, its own form.
    save_activity(Actor.system(world.association),
                  Activity(focus_area=world.focus_area, name="Delta i lokala samråd"))
    slug, goal, act = world.association.slug, world.plan_goal.pk, world.activity.pk
    area = world.focus_area.pk
    pages = {
        "office": [f"/f/{slug}/plan/2022/", f"/f/{slug}/plan/2022/uppfoljning/?half=1",
                   f"/f/{slug}/plan/2022/malomraden/{area}/aktiviteter/ny/",
                   f"/f/{slug}/plan/2022/mal/{goal}/kommentarer/",
                   f"/f/{slug}/plan/2022/aktiviteter/{act}/kommentarer/",
                   f"/f/{slug}/plan/2022/aktiviteter/{act}/",
                   f"/f/{slug}/plan/2022/kopiera/", f"/f/{slug}/att-lamna/?year=2022",
                   f"/f/{slug}/paminnelser/"],
        "board": [f"/f/{slug}/plan/2022/", f"/f/{slug}/plan/2022/uppfoljning/?half=1",
                  f"/f/{slug}/att-lamna/?year=2022", f"/f/{slug}/paminnelser/"],
    }
    for role, urls in pages.items():
        page = check_pages(browser, live_server, world.users[role].get_username(), urls)
        context = page.context
        if role == "office":
            _the_light_speaks_and_labels_sit_above(page, live_server, slug, goal)
        context.close()


def _the_light_speaks_and_labels_sit_above(page, live_server, slug, goal):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/f/{slug}/plan/2022/")
    expect(page.locator(".plan-goal .light").first).to_contain_text("Delvis uppfyllt")
    page.get_by_role("link", name="Att lämna").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Att lämna 2022")
    page.goto(f"{live_server.url}/f/{slug}/plan/2022/uppfoljning/?half=1")
    label = page.locator(f"label[for=id_g{goal}_status]")
    field = page.locator(f"#id_g{goal}_status")
    assert label.bounding_box()["y"] < field.bounding_box()["y"]
    expect(page.locator("fieldset.follow-up").first).to_have_css("border-top-style", "none")
