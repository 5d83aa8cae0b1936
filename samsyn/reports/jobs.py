"""Long documents made in the background: one job per document and version, however often
it is asked for.

The annual report, the half-year report and the business plan as PDF or Word take seconds to
many seconds to make. Asking for one makes (or finds) a `DocumentJob` under its unique key —
document, förbund, year, the reader's scope and publication, the version of the data, format
and language — and enqueues `make_document` with django-tasks only when the row is new, in
the same transaction (the database backend's queue is a table, so the job and its task
commit together). A second click, another board member or a refresh finds the same row.

The version is the förbund's data version (`associations.versions`, moved in the transaction
of every write) and the day (which periods have ended): an edit makes a new document, nothing
else does; asking for one, which is logged, does not.
"""

import datetime as dt
import gc
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.signals import task_started

from samsyn.associations import versions
from samsyn.associations.access import Access, Scope
from samsyn.associations.models import Association
from samsyn.audit.models import Category
from samsyn.audit.services import record
from samsyn.publication.periods import NonStandardPeriod, OpenPeriod
from samsyn.reports.models import DocumentJob
from samsyn.reports.registry import get_kind
from samsyn.reports.render import FORMATS, file_name
from samsyn.reports.services import build_report

logger = logging.getLogger(__name__)

# The documents long enough to be made in the background, and the formats that take long.
DOCUMENT_KINDS = ("annual-report", "half-year", "business-plan")
JOB_FORMATS = ("pdf", "docx")
# A job claimed by a worker that died is given up after this long; asking again retries it.
STALE_AFTER = dt.timedelta(minutes=30)


class _StartUp:
    frozen = False


@receiver(task_started)
def freeze_start_up(sender: object, **_kwargs: object) -> None:
    """In a worker process (not the immediate backend, which runs a task in the request's
    process), what it loaded to start is frozen before its first task: the collections the
    documents set off then skip it, as gunicorn's workers do (deploy/gunicorn.conf.py;
    docs/benchmarks.md, round 21). Collected first, so no garbage is frozen."""
    # django-tasks-db's worker sends the backend itself, the immediate backend its class.
    backend = sender if isinstance(sender, type) else type(sender)
    if _StartUp.frozen or issubclass(backend, ImmediateBackend):
        return
    _StartUp.frozen = True
    gc.collect()
    gc.freeze()


def scope_key(scope: Scope) -> str:
    if scope.intervention_ids is None:
        return "all"
    return ",".join(str(pk) for pk in sorted(scope.intervention_ids))


def job_scope(job: DocumentJob) -> Scope:
    if job.scope == "all":
        return Scope(job.association)
    return Scope(job.association,
                 frozenset(int(pk) for pk in job.scope.split(",") if pk))


def data_version(association: Association) -> str:
    return f"{timezone.localdate().isoformat()}:{versions.current(association)}"


def may_read(access: Access, job: DocumentJob) -> bool:
    """Asked again on every look and download: the reader may read the document's kind, the
    job covers no insats outside the reader's scope, and its figures are published unless
    the reader sees exact counts."""
    kind = get_kind(job.kind)
    if kind is None or job.association_id != access.association.pk:
        return False
    if not kind.readable_by(access):
        return False
    if not job.published and access.must_publish:
        return False
    reader = access.scope()
    if reader.intervention_ids is None:
        return True
    own = job_scope(job).intervention_ids
    return own is not None and own <= reader.intervention_ids


def purge() -> int:
    """Remove documents older than DOCUMENT_JOBS_KEEP_HOURS; give up jobs a worker left."""
    now = timezone.now()
    DocumentJob.objects.filter(state=DocumentJob.State.RUNNING,
                               started_at__lt=now - STALE_AFTER).update(
        state=DocumentJob.State.FAILED, finished_at=now,
        error=_("Making the document took too long and was stopped."))
    old = now - dt.timedelta(hours=settings.DOCUMENT_JOBS_KEEP_HOURS)
    removed, _kinds = DocumentJob.objects.filter(requested_at__lt=old).delete()
    return removed


def request_document(access: Access, kind_slug: str, year: int, fmt: str, *,
                     publish: bool = False, user: object = None,
                     request: HttpRequest | None = None) -> DocumentJob:
    """The job for this document as this reader may read it: found, or made and enqueued.

    Every request is logged, found or made: who asked for which förbund's figures, exact or
    published, is what a reader of the log needs, however the document came to be."""
    if kind_slug not in DOCUMENT_KINDS or fmt not in JOB_FORMATS:
        raise ValueError(f"no background document {kind_slug!r} as {fmt!r}")
    purge()
    key = {
        "association": access.association, "kind": kind_slug, "year": year,
        "scope": scope_key(access.scope()), "published": publish or access.must_publish,
        "version": data_version(access.association), "format": fmt,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
    }
    with transaction.atomic():
        # get_or_create meets a concurrent insert of the same key at the unique constraint
        # and returns the row the other request made.
        job, created = DocumentJob.objects.get_or_create(
            **key, defaults={"requested_by": user if getattr(user, "pk", None) else None})
        if not created and job.state == DocumentJob.State.FAILED:
            # Asking again after a failure is the one way to try once more.
            retried = DocumentJob.objects.filter(pk=job.pk, state=DocumentJob.State.FAILED) \
                .update(state=DocumentJob.State.WAITING, error="", started_at=None,
                        finished_at=None)
            created = bool(retried)
        if created:
            make_document.enqueue(job.pk)
        record(category=Category.DATA, action="document", user=user,
               association=access.association, obj=job, request=request,
               detail={"kind": kind_slug, "year": year, "format": fmt,
                       "published": key["published"], "scope": key["scope"],
                       "made": created})
    job.refresh_from_db()
    return job


def _fail(job_id: int, message: str) -> None:
    DocumentJob.objects.filter(pk=job_id).update(
        state=DocumentJob.State.FAILED, error=message, finished_at=timezone.now())


@task()
def make_document(job_id: int) -> None:
    """Make one job's file. Claims the job first, so two workers never make it twice."""
    claimed = DocumentJob.objects.filter(pk=job_id, state=DocumentJob.State.WAITING).update(
        state=DocumentJob.State.RUNNING, started_at=timezone.now())
    if not claimed:
        return
    job = DocumentJob.objects.select_related("association").get(pk=job_id)
    with translation.override(job.language):
        kind = get_kind(job.kind)
        found = FORMATS.get(job.format)
        if kind is None or found is None:
            _fail(job_id, _("This document cannot be made."))
            return
        try:
            report = build_report(kind, job_scope(job), job.year, publish=job.published)
            content = found.render(report)
            name = file_name(kind.title, report, found.extension)
        except (OpenPeriod, NonStandardPeriod) as not_yet:
            _fail(job_id, str(not_yet))
            return
        except Exception:
            # The reader gets a sentence, the log the traceback.
            logger.exception("document job %s failed", job_id)
            _fail(job_id, _("The document could not be made. Try again; if it fails again, "
                            "tell whoever runs Samsyn."))
            return
    body = content.encode() if isinstance(content, str) else content
    DocumentJob.objects.filter(Q(pk=job_id), Q(state=DocumentJob.State.RUNNING)).update(
        state=DocumentJob.State.DONE, content=body, file_name=name,
        content_type=found.content_type, finished_at=timezone.now())
