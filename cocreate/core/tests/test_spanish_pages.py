"""No English interface text on a Spanish page: the demo read by each role in Spanish, every page a link
leads to (and its charts, CSV and XLSX files, and its forms sent empty), checked by `spanish_check`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN

from . import spanish_check as check


@pytest.fixture(scope="module")
def vocab() -> check.Vocabulary:
    return check.Vocabulary.from_catalogue()


def findings(pieces: list[str], vocab, typed_strings=()) -> list[str]:
    typed = check.TypedText.__new__(check.TypedText)
    typed.by_first_word = {}
    for s in typed_strings:
        typed.by_first_word.setdefault(check._WORD.findall(s)[0].lower(), []).append(s)
    report = check.Report()
    check.english_in(pieces, vocab, typed, "/page/", report)
    return [f.text for f in report.findings.values()]


# The check itself ----------------------------------------------------------------------------------


def test_it_reports_a_catalogue_string_shown_untranslated(vocab):
    assert findings(["Show the original wording", "Mostrar la redacción original"], vocab) == [
        "Show the original wording"
    ]


def test_it_reports_english_that_was_never_marked_for_translation(vocab):
    assert findings(["Responsable: Ana", "Due date", "Fecha límite"], vocab) == ["Due date"]


def test_it_leaves_out_what_people_typed_even_when_cut_short(vocab):
    typed = ["Families and staff build what we know together", "Riverside County"]
    pieces = [
        "Meta: Families and staff build what we…",
        "Riverside County · Cocreate",
        "Families and the team",
    ]
    assert findings(pieces, vocab, typed) == ["Families and the team"]


def test_it_allows_proper_names_abbreviations_time_zones_and_addresses(vocab):
    assert (
        findings(["Cocreate", "Ciclo PDSA", "CSV", "America/New York", "ana@example.org", "May 2026"], vocab)
        == []
    )


def test_it_reads_what_a_page_shows_and_skips_what_is_marked_as_another_language():
    html = """<html lang="es"><head><title>Metas</title><script>var x = "Loading the page";</script></head>
    <body><h1 title="Go back">Metas</h1><p lang="en">Families and staff</p>
    <small translate="no">phone number, teléfono</small><input type="submit" value="Save">
    <script type="application/json" id="c">{"title": "Goals by status", "mark": "bar",
      "encoding": {"x": {"field": "status", "type": "nominal"}}, "data": {"values": [{"s": "Done"}]}}</script>
    <form method="post" action="/o/x/new/"><input type="hidden" name="v" value="3"><input name="title"></form>
    <a href="/o/x/goals/">x</a></body></html>"""
    pieces, links = check.html_pieces(html)
    assert "Go back" in pieces and "Save" in pieces and "Goals by status" in pieces and "Done" in pieces
    assert not {
        "Loading the page",
        "Families and staff",
        "phone number, teléfono",
        "status",
        "nominal",
    } & set(pieces)
    assert links == ["/o/x/goals/"]
    assert check._parse(html)[2] == [("/o/x/new/", {"v": "3"})]


def test_it_reads_chart_specs_headers_and_cells():
    spec = {"title": {"text": "Sessions", "anchor": "start"}, "data": {"values": [{"kind": "Coaching"}]}}
    assert check.json_pieces(json.loads(json.dumps(spec))) == ["Sessions", "Coaching"]
    assert check.csv_pieces("\ufeffnombre,tipo\r\nAna,\r\n".encode()) == ["nombre", "tipo", "Ana"]


# The demo in Spanish, role by role --------------------------------------------------------------------

# Who reads the demo in Spanish here (bounded: about half a minute of work on one core). The
# practitioner's pages are the lead's plus the support log, which the network admin reaches too;
# funder and evaluator read a subset of the lead's pages.
ROLES = ("parent", "lead", "admin")


@pytest.fixture
def demo_in_spanish(db):
    call_command("seed-demo", stdout=StringIO())
    User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").update(preferred_language="es")


def test_no_english_interface_text_shows_on_a_spanish_page(client, demo_in_spanish, vocab):
    typed = check.TypedText()
    report = check.Report()
    for who in ROLES:
        client.force_login(User.objects.get(email=f"{who}@{DEMO_DOMAIN}"))
        before = len(report.visited)
        check.crawl(client, "/", vocab, typed, report, limit=400, per_shape=1)
        assert len(report.visited) - before > 40, f"{who} reached only {len(report.visited) - before} pages"
        check.send_forms_empty(client, vocab, typed, report)
        report.forms.clear()
        client.logout()
    assert not report.findings, "English on Spanish pages:\n" + "\n".join(report.lines())
