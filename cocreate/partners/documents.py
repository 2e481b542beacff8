"""The engagement plan as documents a team hands out at a meeting: an editable DOCX and a PDF.

Both are built from the same `PlanContents` as the page, so they carry the same four sections: partners
and their roles, goals for participation (with each partner's current and planned levels), who engages
whom and how, and the agreements established. Text is written in the language of the request.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import EngagementLevel, EngagementPlan, Level
from .plan import LevelCell, PlanContents

PAPER_SIZES = {"letter": "letter", "a4": "A4"}


def version_line(plan: EngagementPlan) -> str:
    """'Version 7, updated Nov. 26, 2026 by Dana Brooks' — the line that dates a printed copy."""
    when = date_format(timezone.localtime(plan.updated_at), "DATE_FORMAT")
    if plan.updated_by is not None:
        return _("Version %(version)s, updated %(date)s by %(person)s") % {
            "version": plan.version,
            "date": when,
            "person": plan.updated_by.display_name,
        }
    return _("Version %(version)s, updated %(date)s") % {"version": plan.version, "date": when}


def printed_line() -> str:
    return _("Printed on %(date)s") % {"date": date_format(timezone.localdate(), "DATE_FORMAT")}


def filename(contents: PlanContents, extension: str) -> str:
    """'riverside-engagement-plan-v7.docx': the community, what it is, and which version."""
    return f"{contents.community.slug}-engagement-plan-v{contents.plan.version}.{extension}"


def level_text(level: EngagementLevel | LevelCell | None) -> str:
    """'Consult → Collaborate' when the team plans to move, else the one level."""
    if level is None:
        return "—"
    current = str(Level(level.current).label)
    if level.planned == level.current:
        return current
    return f"{current} → {Level(level.planned).label}"


def ladder_line() -> str:
    return " → ".join(str(level.label) for level in Level)


def section_titles() -> list[str]:
    return [
        _("1. Partners and their roles"),
        _("2. Goals for the extent of participation"),
        _("3. Who engages whom, and how"),
        _("4. Agreements established"),
    ]


# DOCX ------------------------------------------------------------------------------------------------


def build_docx(contents: PlanContents) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    community, org, plan = contents.community, contents.organization, contents.plan
    title = _("Partnership engagement plan")
    doc.core_properties.title = f"{title} — {community.name}"
    doc.core_properties.author = org.name
    doc.core_properties.revision = plan.version
    doc.styles["Normal"].font.size = Pt(10.5)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    # Margins that leave the same text width on Letter and A4, so the tables fit on either paper.
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    footer = section.footer.paragraphs[0]
    footer.text = f"{community.name} · {title} · {version_line(plan)}"
    footer.runs[0].font.size = Pt(8)

    doc.add_heading(title, level=0)
    heading = doc.add_paragraph()
    heading.add_run(community.name).bold = True
    heading.add_run(f" — {org.name}")
    if community.initiative_id:
        heading.add_run(f" · {community.initiative.name}")
    doc.add_paragraph(f"{version_line(plan)}. {printed_line()}.")

    s1, s2, s3, s4 = section_titles()

    doc.add_heading(s1, level=1)
    if not contents.teams:
        doc.add_paragraph(_("No teams yet."))
    for block in contents.teams:
        doc.add_heading(block.team.name, level=2)
        if block.team.purpose:
            doc.add_paragraph(block.team.purpose)
        if not block.roles:
            doc.add_paragraph(_("Nobody is placed on this team yet."))
            continue
        rows = [
            [
                role.partner.name + (f" ({_('lived experience')})" if role.partner.lived_experience else ""),
                str(role.partner.get_partner_type_display()),
                role.title,
                role.responsibilities,
            ]
            for role in block.roles
        ]
        _table(
            doc, [_("Partner"), _("Type"), _("Role"), _("Responsibilities")], rows, widths=[4, 3.5, 3.5, 6]
        )
    if contents.without_role:
        p = doc.add_paragraph()
        p.add_run(_("At the table without a team role yet: ")).bold = True
        p.add_run(", ".join(partner.name for partner in contents.without_role))

    doc.add_heading(s2, level=1)
    goals = plan.participation_goals.strip()
    for paragraph in goals.split("\n\n") if goals else [_("No goals written yet.")]:
        doc.add_paragraph(paragraph.strip())
    doc.add_heading(_("Current and planned level, by area"), level=2)
    doc.add_paragraph(_("The ladder, from least to most involved: %(ladder)s.") % {"ladder": ladder_line()})
    if contents.level_rows:
        headers = [_("Partner")] + [str(area.label) for area in contents.areas]
        rows = [
            [row.partner.name + (" *" if row.partner.lived_experience else "")]
            + [level_text(level) for _area, level in row.cells]
            for row in contents.level_rows
        ]
        _table(doc, headers, rows, size=Pt(8.5))
        note = doc.add_paragraph(_("* brings lived experience. “A → B”: now at A, planned to reach B."))
        note.runs[0].font.size = Pt(8.5)
    else:
        doc.add_paragraph(_("No engagement levels recorded yet."))

    doc.add_heading(s3, level=1)
    if contents.entries:
        _table(
            doc,
            [_("Who is responsible"), _("Engages whom"), _("How")],
            [[e.responsible, e.whom, e.strategies] for e in contents.entries],  # type: ignore[attr-defined]  # added to the instance for display
            widths=[4, 4, 9],
        )
    else:
        doc.add_paragraph(_("Nobody has been named yet to engage partners."))

    doc.add_heading(s4, level=1)
    if contents.agreements:
        _table(
            doc,
            [_("With whom"), _("What was agreed"), _("When")],
            [
                [a.with_whom, a.what, date_format(a.agreed_on, "DATE_FORMAT") if a.agreed_on else "—"]
                for a in contents.agreements
            ],
            widths=[4, 9.5, 3.5],
        )
    else:
        doc.add_paragraph(_("No agreements recorded yet."))

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, headers: list[str], rows: list[list[str]], *, widths=None, size=None):
    """A bordered table whose header row repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        if size:
            run.font.size = size
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            lines = str(text or "").splitlines() or [""]
            cell.text = ""
            paragraph = cell.paragraphs[0]
            for i, line in enumerate(lines):
                run = paragraph.add_run(line)
                if size:
                    run.font.size = size
                if i < len(lines) - 1:
                    run.add_break()
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    doc.add_paragraph()
    return table


# PDF -------------------------------------------------------------------------------------------------


def render_print_html(contents: PlanContents, *, paper: str = "letter") -> str:
    return render_to_string(
        "partners/plan/print.html",
        {
            "c": contents,
            "plan": contents.plan,
            "community": contents.community,
            "org": contents.organization,
            "version_line": version_line(contents.plan),
            "printed_line": printed_line(),
            "sections": section_titles(),
            "ladder_line": ladder_line(),
            "paper": PAPER_SIZES.get(paper, "letter"),
        },
    )


def build_pdf(contents: PlanContents, *, paper: str = "letter") -> bytes:
    """The print template through WeasyPrint. Nothing is fetched: the stylesheet is inline and any
    other address (an image someone typed into a text field, say) is refused."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_print_html(contents, paper=paper)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=set())).write_pdf()
