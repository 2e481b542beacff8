"""Dosage: counted right, month by month, shown as counts (not as effects), exported safely."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
from django.utils import timezone

from cocreate.core.models import Community
from cocreate.partners import actions as partner_actions
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.support.queries.dosage import dosage_by_month, total

from .helpers import log

TODAY = date(2026, 3, 15)


def url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/support/dosage/{suffix}"


def seed_three_months(cast):
    """January: coaching 1.5 h (co-creation) for 2 parents and 3 agency staff; training 2 h (workforce,
    quality). February: nothing. March: a listening session of 1 h (co-creation) with a researcher."""
    parent = riverside_parent(cast)
    log(
        cast,
        day=date(2026, 1, 8),
        hours="1.5",
        event_type="coaching",
        function="is",
        domains=["co-creation"],
        partners=[parent],
        headcounts={"community": 2, "agency": 3},
    )
    log(
        cast,
        day=date(2026, 1, 20),
        hours="2.0",
        event_type="training",
        function="wfd",
        domains=["workforce", "quality"],
        headcounts={},
    )
    researcher = partner_actions.do_create_partner(cast.community, name="Dr. Lee", partner_type="research")
    log(
        cast,
        day=date(2026, 3, 2),
        hours="1.0",
        event_type="listening",
        function="pec",
        domains=["co-creation"],
        partners=[researcher],
    )
    log(cast, cast.other_community, by=cast.admin, day=date(2026, 3, 3), hours="9.0")  # another community
    log(cast, day=date(2025, 12, 31), hours="4.0")  # before the window asked for


def test_it_counts_events_hours_and_breakdowns_by_month(cast):
    seed_three_months(cast)
    months = dosage_by_month(cast.community, months=3, today=TODAY)
    assert [m.month for m in months] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    jan, feb, mar = months
    assert (jan.events, jan.hours) == (2, Decimal("3.5"))
    assert jan.by_type == {"coaching": Decimal("1.5"), "training": Decimal("2.0")}
    assert jan.by_function == {"is": Decimal("1.5"), "wfd": Decimal("2.0")}
    # An event that addressed two domains counts its hours in each.
    assert jan.by_domain == {
        "co-creation": Decimal("1.5"),
        "workforce": Decimal("2.0"),
        "quality": Decimal("2.0"),
    }
    assert jan.partner_types_reached == ["agency", "community"]
    assert jan.headcounts["community"] == 2 and jan.headcounts["agency"] == 3
    assert (feb.events, feb.hours, feb.partner_types_reached) == (0, Decimal(0), [])
    assert (mar.events, mar.hours, mar.by_function) == (1, Decimal("1.0"), {"pec": Decimal("1.0")})
    assert mar.partner_types_reached == ["research"]  # counted from the ticked partner
    everything = total(months)
    assert (everything.events, everything.hours) == (3, Decimal("4.5"))


def test_since_the_first_event_starts_at_the_first_events_month(cast):
    seed_three_months(cast)
    months = dosage_by_month(cast.community, months=None, today=TODAY)
    assert months[0].month == date(2025, 12, 1) and months[0].hours == Decimal("4.0")
    assert len(months) == 4
    assert dosage_by_month(cast.other_community, months=None, today=date(2026, 2, 1)) == []


def test_the_page_shows_the_numbers_and_says_they_are_descriptive(client, cast):
    log(cast, hours="1.5", headcounts={"community": 2, "agency": 4})
    log(cast, hours="2.0", event_type="training", function="wfd", domains=["workforce"])
    client.force_login(cast.partner)  # the data is fed back to everyone, parents included
    assert client.get(url(cast)).status_code == 200
    client.force_login(cast.lead)
    page = client.get(url(cast)).content.decode()
    assert "Descriptive, not evidence of effect." in page
    assert "<strong>2</strong> events, <strong>3.5</strong> hours over 12 months." in page
    assert "Partner types reached:" in page and "Community member" in page
    assert 'id="chart-hours-by-month"' in page and 'id="chart-hours-by-domain"' in page
    assert "Export CSV" in page
    client.force_login(cast.partner)
    assert "export.csv" not in client.get(url(cast)).content.decode()  # partners do not export


def test_the_chart_specs_carry_the_hours(client, cast):
    log(cast, hours="1.5", function="pec", domains=["media"])
    client.force_login(cast.lead)
    spec = client.get(url(cast, "charts/hours-by-month.json")).json()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert [row["hours"] for row in spec["data"]["values"]] == [1.5]
    assert spec["data"]["values"][0]["function"] == "Partnership and engagement"
    domains = client.get(url(cast, "charts/hours-by-domain.json")).json()
    assert {row["domain"]: row["hours"] for row in domains["data"]["values"]}["Media and networking"] == 1.5


def test_the_csv_export_has_a_row_per_month_and_is_formula_safe(client, cast):
    Community.objects.filter(pk=cast.community.pk).update(name='=HYPERLINK("https://evil.example","x")')
    log(cast, hours="1.5", summary="=1+1")
    client.force_login(cast.evaluator)
    response = client.get(url(cast, "export.csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="riverside-support-dosage-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["community", "month", "events", "hours"]
    assert len(rows) == 1 + 12
    this_month = rows[-1]
    assert this_month[0].startswith("'=HYPERLINK")
    assert this_month[1] == timezone.localdate().strftime("%Y-%m")
    assert this_month[2:4] == ["1", "1.5"]
    assert this_month[rows[0].index("hours: Coaching")] == "1.5"


def test_the_xlsx_export_has_the_months_and_the_events_and_is_formula_safe(client, cast):
    log(cast, hours="1.5", summary="=cmd|' /C calc'!A0", next_steps="@SUM(A1)")
    client.force_login(cast.funder)
    response = client.get(url(cast, "export.xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    months, events = workbook.worksheets
    assert months.max_row == 1 + 12
    assert months.cell(row=13, column=4).value == 1.5
    header = [c.value for c in events[1]]
    row = [c.value for c in events[2]]
    assert row[header.index("summary")] == "'=cmd|' /C calc'!A0"
    assert row[header.index("next steps")] == "'@SUM(A1)"
    assert row[header.index("people present: Community member")] == 0
    assert all(cell.data_type != "f" for line in events.iter_rows() for cell in line)


def test_the_dosage_page_query_count_is_flat(client, cast, django_assert_num_queries):
    log(cast)
    client.force_login(cast.lead)
    client.get(url(cast))
    # session, user, memberships, community, events by month × type × function, domain hours by month
    with django_assert_num_queries(6):
        client.get(url(cast))
    parent = riverside_parent(cast)
    for i in range(40):
        log(
            cast,
            day=timezone.localdate() - timedelta(days=9 * i),
            event_type=["coaching", "training", "listening", "planning"][i % 4],
            function=["is", "pec", "redl", "wfd", "pf"][i % 5],
            domains=[["co-creation"], ["workforce", "quality", "media"]][i % 2],
            partners=[parent],
        )
    with django_assert_num_queries(6):
        client.get(url(cast, "?period=all"))


def test_the_export_query_counts_are_flat(client, cast, django_assert_num_queries):
    log(cast)
    client.force_login(cast.lead)
    client.get(url(cast, "export.xlsx"))
    # session, user, memberships, community, two dosage queries, events serving the plan by month,
    # events, their domains, goals and actions
    with django_assert_num_queries(11):
        client.get(url(cast, "export.xlsx"))
    for i in range(20):
        log(cast, day=timezone.localdate() - timedelta(days=5 * i), domains=["co-creation", "media"])
    with django_assert_num_queries(11):
        client.get(url(cast, "export.xlsx"))


def test_it_downloads_a_chart_as_an_image(client, cast):
    log(cast, hours="2.0")
    client.force_login(cast.funder)
    response = client.get(url(cast, "charts/hours-by-domain.svg"), {"period": "24"})
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith('attachment; filename="riverside-hours-by-domain-')
    assert b"<svg" in response.content and b"Riverside" in response.content
