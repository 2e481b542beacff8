"""The results report of a round as a PDF, prepared in the task queue (`cocreate.core.jobs`).

Registered in `AssessmentsConfig.ready()`; the "PDF report" button posts to `views_results.report_pdf`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from cocreate.core.access import Tenant
from cocreate.core.jobs import DocumentJob, DocumentUnavailable, Rendered, register_document_kind
from cocreate.core.models import Community
from cocreate.lib.exports import PDF_TYPE

from . import exports
from . import results as reads
from .models import Administration


def render_report_pdf(job: DocumentJob) -> Rendered:
    adm = Administration.objects.select_related("version__instrument").get(
        pk=job.parameters["administration"], organization=job.organization, community=job.community
    )
    community = job.community
    assert community is not None
    community.organization = adm.organization = job.organization
    adm.community = community
    r = reads.results_for(adm)
    if r.scores_withheld:  # nothing may be shown of it (`disclosure`): the page would say the same
        raise DocumentUnavailable(r.withheld_reason)
    trend = reads.trend_for(community, adm.instrument_key, until=adm)
    pdf = exports.build_pdf(r, trend, paper=job.parameters.get("paper", "letter"))
    return Rendered(pdf, exports.filename(r, "pdf"), PDF_TYPE)


def may_export(tenant: Tenant, community: Community | None) -> bool:
    return community is not None and tenant.can("assessment.export", community)


def register() -> None:
    register_document_kind(
        "assessments.report_pdf",
        label=gettext_lazy("Assessment results report (PDF)"),
        render=render_report_pdf,
        may_request=may_export,
    )
