"""Charts of who is at the table: the spec a page draws, the PNG/SVG downloads, and the include."""

from datetime import date, datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cocreate.core.access import tenant_for
from cocreate.partners import actions, charts
from cocreate.partners.models import EngagementArea, Level, Partner, PartnerType

from .helpers import area
from .routes_charts import chart as chart_url


def add_partner(community, name, ptype, levels=(), **fields):
    """A partner with {area key: current level}, each set through do_set_level."""
    partner = actions.do_create_partner(community, name=name, partner_type=ptype, **fields)
    for key, level in dict(levels).items():
        actions.do_set_level(
            partner, area(community, key), current=level, planned=level, reason="test", acting_user=None
        )
    return partner


def at(year, month, day=15):
    return timezone.make_aware(datetime(year, month, day, 12))


def set_level(partner, key, level, when):
    actions.do_set_level(
        partner,
        area(partner.community, key),
        current=level,
        planned=level,
        reason="met",
        acting_user=None,
        when=when,
    )


@pytest.fixture
def riverside(cast):
    """Four partners of three types; nobody from funders or researchers."""
    c = cast.community
    add_partner(
        c, "Ana", PartnerType.COMMUNITY, {"co-creation": Level.CONSULT, "leadership": Level.COLLABORATE}
    )
    add_partner(c, "Beto", PartnerType.COMMUNITY, {"co-creation": Level.CONSULT})
    add_partner(c, "Agency A", PartnerType.AGENCY, {"workforce": Level.CO_LEAD}, is_organization=True)
    add_partner(c, "Hub", PartnerType.INTERMEDIARY)  # registered, not yet on the ladder
    gone = add_partner(c, "Gone", PartnerType.FUNDER, {"co-creation": Level.INFORM})
    actions.do_set_archived(gone, archived=True)
    return cast


def bars(spec):
    return {(row["type"], row["level"]): row["n"] for row in spec["datasets"]["bars"]}


def test_it_counts_each_partner_once_at_their_deepest_level(riverside):
    chart = charts.build(riverside.community, "partner-types")
    assert bars(chart.spec) == {
        ("Community members", "Collaborate"): 1,  # Ana: consult and collaborate -> collaborate
        ("Community members", "Consult"): 1,
        ("Service agencies", "Co-lead"): 1,
        ("Intermediaries and purveyors", "Not on the ladder yet"): 1,
    }
    assert "4 partners at the table." in chart.summary  # the archived funder no longer counts


def test_it_keeps_all_five_partner_types_so_an_empty_one_shows_as_a_gap(riverside):
    spec = charts.build(riverside.community, "partner-types").spec
    types = spec["encoding"]["y"]["scale"]["domain"]
    assert types == [str(charts.TYPE_LABELS[t]) for t in PartnerType] and len(types) == 5
    ends = {row["type"]: row["label"] for row in spec["datasets"]["ends"]}
    assert ends["Funders and policymakers"] == ends["Researchers and evaluators"] == "nobody yet"
    assert ends["Community members"] == "2"


def test_it_counts_one_area_when_asked(riverside):
    chart = charts.build(riverside.community, "partner-types", area(riverside.community, "co-creation"))
    assert bars(chart.spec) == {
        ("Community members", "Consult"): 2,
        ("Service agencies", "Not on the ladder yet"): 1,
        ("Intermediaries and purveyors", "Not on the ladder yet"): 1,
    }
    assert chart.spec_url.endswith("/charts/partner-types.json?area=co-creation")


def test_it_replays_the_ladder_month_by_month(cast):
    ana = add_partner(cast.community, "Ana", PartnerType.COMMUNITY)
    beto = add_partner(cast.community, "Beto", PartnerType.AGENCY)
    set_level(ana, "co-creation", Level.INFORM, at(2025, 1))
    set_level(ana, "co-creation", Level.CONSULT, at(2025, 3, 2))
    set_level(ana, "co-creation", Level.INVOLVE, at(2025, 3, 20))  # the last move in a month counts
    set_level(ana, "leadership", Level.INFORM, at(2025, 4))  # deepest across areas stays involve
    set_level(beto, "workforce", Level.COLLABORATE, at(2025, 2))
    set_level(beto, "workforce", Level.CONSULT, at(2025, 4))  # moving down shows too

    history = charts.ladder_by_month(cast.community, today=date(2025, 4, 30))
    assert [(m.month, dict(c)) for m, c in history] == [
        (1, {Level.INFORM: 1}),
        (2, {Level.INFORM: 1, Level.COLLABORATE: 1}),
        (3, {Level.INVOLVE: 1, Level.COLLABORATE: 1}),
        (4, {Level.INVOLVE: 1, Level.CONSULT: 1}),
    ]
    with translation.override("en"):
        chart = charts.ladder_chart(cast.community, today=date(2025, 4, 30))
    assert chart.spec["encoding"]["x"]["sort"] == ["Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025"]
    assert chart.table.rows[-1] == ["Apr 2025", 0, 1, 1, 0, 0, 2]
    assert "0 of 1 partners in Jan 2025, 0 of 2 in Apr 2025" in chart.summary


def test_it_stops_counting_a_partner_from_the_month_they_were_archived(cast):
    ana = add_partner(cast.community, "Ana", PartnerType.COMMUNITY)
    set_level(ana, "co-creation", Level.CONSULT, at(2025, 1))
    actions.do_set_archived(ana, archived=True)
    Partner.objects.filter(pk=ana.pk).update(archived_at=at(2025, 3))
    history = charts.ladder_by_month(cast.community, today=date(2025, 4, 1))
    assert [sum(c.values()) for _m, c in history] == [1, 1, 0, 0]


def test_it_says_so_when_nobody_is_on_the_ladder_yet(cast):
    chart = charts.build(cast.community, "ladder")
    assert chart.table.rows == []
    assert chart.summary == "No one has been placed on the ladder yet."
    assert chart.spec["mark"]["type"] == "text"


def test_it_labels_the_chart_in_the_readers_language(cast):
    ana = add_partner(cast.community, "Ana", PartnerType.COMMUNITY)
    set_level(ana, "co-creation", Level.CONSULT, at(2025, 1))
    with translation.override("es"):
        chart = charts.ladder_chart(cast.community, today=date(2025, 4, 30))
        consult = str(Level.CONSULT.label)
    # Months are labelled on the server, so the browser's and vl-convert's locales never show through.
    assert chart.spec["encoding"]["x"]["sort"] == ["Ene 2025", "Feb 2025", "Mar 2025", "Abr 2025"]
    assert chart.spec["encoding"]["color"]["scale"]["domain"][1] == consult


def test_it_serves_the_spec_as_json_with_the_five_types(client, riverside):
    client.force_login(riverside.funder)
    response = client.get(chart_url(riverside))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    spec = response.json()
    assert spec["$schema"].endswith("vega-lite/v6.json")
    assert len(spec["encoding"]["y"]["scale"]["domain"]) == 5
    assert sum(row["n"] for row in spec["datasets"]["bars"]) == 4
    assert "Ana" not in response.content.decode()  # counts, never names


@pytest.mark.parametrize("name", ["partner-types", "ladder"])
def test_it_downloads_a_png_and_an_svg(client, riverside, name):
    client.force_login(riverside.lead)
    png = client.get(chart_url(riverside, name, "png"))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    today = timezone.localdate().isoformat()
    assert png["Content-Disposition"] == f'attachment; filename="riverside-{name}-{today}.png"'
    svg = client.get(chart_url(riverside, name, "svg"))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content and b"Riverside" in svg.content  # the file carries its own title


def test_it_answers_404_for_an_unknown_area(client, riverside):
    client.force_login(riverside.lead)
    assert client.get(chart_url(riverside) + "?area=nowhere").status_code == 404
    lakeview_area = EngagementArea.objects.get(community=riverside.other_community, key="media")
    lakeview_area.key = "lakeview-only"
    lakeview_area.save()
    assert client.get(chart_url(riverside) + "?area=lakeview-only").status_code == 404


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_it_checks_ownership_of_the_downloads(client, riverside, fmt):
    client.force_login(riverside.other_org_admin)
    assert client.get(chart_url(riverside, "ladder", fmt)).status_code == 404
    client.force_login(riverside.other_community_lead)
    assert client.get(chart_url(riverside, "ladder", fmt)).status_code == 404
    client.logout()
    assert client.get(chart_url(riverside, "ladder", fmt)).status_code == 302


@pytest.mark.parametrize("name", ["partner-types", "ladder"])
def test_the_spec_query_count_is_flat(client, cast, django_assert_num_queries, name):
    client.force_login(cast.partner)
    client.get(f"/o/{cast.org.slug}/me/")  # the session settles on the first request
    url = chart_url(cast, name)
    # session, user, memberships (tenant), community (+initiative), the chart's one query
    with django_assert_num_queries(5):
        client.get(url)
    for i in range(12):
        add_partner(cast.community, f"P{i}", list(PartnerType)[i % 5], {"co-creation": 1 + i % 5, "media": 2})
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200


def test_it_builds_a_chart_in_one_query(cast, django_assert_num_queries):
    for i in range(6):
        add_partner(cast.community, f"P{i}", PartnerType.COMMUNITY, {"co-creation": 2, "quality": 3})
    for name in charts.CHARTS:
        with django_assert_num_queries(1):
            charts.build(cast.community, name)


def test_the_include_has_a_container_a_table_and_downloads(riverside):
    tenant = tenant_for(riverside.lead, riverside.org.slug)
    community = tenant.communities().get(pk=riverside.community.pk)
    with translation.override("en"):  # outside a request: don't inherit an earlier test's language
        chart = charts.build(community, "partner-types")
        html = render_to_string("partners/charts/_chart.html", {"chart": chart})
    assert f'data-chart-spec-url="{chart.spec_url}"' in html
    assert f'<script id="{chart.spec_id}" type="application/json">' in html
    assert '<th scope="row">Researchers and evaluators</th>' in html
    assert f'href="{chart.png_url}"' in html and "Download PNG" in html
    assert f'href="{chart.svg_url}"' in html and "Download SVG" in html
    assert "<script>" not in html  # the Content-Security-Policy allows no inline script


@pytest.mark.e2e
def test_it_draws_both_charts_in_chromium_within_the_content_security_policy(browser, live_cast, live_server):
    """The include, drawn by the vendored vega-embed under our CSP: nothing blocked, nothing broken.

    Until a page of ours includes the charts, the browser gets the include wrapped in a bare page,
    served with the headers (and so the Content-Security-Policy) of the real community page.
    """
    from cocreate.conftest import PASSWORD
    from cocreate.core.tests.e2e_helpers import PHONE, sign_in_with_password, watch_assets

    cast = live_cast
    add_partner(cast.community, "Ana", PartnerType.COMMUNITY, {"co-creation": Level.CONSULT})
    add_partner(cast.community, "Agency A", PartnerType.AGENCY, {"workforce": Level.COLLABORATE})
    html = render_to_string(
        "partners/charts/_chart.html", {"chart": charts.build(cast.community, "partner-types")}
    ) + render_to_string("partners/charts/_chart.html", {"chart": charts.build(cast.community, "ladder")})
    page_html = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><main>{html}</main></body></html>'
    community_url = f"{live_server.url}{cast.community.get_absolute_url()}"

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    broken = watch_assets(page)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(
        "window.__blocked = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    sign_in_with_password(page, live_server.url, cast.lead.email, PASSWORD)

    def serve(route):
        real = route.fetch(url=community_url)
        assert "script-src 'self'" in real.headers["content-security-policy"]
        route.fulfill(status=200, body=page_html, headers={**real.headers, "content-type": "text/html"})

    page.route("**/chart-check/", serve)
    page.goto(f"{community_url}chart-check/")
    for chart in ("#chart-partner-types", "#chart-ladder"):
        canvas = page.locator(f"{chart} .chart-canvas")
        page.wait_for_selector(
            f"{chart} .chart-canvas:is([data-chart-state=drawn], [data-chart-state=failed])"
        )
        assert canvas.get_attribute("data-chart-state") == "drawn", (
            page.evaluate("window.__blocked"),
            errors,
        )
        assert canvas.locator("svg").count() == 1
    assert page.evaluate("window.__blocked") == []
    assert errors == [] and broken == []
    label = page.locator("#chart-partner-types .chart-canvas").get_attribute("aria-label")
    assert "2 partners at the table" in label
    assert page.locator("details.chart-numbers[open]").count() == 0  # the numbers one click away
    href = page.locator("#chart-ladder a", has_text="Download PNG").get_attribute("href")
    png = page.request.get(f"{live_server.url}{href}")
    assert png.ok and png.body().startswith(b"\x89PNG")
    context.close()
