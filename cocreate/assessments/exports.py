"""Results as files: CSV and XLSX for analysis, a PDF report to print and hand out.

All three are built from the same `AdministrationResults` as the page: section and item scores,
how many people gave each answer, and for paired instruments the alignment between perspectives,
each as `disclosure` lets it be shown (an item fewer than three people answered has blank cells and
"<3" people; a perspective group of one or two, and every group beside it, is withheld). No respondent
is ever named: the rows are loaded without one.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocreate.lib.exports import Sheet, csv_blocks, xlsx_bytes

from . import charts, disclosure
from .models import Perspective
from .results import AdministrationResults, Trend

WITHHELD = (
    disclosure.WITHHELD_SIZE
)  # in a file a group under three shows its size this way, never its answers


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


def _number(value: float | None):
    return "" if value is None else value


def summary_block(r: AdministrationResults) -> tuple[str, list[str], list[list]]:
    adm = r.adm
    rows: list[list] = [
        [_("Assessment"), r.name],
        [_("Version"), r.version.number],
        [_("Community"), adm.community.name],
        [_("Stage"), adm.get_stage_display()],
        [_("Opened"), timezone.localtime(adm.opened_at).date().isoformat()],
        [_("Status"), r.status_line],
        [_("Responses"), r.responses],
        [_("Scoring"), r.unit],
        [_("Target"), _number(r.target)],
        [_("Total"), _number(r.total)],
        [_("Total below the target"), _yes_no(r.total_below)],
    ]
    return _("Summary"), [_("Field"), _("Value")], rows


def section_block(r: AdministrationResults) -> tuple[str, list[str], list[list]]:
    headers = [_("Section"), _("Score"), _("Target"), _("Below the target"), _("Items agreed")]
    rows = [
        [s.title, _number(s.score), _number(r.target), _yes_no(s.below), f"{s.agreed}/{len(s.items)}"]
        for s in r.sections
    ]
    return _("Sections"), headers, rows


def item_block(r: AdministrationResults) -> tuple[str, list[str], list[list]]:
    scale = [point["value"] for point in r.scale]
    headers = [
        _("Number"),
        _("Section"),
        _("Item"),
        _("Score"),
        _("Agreed value"),
        _("Mean of individual answers"),
        _("Answers (n)"),
        *[_("Answered “%(label)s”") % {"label": label} for label in r.scale_labels],
        _("Below the target"),
        _("Pending gap"),
    ]
    sections = {s.section.pk: s.title for s in r.sections}
    withheld: list[Any] = ["", WITHHELD, *["" for _v in scale]]
    rows = [
        [
            row.number,
            sections[row.item.section_id],
            row.text,
            _number(row.score),
            row.value if row.agreed else "",
            *(
                withheld
                if row.withheld
                else [_number(row.spread.mean), row.spread.n, *[row.spread.counts.get(v, 0) for v in scale]]
            ),
            _yes_no(row.below),
            _yes_no(row.pending),
        ]
        for row in r.items
    ]
    return _("Items"), headers, rows


def alignment_block(r: AdministrationResults) -> tuple[str, list[str], list[list]] | None:
    if r.alignment is None:
        return None
    headers = [
        _("Number"),
        _("Item"),
        _("Professional expertise: %"),
        _("Professional expertise: people"),
        _("Lived experience: %"),
        _("Lived experience: people"),
        _("Gap (points)"),
        _("Flagged"),
    ]
    rows = []
    for a in r.alignment:
        cells: list = []
        for p in (Perspective.PROFESSIONAL, Perspective.LIVED):
            share, size = a.shares.get(p), a.sizes.get(p, 0)
            cells += ["" if share is None else share, WITHHELD if size is None else size]
        rows.append([a.item.number, a.item.text, *cells, _number(a.gap), _yes_no(a.flagged)])
    return _("Alignment"), headers, rows


def blocks(r: AdministrationResults) -> list[tuple[str, list[str], list[list]]]:
    found = [summary_block(r), section_block(r), item_block(r), alignment_block(r)]
    return [b for b in found if b is not None]


def filename(r: AdministrationResults, extension: str) -> str:
    """'riverside-capacity-2026-03-03-results.csv': community, instrument, when it opened, what."""
    adm = r.adm
    opened = timezone.localtime(adm.opened_at).date().isoformat()
    what = "report" if extension == "pdf" else "results"
    return f"{adm.community.slug}-{adm.instrument_key}-{opened}-{what}.{extension}"


def _sheets(r: AdministrationResults) -> list[Sheet]:
    return [Sheet(title, headers, rows, max_width=48) for title, headers, rows in blocks(r)]


def build_csv(r: AdministrationResults) -> bytes:
    """One file, one block per table (summary, sections, items, alignment), a blank line between them."""
    return csv_blocks(_sheets(r))


def build_xlsx(r: AdministrationResults) -> bytes:
    """One sheet per table, header row in bold and frozen."""
    return xlsx_bytes(_sheets(r))


def render_report_html(r: AdministrationResults, trend: Trend | None, *, paper: str = "letter") -> str:
    """The printable report. The charts are the page's Vega-Lite specs rendered to SVG by vl-convert."""
    adm = r.adm
    section_chart = charts.section_chart(r)
    trend_chart = charts.trend_chart(trend) if trend is not None and trend.enough else None
    return render_to_string(
        "assessments/results/report.html",
        {
            "r": r,
            "adm": adm,
            "community": adm.community,
            "org": adm.organization,
            "trend": trend,
            "section_svg": section_chart.svg(adm.community.name),
            "section_chart": section_chart,
            "trend_svg": trend_chart.svg(adm.community.name) if trend_chart else "",
            "trend_chart": trend_chart,
            "opened": date_format(timezone.localtime(adm.opened_at), "DATE_FORMAT"),
            "printed": date_format(timezone.localdate(), "DATE_FORMAT"),
            "paper": {"a4": "A4"}.get(paper, "letter"),
            "min_group": disclosure.MIN_GROUP,
        },
    )


def build_pdf(r: AdministrationResults, trend: Trend | None, *, paper: str = "letter") -> bytes:
    """Through WeasyPrint, fetching nothing: the stylesheet is inline and the charts are inline SVG."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_report_html(r, trend, paper=paper)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=set())).write_pdf()
