"""Charts of who is at the table and how deeply: one Vega-Lite spec per chart, built here.

The page draws the spec with the vendored vega-embed; vl-convert renders the very same spec to PNG and
SVG for downloads. The data is counted in the database and inlined into the spec, labels are translated
here (month names too, so the browser's and the server's date locales never matter).

Each partner is counted once, at the deepest level they have reached in any area of the work (or in one
area, when `area` is given). A team asks "how deeply is each kind of partner at the table?": counting
per area would show a partner five times and make the bars disagree with the partner list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cocreate.core.models import Community
from cocreate.lib import charts
from cocreate.lib.charts import ROW_HEIGHT, Table, base_spec, empty_spec, grid_axis, month_axis

from .models import EngagementArea, EngagementChange, EngagementLevel, Level, Partner, PartnerType

MONTHS_SHOWN = 24  # two years of movement; older history still counts towards where people stood

# Short names: the full partner-type labels do not fit beside a bar on a phone.
TYPE_LABELS = {
    PartnerType.AGENCY: gettext_lazy("Service agencies"),
    PartnerType.FUNDER: gettext_lazy("Funders and policymakers"),
    PartnerType.INTERMEDIARY: gettext_lazy("Intermediaries and purveyors"),
    PartnerType.COMMUNITY: gettext_lazy("Community members"),
    PartnerType.RESEARCH: gettext_lazy("Researchers and evaluators"),
}
NO_LEVEL = 0  # a partner registered but not yet placed on the ladder in any area
# A light-to-dark ladder that still reads in grey print and for colour-blind readers; grey for "none yet".
LEVEL_COLORS = {
    NO_LEVEL: "#cfcfcf",
    Level.INFORM: "#b7d4ea",
    Level.CONSULT: "#80b3d9",
    Level.INVOLVE: "#4a8cc2",
    Level.COLLABORATE: "#215f9e",
    Level.CO_LEAD: "#0a3568",
}


def level_label(value: int) -> str:
    return _("Not on the ladder yet") if value == NO_LEVEL else str(Level(value).label)


@dataclass
class Chart(charts.Chart):
    community: Community
    area: EngagementArea | None = None

    def url(self, fmt: str) -> str:
        path = reverse(
            "partners:chart", args=[self.community.organization.slug, self.community.slug, self.name, fmt]
        )
        return f"{path}?area={self.area.key}" if self.area else path

    @property
    def file_subtitle(self) -> str:
        return self.community.name

    def file_parts(self) -> list[str]:
        return [self.community.slug, self.name, self.area.key if self.area else ""]


def _stacked_by_level(
    count_channel: str, top: int, levels, level_title: str, count_title: str, *, columns: int, first: dict
) -> dict:
    """The encoding both charts share: partners counted along `count_channel`, stacked rung by rung, one
    colour per rung with the legend under the chart; `first` is the tooltip's line for the other axis."""
    return {
        count_channel: {
            "field": "n",
            "type": "quantitative",
            "stack": "zero",
            "title": count_title,
            **_count_scale(top),
        },
        "color": {
            "field": "level",
            "type": "ordinal",
            "title": level_title,
            "scale": _ladder_scale(levels),
            "legend": {
                "orient": "bottom",
                "direction": "horizontal",
                "columns": columns,
                "symbolType": "square",
            },
        },
        "order": {"field": "order", "type": "quantitative"},
        "tooltip": [
            first,
            {"field": "level", "title": level_title},
            {"field": "n", "title": count_title, "format": "d"},
        ],
    }


def _ladder_scale(levels: list[int]) -> dict:
    return {"domain": [level_label(v) for v in levels], "range": [LEVEL_COLORS[v] for v in levels]}


def _count_scale(top: int) -> dict:
    """Scale and axis for a count of people: whole numbers only, from zero, even when the count is 0 or 1."""
    axis = grid_axis(format="d", tickMinStep=1)
    if top <= 10:  # Vega would otherwise put ticks at 0.5 on a short axis
        return {
            "scale": {"domain": [0, max(top, 1)]},
            "axis": {**axis, "values": list(range(max(top, 1) + 1))},
        }
    return {"scale": {"domainMin": 0}, "axis": axis}


# Partner types × level -----------------------------------------------------------------------------------


def partner_type_level_counts(
    community: Community, area: EngagementArea | None = None
) -> dict[tuple[str, int], int]:
    """{(partner type, deepest current level or NO_LEVEL): partners} for the active partners (one query)."""
    deepest = EngagementLevel.objects.filter(partner=OuterRef("pk"))
    if area is not None:
        deepest = deepest.filter(area=area)
    deepest_level = deepest.order_by().values("partner").annotate(deepest=Max("current")).values("deepest")
    rows = (
        Partner.objects.active()
        .filter(organization_id=community.organization_id, community=community)
        .annotate(level=Subquery(deepest_level))
        .order_by()
        .values("partner_type", "level")
        .annotate(n=Count("pk"))
    )
    return {(row["partner_type"], row["level"] or NO_LEVEL): row["n"] for row in rows}


def partner_types_chart(community: Community, area: EngagementArea | None = None) -> Chart:
    counts = partner_type_level_counts(community, area)
    levels = [NO_LEVEL, *Level.values]
    types = list(PartnerType)
    totals = {t: sum(counts.get((t.value, lv), 0) for lv in levels) for t in types}

    type_title = _("Partner type")
    level_title = (
        _("Deepest level in %(area)s") % {"area": area.label} if area else _("Deepest level in any area")
    )
    count_title = _("Partners")
    bars = [
        {"type": str(TYPE_LABELS[t]), "level": level_label(lv), "order": lv, "n": counts[(t.value, lv)]}
        for t in types
        for lv in levels
        if counts.get((t.value, lv))
    ]
    nobody = _("nobody yet")
    ends = [
        {"type": str(TYPE_LABELS[t]), "n": totals[t], "label": str(totals[t]) if totals[t] else nobody}
        for t in types
    ]
    if area:
        description = _(
            "Each partner is counted once, at their current level in %(area)s; partner types with nobody yet show an empty row."
        ) % {"area": area.label}
    else:
        description = _(
            "Each partner is counted once, at the deepest level they have reached in any area; partner types with nobody yet show an empty row."
        )
    type_domain = [str(TYPE_LABELS[t]) for t in types]
    spec = base_spec(description)
    spec.update(
        {
            # Each type's name sits above its bar, so the bars get the whole width of a phone.
            "padding": {
                "left": 5,
                "top": 5,
                "right": 24,
                "bottom": 5,
            },  # room for the count after the longest bar
            "height": ROW_HEIGHT * len(types),  # a fixed height (not a step) so the width alone fits the page
            "datasets": {"bars": bars, "ends": ends},
            "encoding": {
                "y": {"field": "type", "type": "nominal", "scale": {"domain": type_domain}, "axis": None}
            },
            "layer": [
                {
                    "data": {"name": "bars"},
                    "mark": charts.row_bar_mark(stroke="white", strokeWidth=1),
                    "encoding": _stacked_by_level(
                        "x",
                        max(totals.values()),
                        levels,
                        level_title,
                        count_title,
                        columns=2,
                        first={"field": "type", "title": type_title},
                    ),
                },
                {"data": {"name": "ends"}, **charts.row_name_layer("type")},
                {"data": {"name": "ends"}, **charts.row_value_layer("n", "label", fontSize=12, color="#333")},
            ],
        }
    )
    table = Table(
        caption=_("Partners by type and deepest level"),
        headers=[type_title, *[level_label(lv) for lv in levels], _("Total")],
        rows=[
            [str(TYPE_LABELS[t]), *[counts.get((t.value, lv), 0) for lv in levels], totals[t]] for t in types
        ],
    )
    grand_total = sum(totals.values())
    missing = [str(TYPE_LABELS[t]) for t in types if not totals[t]]
    summary = ngettext("%(n)d partner at the table.", "%(n)d partners at the table.", grand_total) % {
        "n": grand_total
    }
    if missing:
        summary += " " + _("Nobody yet from: %(types)s.") % {"types": ", ".join(missing)}
    title = _("Who is at the table, and how deeply")
    return Chart("partner-types", title, description, summary, spec, table, community=community, area=area)


# The ladder over time --------------------------------------------------------------------------------------


def _month_starts(first: date, last: date) -> list[date]:
    months, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _next_month(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


def ladder_by_month(
    community: Community,
    area: EngagementArea | None = None,
    *,
    months: int = MONTHS_SHOWN,
    today: date | None = None,
) -> list[tuple[date, Counter]]:
    """[(first day of month, Counter{level: partners})] at the end of each month, oldest first.

    Where a partner stands at a month's end is a running state (their last move in each area before it),
    so it is replayed here from the community's moves, fetched in one query, oldest first: the rows grow
    with the history of this one community, never with the number of months or communities. A partner
    counts until the month they were archived or erased; the counts of the past stay as they were.
    """
    moves = EngagementChange.objects.filter(organization_id=community.organization_id, community=community)
    if area is not None:
        moves = moves.filter(area=area)
    rows = list(
        moves.order_by("changed_at", "pk").values_list(
            "partner_id", "area_id", "to_current", "changed_at", "partner__archived_at", "partner__erased_at"
        )
    )
    if not rows:
        return []
    today = today or timezone.localdate()
    first = timezone.localtime(rows[0][3]).date()
    window = _month_starts(first, today)[-months:]
    tz = timezone.get_current_timezone()
    standing: dict[int, dict[int, int]] = {}  # partner -> area -> current level
    left_at: dict[int, datetime] = {}
    i, result = 0, []
    for month in window:
        end = datetime.combine(_next_month(month), time.min, tzinfo=tz)
        while i < len(rows) and rows[i][3] < end:
            partner, area_id, level, _at, archived, erased = rows[i]
            standing.setdefault(partner, {})[area_id] = level
            gone = min((d for d in (archived, erased) if d is not None), default=None)
            if gone is not None:
                left_at[partner] = gone
            i += 1
        counts = Counter(
            max(areas.values())
            for partner, areas in standing.items()
            if partner not in left_at or left_at[partner] >= end
        )
        result.append((month, counts))
    return result


def _ladder_layers(bars, month_labels, month_title, level_title, count_title, levels, top) -> dict:
    return {
        "height": 240,
        "data": {"values": bars},
        "mark": {"type": "bar", "tooltip": True, "stroke": "white", "strokeWidth": 0.5},
        "encoding": {
            "x": month_axis(month_labels),
            **_stacked_by_level(
                "y",
                top,
                levels,
                level_title,
                count_title,
                columns=3,
                first={"field": "month", "title": month_title},
            ),
        },
    }


def ladder_chart(
    community: Community, area: EngagementArea | None = None, *, today: date | None = None
) -> Chart:
    history = ladder_by_month(community, area, today=today)
    levels = list(Level.values)
    month_labels = [dateformat.format(month, "M Y") for month, _counts in history]
    month_title = _("Month")
    level_title = _("Level in %(area)s") % {"area": area.label} if area else _("Deepest level in any area")
    count_title = _("Partners")
    bars = [
        {"month": label, "level": level_label(lv), "order": lv, "n": counts[lv]}
        for label, (_month, counts) in zip(month_labels, history, strict=True)
        for lv in levels
        if counts[lv]
    ]
    if area:
        description = _(
            "Partners at each level at the end of each month, in %(area)s; each partner is counted once."
        ) % {"area": area.label}
    else:
        description = _(
            "Partners at each level at the end of each month; each partner is counted once, at the deepest level they had reached in any area."
        )
    spec = base_spec(description)
    if not history:
        empty_spec(spec, _("No one has been placed on the ladder yet."))
    else:
        top = max(sum(counts.values()) for _month, counts in history)
        spec.update(_ladder_layers(bars, month_labels, month_title, level_title, count_title, levels, top))
    table = Table(
        caption=_("Partners at each level, month by month"),
        headers=[month_title, *[level_label(lv) for lv in levels], _("Total")],
        rows=[
            [label, *[counts[lv] for lv in levels], sum(counts.values())]
            for label, (_month, counts) in zip(month_labels, history, strict=True)
        ],
    )
    if history:
        deep = (Level.COLLABORATE, Level.CO_LEAD)
        (_m0, first), (_m1, last) = history[0], history[-1]
        summary = _(
            "At collaborate or co-lead: %(then)d of %(then_total)d partners in %(first)s, "
            "%(now)d of %(now_total)d in %(last)s."
        ) % {
            "then": sum(first[lv] for lv in deep),
            "then_total": sum(first.values()),
            "first": month_labels[0],
            "now": sum(last[lv] for lv in deep),
            "now_total": sum(last.values()),
            "last": month_labels[-1],
        }
    else:
        summary = _("No one has been placed on the ladder yet.")
    title = _("Movement on the engagement ladder")
    return Chart("ladder", title, description, summary, spec, table, community=community, area=area)


CHARTS: dict[str, Callable[..., Chart]] = {"partner-types": partner_types_chart, "ladder": ladder_chart}


def build(community: Community, name: str, area: EngagementArea | None = None) -> Chart:
    """One chart of a community, by its name in the URL: what a page puts in its context for the include."""
    return CHARTS[name](community, area)
