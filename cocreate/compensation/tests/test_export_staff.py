import csv
import io
from datetime import date
from decimal import Decimal as D

from django.db.models import Sum
from django.utils import timezone
from openpyxl import load_workbook

from cocreate.compensation import approvals
from cocreate.compensation.models import Payment

from .staff_helpers import claim_for, leader, policy_of


def _paid(cast, partner, paid_on, **fields):
    claim = claim_for(cast, partner=partner, **fields)
    approvals.do_approve_claim(claim, acting_user=cast.finance)
    approvals.do_mark_paid(
        claim, acting_user=cast.finance, paid_on=paid_on, method="direct_deposit", reference="=SUM(A1)"
    )
    return claim


def _rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_export_sums_to_the_payments_of_the_period_to_the_cent(client, cast):
    policy_of(cast)
    year = timezone.localdate().year
    paz = leader(cast)
    start, end = date(year, 1, 1), date(year, 1, 31)
    # Amounts with awkward cents: 18 miles × $0.670 = $12.06; 7.3 miles = $4.891 → $4.89.
    _paid(cast, paz, date(year, 1, 5), travel_mode="mileage", miles=D("18"))
    _paid(cast, paz, date(year, 1, 31), travel_mode="mileage", miles=D("7.3"), prep_hours=D("0.35"))
    _paid(cast, paz, date(year, 2, 1))  # outside the period
    claim_for(cast, partner=paz)  # not paid
    client.force_login(cast.finance)
    r = client.get(f"/o/{cast.org.slug}/pay/export/?from={start}&to={end}")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    header, *rows = _rows(r)
    assert len(rows) == 2
    paid_col = header.index("Amount paid")
    total = sum((D(row[paid_col]) for row in rows), D("0"))
    expected = Payment.objects.filter(paid_on__range=(start, end)).aggregate(s=Sum("amount"))["s"]
    # 112.50 + 12.06 = 124.56; 8.75 + 50.00 + 25.00 + 4.89 = 88.64
    assert total == expected == D("213.20")
    # Each line's column adds up to the claim's total; the reference is inert for spreadsheets.
    first = dict(zip(header, rows[0], strict=True))
    assert first["Travel by the mile"] == "12.06" and first["Total"] == "124.56"
    assert first["Reference"].startswith("'=")


def test_the_export_by_event_date_and_as_a_workbook(client, cast):
    policy_of(cast)
    claim = claim_for(cast, partner=leader(cast))
    client.force_login(cast.finance)
    d = claim.event_date.isoformat()
    r = client.get(f"/o/{cast.org.slug}/pay/export/?from={d}&to={d}&by=event&format=xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content), read_only=True).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][0] == claim.pk


def test_the_export_form_refuses_a_period_that_ends_before_it_starts(client, cast):
    client.force_login(cast.finance)
    r = client.get(f"/o/{cast.org.slug}/pay/export/?from=2026-02-01&to=2026-01-01")
    assert r.status_code == 200 and "The end comes after the start." in r.text
