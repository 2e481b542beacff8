"""Find interface text left in English on Spanish pages.

Signed in as a person who reads Spanish, `crawl` follows every link of ours from the home page (pages,
chart specs, CSV and XLSX downloads) and `english_in` reports what still reads as English:

- a piece of text that *is* an English msgid of the catalogue whose translation differs (a string
  marked for translation but evaluated too early, or shown untranslated), or
- a piece of text holding an *English-only word*: a word of the catalogue's msgids that none of its
  Spanish translations uses ("Status", "Owner", "meeting"), i.e. interface English never marked.

What people typed is not interface text: every string stored in our tables (names, goals, notes, the
demo's English content) is cut out of the page's text before the check, as are the proper names and
abbreviations of `ALLOWED_WORDS`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zoneinfo
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.apps import apps
from django.db import models

import cocreate

CATALOGUE = Path(cocreate.__file__).parent / "locale" / "es" / "LC_MESSAGES" / "django.po"

# Words of the catalogue's msgids that are fine on a Spanish page (names, abbreviations, loanwords).
# Reviewed: add a word only when it is a proper name or the Spanish text uses it too.
ALLOWED_WORDS = frozenset(
    {
        "cocreate",
        "pdsa",
        "csv",
        "xlsx",
        "pdf",
        "docx",
        "api",
        "ics",
        "url",
        "email",  # "e-mail" inputs and addresses
        "totp",
        "id",
        "ok",
        "online",
        "spam",
        "web",
        "chat",
        "zoom",
        "teams",
        "whatsapp",
        "png",
        "svg",
        "json",
        "vega",
        "lite",
        # Spanish words (and month abbreviations) that English msgids happen to use too.
        "may",
        "ago",
        "me",
        "come",
        "ten",
        "once",
        "pm",
        "am",
        "dial",
        "yyyy",
    }
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")
_SKIP_TAGS = {"script", "style", "code", "pre", "template", "noscript", "svg"}
# Attributes a person reads (or a screen reader says).
_READ_ATTRS = {"title", "alt", "placeholder", "aria-label", "aria-description", "data-label", "label"}


def _unquote(s: str) -> str:
    return json.loads(s) if s else ""


def read_catalogue(path: Path = CATALOGUE) -> dict[str, str]:
    """msgid → msgstr (first plural form) of the translated, non-fuzzy entries."""
    entries: dict[str, str] = {}
    msgid = msgstr = None
    current = None
    fuzzy = False
    block: list[str] = []

    def flush():
        if msgid and msgstr and not fuzzy:
            entries[msgid] = msgstr

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            msgid = msgstr = current = None
            fuzzy = False
            block = []
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if line.startswith("#"):
            continue
        block.append(line)
        for key in ("msgid_plural", "msgid", "msgstr[0]", "msgstr[1]", "msgstr", "msgctxt"):
            if line.startswith(key + " "):
                current = key
                value = _unquote(line[len(key) + 1 :])
                if key == "msgid":
                    msgid = value
                elif key in ("msgstr", "msgstr[0]"):
                    msgstr = value
                break
        else:
            if line.startswith('"'):
                if current == "msgid":
                    msgid = (msgid or "") + _unquote(line)
                elif current in ("msgstr", "msgstr[0]"):
                    msgstr = (msgstr or "") + _unquote(line)
    return entries


@dataclass
class Vocabulary:
    """What the catalogue says English and Spanish interface text look like."""

    untranslated: dict[str, str]  # normalized msgid (no placeholders) → msgid, where msgstr differs
    english_only: frozenset[str]  # words of msgids that no msgstr uses

    @classmethod
    def from_catalogue(cls, path: Path = CATALOGUE) -> Vocabulary:
        entries = read_catalogue(path)
        english: set[str] = set()
        spanish: set[str] = set()
        untranslated = {}
        same: set[str] = set()
        for msgid, msgstr in entries.items():
            english |= _words(_PLACEHOLDER.sub(" ", msgid))
            spanish |= _words(_PLACEHOLDER.sub(" ", msgstr))
            key = _norm(_PLACEHOLDER.sub(" ", msgid))
            if msgstr != msgid and len(key) > 2 and _words(key):
                untranslated[key] = msgid
            elif msgstr == msgid:
                same.add(key)
        # A word Spanish shares with English ("Agenda") is not untranslated because another msgid
        # differing only in case ("agenda") is translated otherwise.
        untranslated = {key: msgid for key, msgid in untranslated.items() if key not in same}
        return cls(untranslated, frozenset(english - spanish - ALLOWED_WORDS))


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 1}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .:·—-").lower()


class _Text(HTMLParser):
    """The pieces of text of a page a person reads: text nodes and the attributes that are read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.links: list[str] = []
        self.forms: list[tuple[str, dict]] = []  # data-entry forms: where they post, their hidden fields
        self._form: str | None = None
        self._hidden: dict[str, str] = {}
        self._form_has_fields = False
        self._skip = 0
        self._json: list[str] | None = None  # inside a <script type="application/json"> (a chart spec)
        self.specs: list[str] = []
        self._lang_stack: list[str | None] = []
        self._other_lang = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _SKIP_TAGS:
            self._skip += 1
            if tag == "script" and a.get("type") == "application/json":
                self._json = []
        for name in ("href", "data-chart-spec-url", "hx-get"):
            if a.get(name):
                self.links.append(a[name])
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form, self._form_has_fields, self._hidden = a.get("action") or "", False, {}
        if tag == "input" and a.get("type") == "hidden" and a.get("name") and self._form is not None:
            self._hidden[a["name"]] = a.get("value") or ""
        if tag in ("textarea", "select") or (
            tag == "input"
            and a.get("type", "text") in ("text", "email", "number", "date", "time", "url", "tel")
        ):
            self._form_has_fields = True
        if tag not in _VOID:
            # A passage in another language on purpose (`lang="en"`), or words to keep as they are
            # (`translate="no"`: file column names, codes).
            other = (bool(a.get("lang")) and not a["lang"].startswith("es") and tag != "html") or (
                a.get("translate") == "no"
            )
            self._lang_stack.append(tag if other else None)
            self._other_lang += other
        if self._skip or self._other_lang:
            return
        for name in _READ_ATTRS:
            if a.get(name):
                self.pieces.append(a[name])
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.pieces.append(a["value"])

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            if self._form_has_fields:
                self.forms.append((self._form, self._hidden))
            self._form = None
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag == "script" and self._json is not None:
            self.specs.append("".join(self._json))
            self._json = None
        if tag in _VOID:
            return
        # Pop to the matching tag (HTML lets some end tags go missing).
        while self._lang_stack:
            other = self._lang_stack.pop()
            if other:
                self._other_lang -= 1
            if other == tag or other is None:
                break

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)
        if not self._skip and not self._other_lang and data.strip():
            self.pieces.append(data)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def html_pieces(html: str) -> tuple[list[str], list[str]]:
    pieces, links, _forms = _parse(html)
    return pieces, links


def _parse(html: str) -> tuple[list[str], list[str], list[tuple[str, dict]]]:
    parser = _Text()
    parser.feed(html)
    pieces = list(parser.pieces)
    for spec in parser.specs:
        try:
            pieces += json_pieces(json.loads(spec))
        except ValueError:
            continue
    return pieces, parser.links, parser.forms


# What a chart spec shows in words: titles, descriptions, text marks, and its data (the labels of bars
# and points); not its field names, types, positions or expressions.
_SPEC_TEXT_KEYS = {"title", "text", "description", "subtitle"}


def json_pieces(data) -> list[str]:
    """The strings of a chart spec or an API answer a person may read (not field names or types)."""
    pieces: list[str] = []

    def walk(value, in_data=False):
        if isinstance(value, dict):
            for k, v in value.items():
                if k in _SPEC_TEXT_KEYS and isinstance(v, str | list):
                    pieces.extend(x for x in ([v] if isinstance(v, str) else v) if isinstance(x, str))
                else:
                    walk(v, in_data or k == "values")
        elif isinstance(value, list):
            for v in value:
                walk(v, in_data)
        elif isinstance(value, str) and in_data:
            pieces.append(value)

    walk(data)
    return pieces


def csv_pieces(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig", errors="replace")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row if cell.strip()]


def xlsx_pieces(body: bytes) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True)
    pieces = list(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            pieces += [str(v) for v in row if isinstance(v, str) and v.strip()]
    return pieces


class TypedText:
    """Every string stored in our tables: what people typed (and the demo's English content)."""

    def __init__(self):
        strings: set[str] = set()
        for model in apps.get_models():
            if not model.__module__.startswith("cocreate.") and model._meta.app_label not in ("auth",):
                continue
            fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices
            ]
            if not fields:
                continue
            for row in model._default_manager.values_list(*fields):
                for value in row:
                    _collect(value, strings)
        self.by_first_word: dict[str, list[str]] = {}
        for s in strings:
            s = re.sub(r"\s+", " ", s).strip()
            words = _WORD.findall(s)
            if len(s) >= 3 and words:
                self.by_first_word.setdefault(words[0].lower(), []).append(s)
        for candidates in self.by_first_word.values():
            candidates.sort(key=len, reverse=True)

    def cut(self, text: str) -> str:
        """`text` with every stored string in it blanked out, longest first."""
        out = []
        i = 0
        while i < len(text):
            m = _WORD.match(text, i)
            if m:
                candidates = self.by_first_word.get(m.group(0).lower(), ())
                # A stored text cut short on the page ("Families and staff build…").
                end = text.find("…", i)
                shown = text[i:end].lower() if end > i else ""
                for candidate in candidates:
                    if text.lower().startswith(candidate.lower(), i):
                        out.append(" ")
                        i += len(candidate)
                        break
                    if len(shown) >= 8 and candidate.lower().startswith(shown.rstrip()):
                        out.append(" ")
                        i = end + 1
                        break
                else:
                    out.append(m.group(0))
                    i = m.end()
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


def _collect(value, strings: set[str]) -> None:
    if isinstance(value, str):
        if value.strip():
            strings.add(value)
            # Long texts are shown cut into lines and paragraphs, or truncated.
            for part in re.split(r"[\r\n]+", value):
                if part.strip():
                    strings.add(part.strip())
                    strings.add(part.strip()[:60])
    elif isinstance(value, dict):
        for v in value.values():
            _collect(v, strings)
    elif isinstance(value, list):
        for v in value:
            _collect(v, strings)


@dataclass
class Finding:
    url: str
    text: str
    why: str


@dataclass
class Report:
    findings: dict[str, Finding] = field(default_factory=dict)  # by text, first page it was seen on
    visited: list[str] = field(default_factory=list)
    forms: dict[str, tuple[str, dict]] = field(default_factory=dict)  # form's action → (page, hidden fields)

    def add(self, finding: Finding) -> None:
        self.findings.setdefault(finding.text, finding)

    def lines(self) -> list[str]:
        return [f"{f.why}: {f.text!r} on {f.url}" for f in self.findings.values()]


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


@lru_cache
def _time_zones() -> frozenset[str]:
    """IANA names, as the time zone picker shows them ("America/New York"): proper names."""
    return frozenset(z.replace("_", " ") for z in zoneinfo.available_timezones())


def english_in(pieces: list[str], vocab: Vocabulary, typed: TypedText, url: str, report: Report) -> None:
    for piece in pieces:
        text = re.sub(r"\s+", " ", piece).strip()
        if not text or not _WORD.search(text) or text in _time_zones():
            continue
        text = _EMAIL.sub(" ", text)
        rest = typed.cut(text)
        key = _norm(rest)
        if key in vocab.untranslated:
            report.add(Finding(url, text, "untranslated msgid"))
            continue
        english = sorted(_words(rest) & vocab.english_only)
        if english:
            report.add(Finding(url, text, f"English word(s) {', '.join(english)}"))


_NOT_FOLLOWED = re.compile(
    r"^/(static|media|admin|__debug__)/|/(logout|sign-out|signout|delete|remove|archive|erase)/|/accounts/(logout|email)"
)


def crawl(
    client,
    start: str,
    vocab: Vocabulary,
    typed: TypedText,
    report: Report,
    *,
    limit: int = 400,
    per_shape: int = 2,
) -> None:
    """Follow every same-site link from `start` (GET only), checking each answer's text."""
    seen = {start}
    variants: dict[str, int] = {}
    queue = deque([start])
    stop_at = len(report.visited) + limit
    while queue and len(report.visited) < stop_at:
        url = queue.popleft()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        report.visited.append(url)
        if response.status_code in (301, 302) and response["Location"] not in seen:
            seen.add(response["Location"])
            queue.append(response["Location"])
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        kind = response.get("Content-Type", "")
        body = response.content
        links: list[str] = []
        if "text/html" in kind:
            pieces, links, forms = _parse(body.decode())
            for action, hidden in forms:
                report.forms.setdefault(action or url, (url, hidden))
        elif "json" in kind:
            pieces = json_pieces(json.loads(body))
        elif "csv" in kind:
            pieces = csv_pieces(body)
        elif "spreadsheetml" in kind:
            pieces = xlsx_pieces(body)
        else:
            continue
        english_in(pieces, vocab, typed, url, report)
        for link in links:
            link = urldefrag(link)[0]
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/") or _NOT_FOLLOWED.search(parts.path):
                continue
            if (
                link.endswith((".pdf", ".docx", ".ics", ".png", ".svg"))
                or "format=png" in link
                or "format=svg" in link
            ):
                continue
            # Pages of one shape (/goals/1/, /goals/2/, ?page=2) share a template: a couple of each say
            # what the rest would.
            shape = (
                re.sub(r"\d+", "N", parts.path) + "?" + ",".join(sorted(re.findall(r"(\w+)=", parts.query)))
            )
            variants[shape] = variants.get(shape, 0) + (link not in seen)
            if link not in seen and variants[shape] <= per_shape:
                seen.add(link)
                queue.append(link)


def send_forms_empty(client, vocab: Vocabulary, typed: TypedText, report: Report) -> None:
    """Send each data-entry form found by `crawl` with nothing filled in: its error messages must be
    Spanish too. (Sent after every page was read: an empty form changes nothing, but to be safe.)"""
    for action, (page, hidden) in list(report.forms.items()):
        if _NOT_FOLLOWED.search(urlsplit(action).path):
            continue
        response = client.post(action, hidden, HTTP_ACCEPT_LANGUAGE="es")
        report.visited.append(f"POST {action}")
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pieces, _links, _forms = _parse(response.content.decode())
            english_in(pieces, vocab, typed, f"POST {action} (from {page})", report)
