from typing import Any

from samsyn.reports.models import DocumentJob


def extend_world(world: Any) -> None:
    world.url_values["kind_slug"] = "interventions"
    world.url_values["document_kind"] = "annual-report"
    # A published document of the whole förbund: every reader of the reports may open it.
    job = DocumentJob.objects.create(
        association=world.association, kind="annual-report", year=world.plan.year,
        scope="all", published=True, version="2022-12-31:0", format="pdf", language="sv",
        state=DocumentJob.State.DONE, content=b"%PDF-1.7 test", file_name="test.pdf",
        content_type="application/pdf")
    world.url_values["job_id"] = job.pk
    world.extra["document_job"] = job
