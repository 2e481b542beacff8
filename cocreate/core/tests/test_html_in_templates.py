"""Markup lives in templates: no Python module outside tests and migrations builds HTML with
`mark_safe`/`format_html` or string literals of tags. Templates escape by default and keep the page's
shape in one place; a row pasted together in Python escapes only what its author remembered."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import cocreate

ROOT = Path(cocreate.__file__).parent

# Calls that turn a Python string into HTML the template will not escape.
SAFE_MAKERS = {"mark_safe", "format_html", "format_html_join", "SafeString", "SafeText"}
# A string literal (or an f-string's text) holding an HTML tag.
TAG = re.compile(
    r"<(?:a|b|br|button|code|div|em|form|h[1-6]|i|img|input|label|li|ol|option|p|pre|section|select"
    r"|small|span|strong|table|tbody|td|textarea|tfoot|th|thead|tr|ul)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)

# Files that genuinely need it, each with the reason. Remove an entry once its file no longer needs it
# (a test below fails while an entry is stale).
ALLOWED = {
    # Django REST framework asks `get_view_description(html=True)` for HTML: one escaped paragraph.
    "api/views.py": "DRF's browsable API takes the view description as HTML",
    # The engagement plan's partner × area matrix: each distinct cell is rendered once from
    # partners/_level_cell.html and the row joined with format_html_join (2 ms for 3,000 cells; a
    # template loop over every cell took 150 ms). No markup is written in Python.
    "partners/plan.py": "joins template-rendered level cells with format_html_join, for speed",
    # The finance export's workbook is spreadsheet XML (<b/> is a bold font in its styles), written
    # straight into the zip: openpyxl took 13 s for a year of 10,000 leaders' claims.
    "compensation/exports.py": "writes the XLSX workbook's XML (not HTML), for speed",
}


def _python_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
        and not path.name.startswith("test_")
    )


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of docstring nodes: prose there may name a tag (`the <tr>s of a table`)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def html_built_in(path: Path) -> list[str]:
    """Where a module builds HTML: 'line 12: mark_safe(...)', 'line 30: "<td ...>"'."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = _docstrings(tree)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in SAFE_MAKERS:
                problems.append(f"line {node.lineno}: {name}(...)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            match = TAG.search(node.value)
            if match:
                problems.append(f"line {node.lineno}: {match.group(0)!r}")
    return problems


def test_it_finds_no_html_built_in_python_outside_templates():
    found = {}
    for path in _python_modules():
        name = path.relative_to(ROOT).as_posix()
        if name not in ALLOWED and (problems := html_built_in(path)):
            found[name] = problems
    assert not found, (
        "HTML belongs in templates (a template partial keeps a long table fast); found in Python: "
        f"{found}. If a module truly must return HTML, add it to ALLOWED with the reason."
    )


def test_it_keeps_the_allowlist_honest():
    stale = [name for name in ALLOWED if not (ROOT / name).exists() or not html_built_in(ROOT / name)]
    assert not stale, f"These no longer build HTML: remove them from ALLOWED: {stale}"


def test_it_recognises_html_built_in_python(tmp_path):
    module = tmp_path / "rows.py"
    module.write_text(
        "from django.utils.safestring import mark_safe\n"
        "def row(name):\n"
        '    """The <tr> of one partner."""\n'
        "    return mark_safe(f'<tr><td data-label=\"Name\">{name}</td></tr>')\n"
        "def badge(text):\n"
        "    return '<span class=\"gap\">' + text + '</span>'\n"
        "def words():\n"
        "    return 'a < b and c > d'\n"
    )
    assert html_built_in(module) == [
        "line 4: mark_safe(...)",
        "line 4: '<tr>'",
        "line 6: '<span class=\"gap\">'",
    ]
