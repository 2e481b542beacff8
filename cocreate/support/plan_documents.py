"""A published version of the implementation-support plan as documents: an editable DOCX and a PDF.

Both are built from the same `PlanDocument` as the page shows: the narrative (what the support is for,
how we will work together) and the activities by stage, each with its support functions, who provides
it and when. The head, the tables and the print pipeline are the versioned documents' own
(`cocreate/core/versioned.py`), so every plan looks alike on paper. Text is written in the language of
the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from cocreate.core import versioned
from cocreate.core.models import Community, Organization

from . import plan as support_plan
from .models import SupportPlanVersion

paragraphs = versioned.paragraphs


@dataclass
class PlanDocument:
    community: Community
    organization: Organization
    version: SupportPlanVersion
    groups: list[support_plan.StageGroup]


def plan_document(community: Community, version: SupportPlanVersion) -> PlanDocument:
    activities = support_plan.activities_of(version)
    return PlanDocument(
        community=community,
        organization=community.organization,
        version=version,
        groups=support_plan.by_stage(activities),
    )


def title() -> str:
    return _("Implementation-support plan")


def version_line(version: SupportPlanVersion) -> str:
    """'Version 2, published Nov. 26, 2026 by Pat Practitioner' — the line that dates a printed copy."""
    return versioned.published_line(version)


def filename(doc: PlanDocument, extension: str) -> str:
    """'riverside-support-plan-v2.pdf': the community, what it is, and which version."""
    return f"{doc.community.slug}-support-plan-v{doc.version.number}.{extension}"


def activity_cells(activity) -> list[str]:
    what = activity.title + (f"\n{activity.details}" if activity.details else "")
    return [
        what,
        "\n".join(activity.function_names),
        "\n".join(activity.provider_list) or "—",
        activity.timing or "—",
    ]


def headers() -> list[str]:
    return [_("Activity"), _("Support functions"), _("Who provides it"), _("When")]


def build_docx(doc_data: PlanDocument) -> bytes:
    version = doc_data.version

    def body(doc) -> None:
        doc.add_heading(_("What the support is for"), level=1)
        for text in paragraphs(version.purpose) or [_("Not written yet.")]:
            doc.add_paragraph(text)
        doc.add_heading(_("How we will work together"), level=1)
        for text in paragraphs(version.how_we_work) or [_("Not written yet.")]:
            doc.add_paragraph(text)
        doc.add_heading(_("Support activities by stage"), level=1)
        for group in doc_data.groups:
            doc.add_heading(group.label, level=2)
            if not group.activities:
                doc.add_paragraph(_("No activities planned for this stage."))
                continue
            versioned.docx_table(
                doc, headers(), [activity_cells(a) for a in group.activities], widths=[7, 3.5, 3.5, 3]
            )

    return versioned.render_docx(
        title=title(),
        community=doc_data.community,
        version_line=version_line(version),
        revision=version.number or 0,
        body=body,
    )


def print_context(doc_data: PlanDocument, *, paper: str = "letter") -> dict:
    rows = [(group, [(a, activity_cells(a)) for a in group.activities]) for group in doc_data.groups]
    return {
        "title": title(),
        "community": doc_data.community,
        "org": doc_data.organization,
        "version": doc_data.version,
        "purpose": paragraphs(doc_data.version.purpose),
        "how_we_work": paragraphs(doc_data.version.how_we_work),
        "groups": rows,
        "headers": headers(),
        "version_line": version_line(doc_data.version),
        "paper": versioned.paper_size(paper),
    }


def build_pdf(doc_data: PlanDocument, *, paper: str = "letter") -> bytes:
    return versioned.render_pdf("support/plan_print.html", print_context(doc_data, paper=paper))
