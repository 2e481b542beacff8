"""The engagement plan's DOCX and PDF, prepared in the task queue (`cocreate.core.jobs`).

Registered in `PartnersConfig.ready()`; the download buttons post to `views_plan.plan_docx/plan_pdf`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cocreate.core.access import Tenant
from cocreate.core.jobs import DocumentJob, Rendered, register_document_kind
from cocreate.core.models import Community
from cocreate.lib.exports import DOCX_TYPE, PDF_TYPE

from . import documents
from . import plan as plans
from .access import plan_for


def _contents(job: DocumentJob) -> plans.PlanContents:
    community = job.community
    assert community is not None
    community.organization = job.organization
    return plans.plan_contents(community, plan_for(community))


def render_plan_docx(job: DocumentJob) -> Rendered:
    contents = _contents(job)
    return Rendered(documents.build_docx(contents), documents.filename(contents, "docx"), DOCX_TYPE)


def render_plan_pdf(job: DocumentJob) -> Rendered:
    contents = _contents(job)
    pdf = documents.build_pdf(contents, paper=job.parameters.get("paper", "letter"))
    return Rendered(pdf, documents.filename(contents, "pdf"), PDF_TYPE)


def may_read_plan(tenant: Tenant, community: Community | None) -> bool:
    return community is not None and tenant.can("plan.view", community)


def register() -> None:
    register_document_kind(
        "partners.plan_docx",
        label=gettext_lazy("Partnership engagement plan (Word)"),
        render=render_plan_docx,
        may_request=may_read_plan,
    )
    register_document_kind(
        "partners.plan_pdf",
        label=gettext_lazy("Partnership engagement plan (PDF)"),
        render=render_plan_pdf,
        may_request=may_read_plan,
    )
