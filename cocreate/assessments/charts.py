"""Charts of assessment results: one Vega-Lite spec per chart, built here from what `results` computed.

The results and trend pages draw the spec with the vendored vega-embed (cocreate/charts.js); the PDF
report renders the very same spec to SVG with vl-convert. Labels (section titles, round dates, the
target) are written here in the reader's language, so the browser's and the server's locales never
matter. Every chart carries its numbers as a table too, for screen readers and pages without JavaScript.
"""

from __future__ import annotations

import textwrap
from typing import Any

from django.utils.translation import gettext as _

from cocreate.lib import charts
from cocreate.lib.charts import ROW_HEIGHT, Table, base_spec, grid_axis

from . import results as res
from .results import AdministrationResults, Trend, format_score

# The report's stylesheet's fonts: the text of a chart is measured by vl-convert and drawn by WeasyPrint,
# so both must use the same face or labels overlap.
FILE_FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
TARGET_COLOR = "#b3261e"
# Blue for at or above the target, orange for below: apart in grey print and for colour-blind readers.
AT_TARGET, BELOW_TARGET, NO_TARGET = "#215f9e", "#d98c00", "#4a8cc2"
SERIES_COLORS = ["#215f9e", "#d98c00", "#1f6f43", "#8e44ad", "#7f8c8d", "#b3261e", "#0a3568", "#a0522d"]
TOTAL_COLOR = "#1b1e23"
DIVERGENCE_SHOWN = 12  # the conversation starts at the top; the chart shows where it starts

__all__ = ["Chart", "divergence_chart", "section_chart", "trend_chart"]


class Chart(charts.Chart):
    file_font = FILE_FONT  # the PDF's own fonts, see FILE_FONT


def _target_layers(target: float | None, text: str, *, horizontal: bool) -> list[dict]:
    """A dashed rule at the target, labelled, across the whole chart."""
    return charts.labelled_rule("target", target, text, TARGET_COLOR, horizontal=horizontal)


def _score_axis(title: str, domain: list[float] | None, method: str) -> dict:
    axis = grid_axis(tickCount=5)
    if method == "percent":
        axis["labelExpr"] = "datum.value + '%'"
    channel = {"type": "quantitative", "title": title, "axis": axis}
    channel["scale"] = {"domain": domain, "nice": False} if domain else {"domainMin": 0}
    return channel


def section_chart(r: AdministrationResults) -> Chart:
    """Each section's score (and the total) as a bar, with the target as a dashed line."""
    target_text = _("Target %(target)s") % {"target": r.target_text} if r.target is not None else ""
    score_title = _("Score (%(unit)s)") % {"unit": r.unit}
    below_label, at_label, plain_label = _("Below the target"), _("At or above the target"), _("Score")
    rows = [(s.title, s.score, s.below) for s in r.sections]
    # A sum of every item dwarfs the sections' bars; with one section the total is the same bar again.
    if r.method != "sum" and len(r.sections) > 1:
        rows.append((_("Total"), r.total, r.total_below))

    def status(value, below):
        if r.target is None or value is None:
            return plain_label
        return below_label if below else at_label

    bars = [
        {
            "section": title,
            "score": value,
            "label": format_score(value, r.method),
            "status": status(value, below),
        }
        for title, value, below in rows
    ]
    domain = [title for title, _v, _b in rows]
    description = _(
        "Scores per section (%(unit)s): agreed values where the team agreed, else the mean of individual answers."
    ) % {"unit": r.unit}
    statuses = [below_label, at_label] if r.target is not None else [plain_label]
    colors = [BELOW_TARGET, AT_TARGET] if r.target is not None else [NO_TARGET]
    # The sections share the y scale; the target rule has none, so it spans them all.
    by_section = {
        "data": {"values": bars},
        "encoding": {"y": {"field": "section", "type": "nominal", "scale": {"domain": domain}, "axis": None}},
    }
    bar_layer = {
        "mark": charts.row_bar_mark(),
        "encoding": {
            "x": {"field": "score", **_score_axis(score_title, res.axis_domain(r.version), r.method)},
            "color": {
                "field": "status",
                "type": "nominal",
                "title": None,
                "scale": {"domain": statuses, "range": colors},
                # One label a row: side by side, they are cut short on a phone.
                "legend": {
                    "orient": "bottom",
                    "direction": "vertical",
                    "symbolType": "square",
                    "labelLimit": 320,
                },
            },
            "tooltip": [
                {"field": "section", "title": _("Section")},
                {"field": "label", "title": score_title},
            ],
        },
    }
    # Each section's name above its bar, so the bars get the whole width of a phone.
    text_layers = [charts.row_name_layer("section"), charts.row_value_layer("score", "label", fontSize=12)]
    spec = base_spec(description)
    spec.update(
        {
            "padding": {"left": 5, "top": 18, "right": 40, "bottom": 5},
            "height": ROW_HEIGHT * len(rows),
            # Drawn in this order: bars, the target line over them, then the words over both.
            "layer": [
                {**by_section, "layer": [bar_layer]},
                *_target_layers(r.target, target_text, horizontal=True),
                {**by_section, "layer": text_layers},
            ],
        }
    )
    headers = [_("Section"), score_title] + ([_("Target")] if r.target is not None else [])
    table_rows = [
        [title, format_score(value, r.method)] + ([r.target_text] if r.target is not None else [])
        for title, value, _below in rows
    ]
    below = [s.title for s in r.sections if s.below]
    summary = _("Total %(total)s.") % {"total": r.total_text}
    if r.target is not None:
        summary = _("Total %(total)s against a target of %(target)s.") % {
            "total": r.total_text,
            "target": r.target_text,
        }
        if below:
            summary += " " + _("Below the target: %(sections)s.") % {"sections": ", ".join(below)}
        else:
            summary += " " + _("Every section is at or above the target.")
    title = _("Scores by section")
    return Chart("sections", title, description, summary, spec, Table(title, headers, table_rows))


def trend_chart(trend: Trend) -> Chart:
    """Each section's score and the total, round after round, with the target as a dashed line."""
    total = _("Total")
    series = [title for _key, title in trend.sections]
    if trend.method != "sum":
        series.append(total)
    labels = [r.label for r in trend.rounds]
    points: list[dict[str, Any]] = []
    for r in trend.rounds:
        for key, title in trend.sections:
            if r.sections.get(key) is not None:
                points.append({"round": r.label, "series": title, "score": r.sections[key]})
        if trend.method != "sum" and r.total is not None:
            points.append({"round": r.label, "series": total, "score": r.total})
    mark = res.decimal_mark()
    for point in points:
        point["label"] = format_score(point["score"], trend.method, mark=mark)
    score_title = _("Score (%(unit)s)") % {"unit": res.unit_label(trend.method)}
    round_title = _("Round")
    target_text = _("Target %(target)s") % {"target": trend.target_text} if trend.target is not None else ""
    description = _("Scores per section and in total for each round of this assessment in the community.")
    colors = [SERIES_COLORS[i % len(SERIES_COLORS)] for i in range(len(trend.sections))]
    dashes = [[1, 0]] * len(trend.sections)
    if trend.method != "sum":  # the total as a dashed dark line, told apart without colour
        colors.append(TOTAL_COLOR)
        dashes.append([6, 3])
    spec = base_spec(description)
    spec.update(
        {
            "height": 260,
            "padding": {"left": 5, "top": 10, "right": 10, "bottom": 5},
            "layer": [
                {
                    "data": {"values": points},
                    "mark": {"type": "line", "point": {"size": 60}, "tooltip": True, "strokeWidth": 2},
                    "encoding": {
                        "x": {
                            "field": "round",
                            "type": "ordinal",
                            "title": None,
                            "sort": labels,
                            "scale": {"domain": labels},
                            "axis": {"labelAngle": -30, "labelOverlap": "parity", "labelLimit": 120},
                        },
                        "y": {"field": "score", **_score_axis(score_title, trend.domain, trend.method)},
                        "color": {
                            "field": "series",
                            "type": "nominal",
                            "title": None,
                            "scale": {"domain": series, "range": colors},
                            "legend": {"orient": "bottom", "columns": 1, "labelLimit": 320},
                        },
                        "strokeDash": {
                            "field": "series",
                            "type": "nominal",
                            "scale": {"domain": series, "range": dashes},
                            "legend": None,
                        },
                        "tooltip": [
                            {"field": "round", "title": round_title},
                            {"field": "series", "title": _("Section")},
                            {"field": "label", "title": score_title},
                        ],
                    },
                },
                *_target_layers(trend.target, target_text, horizontal=False),
            ],
        }
    )
    table = Table(
        _("Scores by round"),
        [round_title, *[title for _key, title in trend.sections], total],
        [[r.label, *[text for _title, text in cells], total_text] for r, cells, total_text in trend.table()],
    )
    if len(trend.rounds) >= 2:
        first, last = trend.rounds[0], trend.rounds[-1]
        summary = _("Total %(first)s in the first round (%(then)s), %(last)s in the latest (%(now)s).") % {
            "first": format_score(first.total, trend.method),
            "then": first.label,
            "last": format_score(last.total, trend.method),
            "now": last.label,
        }
    else:
        summary = _("One round so far: the trend starts with the next one.")
    if trend.target is not None:
        summary += " " + _("Target %(target)s.") % {"target": trend.target_text}
    return Chart("trend", _("Scores over time"), description, summary, spec, table)


def divergence_chart(r: AdministrationResults) -> Chart | None:
    """How individual answers spread over the scale, item by item, widest disagreement first."""
    if not r.divergence:
        return None
    values = [point["value"] for point in r.scale]
    labels = r.scale_labels
    label_of = dict(zip(values, labels, strict=True))
    order = sorted(values)
    x_domain = [label_of[v] for v in order]
    people = _("People")
    answer_title = _("Answer")
    item_title = _("Item")
    dots, agreed = [], []
    rows_domain = []
    shown = r.divergence[:DIVERGENCE_SHOWN]
    for row in shown:
        name = f"{row.number} {textwrap.shorten(row.text, 60, placeholder='…')}"
        rows_domain.append(name)
        if row.agreed and row.value is not None and int(row.value) in label_of:
            agreed.append({"item": name, "answer": label_of[int(row.value)]})
        for value in order:
            n = row.spread.counts.get(value, 0)
            if n:
                dots.append({"item": name, "text": row.text, "answer": label_of[value], "n": n})
    if len(shown) < len(r.divergence):
        description = _(
            "How many people gave each answer to the %(n)d items they disagreed on most, widest "
            "disagreement first; every item is in the table of numbers."
        ) % {"n": len(shown)}
    else:
        description = _(
            "How many people gave each answer, item by item; the items they disagreed on most come first."
        )
    if agreed:
        description += " " + _("A ring marks the answer the team agreed on.")
    spec = base_spec(description)
    spec.update(
        {
            "height": 30 * len(rows_domain),
            "padding": {"left": 5, "top": 5, "right": 10, "bottom": 5},
            "data": {"values": dots},
            "encoding": {
                "y": {
                    "field": "item",
                    "type": "nominal",
                    "title": None,
                    "sort": rows_domain,
                    "scale": {"domain": rows_domain},
                    # Room for the item's words where there is room; a phone keeps most of its width.
                    "axis": {"labelLimit": {"expr": "width < 420 ? 130 : 300"}, "labelFontSize": 11},
                },
                "x": {
                    "field": "answer",
                    "type": "ordinal",
                    "title": None,
                    "sort": x_domain,
                    "scale": {"domain": x_domain},
                    "axis": {"orient": "top", "labelAngle": 0, "labelLimit": 160},
                },
            },
            "layer": [
                {
                    "mark": {"type": "circle", "color": AT_TARGET, "opacity": 0.8, "tooltip": True},
                    "encoding": {
                        "size": {
                            "field": "n",
                            "type": "quantitative",
                            "title": people,
                            "scale": {"range": [180, 700]},
                            "legend": None,
                        },
                        "tooltip": [
                            {"field": "text", "title": item_title},
                            {"field": "answer", "title": answer_title},
                            {"field": "n", "title": people, "format": "d"},
                        ],
                    },
                },
                {
                    "mark": {"type": "text", "color": "white", "fontSize": 11, "fontWeight": "bold"},
                    "encoding": {"text": {"field": "n", "type": "quantitative"}},
                },
                *(
                    [
                        {
                            "data": {"values": agreed},
                            "mark": {
                                "type": "point",
                                "shape": "circle",
                                "filled": False,
                                "size": 900,
                                "color": TOTAL_COLOR,
                                "strokeWidth": 2,
                            },
                        }
                    ]
                    if agreed
                    else []
                ),
            ],
        }
    )
    table = Table(
        _("Answers per item"),
        [item_title, *labels],
        [
            [f"{row.number} {row.text}", *[row.spread.counts.get(v, 0) for v in values]]
            for row in r.divergence
        ],
    )
    widest = r.divergence[0]
    if widest.spread.range:
        summary = _("Widest disagreement: %(item)s (answers from %(low)s to %(high)s).") % {
            "item": f"{widest.number} {widest.text}",
            "low": label_of[widest.spread.low],
            "high": label_of[widest.spread.high],
        }
    else:
        summary = _("Everyone gave the same answer on every item.")
    return Chart("divergence", _("How the answers spread"), description, summary, spec, table)
