"""A plan's observation records as a CSV file: one row per record, every text cell made inert for
spreadsheets (observers write free text, and a line can start with "=" or "-")."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cocreate.lib.exports import csv_response

from .models import FindingKind, ObservationPlan, ObservationRecord


def _names(record: ObservationRecord) -> str:
    people = [u.display_name for u in record.observers.all()] + [p.name for p in record.partners.all()]
    return "; ".join(people)


def _steps(record: ObservationRecord) -> str:
    lines = []
    for i, s in enumerate(record.steps.all(), start=1):
        line = f"{i}. {s.expected or '—'} → {s.happened or '—'}"
        lines.append(f"{line} ({s.note})" if s.note else line)
    return "\n".join(lines)


def _became(finding) -> str:
    became = []
    if finding.feedback_item_id:
        became.append(_("feedback item"))
    if finding.cycle_id:
        became.append(_("change idea"))
    return f" [{', '.join(became)}]" if became else ""


def _findings(record: ObservationRecord, kind: str) -> str:
    return "\n".join(f.text + _became(f) for f in record.findings.all() if f.kind == kind)


def record_rows(records: list[ObservationRecord]) -> tuple[list[str], list[list]]:
    """(header, rows) in date order, from records as `queries.records_of` returns them."""
    header = [
        _("Date observed"),
        _("From"),
        _("Until"),
        _("Who observed"),
        _("Who was present, and their roles"),
        _("Steps: expected → what happened"),
        _("What surprised us"),
        _("Confusing or frustrating"),
        _("Bottlenecks or challenges"),
        _("Changes to try"),
    ]
    rows = [
        [
            r.observed_on.isoformat(),
            r.started_at.strftime("%H:%M") if r.started_at else "",
            r.ended_at.strftime("%H:%M") if r.ended_at else "",
            _names(r),
            r.present,
            _steps(r),
            r.surprises,
            _findings(r, FindingKind.CONFUSION),
            _findings(r, FindingKind.BOTTLENECK),
            _findings(r, FindingKind.CHANGE),
        ]
        for r in records
    ]
    return header, rows


def records_csv_response(plan: ObservationPlan, records: list[ObservationRecord]) -> HttpResponse:
    name = slugify(plan.process)[:40] or "observation"
    return csv_response(*record_rows(records), f"observation-{plan.pk}-{name}.csv")
