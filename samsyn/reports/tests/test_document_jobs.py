"""Long documents made in the background: one job per document, a state page, a checked
download. Tests run django-tasks' immediate backend, so a job is made inside the request."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from samsyn.associations.writes import Actor, save_row
from samsyn.audit.models import AuditEntry
from samsyn.audit.services import record
from samsyn.interventions.models import Intervention
from samsyn.reports import jobs
from samsyn.reports.models import DocumentJob
from samsyn.reports.render import Format


@pytest.fixture
def alfa(alfa):
    """The world without the job its URL walk values bring (samsyn/reports/testing.py)."""
    DocumentJob.objects.all().delete()
    return alfa


@pytest.fixture
def renders(monkeypatch):
    """A PDF renderer that counts its calls and returns a few bytes at once."""
    calls = []

    def render(report):
        calls.append(report.kind)
        return b"%PDF-1.7 " + report.title.encode()

    monkeypatch.setitem(jobs.FORMATS, "pdf", Format("pdf", "application/pdf", render, True))
    return calls


def _order(client, world, kind="annual-report", fmt="pdf", **extra):
    url = reverse("report_order", args=[world.association.slug, kind]) + "?year=2022"
    return client.post(url, {"format": fmt, **extra})


def _job_url(world, job, name="document_job"):
    return reverse(name, args=[world.association.slug, job.pk])


def test_two_requests_for_the_same_document_make_one_job_and_one_file(alfa, login, renders):
    client = login(alfa.users["office"])
    first = _order(client, alfa)
    second = _order(client, alfa)
    job = DocumentJob.objects.get(association=alfa.association, kind="annual-report")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == _job_url(alfa, job)
    assert renders == ["annual-report"]
    assert job.state == DocumentJob.State.DONE


def test_two_readers_with_the_same_view_share_the_job(alfa, login, renders):
    _order(login(alfa.users["office"]), alfa)
    _order(login(alfa.users["admin"]), alfa)
    assert DocumentJob.objects.filter(association=alfa.association).count() == 1
    assert len(renders) == 1


def test_a_change_in_the_records_makes_a_new_version(alfa, login, renders):
    client = login(alfa.users["office"])
    _order(client, alfa)
    insats = Intervention.objects.filter(association=alfa.association).first()
    insats.name = f"{insats.name} (nytt namn)"
    save_row(Actor.system(alfa.association), insats)
    _order(client, alfa)
    versions = set(DocumentJob.objects.values_list("version", flat=True))
    assert len(versions) == 2
    assert len(renders) == 2


def test_a_log_entry_alone_is_no_new_version(alfa, login, renders):
    """The request is logged; were the log the version, asking twice would make it twice."""
    client = login(alfa.users["office"])
    _order(client, alfa)
    record(category="data", action="save", association=alfa.association)
    _order(client, alfa)
    assert DocumentJob.objects.filter(association=alfa.association).count() == 1
    assert len(renders) == 1


def test_every_request_for_a_document_is_logged_with_what_was_asked(alfa, login, renders):
    client = login(alfa.users["office"])
    _order(client, alfa)
    _order(client, alfa, fmt="docx")
    _order(client, alfa)
    entries = list(AuditEntry.objects.filter(association_id=alfa.association.pk, action="document")
                   .order_by("pk"))
    assert [e.username for e in entries] == [alfa.users["office"].get_username()] * 3
    details = [json.loads(e.detail) for e in entries]
    assert [(d["kind"], d["year"], d["format"], d["made"]) for d in details] == [
        ("annual-report", 2022, "pdf", True), ("annual-report", 2022, "docx", True),
        ("annual-report", 2022, "pdf", False)]
    assert all(d["published"] is False and d["scope"] == "all" for d in details)
    assert entries[0].object_id == entries[2].object_id != entries[1].object_id


def test_the_state_page_shows_the_ready_file_and_offers_it(alfa, login, renders):
    client = login(alfa.users["office"])
    page = client.get(_order(client, alfa)["Location"])
    job = DocumentJob.objects.get()
    assert page.status_code == 200
    text = page.content.decode()
    assert "Klar" in text
    assert 'http-equiv="refresh"' not in text
    assert "data-refresh" not in text
    assert _job_url(alfa, job, "document_job_file") in text
    download = client.get(_job_url(alfa, job, "document_job_file"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-1.7 ")
    assert "attachment" in download["Content-Disposition"]
    assert "2022" in download["Content-Disposition"]


def test_a_waiting_job_says_so_and_refreshes_itself_without_script(alfa, login):
    job = DocumentJob.objects.create(
        association=alfa.association, kind="half-year", year=2022, scope="all",
        published=False, version="x", format="pdf", language="sv")
    page = login(alfa.users["office"]).get(_job_url(alfa, job))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Väntar" in text
    # Without script a meta refresh inside <noscript>; with it, app.js follows data-refresh.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in text
    assert 'data-job-state="waiting" data-refresh="3"' in text
    # No inline script (the CSP forbids it): every script element loads a file.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", text))
    # Not ready: the file's address leads back to the state page.
    early = login(alfa.users["office"]).get(_job_url(alfa, job, "document_job_file"))
    assert early.status_code == 302
    assert early["Location"] == _job_url(alfa, job)


def test_a_failing_render_shows_failed_with_a_swedish_message_never_a_500(
        alfa, login, monkeypatch):
    def broken(report):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setitem(jobs.FORMATS, "pdf", Format("pdf", "application/pdf", broken, True))
    client = login(alfa.users["office"])
    page = client.get(_order(client, alfa)["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "Misslyckades" in text
    assert "Dokumentet kunde inte göras" in text
    assert "WeasyPrint" not in text
    assert DocumentJob.objects.get().state == DocumentJob.State.FAILED


def test_asking_again_after_a_failure_tries_the_same_job_once_more(alfa, login, monkeypatch,
                                                                    renders):
    client = login(alfa.users["office"])
    _order(client, alfa)
    DocumentJob.objects.update(state=DocumentJob.State.FAILED, error="x")
    _order(client, alfa)
    job = DocumentJob.objects.get()
    assert job.state == DocumentJob.State.DONE
    assert job.error == ""
    assert len(renders) == 2


def test_a_board_member_cannot_fetch_a_document_of_exact_figures(alfa, login, renders):
    _order(login(alfa.users["office"]), alfa)
    job = DocumentJob.objects.get()
    assert job.published is False
    board = login(alfa.users["board"])
    assert board.get(_job_url(alfa, job)).status_code == 404
    assert board.get(_job_url(alfa, job, "document_job_file")).status_code == 404


def test_staff_cannot_fetch_a_document_of_the_whole_association(alfa, login, renders):
    _order(login(alfa.users["office"]), alfa, publish="1")
    job = DocumentJob.objects.get()
    staff = login(alfa.users["staff"])
    assert staff.get(_job_url(alfa, job, "document_job_file")).status_code == 403


def test_a_board_member_gets_the_published_document_and_may_fetch_it(alfa, login, renders):
    board = login(alfa.users["board"])
    response = _order(board, alfa)
    job = DocumentJob.objects.get()
    assert job.published is True
    assert response["Location"] == _job_url(alfa, job)
    assert board.get(_job_url(alfa, job, "document_job_file")).status_code == 200


def test_another_associations_reader_cannot_see_the_job(alfa, beta, login, renders):
    _order(login(alfa.users["office"]), alfa)
    job = DocumentJob.objects.get(association=alfa.association)
    outsider = login(beta.users["admin"])
    own_slug = reverse("document_job_file", args=[beta.association.slug, job.pk])
    assert outsider.get(own_slug).status_code == 404
    assert outsider.get(_job_url(alfa, job, "document_job_file")).status_code == 404


def test_a_scope_covers_a_job_only_for_insatser_it_covers(alfa):
    job = DocumentJob(association=alfa.association, scope="3,5")
    assert jobs.job_scope(job).intervention_ids == frozenset({3, 5})
    assert jobs.scope_key(jobs.job_scope(job)) == "3,5"
    assert jobs.scope_key(jobs.job_scope(DocumentJob(association=alfa.association,
                                                     scope="all"))) == "all"


def test_only_the_long_documents_are_made_in_the_background(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("report_order", args=[alfa.association.slug, "interventions"])
    assert client.post(url, {"format": "pdf"}).status_code == 404
    assert not DocumentJob.objects.exists()


def test_old_documents_are_purged_when_another_is_asked_for(alfa, login, renders, settings):
    old = DocumentJob.objects.create(
        association=alfa.association, kind="half-year", year=2021, scope="all",
        published=False, version="old", format="pdf", language="sv",
        state=DocumentJob.State.DONE, content=b"x")
    DocumentJob.objects.filter(pk=old.pk).update(
        requested_at=timezone.now() - dt.timedelta(hours=settings.DOCUMENT_JOBS_KEEP_HOURS + 1))
    _order(login(alfa.users["office"]), alfa)
    assert not DocumentJob.objects.filter(pk=old.pk).exists()
    assert DocumentJob.objects.count() == 1


def test_a_job_a_worker_left_running_is_given_up(alfa):
    job = DocumentJob.objects.create(
        association=alfa.association, kind="half-year", year=2021, scope="all",
        published=False, version="v", format="pdf", language="sv",
        state=DocumentJob.State.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1))
    jobs.purge()
    job.refresh_from_db()
    assert job.state == DocumentJob.State.FAILED
    assert job.error


def test_a_word_document_is_really_made_through_the_task_backend(alfa, login):
    client = login(alfa.users["office"])
    _order(client, alfa, kind="business-plan", fmt="docx")
    job = DocumentJob.objects.get()
    assert job.state == DocumentJob.State.DONE, job.error
    download = client.get(_job_url(alfa, job, "document_job_file"))
    assert download.content[:2] == b"PK"
    assert job.file_name.endswith(".docx")


def test_the_report_page_of_a_long_document_offers_the_background_form(alfa, login):
    page = login(alfa.users["office"]).get(
        reverse("report_view", args=[alfa.association.slug, "half-year"]) + "?year=2022")
    text = page.content.decode()
    assert reverse("report_order", args=[alfa.association.slug, "half-year"]) in text
    assert "format=pdf" not in text
