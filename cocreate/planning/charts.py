"""The run chart of a PDSA cycle's measure: the values over time as points joined by a line, with a
labelled horizontal rule at their median (computed here with `statistics.median`, so the page, the table
and the tests agree on one number). Drawn by the vendored vega-embed through `charts/_chart.html`; the
numbers are also a table for screen readers and pages without JavaScript.
"""

from __future__ import annotations

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.lib.charts import Chart, Table, base_spec, grid_axis, labelled_rule

from .models import DataPoint, PdsaCycle
from .pdsa import median_of

LINE_COLOR = "#215f9e"
MEDIAN_COLOR = "#b3261e"


def format_value(value: float | None, mark: str = "") -> str:
    """'12', '3.5' or '0.25' in the reader's decimal mark; an em dash for nothing."""
    if value is None:
        return "—"
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    mark = mark or get_format("DECIMAL_SEPARATOR")
    return text.replace(".", mark) if mark != "." else text


def run_chart(cycle: PdsaCycle, points: list[DataPoint]) -> Chart:
    """The cycle's data points over time with the median as a dashed, labelled rule."""
    mark = get_format("DECIMAL_SEPARATOR")
    unit = cycle.measure_unit
    measure = f"{cycle.measure_name} ({unit})" if unit else cycle.measure_name
    median = median_of(points)
    median_text = _("Median %(value)s") % {"value": format_value(median, mark)}
    values = [
        {
            "date": p.measured_on.isoformat(),
            "day": date_format(p.measured_on, "SHORT_DATE_FORMAT"),
            "value": p.value,
            "label": format_value(p.value, mark),
            "note": p.note,
        }
        for p in points
    ]
    description = _("Each value of “%(measure)s” entered for this cycle, in date order.") % {
        "measure": measure
    }
    date_title = _("Date")
    layers: list[dict] = [
        {
            "data": {"values": values},
            "mark": {
                "type": "line",
                "point": {"size": 60},
                "tooltip": True,
                "strokeWidth": 2,
                "color": LINE_COLOR,
            },
            "encoding": {
                "x": {
                    "field": "date",
                    "type": "temporal",
                    # The dates are calendar days: read and drawn in UTC, so that a browser west of
                    # Greenwich does not put each point on the evening before.
                    "timeUnit": "utcyearmonthdate",
                    "scale": {"type": "utc"},
                    "title": None,
                    "axis": {"labelAngle": -30, "labelOverlap": True, "format": "%Y-%m-%d"},
                },
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": measure,
                    "axis": grid_axis(tickCount=5),
                },
                "tooltip": [
                    {"field": "day", "title": date_title},
                    {"field": "label", "title": measure},
                    {"field": "note", "title": _("Note")},
                ],
            },
        }
    ]
    layers += labelled_rule("median", median, median_text, MEDIAN_COLOR, horizontal=False)
    spec = base_spec(description)
    spec.update({"height": 240, "padding": {"left": 5, "top": 10, "right": 10, "bottom": 5}, "layer": layers})
    if points:
        summary = ngettext(
            "%(n)s value so far; median %(median)s.", "%(n)s values so far; median %(median)s.", len(points)
        ) % {"n": len(points), "median": format_value(median, mark)}
    else:
        summary = _("No data points yet: the run chart starts with the first one.")
    table = Table(
        _("Data points"),
        [date_title, measure, _("Note")],
        [[date_format(p.measured_on, "DATE_FORMAT"), format_value(p.value, mark), p.note] for p in points],
    )
    title = _("Run chart: %(measure)s") % {"measure": measure}
    return Chart(f"run-{cycle.pk}", title, description, summary, spec, table)
