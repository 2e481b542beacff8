"""The finance export: one row per claim, with each kind of line in its own column, for a period of
payment dates (what was paid, summing to the payments to the cent) or of event dates (every live claim
of those events, paid or not).

Built for a year of a large organization (10,000 leaders × 24 claims): one query read with
`.iterator()`; the CSV is streamed row by row. The workbook is written here, as the sheet's XML
straight into a zip (`workbook_bytes`): openpyxl, even in write-only mode, spends about 6 µs a cell,
and a year of 10,000 leaders is some four million cells (half a minute, past the server's timeout);
this writer leaves empty cells out and writes each row as one string, several times faster. The file
is what `cocreate.lib.exports.xlsx_bytes` writes: one sheet, header in bold and frozen, numbers as
numbers, dates as dates. Text cells are made inert for spreadsheets (`csv_safety`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from cocreate.core.models import Organization
from cocreate.lib.csv_safety import neutralise
from cocreate.lib.exports import CSV_TYPE, XLSX_TYPE, download_response, sheet_title

from .models import Claim, ClaimStatus, ExpenseKind, PaymentMethod
from .money import LINE_LABELS

BY_PAYMENT, BY_EVENT = "paid", "event"
LINE_KINDS = [
    "prep",
    "meeting",
    "travel_time",
    "day",
    "childcare",
    "childcare_above_cap",
    "mileage",
    *[f"expense:{k}" for k in ExpenseKind.values],
]
ZERO = Decimal("0")
CHUNK = 2000


def header() -> list[str]:
    kinds = [str(LINE_LABELS[k]) for k in LINE_KINDS[:7]] + [
        str(ExpenseKind(k.split(":", 1)[1]).label) for k in LINE_KINDS[7:]
    ]
    return [
        _("Claim"),
        _("Person"),
        _("Community"),
        _("Event date"),
        _("Event"),
        _("Policy version"),
        _("Currency"),
        *kinds,
        _("Total"),
        _("Status"),
        _("Approved by"),
        _("Approved at"),
        _("Paid on"),
        _("Method"),
        _("Reference"),
        _("Amount paid"),
    ]


def claims_in(organization: Organization, start: date, end: date, by: str = BY_PAYMENT):
    """The claims of the period, as tuples, in date order (one query)."""
    qs = Claim.objects.filter(organization=organization)
    if by == BY_EVENT:
        qs = qs.filter(event_date__gte=start, event_date__lte=end).exclude(status=ClaimStatus.WITHDRAWN)
        qs = qs.order_by("event_date", "pk")
    else:
        qs = qs.filter(payment__paid_on__gte=start, payment__paid_on__lte=end)
        qs = qs.order_by("payment__paid_on", "pk")
    return qs.values_list(
        "pk",
        "partner__name",
        "community__name",
        "event_date",
        "event_title",
        "policy__number",
        "policy__currency",
        "lines",
        "total",
        "status",
        "approved_by__name",
        "approved_by__email",
        "approved_at",
        "payment__paid_on",
        "payment__method",
        "payment__reference",
        "payment__amount",
    )


def rows(organization: Organization, start: date, end: date, by: str = BY_PAYMENT) -> Iterator[list]:
    """The export's rows (Decimals, dates and text), read a chunk at a time."""
    statuses = {k: str(v) for k, v in ClaimStatus.choices}
    methods = {k: str(v) for k, v in PaymentMethod.choices}
    position = {k: i for i, k in enumerate(LINE_KINDS)}
    for (
        pk,
        person,
        community,
        event_date,
        event,
        policy_number,
        currency,
        lines,
        total,
        status,
        approver_name,
        approver_email,
        approved_at,
        paid_on,
        method,
        reference,
        paid,
    ) in claims_in(organization, start, end, by).iterator(chunk_size=CHUNK):
        amounts: list = [""] * len(LINE_KINDS)
        for line in lines or ():
            i = position.get(line["kind"])
            if i is not None:
                # The stored amount as written ("12.06"); two lines of one kind (two parking
                # receipts) are added up.
                amounts[i] = Decimal(amounts[i]) + Decimal(line["amount"]) if amounts[i] else line["amount"]
        yield [
            pk,
            person,
            community,
            event_date,
            event,
            policy_number,
            currency,
            *amounts,
            total,
            statuses.get(status, status),
            approver_name or (approver_email or ""),
            approved_at.isoformat(timespec="minutes") if approved_at else "",
            paid_on or "",
            methods.get(method, "") if method else "",
            reference or "",
            paid if paid is not None else "",
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


# Columns of a row: which hold text people typed (made inert for spreadsheets) and which hold dates.
# Only those are touched: a year of a large organization is millions of cells.
_AFTER_LINES = 7 + len(LINE_KINDS)
TEXT_COLUMNS = (1, 2, 4, _AFTER_LINES + 2, _AFTER_LINES + 6)  # person, community, event, approver, reference
DATE_COLUMNS = (3, _AFTER_LINES + 4)  # event date, paid on
AMOUNT_COLUMNS = range(7, _AFTER_LINES)  # the lines' amounts, as stored ("12.06")


def _csv_lines(organization, start, end, by) -> Iterator[bytes]:
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8 + writer.writerow([neutralise(h) for h in header()]).encode()
    batch: list[str] = []
    for row in rows(organization, start, end, by):
        for i in TEXT_COLUMNS:
            row[i] = neutralise(row[i])
        for i in DATE_COLUMNS:
            if row[i]:
                row[i] = row[i].isoformat()
        batch.append(writer.writerow(row))
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def filename(organization: Organization, start: date, end: date, by: str, extension: str) -> str:
    return f"{organization.slug}-claims-{by}-{start.isoformat()}-{end.isoformat()}.{extension}"


def csv_response(organization, start: date, end: date, by: str = BY_PAYMENT) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_csv_lines(organization, start, end, by), content_type=CSV_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(True, filename(organization, start, end, by, "csv")) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(organization, start: date, end: date, by: str = BY_PAYMENT):
    body = workbook_bytes(_("Claims"), header(), rows(organization, start, end, by), numeric=AMOUNT_COLUMNS)
    return download_response(body, filename(organization, start, end, by, "xlsx"), XLSX_TYPE, no_store=True)


# The workbook ------------------------------------------------------------------------------------------

_NS = "http://schemas.openxmlformats.org/"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTS = {
    "[Content_Types].xml": (
        f'{_XML}<Types xmlns="{_NS}package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'{_XML}<Relationships xmlns="{_NS}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_NS}officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'{_XML}<Relationships xmlns="{_NS}package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_NS}officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_NS}officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/></Relationships>'
    ),
    # Styles: 0 plain, 1 bold (the header), 2 a date (built-in format 14).
    "xl/styles.xml": (
        f'{_XML}<styleSheet xmlns="{_NS}spreadsheetml/2006/main">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_BOLD = ' s="1"'
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (its 1900 leap-year bug is before 1 March 1900)
# Characters XML 1.0 does not allow (openpyxl refuses them too): dropped from text cells.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _column(n: int) -> str:
    """The letters of the n-th column, from 0: A, B, ..., Z, AA, ..."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text_cell(ref: str, value: str, style: str = "") -> str:
    value = _ILLEGAL.sub("", neutralise(value))
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


def _row_xml(number: int, values: Iterable, letters: list[str], numeric: frozenset[int]) -> str:
    cells = []
    for i, (letter, value) in enumerate(zip(letters, values, strict=False)):
        if value is None or value == "":
            continue  # an empty cell is no cell
        kind = type(value)
        if kind is str:
            if i in numeric and _NUMBER.fullmatch(value):  # an amount as stored ("12.06"): a number
                cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
            else:
                cells.append(_text_cell(f"{letter}{number}", value))
        elif kind is Decimal or kind is int or kind is float:
            cells.append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        elif kind is date:
            cells.append(f'<c r="{letter}{number}" s="2"><v>{value.toordinal() - _EPOCH}</v></c>')
        elif kind is bool:
            cells.append(f'<c r="{letter}{number}" t="b"><v>{int(value)}</v></c>')
        else:
            cells.append(_text_cell(f"{letter}{number}", str(value)))
    return f'<row r="{number}">{"".join(cells)}</row>'


def workbook_bytes(
    title: str, head: list[str], table: Iterable[list], *, numeric: Iterable[int] = (), max_width: int = 30
) -> bytes:
    """One sheet called `title`: the header in bold and frozen, then the rows (text, Decimal, int,
    float and date cells; None and "" leave the cell empty). Text is made inert (`neutralise`), except
    in the `numeric` columns (by position), where text that is a decimal number is written as a number.
    """
    numbers = frozenset(numeric)
    letters = [_column(i) for i in range(len(head))]
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{max(10, min(len(str(name)) + 2, max_width))}" customWidth="1"/>'
        for i, name in enumerate(head, start=1)
    )
    workbook = (
        f'{_XML}<workbook xmlns="{_NS}spreadsheetml/2006/main" '
        f'xmlns:r="{_NS}officeDocument/2006/relationships"><sheets>'
        f'<sheet name={quoteattr(sheet_title(title, set()))} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    first_row = "".join(_text_cell(f"{x}1", str(h), _BOLD) for x, h in zip(letters, head, strict=True))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/workbook.xml", workbook)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                (
                    f'{_XML}<worksheet xmlns="{_NS}spreadsheetml/2006/main"><sheetViews>'
                    '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                    'state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                    f"<cols>{widths}</cols><sheetData>"
                    f'<row r="1">{first_row}</row>'
                ).encode()
            )
            batch: list[str] = []
            for number, values in enumerate(table, start=2):
                batch.append(_row_xml(number, values, letters, numbers))
                if len(batch) >= 500:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
    return out.getvalue()
