"""Dosage in spreadsheets: one row per month (CSV, and the first sheet of the XLSX), plus the events
themselves on a second XLSX sheet, written by `lib/exports` (which makes text cells inert for spreadsheets).

The events sheet names no one: no attendee, no facilitator. Counts by partner type carry what an
evaluator needs, and the summaries are the team's own words about the work.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.models import Community
from cocreate.lib.exports import Sheet, csv_bytes, xlsx_bytes
from cocreate.partners.models import CAPACITY_DOMAINS, DOMAIN_LABELS, PARTNER_TYPE_SHORT, PartnerType
from cocreate.planning.models import Action, Goal

from .models import (
    FUNCTION_SHORT,
    HEADCOUNT_FIELDS,
    Function,
    SupportEvent,
    SupportEventAction,
    SupportEventGoal,
    SupportType,
)
from .queries.dosage import MonthDosage


def events_serving_plan(community: Community, dosage: list[MonthDosage]) -> dict[date, int]:
    """{month: events that served a goal or action of the plan} over the months exported (one query)."""
    if not dosage:
        return {}
    served = Exists(SupportEventGoal.objects.filter(event=OuterRef("pk"))) | Exists(
        SupportEventAction.objects.filter(event=OuterRef("pk"))
    )
    rows = (
        SupportEvent.objects.filter(
            organization_id=community.organization_id,
            community=community,
            date__gte=dosage[0].month,
            date__lte=timezone.localdate(),
        )
        .filter(served)
        .annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {(r["month"].date() if isinstance(r["month"], datetime) else r["month"]): r["n"] for r in rows}


def dosage_table(
    community: Community, dosage: list[MonthDosage], served: dict[date, int] | None = None
) -> tuple[list[str], list[list]]:
    """Header and one row per month: events, hours, hours by type, function and domain, headcounts, and
    (with `served`) the events that served a goal or action of the community's plan."""
    served = served or {}
    types, functions = list(SupportType), list(Function)
    ptypes = [PartnerType(p) for p in PartnerType.values]
    header = [
        _("community"),
        _("month"),
        _("events"),
        _("hours"),
        *[_("hours: %(type)s") % {"type": t.label} for t in types],
        *[_("hours: %(function)s") % {"function": FUNCTION_SHORT[f]} for f in functions],
        *[_("hours: %(domain)s") % {"domain": label} for _key, label in CAPACITY_DOMAINS],
        *[_("people present: %(type)s") % {"type": PARTNER_TYPE_SHORT[p]} for p in ptypes],
        _("partner types reached"),
        _("events serving the plan"),
    ]
    rows = []
    for m in dosage:
        rows.append(
            [
                community.name,
                m.month.strftime("%Y-%m"),
                m.events,
                m.hours,
                *[m.by_type.get(t.value, Decimal(0)) for t in types],
                *[m.by_function.get(f.value, Decimal(0)) for f in functions],
                *[m.by_domain.get(key, Decimal(0)) for key, _label in CAPACITY_DOMAINS],
                *[m.headcounts.get(p.value, 0) for p in ptypes],
                len(m.partner_types_reached),
                served.get(m.month, 0),
            ]
        )
    return header, rows


def events_table(events) -> tuple[list[str], list[list]]:
    """One row per event (prefetch `domains`, `goals`, `actions`): what was done, for how long, with whom
    by type, and which goals and actions of the plan it served."""
    ptypes = [PartnerType(p) for p in PartnerType.values]
    header = [
        _("date"),
        _("hours"),
        _("type of support"),
        _("intermediary function"),
        _("modality"),
        _("capacity domains"),
        _("goals served"),
        _("actions served"),
        *[_("people present: %(type)s") % {"type": PARTNER_TYPE_SHORT[p]} for p in ptypes],
        _("summary"),
        _("next steps"),
    ]
    type_labels = {value: str(label) for value, label in SupportType.choices}
    function_labels = {value: str(label) for value, label in Function.choices}
    rows = []
    for e in events:
        rows.append(
            [
                e.date,
                e.hours,
                type_labels[e.event_type],
                function_labels[e.function],
                e.get_modality_display(),
                "; ".join(str(DOMAIN_LABELS[d.domain]) for d in e.domains.all()),
                "; ".join(g.statement for g in e.goals.all()),
                "; ".join(a.strategy for a in e.actions.all()),
                *[getattr(e, HEADCOUNT_FIELDS[p.value]) for p in ptypes],
                e.summary,
                e.next_steps,
            ]
        )
    return header, rows


def to_csv(header: list[str], rows: list[list]) -> bytes:
    """Hours with one decimal, as on the page; in the workbook they stay numbers."""
    return csv_bytes(header, ([f"{v:.1f}" if isinstance(v, Decimal) else v for v in row] for row in rows))


def dosage_xlsx(community: Community, dosage: list[MonthDosage], events) -> bytes:
    return xlsx_bytes(
        [
            Sheet(
                _("Dosage by month"), *dosage_table(community, dosage, events_serving_plan(community, dosage))
            ),
            Sheet(_("Support events"), *events_table(events)),
        ]
    )


def filename(community: Community, extension: str) -> str:
    return f"{community.slug}-support-dosage-{timezone.localdate().isoformat()}.{extension}"


def export_events(community: Community, first: date | None):
    """The events on the XLSX's second sheet: those in the months exported, oldest first."""
    events = SupportEvent.objects.filter(organization_id=community.organization_id, community=community)
    if first is not None:
        events = events.filter(date__gte=first)
    return (
        events.filter(date__lte=timezone.localdate())
        .order_by("date", "pk")
        .prefetch_related(
            "domains",
            Prefetch("goals", Goal.objects.only("pk", "statement")),
            Prefetch("actions", Action.objects.only("pk", "strategy")),
        )
    )
