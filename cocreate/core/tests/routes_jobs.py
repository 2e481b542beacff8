"""Documents prepared in the task queue: only the person who asked sees the progress, the file, a retry.

Everyone else gets the same 404 as for a job that does not exist, whatever their role.
"""

from datetime import timedelta

from django.utils import timezone

from cocreate.core.models_jobs import DocumentJob, JobStatus
from cocreate.testing.routes import ORG_MEMBERS, Route


def lead_job(c) -> DocumentJob:
    """The Riverside lead's plan PDF, ready: made once per test and reused by every request of it."""
    job = DocumentJob.objects.filter(requested_by=c.lead).first()
    if job is None:
        now = timezone.now()
        job = DocumentJob.objects.create(
            organization=c.org,
            community=c.community,
            requested_by=c.lead,
            kind="partners.plan_pdf",
            parameters={"paper": "letter"},
            status=JobStatus.DONE,
            content=b"%PDF-1.7 a plan",
            filename="riverside-engagement-plan-v1.pdf",
            content_type="application/pdf",
            finished_at=now,
            expires_at=now + timedelta(hours=1),
        )
    return job


def job_url(c, suffix=""):
    return f"/o/{c.org.slug}/downloads/{lead_job(c).pk}/{suffix}"


NOT_THE_LEAD = ORG_MEMBERS - {"lead"}

ROUTES = [
    Route("core:document_job", job_url, frozenset({"lead"}), hidden=NOT_THE_LEAD),
    Route("core:document_job_file", lambda c: job_url(c, "file/"), frozenset({"lead"}), hidden=NOT_THE_LEAD),
    Route(
        "core:document_job_retry",
        lambda c: job_url(c, "retry/"),
        frozenset({"lead"}),
        hidden=NOT_THE_LEAD,
        method="post",
        allowed_status=302,
    ),
]
