"""Tables as files: CSV and XLSX bytes, and the HTTP response that downloads them (or any other file).

An app's `exports.py` says only which columns and rows; this module writes them. Every text cell is
made inert for spreadsheets (`csv_safety.neutralise`: people write free text, and a cell starting with
"=" would run as a formula), in the CSV and in the workbook alike.

- CSV: UTF-8 with a byte-order mark, so Excel reads "José" and not "JosÃ©"; dates as ISO 8601.
- XLSX: one sheet per `Sheet`, the header row in bold and frozen; numbers stay numbers (a `Decimal` as
  a float), dates stay dates.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .csv_safety import neutralise, neutralise_row

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


@dataclass
class Sheet:
    """One table: a sheet of a workbook, or a block of a CSV file."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    # Column widths in characters: the header's length, within these bounds (`first_width` fixes column A).
    min_width: int = 10
    max_width: int = 40
    first_width: int | None = None


# CSV ----------------------------------------------------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    return neutralise(value.isoformat() if isinstance(value, date) else value)


def csv_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """One table as a CSV file: the header, then the rows."""
    return csv_blocks([Sheet("", header, rows)], titled=False)


def csv_blocks(sheets: Iterable[Sheet], *, titled: bool = True) -> bytes:
    """Several tables in one CSV file, a blank line between them, each after its title (when `titled`)."""
    out = io.StringIO()
    writer = csv.writer(out)
    for i, sheet in enumerate(sheets):
        if i:
            writer.writerow([])
        if titled:
            writer.writerow([neutralise(sheet.title)])
        writer.writerow(neutralise_row(sheet.header))
        for row in sheet.rows:
            writer.writerow([_csv_cell(v) for v in row])
    return codecs.BOM_UTF8 + out.getvalue().encode()


# XLSX ---------------------------------------------------------------------------------------------------


def sheet_title(text: str, used: set[str]) -> str:
    """A title Excel accepts (31 characters, none of []:*?/\\), unlike every title in `used`; added to it."""
    title = re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip(" '") or "Sheet"
    while title in used:
        title = title[:28] + f" {len(used)}"
    used.add(title)
    return title


def _xlsx_cell(value: Any) -> Any:
    # Neutralised text starts with an apostrophe, which also keeps openpyxl from writing a formula.
    return float(value) if isinstance(value, Decimal) else neutralise(value)


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A workbook with one sheet per table."""
    from openpyxl import Workbook  # imported here: only exports and imports need it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for sheet in sheets:
        ws = workbook.create_sheet(sheet_title(sheet.title, used))
        ws.freeze_panes = "A2"
        for i, name in enumerate(sheet.header, start=1):
            width = max(sheet.min_width, min(len(str(name)) + 2, sheet.max_width))
            if i == 1 and sheet.first_width:
                width = sheet.first_width
            ws.column_dimensions[get_column_letter(i)].width = width
        header = []
        for name in neutralise_row(sheet.header):
            cell = WriteOnlyCell(ws, value=name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Responses ----------------------------------------------------------------------------------------------


def download_response(
    body: bytes | str, filename: str, content_type: str, *, no_store: bool = False
) -> HttpResponse:
    """`body` as a file to save as `filename` (any characters: a name outside ASCII is sent per RFC 6266).

    `no_store`: for files no shared cache or back button may keep (results of a round, say).
    """
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    if no_store:
        response["Cache-Control"] = "private, no-store"
    return response


def csv_response(header: Sequence[Any], rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    return download_response(csv_bytes(header, rows), filename, CSV_TYPE)
