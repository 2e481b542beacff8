"""The workbook of the finance export, written by `exports.workbook_bytes` (not openpyxl: see the
module's docstring), read back with openpyxl as a spreadsheet would."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal as D

from django.db.models import Sum
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from cocreate.compensation import approvals, exports
from cocreate.compensation.models import Payment

from .staff_helpers import claim_for, leader, policy_of


def _paid(cast, partner, paid_on, reference="=SUM(A1)", **fields):
    claim = claim_for(cast, partner=partner, **fields)
    approvals.do_approve_claim(claim, acting_user=cast.finance)
    approvals.do_mark_paid(
        claim, acting_user=cast.finance, paid_on=paid_on, method="direct_deposit", reference=reference
    )
    return claim


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_the_workbook_sums_to_the_payments_of_the_period_to_the_cent_and_agrees_with_the_csv(client, cast):
    policy_of(cast)
    year = timezone.localdate().year
    paz = leader(cast)
    start, end = date(year, 1, 1), date(year, 1, 31)
    _paid(cast, paz, date(year, 1, 5), travel_mode="mileage", miles=D("18"))
    _paid(cast, paz, date(year, 1, 31), travel_mode="mileage", miles=D("7.3"), prep_hours=D("0.35"))
    _paid(cast, paz, date(year, 2, 1))  # outside the period
    claim_for(cast, partner=paz)  # not paid
    client.force_login(cast.finance)
    query = f"/o/{cast.org.slug}/pay/export/?from={start}&to={end}&by=paid"
    r = client.get(query + "&format=xlsx")
    assert r.status_code == 200 and r["Content-Type"] == exports.XLSX_TYPE
    assert r["Content-Disposition"].endswith(f'-claims-paid-{start}-{end}.xlsx"')
    sheet = _workbook(r).active
    header, *rows = list(sheet.values)
    assert list(header) == exports.header() and len(rows) == 2
    paid = header.index("Amount paid")
    total = sum((D(str(row[paid])) for row in rows), D("0"))
    expected = Payment.objects.filter(paid_on__range=(start, end)).aggregate(s=Sum("amount"))["s"]
    assert total == expected == D("213.20")
    # The same rows as the CSV, cell by cell: numbers as numbers, dates as dates, empty cells empty.
    body = b"".join(client.get(query + "&format=csv").streaming_content).decode("utf-8-sig")
    csv_header, *csv_rows = list(csv.reader(io.StringIO(body)))
    assert csv_header == list(header)
    for row, csv_row in zip(rows, csv_rows, strict=True):
        for cell, text in zip(row, csv_row, strict=True):
            if isinstance(cell, datetime):
                assert cell.date().isoformat() == text
            elif isinstance(cell, (int, float)):
                assert D(str(cell)) == D(text)
            else:
                assert (cell or "") == text
    first = dict(zip(header, rows[0], strict=True))
    assert first["Travel by the mile"] == 12.06 and first["Total"] == 124.56
    assert first["Reference"].startswith("'=")  # inert in a spreadsheet
    assert isinstance(first["Event date"], datetime) and first["Paid on"] == datetime(year, 1, 5)


def test_the_workbook_has_a_bold_frozen_header_and_survives_awkward_text():
    head = ["Claim", "Person", "Note"] + [f"Column {i}" for i in range(30)]  # past column Z
    rows: list[list[object]] = [
        [1, "  Ana & <Bea>  ", '=HYPERLINK("x")\x07', *[""] * 29, D("1.50")],
        [2, "", None, *[None] * 29, "12.06"],
    ]
    book = load_workbook(io.BytesIO(exports.workbook_bytes("Claims: 2026/1", head, rows, numeric=[32])))
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    assert sheet.title == "Claims  2026 1" and sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b and sheet["A1"].value == "Claim" and sheet["AG1"].value == "Column 29"
    assert sheet["B2"].value == "  Ana & <Bea>  "  # escaped, spaces kept
    assert sheet["C2"].value == '\'=HYPERLINK("x")'  # inert; a character XML refuses is dropped
    assert sheet["AG2"].value == 1.5 and sheet["AG3"].value == 12.06  # a stored amount is a number
    assert sheet["B3"].value is None and sheet["C3"].value is None
    assert sheet.max_row == 3


def test_column_letters():
    assert [exports._column(n) for n in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA",
    ]  # fmt: skip
