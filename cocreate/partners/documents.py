"""The engagement plan as documents a team hands out at a meeting: an editable DOCX and a PDF.

Both are built from the same `PlanContents` as the page, so they carry the same four sections: partners
and their roles, goals for participation (with each partner's current and planned levels), who engages
whom and how, and the agreements established. The head, the tables and the print pipeline are the
versioned documents' own (`cocreate/core/versioned.py`). Text is written in the language of the request.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocreate.core import versioned

from .models import EngagementLevel, EngagementPlan, Level
from .plan import LevelCell, PlanContents


def version_line(plan: EngagementPlan) -> str:
    """'Version 7, updated Nov. 26, 2026 by Dana Brooks' — the line that dates a printed copy."""
    return versioned.version_line(plan.version, plan.updated_at, plan.updated_by, updated=True)


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


def title() -> str:
    return _("Partnership engagement plan")


def build_docx(contents: PlanContents) -> bytes:
    return versioned.render_docx(
        title=title(),
        community=contents.community,
        version_line=version_line(contents.plan),
        revision=contents.plan.version,
        body=lambda doc: _docx_body(doc, contents),
    )


def _docx_body(doc, contents: PlanContents) -> None:
    from docx.shared import Pt

    plan = contents.plan
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
        versioned.docx_table(
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
        versioned.docx_table(doc, headers, rows, size=Pt(8.5))
        note = doc.add_paragraph(_("* brings lived experience. “A → B”: now at A, planned to reach B."))
        note.runs[0].font.size = Pt(8.5)
    else:
        doc.add_paragraph(_("No engagement levels recorded yet."))

    doc.add_heading(s3, level=1)
    if contents.entries:
        versioned.docx_table(
            doc,
            [_("Who is responsible"), _("Engages whom"), _("How")],
            [[e.responsible, e.whom, e.strategies] for e in contents.entries],  # type: ignore[attr-defined]  # added to the instance for display
            widths=[4, 4, 9],
        )
    else:
        doc.add_paragraph(_("Nobody has been named yet to engage partners."))

    doc.add_heading(s4, level=1)
    if contents.agreements:
        versioned.docx_table(
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


# PDF -------------------------------------------------------------------------------------------------


def print_context(contents: PlanContents, *, paper: str = "letter") -> dict:
    return {
        "title": title(),
        "c": contents,
        "plan": contents.plan,
        "community": contents.community,
        "org": contents.organization,
        "version_line": version_line(contents.plan),
        "sections": section_titles(),
        "ladder_line": ladder_line(),
        "paper": versioned.paper_size(paper),
    }


def build_pdf(contents: PlanContents, *, paper: str = "letter") -> bytes:
    return versioned.render_pdf("partners/plan/print.html", print_context(contents, paper=paper))
