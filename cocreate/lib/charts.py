"""What every chart of Cocreate shares: the Vega-Lite theme, spec builders, the table of numbers beside
the chart, PNG/SVG rendering with vl-convert and the HTTP response for a chart's spec or image.

An app's `charts.py` says only what is counted and how it is drawn (which data, which marks); it builds
its spec on `base_spec()` and returns a `Chart`. The page draws the spec with the vendored vega-embed
(`cocreate/charts.js`, through the include `charts/_chart.html`); a download or a PDF renders the very
same spec with vl-convert, at a fixed width and with the title inside, so an image stands alone.

Labels (month names too) are written by the app in the reader's language, so the browser's and the
server's locales never matter. Every chart carries its numbers as a `Table`: what screen readers and
pages without JavaScript show.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from .exports import download_response

VL_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
VL_VERSION = "6.4"  # the Vega-Lite vl-convert renders with; the vendored browser bundle is the same
FILE_WIDTH = 640  # an image has no page to fit: a width that reads well printed or in a slide (169 mm)
FORMATS = {"json": "application/json", "png": "image/png", "svg": "image/svg+xml"}
PAGE_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', sans-serif"
GRID_COLOR = "#e6e6e6"
MUTED_COLOR = "#555"
ROW_HEIGHT = 46  # a horizontal bar with its name above it: tall enough for both on a phone


# The spec -------------------------------------------------------------------------------------------------


def base_spec(description: str) -> dict:
    """A spec that fills its container's width, in the house style; the caller adds data and marks."""
    return {
        "$schema": VL_SCHEMA,
        "description": description,
        "width": "container",
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            "font": PAGE_FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal", "grid": False},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal"},
            "title": {"fontSize": 16, "subtitleFontSize": 12, "subtitleColor": MUTED_COLOR},
        },
    }


def empty_spec(spec: dict, text: str) -> dict:
    """`spec` turned into one line of text, for a chart with nothing to draw yet."""
    spec.update(
        {
            "height": 80,
            "data": {"values": [{"text": text}]},
            "mark": {"type": "text", "fontSize": 14, "color": MUTED_COLOR},
            "encoding": {"text": {"field": "text"}},
        }
    )
    return spec


def grid_axis(**options: Any) -> dict:
    """An axis with light grid lines across the chart (the theme draws none by default)."""
    return {"grid": True, "gridColor": GRID_COLOR, **options}


def month_axis(months: list[str], *, labels: bool = True) -> dict:
    """The x channel of a chart by month: `months` are the labels in order, every one kept even when empty."""
    axis: dict[str, Any] = {"labelAngle": -45, "labelOverlap": "parity", "ticks": False}
    if not labels:  # a panel above another one with the same months
        axis["labels"] = False
    return {
        "field": "month",
        "type": "ordinal",
        "title": None,
        "sort": months,
        "scale": {"domain": months},
        "axis": axis,
    }


def labelled_rule(
    field_name: str, value: float | None, label: str, color: str, *, horizontal: bool
) -> list[dict]:
    """A dashed rule at `value` (a target, a median) across the whole chart, with its label in bold.

    `horizontal`: the values run along x (a bar chart lying down), so the rule is vertical.
    """
    if value is None:
        return []
    channel = "x" if horizontal else "y"
    data = {"values": [{field_name: value, "label": label}]}
    label_mark = (
        {"type": "text", "align": "center", "baseline": "bottom", "dy": -3, "y": 0, "fontSize": 12}
        if horizontal
        else {"type": "text", "align": "right", "baseline": "bottom", "dy": -3, "x": "width", "fontSize": 12}
    )
    return [
        {
            "data": data,
            "mark": {"type": "rule", "color": color, "strokeDash": [6, 4], "strokeWidth": 2},
            "encoding": {channel: {"field": field_name, "type": "quantitative"}},
        },
        {
            "data": data,
            "mark": {**label_mark, "color": color, "fontWeight": "bold"},
            "encoding": {channel: {"field": field_name, "type": "quantitative"}, "text": {"field": "label"}},
        },
    ]


# Bars lying down, each with its name above it: the bars get the whole width of a phone.


def row_bar_mark(**options: Any) -> dict:
    return {"type": "bar", "height": 18, "yOffset": 9, "tooltip": True, **options}


def row_name_layer(name_field: str) -> dict:
    """Each row's name above its bar, from the left edge."""
    return {
        "mark": {"type": "text", "align": "left", "baseline": "bottom", "yOffset": -3, "fontSize": 13},
        "encoding": {"x": {"value": 0}, "text": {"field": name_field}},
    }


def row_value_layer(value_field: str, text_field: str, **mark: Any) -> dict:
    """Each row's number just after the end of its bar."""
    return {
        "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 5, "yOffset": 9, **mark},
        "encoding": {"x": {"field": value_field, "type": "quantitative"}, "text": {"field": text_field}},
    }


# Rendering ---------------------------------------------------------------------------------------------------


def to_png(spec: dict) -> bytes:
    """The spec as a PNG at twice its size (sharp on a high-density screen or a slide)."""
    import vl_convert  # a large native library: loaded by the first image, not at start-up

    return vl_convert.vegalite_to_png(spec, vl_version=VL_VERSION, scale=2)


def to_svg(spec: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)


# The chart --------------------------------------------------------------------------------------------------


@dataclass
class Table:
    """The chart's numbers as a table (drawn by `charts/_table.html`); the first cell of a row heads it."""

    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class Chart:
    """What `charts/_chart.html` draws. A chart that can be downloaded overrides `url` and `file_parts`."""

    name: str  # one of each per page; a downloadable chart's name is in its URL
    title: str
    description: str  # what is counted, in one sentence
    summary: str  # the takeaway, in words
    spec: dict  # Vega-Lite, sized to its container in the page
    table: Table

    file_font: ClassVar[str | None] = None  # the font of rendered images, where it must match a document's

    def __post_init__(self) -> None:
        # What a screen reader announces for the drawn chart (Vega puts it in its container's aria-label).
        self.spec["description"] = f"{self.title}. {self.summary} {self.description}"

    @property
    def dom_id(self) -> str:
        return f"chart-{self.name}"

    @property
    def spec_id(self) -> str:
        return f"chart-{self.name}-spec"

    def url(self, fmt: str) -> str:
        """The chart's address in `fmt` ("json", "png", "svg"); "" for a chart served by no view."""
        return ""

    @property
    def spec_url(self) -> str:
        return self.url("json")

    @property
    def png_url(self) -> str:
        return self.url("png")

    @property
    def svg_url(self) -> str:
        return self.url("svg")

    @property
    def file_subtitle(self) -> str:
        """Whose chart (a community's or a person's name): the first line under a rendered image's title."""
        return ""

    def file_parts(self) -> list[str]:
        return [self.name]

    def filename(self, fmt: str, today: date | None = None) -> str:
        parts = [*self.file_parts(), str(today or timezone.localdate())]
        return "-".join(p for p in parts if p) + f".{fmt}"

    def file_title(self, subtitle: str | None = None) -> dict:
        """The title inside a rendered image: the chart's title, whose chart, and what is counted."""
        subtitle = self.file_subtitle if subtitle is None else subtitle
        lines = [subtitle] if subtitle else []
        # Vega does not wrap titles: the sentence goes on lines short enough for the image's width.
        return {
            "text": self.title,
            "subtitle": [*lines, *textwrap.wrap(self.description, 90)],
            "anchor": "start",
        }

    def spec_for_file(self, subtitle: str | None = None) -> dict:
        """The page's spec at a fixed width with the title inside: a rendered image stands alone."""
        spec = dict(self.spec, width=FILE_WIDTH)
        spec["title"] = self.file_title(subtitle)
        spec["background"] = "white"
        if self.file_font:
            spec["config"] = {**spec.get("config", {}), "font": self.file_font}
        return spec

    def svg(self, subtitle: str | None = None) -> str:
        return to_svg(self.spec_for_file(subtitle))

    def render(self, fmt: str) -> bytes:
        if fmt == "png":
            return to_png(self.spec_for_file())
        if fmt == "svg":
            return to_svg(self.spec_for_file()).encode()
        raise ValueError(fmt)


def chart_response(chart: Chart, fmt: str) -> HttpResponse:
    """The chart's spec (what the page draws), or the chart as a PNG or SVG download."""
    if fmt == "json":
        return JsonResponse(chart.spec)
    return download_response(chart.render(fmt), chart.filename(fmt), FORMATS[fmt])


class ChartNameConverter:
    """A URL converter for `<name>` among a fixed set of names: subclass it with `regex`, or use `converters`."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def converters(names) -> tuple[type, type]:
    """URL converters for a chart's name (one of `names`) and its format (one of `FORMATS`)."""
    name = type("ChartName", (ChartNameConverter,), {"regex": "|".join(names)})
    fmt = type("ChartFormat", (ChartNameConverter,), {"regex": "|".join(FORMATS)})
    return name, fmt
