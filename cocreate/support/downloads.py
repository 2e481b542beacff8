"""The implementation-support plan's DOCX and PDF, prepared in the task queue (`cocreate.core.jobs`).

Registered in `SupportConfig.ready()`; the download buttons post to `views_plan.plan_docx/plan_pdf`
with the published version's number.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cocreate.core import versioned
from cocreate.core.access import Tenant
from cocreate.core.jobs import DocumentJob, DocumentUnavailable, Rendered, register_document_kind
from cocreate.core.models import Community
from cocreate.lib.exports import DOCX_TYPE, PDF_TYPE

from . import plan_documents as documents
from .models import SupportPlanVersion


def _document(job: DocumentJob) -> documents.PlanDocument:
    community = job.community
    assert community is not None
    community.organization = job.organization
    version = (
        versioned.published(SupportPlanVersion, community).filter(number=job.parameters.get("number")).first()
    )
    if version is None:  # cannot happen through the page (it checks), but a version is never deleted
        raise DocumentUnavailable(gettext_lazy("This version of the plan does not exist."))
    return documents.plan_document(community, version)


def render_plan_docx(job: DocumentJob) -> Rendered:
    doc = _document(job)
    return Rendered(documents.build_docx(doc), documents.filename(doc, "docx"), DOCX_TYPE)


def render_plan_pdf(job: DocumentJob) -> Rendered:
    doc = _document(job)
    pdf = documents.build_pdf(doc, paper=job.parameters.get("paper", "letter"))
    return Rendered(pdf, documents.filename(doc, "pdf"), PDF_TYPE)


def may_read_plan(tenant: Tenant, community: Community | None) -> bool:
    return community is not None and tenant.can("support_plan.view", community)


def register() -> None:
    register_document_kind(
        "support.plan_docx",
        label=gettext_lazy("Implementation-support plan (Word)"),
        render=render_plan_docx,
        may_request=may_read_plan,
    )
    register_document_kind(
        "support.plan_pdf",
        label=gettext_lazy("Implementation-support plan (PDF)"),
        render=render_plan_pdf,
        may_request=may_read_plan,
    )
