"""Dosage charts: one Vega-Lite spec per chart, built here from the dosage already counted for the page.

Drawn in the page by the vendored vega-embed (the partners' `_chart.html` include), rendered to PNG and
SVG by vl-convert for downloads. Labels and month names are translated here. The charts describe the
support delivered; they say nothing about whether it worked, and their captions say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.lib import charts
from cocreate.lib.charts import FILE_WIDTH, ROW_HEIGHT, Table, base_spec, empty_spec, grid_axis, month_axis
from cocreate.partners.models import CAPACITY_DOMAINS

from .models import FUNCTION_SHORT, Function
from .queries.dosage import MonthDosage

__all__ = ["CHARTS", "Chart", "build"]

# Okabe–Ito colours: told apart by colour-blind readers, and still distinct printed in grey.
FUNCTION_COLORS = {
    Function.IS: "#0072B2",
    Function.PEC: "#E69F00",
    Function.REDL: "#009E73",
    Function.WFD: "#CC79A7",
    Function.PF: "#56B4E9",
}
DOMAIN_COLOR = "#0072B2"
MONTH_CHART_TITLE = gettext_lazy("Hours of support, month by month")
MONTH_CHART_DESCRIPTION = gettext_lazy(
    "Hours of support delivered each month, by intermediary function. It counts the support given; "
    "it does not show whether the support worked."
)


def hours_text(value: Decimal | float) -> str:
    return f"{Decimal(value):.1f}"


@dataclass
class Chart(charts.Chart):
    """What `charts/_chart.html` draws, with its PNG and SVG downloads."""

    subject: str  # whose support: a community's or a practitioner's name (in downloaded files)
    base_url: str  # ".../charts/<name>" without the format
    query: str = ""  # "?period=24" and the like, so a download shows what the page showed
    file_stem: str = ""

    def url(self, fmt: str) -> str:
        return f"{self.base_url}.{fmt}{self.query}"

    @property
    def file_subtitle(self) -> str:
        return self.subject

    def file_parts(self) -> list[str]:
        return [self.file_stem, self.name]


def hours_by_month_chart(dosage: list[MonthDosage], **where) -> Chart:
    """Hours of support in each month, stacked by intermediary function."""
    functions = list(Function)
    labels = {f: str(FUNCTION_SHORT[f]) for f in functions}
    months = [dateformat.format(m.month, "M Y") for m in dosage]
    month_title, function_title, hours_title = _("Month"), _("Intermediary function"), _("Hours")
    bars = [
        {"month": label, "function": labels[f], "order": i, "hours": float(m.by_function[f.value])}
        for label, m in zip(months, dosage, strict=True)
        for i, f in enumerate(functions)
        if m.by_function.get(f.value)
    ]
    description = str(MONTH_CHART_DESCRIPTION)
    spec = base_spec(description)
    total_hours = sum((m.hours for m in dosage), Decimal(0))
    if not total_hours:
        empty_spec(spec, _("No support logged in these months yet."))
        summary = _("No support logged in these months yet.")
    else:
        spec.update(
            {
                "height": 240,
                "data": {"values": bars},
                "mark": {"type": "bar", "tooltip": True, "stroke": "white", "strokeWidth": 0.5},
                "encoding": {
                    "x": month_axis(months),
                    "y": {
                        "field": "hours",
                        "type": "quantitative",
                        "stack": "zero",
                        "title": hours_title,
                        # Up to the next whole hour: the tallest month ends on a grid line, not at the edge.
                        "scale": {"domain": [0, math.ceil(max(m.hours for m in dosage))]},
                        "axis": grid_axis(tickMinStep=0.5),
                    },
                    "color": {
                        "field": "function",
                        "type": "nominal",
                        "title": function_title,
                        "scale": {
                            "domain": [labels[f] for f in functions],
                            "range": [FUNCTION_COLORS[f] for f in functions],
                        },
                        # One column: two would not fit the longer names beside each other on a phone.
                        "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 260},
                    },
                    "order": {"field": "order", "type": "quantitative"},
                    "tooltip": [
                        {"field": "month", "title": month_title},
                        {"field": "function", "title": function_title},
                        {"field": "hours", "title": hours_title, "format": ".1f"},
                    ],
                },
            }
        )
        by_function = {f: sum((m.by_function.get(f.value, 0) for m in dosage), Decimal(0)) for f in functions}
        top = max(functions, key=lambda f: by_function[f])
        summary = _("%(hours)s hours over %(months)d months; the most in %(function)s (%(top)s hours).") % {
            "hours": hours_text(total_hours),
            "months": len(dosage),
            "function": labels[top],
            "top": hours_text(by_function[top]),
        }
    table = Table(
        caption=_("Hours of support by month and intermediary function"),
        headers=[month_title, *[labels[f] for f in functions], _("Total")],
        rows=[
            [label, *[hours_text(m.by_function.get(f.value, 0)) for f in functions], hours_text(m.hours)]
            for label, m in zip(months, dosage, strict=True)
        ],
    )
    return Chart("hours-by-month", str(MONTH_CHART_TITLE), description, summary, spec, table, **where)


def hours_by_domain_chart(dosage: list[MonthDosage], **where) -> Chart:
    """Hours of the events that addressed each capacity domain, over the months shown."""
    totals = {
        key: sum((m.by_domain.get(key, 0) for m in dosage), Decimal(0)) for key, _label in CAPACITY_DOMAINS
    }
    labels = {key: str(label) for key, label in CAPACITY_DOMAINS}
    domain_title, hours_title = _("Capacity domain"), _("Hours")
    description = _(
        "Hours of the events that addressed each capacity domain. An event that addressed two domains "
        "counts in both, so the bars do not add up to the total."
    )
    spec = base_spec(description)
    if not any(totals.values()):
        empty_spec(spec, _("No support logged for a capacity domain in these months yet."))
        summary = _("No support logged for a capacity domain in these months yet.")
    else:
        rows = [
            {"domain": labels[key], "hours": float(hours), "label": hours_text(hours)}
            for key, hours in totals.items()
        ]
        spec.update(
            {
                # Each domain's name sits above its bar, so the bars get the whole width of a phone.
                "padding": {"left": 5, "top": 5, "right": 36, "bottom": 5},
                "height": ROW_HEIGHT * len(rows),
                "data": {"values": rows},
                "encoding": {
                    "y": {
                        "field": "domain",
                        "type": "nominal",
                        "sort": [labels[key] for key in totals],
                        "axis": None,
                    }
                },
                "layer": [
                    {
                        "mark": charts.row_bar_mark(color=DOMAIN_COLOR),
                        "encoding": {
                            "x": {
                                "field": "hours",
                                "type": "quantitative",
                                "title": hours_title,
                                "axis": grid_axis(tickCount=6),
                            },
                            "tooltip": [
                                {"field": "domain", "title": domain_title},
                                {"field": "hours", "title": hours_title, "format": ".1f"},
                            ],
                        },
                    },
                    charts.row_name_layer("domain"),
                    charts.row_value_layer("hours", "label"),
                ],
            }
        )
        top = max(totals, key=lambda key: totals[key])
        summary = _("The most support addressed %(domain)s (%(hours)s hours).") % {
            "domain": labels[top],
            "hours": hours_text(totals[top]),
        }
        missing = [labels[key] for key, hours in totals.items() if not hours]
        if missing:
            summary += " " + _("None yet for: %(domains)s.") % {"domains": ", ".join(missing)}
    table = Table(
        caption=_("Hours of support by capacity domain"),
        headers=[domain_title, hours_title],
        rows=[[labels[key], hours_text(hours)] for key, hours in totals.items()],
    )
    title = _("Hours of support by capacity domain")
    return Chart("hours-by-domain", title, description, summary, spec, table, **where)


CHARTS = {"hours-by-month": hours_by_month_chart, "hours-by-domain": hours_by_domain_chart}


def build(
    name: str, dosage: list[MonthDosage], *, subject: str, base_url: str, query: str, file_stem: str
) -> Chart:
    """One chart by its name in the URL; `base_url` is the chart's address without the ".<format>"."""
    return CHARTS[name](dosage, subject=subject, base_url=base_url, query=query, file_stem=file_stem)


# Dosage beside outcomes -------------------------------------------------------------------------------------

OUTCOMES_TITLE = gettext_lazy("Support, interim outcomes and capacity, month by month")
OUTCOMES_DESCRIPTION = gettext_lazy(
    "Three measures over the same months, one under the other: the hours of support delivered, the "
    "interim-outcomes score and the capacity score of the rounds opened that month. Reading them side by "
    "side does not show that the support caused any change."
)
PANEL_HEIGHT = 120
SCORE_COLOR = "#009E73"
CAPACITY_COLOR = "#CC79A7"


@dataclass
class Panel:
    name: str
    title: str
    spec: dict

    @property
    def spec_id(self) -> str:
        return f"chart-outcomes-{self.name}-spec"


@dataclass
class OutcomesChart(Chart):
    """Three panels drawn one under the other on the page (each as wide as the screen); a download
    stacks them in one image."""

    panels: list[Panel] | None = None

    def spec_for_file(self, subtitle: str | None = None) -> dict:
        return {
            "$schema": self.spec["$schema"],
            "config": self.spec["config"],
            "background": "white",
            "title": self.file_title(subtitle),
            "vconcat": [
                {
                    **{k: v for k, v in p.spec.items() if k not in ("$schema", "config", "autosize")},
                    "width": FILE_WIDTH,
                    "title": {"text": p.title, "anchor": "start", "fontSize": 13},
                }
                for p in (self.panels or [])
            ],
        }


def _score_panel(title, rows, months, measure, color, *, labels: bool) -> dict:
    """Points joined by a line for the months with a score; the target as a dashed rule."""
    spec = base_spec(title)
    if not rows:
        return empty_spec(spec, _("No rounds with scores in these months."))
    y = {
        "field": "score",
        "type": "quantitative",
        # Short: the axis title runs up the side of a panel 120 px high.
        "title": {"percent": _("Percent"), "mean": _("Mean")}.get(measure.method, _("Score")),
        "axis": grid_axis(tickCount=4),
    }
    if measure.domain:
        y["scale"] = {"domain": measure.domain}
    layers = [
        {
            "mark": {
                "type": "line",
                "point": {"filled": True, "size": 60, "color": color},
                "color": color,
                "tooltip": True,
            },
            "encoding": {
                "x": month_axis(months, labels=labels),
                "y": y,
                "tooltip": [
                    {"field": "month", "title": _("Month")},
                    {"field": "text", "title": _("Score")},
                    {"field": "rounds", "title": _("Rounds")},
                ],
            },
        }
    ]
    if measure.target is not None:
        layers.append(
            {
                "data": {"values": [{"target": measure.target}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#777"},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    spec.update({"height": PANEL_HEIGHT, "data": {"values": rows}, "layer": layers})
    return spec


def outcomes_chart(outcomes, *, subject: str, base_url: str, query: str, file_stem: str) -> OutcomesChart:
    """Hours per month (bars), the interim-outcomes score and the capacity score (points), aligned by month.

    `outcomes`: a `queries.outcomes.Outcomes`. The numbers are also in the page's table.
    """
    from cocreate.assessments.results import format_score

    from .queries.outcomes import CAPACITY_KEY, INTERIM_KEY

    months = [dateformat.format(m.month, "M Y") for m in outcomes.months]
    hours_spec = base_spec(str(OUTCOMES_TITLE))
    bars = [
        {"month": label, "hours": float(m.dosage.hours), "events": m.dosage.events}
        for label, m in zip(months, outcomes.months, strict=True)
        if m.dosage.events
    ]
    if bars:
        hours_spec.update(
            {
                "height": PANEL_HEIGHT,
                "data": {"values": bars},
                "mark": {"type": "bar", "color": FUNCTION_COLORS[Function.IS], "tooltip": True},
                "encoding": {
                    "x": month_axis(months, labels=False),
                    "y": {
                        "field": "hours",
                        "type": "quantitative",
                        "title": _("Hours"),
                        "axis": grid_axis(tickCount=4),
                    },
                    "tooltip": [
                        {"field": "month", "title": _("Month")},
                        {"field": "hours", "title": _("Hours"), "format": ".1f"},
                        {"field": "events", "title": _("Events")},
                    ],
                },
            }
        )
    else:
        empty_spec(hours_spec, _("No support logged in these months yet."))

    def rows_for(key: str) -> list[dict]:
        method = outcomes.measures[key].method
        return [
            {
                "month": label,
                "score": m.scores[key].score,
                "text": format_score(m.scores[key].score, method),
                "rounds": m.scores[key].rounds,
            }
            for label, m in zip(months, outcomes.months, strict=True)
            if m.scores[key].score is not None
        ]

    panels = [
        Panel("hours", _("Hours of support"), hours_spec),
        Panel(
            "interim",
            _("Interim outcomes (survey of the people supported)"),
            _score_panel(
                _("Interim-outcomes score by month"),
                rows_for(INTERIM_KEY),
                months,
                outcomes.measures[INTERIM_KEY],
                SCORE_COLOR,
                labels=False,
            ),
        ),
        Panel(
            "capacity",
            _("Implementation capacity (team assessment)"),
            _score_panel(
                _("Capacity score by month"),
                rows_for(CAPACITY_KEY),
                months,
                outcomes.measures[CAPACITY_KEY],
                CAPACITY_COLOR,
                labels=True,
            ),
        ),
    ]
    chart = OutcomesChart(
        name="outcomes",
        title=str(OUTCOMES_TITLE),
        description=str(OUTCOMES_DESCRIPTION),
        summary="",
        spec=base_spec(str(OUTCOMES_DESCRIPTION)),
        table=Table(caption="", headers=[]),
        subject=subject,
        base_url=base_url,
        query=query,
        file_stem=file_stem,
        panels=panels,
    )
    chart.spec = chart.spec_for_file() | {"description": f"{chart.title}. {chart.description}"}
    return chart
