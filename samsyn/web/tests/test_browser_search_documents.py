"""The förbund's search and the documents made in the background, in a real browser with
axe, at both widths, for the kansli and the board (issue 28)."""

import datetime as dt

import pytest

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.interventions.models import Intervention
from samsyn.interventions.services import save_intervention
from samsyn.reports.models import DocumentJob
from samsyn.testing import make_world
from samsyn.web.tests.test_browser import (  # noqa: F401 - the module's browser fixture
    browser,
    check_pages,
    log_in,
)

pytestmark = pytest.mark.browser


def test_the_search_and_the_document_pages_pass_axe(browser, live_server,  # noqa: F811
                                                    transactional_db):
    world = make_world("alfa")
    save_intervention(Actor(scope=Scope.system(world.association)), Intervention(
        association=world.association, slug="arbetstraning", kind="individual",
        name="Arbetsträning på Kvarnen med ett mycket långt namn som ska brytas på telefonen",
        start=dt.date(2022, 1, 1)))
    slug = world.association.slug
    jobs = {state: DocumentJob.objects.create(
        association=world.association, kind="annual-report", year=2022, scope="all",
        published=True, version=state, format="pdf", language="sv", state=state,
        error="Dokumentet kunde inte göras." if state == "failed" else "",
        content=b"%PDF-1.7" if state == "done" else None, file_name="arsredovisning.pdf",
        content_type="application/pdf") for state in ("waiting", "done", "failed")}
    pages = [f"/f/{slug}/sok/", f"/f/{slug}/sok/?q=arbetstraning", f"/f/{slug}/sok/?q=xyzzy",
             f"/f/{slug}/rapporter/annual-report/bestall/?year=2022",
             *(f"/f/{slug}/dokument/{job.pk}/" for job in jobs.values())]
    for role in ("office", "board"):
        page = check_pages(browser, live_server, world.users[role].get_username(), pages)
        context = page.context
        page.goto(f"{live_server.url}/f/{slug}/sok/?q=arbetstraning")
        assert "Arbetsträning på Kvarnen" in page.inner_text("main")
        context.close()


def test_the_state_page_shows_the_file_once_the_worker_has_made_it(browser, live_server,  # noqa: F811
                                                                   transactional_db):
    world = make_world("alfa")
    job = DocumentJob.objects.create(
        association=world.association, kind="half-year", year=2022, scope="all",
        published=True, version="v", format="pdf", language="sv")
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    log_in(page, live_server, world.users["board"].get_username())
    page.goto(f"{live_server.url}/f/{world.association.slug}/dokument/{job.pk}/")
    assert "Väntar" in page.inner_text("main")
    # What the worker does when it has made the file; the page notices by itself.
    DocumentJob.objects.filter(pk=job.pk).update(
        state="done", content=b"%PDF-1.7", file_name="halvar.pdf",
        content_type="application/pdf")
    page.wait_for_selector("a[download]", timeout=15000)
    assert "Klar" in page.inner_text("main")
    context.close()
