"""Large documents (PDF, DOCX) are prepared in the task queue, not inside the request.

A person presses "Download"; the view checks they may, calls `prepare_document`, and they land on a
progress page that refreshes itself until the document is ready (or failed, with a retry). A worker
renders it; the bytes are kept in the database row, so any application server can hand them out, and
the row is deleted once it expires.

Core knows no domain app: each app registers the documents it offers, in its `AppConfig.ready()`.
Wiring a new document is a few lines:

    # myapp/downloads.py
    from cocreate.core.jobs import DocumentJob, Rendered, register_document_kind

    def render_report(job: DocumentJob) -> Rendered:
        thing = Thing.objects.get(pk=job.parameters["thing"], organization=job.organization)
        return Rendered(build_pdf(thing), f"{thing.slug}.pdf", "application/pdf")

    def register() -> None:
        register_document_kind(
            "myapp.report",
            label=gettext_lazy("Report (PDF)"),
            render=render_report,
            may_request=lambda tenant, community: tenant.can("thing.view", community),
        )

    # myapp/apps.py, in ready():  from .downloads import register; register()

    # the view behind the download button (a POST form):
    @require_POST
    @org_view
    def report_pdf(request, tenant, slug, pk):
        thing = access_thing(tenant, slug, pk)           # the usual checked read: 404 / 403
        return prepare_document(request, tenant, "myapp.report", community=thing.community,
                                parameters={"thing": thing.pk})

`render` runs in the worker, in the language and time zone of the request that asked. It may raise
`DocumentUnavailable("a sentence for people")`; any other exception is logged and the person sees a
general failure with a retry. `may_request` is asked again on every visit to the progress page and
the download: someone who lost access to the community since gets the same 404 as for a missing job.

Expired jobs (`KEEP_FOR` after they were asked for) are never shown; their rows are deleted on the
next "prepare" request of anyone (one DELETE), and by `cocreate purge-document-jobs` for quiet sites.
"""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_tasks import task

from .access import Tenant
from .models import Community
from .models_jobs import DocumentJob, JobStatus

__all__ = [
    "DocumentJob",
    "DocumentUnavailable",
    "JobStatus",
    "Rendered",
    "access_document_job",
    "do_request_document",
    "do_retry_document",
    "prepare_document",
    "purge_expired_jobs",
    "register_document_kind",
]

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(hours=24)  # a prepared document stays downloadable this long
# Pressing the button again within this time gets the same job back (double clicks, impatient
# reloads); later, the document is prepared afresh, so it shows the latest edits.
REUSE_WITHIN = timedelta(seconds=60)
# A job still waiting or running after this long is presumed lost (a worker stopped): offer a retry.
STUCK_AFTER = timedelta(minutes=10)


class Rendered(NamedTuple):
    content: bytes
    filename: str
    content_type: str


class DocumentUnavailable(Exception):
    """Raised by a renderer when the document cannot be made; the message is shown to the person."""


@dataclass(frozen=True)
class DocumentKind:
    key: str
    label: str | Promise
    render: Callable[[DocumentJob], Rendered | tuple[bytes, str, str]]
    may_request: Callable[[Tenant, Community | None], bool]


_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(
    key: str,
    *,
    label: str | Promise,
    render: Callable[[DocumentJob], Rendered | tuple[bytes, str, str]],
    may_request: Callable[[Tenant, Community | None], bool],
) -> None:
    """Offer a document: `render(job)` -> (bytes, filename, content type); `may_request(tenant, community)`."""
    existing = _KINDS.get(key)
    if existing is not None and existing.render is not render:
        raise ValueError(f"document kind {key!r} is already registered")
    _KINDS[key] = DocumentKind(key, label, render, may_request)


def document_kind(key: str) -> DocumentKind:
    return _KINDS[key]


# Writes ----------------------------------------------------------------------------------------------


def do_request_document(
    tenant: Tenant,
    kind: str,
    *,
    community: Community | None,
    parameters: dict[str, Any] | None = None,
    return_url: str = "",
) -> DocumentJob:
    """A job preparing this document for this person: a recent identical one if there is one, else a
    new one, queued once the transaction commits. The caller has checked the person may ask."""
    if kind not in _KINDS:
        raise KeyError(f"unknown document kind {kind!r}")
    parameters = parameters or {}
    user = tenant.user
    now = timezone.now()
    language = translation.get_language() or "en"
    with transaction.atomic():
        # One person's requests run one at a time, so a double click cannot make two jobs.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        DocumentJob.objects.filter(expires_at__lte=now).delete()
        recent = (
            DocumentJob.objects.filter(
                organization=tenant.organization,
                community=community,
                requested_by=user,
                kind=kind,
                parameters=parameters,
                language=language,
                created_at__gte=now - REUSE_WITHIN,
            )
            .exclude(status=JobStatus.FAILED)
            .defer("content")
            .first()
        )
        if recent is not None:
            recent.organization = tenant.organization
            return recent
        job = DocumentJob.objects.create(
            organization=tenant.organization,
            community=community,
            requested_by=user,
            kind=kind,
            parameters=parameters,
            language=language,
            time_zone=timezone.get_current_timezone_name(),
            return_url=return_url[:500],
            created_at=now,
            queued_at=now,
            expires_at=now + KEEP_FOR,
        )
        transaction.on_commit(lambda: generate_document.enqueue(job.pk))
    return job


def do_retry_document(job: DocumentJob) -> bool:
    """Queue a failed (or lost) job again; False when it is not retryable, e.g. a second click."""
    now = timezone.now()
    with transaction.atomic():
        retried = (
            DocumentJob.objects.filter(pk=job.pk)
            .filter(retryable_q(now))
            .update(
                status=JobStatus.QUEUED,
                error="",
                queued_at=now,
                started_at=None,
                finished_at=None,
                expires_at=now + KEEP_FOR,
            )
        )
        if retried:
            transaction.on_commit(lambda: generate_document.enqueue(job.pk))
    return bool(retried)


def retryable_q(now) -> Q:
    return Q(status=JobStatus.FAILED) | Q(
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING], queued_at__lt=now - STUCK_AFTER
    )


def is_retryable(job: DocumentJob) -> bool:
    if job.status == JobStatus.FAILED:
        return True
    return not job.is_finished and job.queued_at < timezone.now() - STUCK_AFTER


def purge_expired_jobs() -> int:
    """Delete every expired job (and its document); returns how many."""
    deleted, _counts = DocumentJob.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


# The task --------------------------------------------------------------------------------------------


@task()
def generate_document(job_id: int) -> None:
    """Render one job's document and record it, or record why it could not be made."""
    claimed = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # another worker has it, or it was deleted
        return
    job = DocumentJob.objects.select_related("organization", "community").defer("content").get(pk=job_id)
    kind = _KINDS.get(job.kind)
    try:
        if kind is None:
            raise LookupError(f"unknown document kind {job.kind!r}")
        with translation.override(job.language), _time_zone(job.time_zone):
            content, filename, content_type = kind.render(job)
    except DocumentUnavailable as refusal:
        with translation.override(job.language):
            _finish(job, status=JobStatus.FAILED, error=str(refusal))
        return
    except Exception:
        logger.exception("document job %s (%s) failed", job.pk, job.kind)
        with translation.override(job.language):
            error = _(
                "Something went wrong while preparing this document. Try again; if it fails again, "
                "tell your network admin."
            )
            _finish(job, status=JobStatus.FAILED, error=error)
        return
    _finish(job, status=JobStatus.DONE, content=content, filename=filename, content_type=content_type)


def _finish(job: DocumentJob, **fields: Any) -> None:
    DocumentJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        finished_at=timezone.now(), **fields
    )


def _time_zone(name: str):
    try:
        zone = zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = None
    return timezone.override(zone) if zone else timezone.override(timezone.get_current_timezone())


# Reads and the view helper ---------------------------------------------------------------------------


def access_document_job(tenant: Tenant, pk: int, *, with_content: bool = False) -> DocumentJob:
    """The signed-in person's own job, unexpired, in a community they may still ask it for; the same
    404 for missing, expired, someone else's, or no longer theirs to see."""
    qs = DocumentJob.objects.select_related("community").filter(
        pk=pk,
        organization=tenant.organization,
        requested_by=tenant.user,
        expires_at__gt=timezone.now(),
    )
    if not with_content:
        qs = qs.defer("content")
    job = qs.first()
    if job is None:
        raise Http404
    kind = _KINDS.get(job.kind)
    if kind is None or not kind.may_request(tenant, job.community):
        raise Http404
    if job.community is not None and job.community.organization_id == tenant.organization.pk:
        job.community.organization = tenant.organization
    job.organization = tenant.organization
    return job


def prepare_document(
    request: HttpRequest,
    tenant: Tenant,
    kind: str,
    *,
    community: Community | None,
    parameters: dict[str, Any] | None = None,
) -> HttpResponse:
    """What a "download" view returns once it has checked the person may: the job's progress page.

    The page the button was on (the Referer, when it is ours) becomes the progress page's way back.
    """
    if not _KINDS[kind].may_request(tenant, community):
        raise Http404
    back = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    job = do_request_document(tenant, kind, community=community, parameters=parameters, return_url=back)
    return redirect(job.get_absolute_url())
