import json

from django.template.loader import render_to_string

from cocreate.lib import charts
from cocreate.lib.charts import Chart, Table, base_spec, chart_response, empty_spec


class Downloadable(Chart):
    def url(self, fmt: str) -> str:
        return f"/charts/{self.name}.{fmt}"

    @property
    def file_subtitle(self) -> str:
        return "Riverside"

    def file_parts(self) -> list[str]:
        return ["riverside", self.name]


def bars(chart_class=Chart, rows=None) -> Chart:
    spec = base_spec("Hours")
    spec.update(
        {
            "data": {"values": [{"month": "Jan 2026", "hours": 2.5}]},
            "mark": charts.row_bar_mark(),
            "encoding": {"x": {"field": "hours", "type": "quantitative"}, "y": {"field": "month"}},
        }
    )
    return chart_class(
        name="hours",
        title="Hours <by> month",
        description="Hours of support each month.",
        summary="2.5 hours in January.",
        spec=spec,
        table=Table("Hours by month", ["Month", "Hours"], [["Jan 2026", "2.5"]] if rows is None else rows),
    )


def test_it_tells_a_screen_reader_what_the_chart_says():
    assert (
        bars().spec["description"] == "Hours <by> month. 2.5 hours in January. Hours of support each month."
    )


def test_it_draws_the_numbers_as_an_escaped_table_beside_the_chart():
    chart = bars(rows=[["<b>Jan</b>", "2.5"]])
    html = render_to_string("charts/_chart.html", {"chart": chart})
    assert '<th scope="row">&lt;b&gt;Jan&lt;/b&gt;</th><td>2.5</td>' in html
    assert '<th scope="col">Month</th><th scope="col">Hours</th>' in html
    assert "Hours &lt;by&gt; month" in html
    assert f'id="{chart.spec_id}"' in html  # the spec inline, for charts.js
    assert "Download PNG" not in html  # no URL, no downloads
    assert "cocreate/charts.js" in html


def test_it_shows_the_summary_when_there_are_no_numbers():
    html = render_to_string("charts/_chart.html", {"chart": bars(rows=[])})
    assert '<tr><td colspan="2">2.5 hours in January.</td></tr>' in html


def test_it_offers_downloads_for_a_chart_with_a_url():
    html = render_to_string("charts/_chart.html", {"chart": bars(Downloadable)})
    assert 'href="/charts/hours.png" download aria-describedby="chart-hours-title"' in html
    assert 'href="/charts/hours.svg" download' in html
    assert 'data-chart-spec-url="/charts/hours.json"' in html


def test_it_puts_the_title_inside_an_image_at_a_fixed_width():
    spec = bars(Downloadable).spec_for_file()
    assert spec["width"] == charts.FILE_WIDTH and spec["background"] == "white"
    assert spec["title"]["subtitle"] == ["Riverside", "Hours of support each month."]
    assert bars().spec_for_file("Lakeside")["title"]["subtitle"][0] == "Lakeside"


def test_it_names_downloads_by_whose_chart_and_the_day():
    from datetime import date

    assert bars(Downloadable).filename("png", today=date(2026, 3, 3)) == "riverside-hours-2026-03-03.png"


def test_it_answers_with_the_spec_as_json():
    response = chart_response(bars(Downloadable), "json")
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["mark"]["type"] == "bar"


def test_it_turns_an_empty_chart_into_a_line_of_text():
    spec = empty_spec(base_spec("Nothing"), "Nothing logged yet.")
    assert spec["mark"]["type"] == "text" and spec["data"]["values"] == [{"text": "Nothing logged yet."}]


def test_it_draws_a_labelled_rule_only_where_there_is_a_value():
    assert charts.labelled_rule("target", None, "Target", "#b3261e", horizontal=True) == []
    rule, label = charts.labelled_rule("median", 4.5, "Median 4.5", "#b3261e", horizontal=False)
    assert rule["encoding"] == {"y": {"field": "median", "type": "quantitative"}}
    assert label["data"]["values"] == [{"median": 4.5, "label": "Median 4.5"}]


def test_it_renders_png_and_svg_downloads():
    chart = bars(Downloadable)
    png = chart_response(chart, "png")
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert png["Content-Disposition"].startswith('attachment; filename="riverside-hours-')
    svg = chart_response(chart, "svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content and b"Riverside" in svg.content
