"""A published version of the implementation-support plan as documents: an editable DOCX and a PDF.

Both are built from the same `PlanDocument` as the page shows: the narrative (what the support is for,
how we will work together) and the activities by stage, each with its support functions, who provides
it and when. They reuse the engagement plan's table and print helpers (`cocreate/partners/documents.py`)
so the two plans look alike on paper. Text is written in the language of the request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocreate.core.models import Community, Organization
from cocreate.partners.documents import PAPER_SIZES, _table, printed_line

from . import support_plan
from .models import SupportPlanVersion


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
    when = date_format(timezone.localtime(version.published_at), "DATE_FORMAT")
    if version.published_by is not None:
        return _("Version %(version)s, published %(date)s by %(person)s") % {
            "version": version.number,
            "date": when,
            "person": version.published_by.display_name,
        }
    return _("Version %(version)s, published %(date)s") % {"version": version.number, "date": when}


def filename(doc: PlanDocument, extension: str) -> str:
    """'riverside-support-plan-v2.pdf': the community, what it is, and which version."""
    return f"{doc.community.slug}-support-plan-v{doc.version.number}.{extension}"


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.strip().split("\n\n") if p.strip()]


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


# DOCX ------------------------------------------------------------------------------------------------


def build_docx(doc_data: PlanDocument) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    community, org, version = doc_data.community, doc_data.organization, doc_data.version
    doc = Document()
    doc.core_properties.title = f"{title()} — {community.name}"
    doc.core_properties.author = org.name
    doc.core_properties.revision = version.number
    doc.styles["Normal"].font.size = Pt(10.5)
    section = doc.sections[0]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    footer = section.footer.paragraphs[0]
    footer.text = f"{community.name} · {title()} · {version_line(version)}"
    footer.runs[0].font.size = Pt(8)

    doc.add_heading(title(), level=0)
    heading = doc.add_paragraph()
    heading.add_run(community.name).bold = True
    heading.add_run(f" — {org.name}")
    if community.initiative_id:
        heading.add_run(f" · {community.initiative.name}")
    doc.add_paragraph(f"{version_line(version)}. {printed_line()}.")

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
        _table(doc, headers(), [activity_cells(a) for a in group.activities], widths=[7, 3.5, 3.5, 3])

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# PDF -------------------------------------------------------------------------------------------------


def render_print_html(doc_data: PlanDocument, *, paper: str = "letter") -> str:
    rows = [(group, [(a, activity_cells(a)) for a in group.activities]) for group in doc_data.groups]
    return render_to_string(
        "planning/support_plan_print.html",
        {
            "title": title(),
            "community": doc_data.community,
            "org": doc_data.organization,
            "version": doc_data.version,
            "purpose": paragraphs(doc_data.version.purpose),
            "how_we_work": paragraphs(doc_data.version.how_we_work),
            "groups": rows,
            "headers": headers(),
            "version_line": version_line(doc_data.version),
            "printed_line": printed_line(),
            "paper": PAPER_SIZES.get(paper, "letter"),
        },
    )


def build_pdf(doc_data: PlanDocument, *, paper: str = "letter") -> bytes:
    """The print template through WeasyPrint; nothing is fetched (inline stylesheet, no other address)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_print_html(doc_data, paper=paper)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=set())).write_pdf()
