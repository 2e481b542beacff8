"""The progress page of a document being prepared, its download, and a retry (see `cocreate.core.jobs`).

Only the person who asked sees any of it, while they may still ask for that document: anyone else gets
the same 404 as for a job that does not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.lib.exports import download_response

from .access import Tenant
from .http import HtmxRequest
from .jobs import JobStatus, access_document_job, do_retry_document, document_kind, is_retryable
from .views import org_view

POLL_SECONDS = 2


@org_view
def document_job(request: HtmxRequest, tenant: Tenant, pk: int) -> HttpResponse:
    job = access_document_job(tenant, pk)
    context = {
        "org": tenant.organization,
        "community": job.community,
        "initiative": None,
        "job": job,
        "label": document_kind(job.kind).label,
        "retryable": is_retryable(job),
        "poll_seconds": POLL_SECONDS,
        "statuses": JobStatus,
    }
    # htmx polls the status block alone; everyone else (no JavaScript) gets the page, which refreshes.
    template = "core/jobs/progress.html#status" if request.htmx else "core/jobs/progress.html"
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"
    return response


@org_view
def document_job_file(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    job = access_document_job(tenant, pk, with_content=True)
    if job.status != JobStatus.DONE:
        return redirect(job.get_absolute_url())
    return download_response(bytes(job.content or b""), job.filename, job.content_type, no_store=True)


@require_POST
@org_view
def document_job_retry(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    job = access_document_job(tenant, pk)
    if do_retry_document(job):
        messages.info(request, _("Trying again."))
    return redirect(job.get_absolute_url())
