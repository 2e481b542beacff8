"""Partners in and out of spreadsheets: read a CSV or XLSX, check every row, import the good ones at once;
export a community's partners in the same columns, so an export imports again cleanly.

The flow a view follows:
    table = read_table(data, filename)        # FileRejected: one message for the whole file
    pending = save_pending(community, table, user=user)   # kept between the preview and the confirmation
    preview = check_rows(pending_for(community, user).table, community)   # a problem list per row
    do_import_partners(community, table, expected=preview.digest, acting_user=user)
    discard_pending(community, user)

Between the preview and the confirmation the parsed table waits in the database (`PendingImport`, one
per person and community, expiring after `PENDING_MAX_AGE`), so any application server can show the
preview and import it; not in the session, which is read on every request. Each step checks the rows
again against the partners already there, so a partner added in the meantime is caught.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import secrets
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property, lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from cocreate.core.errors import WriteError
from cocreate.core.models import Community
from cocreate.lib.csv_safety import restore
from cocreate.lib.exports import Sheet, csv_bytes, xlsx_bytes

from .models import EngagementArea, Level, Partner, PartnerType, PendingImport

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # an .xlsx is a zip: refuse one that would unpack to gigabytes
PENDING_MAX_AGE = timedelta(hours=6)  # a preview left open longer is read again from a new upload


class FileRejected(WriteError):
    """The file as a whole cannot be imported; `message` says why in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class Column:
    key: str  # also the header an export writes
    label: str | Promise  # how a message names it
    aliases: tuple[str, ...] = ()  # other header names accepted (compared without case or accents)
    required: bool = False
    max_length: int | None = None
    contact: bool = False  # shown and exported only to those who may see contact details


COLUMNS: list[Column] = [
    Column(
        "name",
        gettext_lazy("name"),
        ("full name", "partner name", "nombre", "nombre completo"),
        required=True,
        max_length=200,
    ),
    Column(
        "partner_type",
        gettext_lazy("partner type"),
        ("type", "tipo", "tipo de socio", "tipo de participante", "tipo de aliado"),
        required=True,
    ),
    Column(
        "lived_experience",
        gettext_lazy("lived experience"),
        ("has lived experience", "experiencia vivida", "experiencia de vida", "experiencia propia"),
    ),
    Column(
        "is_organization",
        gettext_lazy("is an organization"),
        ("is organisation", "es organización", "es una organización"),
    ),
    Column(
        "affiliation",
        gettext_lazy("affiliation"),
        ("organization", "organisation", "afiliación", "organización"),
        max_length=200,
    ),
    Column(
        "languages", gettext_lazy("languages"), ("language", "idiomas", "idioma", "lenguas"), max_length=200
    ),
    Column(
        "email",
        gettext_lazy("email"),
        ("e mail", "email address", "mail", "correo", "correo electrónico"),
        max_length=254,
        contact=True,
    ),
    Column(
        "phone",
        gettext_lazy("phone"),
        ("phone number", "telephone", "mobile", "cell", "teléfono", "celular", "móvil"),
        max_length=40,
        contact=True,
    ),
    Column(
        "consent_on",
        gettext_lazy("consent date"),
        ("consent", "consent date", "fecha de consentimiento", "fecha del consentimiento", "consentimiento"),
    ),
    Column(
        "consent_wording",
        gettext_lazy("consent wording"),
        ("consent text", "texto del consentimiento", "redacción del consentimiento"),
    ),
    Column(
        "notes", gettext_lazy("notes"), ("note", "comments", "notas", "nota", "comentarios", "observaciones")
    ),
]
BY_KEY = {c.key: c for c in COLUMNS}


def normalise(text: str) -> str:
    """'Teléfono ', 'PARTNER_TYPE' and 'partner-type' compare as 'telefono' and 'partner type'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[_\-.:*]+", " ", text).split())


def _in_every_language(texts) -> set[str]:
    names: set[str] = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.update(normalise(str(t)) for t in texts)
    return names


@lru_cache
def header_names() -> dict[str, str]:
    """Every accepted header (normalised) -> column key; the model's field labels in each language too."""
    fields = {f.name: f for f in Partner._meta.get_fields() if hasattr(f, "verbose_name")}
    names: dict[str, str] = {}
    for column in COLUMNS:
        known = {normalise(column.key), *(normalise(a) for a in column.aliases)}
        known |= _in_every_language([column.label])
        if column.key in fields:
            known |= _in_every_language([fields[column.key].verbose_name])
        for name in known:
            names.setdefault(name, column.key)
    return names


_TYPE_WORDS = {
    PartnerType.AGENCY: ("service agency", "agencia", "agencia de servicios"),
    PartnerType.FUNDER: (
        "policymaker",
        "policy maker",
        "funder or policymaker",
        "financiador",
        "financiadora",
    ),
    PartnerType.INTERMEDIARY: ("purveyor", "intermediario", "intermediaria", "organización intermediaria"),
    PartnerType.COMMUNITY: ("community member", "comunidad", "miembro de la comunidad"),
    PartnerType.RESEARCH: (
        "researcher",
        "evaluator",
        "investigación",
        "investigador",
        "investigadora",
        "evaluador",
        "evaluadora",
    ),
}


@lru_cache
def partner_type_names() -> dict[str, str]:
    """The five codes, their names in every language, and a few everyday words for each."""
    names: dict[str, str] = {}
    for ptype in PartnerType:
        for name in {ptype.value, *_TYPE_WORDS[ptype], *_in_every_language([ptype.label])}:
            names[normalise(name)] = ptype.value
    return names


YES = frozenset({"yes", "y", "true", "1", "x", "si", "s", "verdadero", "✓", "✔"})
NO = frozenset({"no", "n", "false", "0", "falso", ""})


# ---------------------------------------------------------------------------------------------------
# Reading a file into a table of text cells


@dataclass
class Table:
    """A spreadsheet's rows as typed, under the columns we recognised; what a preview is made from."""

    filename: str
    columns: list[str]  # column keys, in the order of the cells in each row
    ignored: list[str]  # headers we did not recognise, as written
    rows: list[tuple[int, list[str], list[str]]]  # (row number, cells, keys of formula cells with no value)

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "v": 1,
                "filename": self.filename,
                "columns": self.columns,
                "ignored": self.ignored,
                "rows": self.rows,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Table:
        raw = json.loads(data)
        return cls(raw["filename"], raw["columns"], raw["ignored"], [tuple(r) for r in raw["rows"]])


def read_table(data: bytes, filename: str) -> Table:
    """Read an uploaded CSV or XLSX (told apart by content, not by name); FileRejected says what is wrong."""
    if len(data) > MAX_BYTES:
        raise FileRejected(
            _("This file is larger than 5 MB. Split it into smaller files and import each one.")
        )
    if not data.strip():
        raise FileRejected(_("This file is empty."))
    if data.startswith(b"PK\x03\x04"):
        records = _xlsx_records(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(
            _(
                "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV, "
                "then upload it again."
            )
        )
    else:
        records = _csv_records(data)
    return _table(records, filename)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) as we ask; Excel's own Windows encodings when not."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # decodes any byte; cp1252 fails only on five unused ones


def _csv_records(data: bytes) -> Iterator[tuple[int, list]]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    # The header row tells the separator: the one it holds most of (Excel in Spain and France writes ';').
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # One record per spreadsheet row, blank lines included, so row numbers match what people see.
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise FileRejected(
            _(
                "This file could not be read as CSV (near row %(row)s). Save it again from your spreadsheet "
                "as “CSV UTF-8” and upload it again."
            )
            % {"row": reader.line_num}
        ) from exc


_FORMULA = object()  # a formula cell whose value was never saved: nothing to import


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list]]:
    import openpyxl  # imported here: only imports and exports need it

    unreadable = _(
        "This file could not be read as an Excel workbook (.xlsx). Save it again from your "
        "spreadsheet as .xlsx or as CSV, then upload it again."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise FileRejected(
                    _("This workbook is too large once unpacked. Split it into smaller files.")
                )
        # Values as last calculated and saved (data_only); formulas read separately, to tell a formula whose
        # value was never saved (which reads as empty) from a cell that is really empty.
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except FileRejected:
        raise
    except Exception as exc:  # zipfile, XML and openpyxl's own errors all mean the same to the person
        raise FileRejected(unreadable) from exc
    try:
        sheet_v, sheet_f = values.worksheets[0], formulas.worksheets[0]
        for sheet in (sheet_v, sheet_f):
            sheet.reset_dimensions()  # some programs write a wrong size; read what is there
        number = (sheet_v.min_row or 1) - 1
        rows_v = sheet_v.iter_rows(values_only=True)
        rows_f = sheet_f.iter_rows(values_only=True)
        for row_v, row_f in zip(rows_v, rows_f, strict=False):
            number += 1
            cells = []
            for i, value in enumerate(row_v):
                if (
                    value is None
                    and i < len(row_f)
                    and isinstance(formula := row_f[i], str)
                    and formula.startswith("=")
                ):
                    cells.append(_FORMULA)
                else:
                    cells.append(value)
            yield number, cells
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected(unreadable) from exc
    finally:
        values.close()
        formulas.close()


def _text(value) -> str:
    """A cell as text: numbers without a stray '.0', dates as YYYY-MM-DD, our export's apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return restore(str(value).strip())


def _table(records: Iterable[tuple[int, list]], filename: str) -> Table:
    records = iter(records)
    for _number, header in records:
        if any(_text(cell) for cell in header if cell is not _FORMULA):
            break
    else:
        raise FileRejected(_("This file has no rows."))
    names = header_names()
    positions: list[tuple[int, str]] = []
    seen: dict[str, str] = {}
    ignored: list[str] = []
    for i, cell in enumerate(header):
        heading = _text(cell) if cell is not _FORMULA else ""
        if not heading:
            continue
        key = names.get(normalise(heading))
        if key is None:
            ignored.append(heading)
        elif key in seen:
            raise FileRejected(
                _("Two columns mean the same thing: “%(first)s” and “%(second)s”. Keep one of them.")
                % {"first": seen[key], "second": heading}
            )
        else:
            seen[key] = heading
            positions.append((i, key))
    missing = [str(c.label) for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        raise FileRejected(
            _(
                "This file has no column for: %(missing)s. The first row must name the columns, for example: "
                "name, partner_type, email."
            )
            % {"missing": ", ".join(missing)}
        )
    rows: list[tuple[int, list[str], list[str]]] = []
    for number, record in records:
        cells, formulas = [], []
        for i, key in positions:
            value = record[i] if i < len(record) else None
            if value is _FORMULA:
                formulas.append(key)
                value = None
            cells.append(_text(value))
        if not formulas and not any(cells):
            continue  # a blank line
        if len(rows) == MAX_ROWS:
            raise FileRejected(
                _("This file has more than %(max)s rows. Split it into smaller files and import each one.")
                % {"max": f"{MAX_ROWS:,}"}
            )
        rows.append((number, cells, formulas))
    if not rows:
        raise FileRejected(_("This file has column names but no rows of partners under them."))
    return Table(filename=filename, columns=[key for _i, key in positions], ignored=ignored, rows=rows)


# ---------------------------------------------------------------------------------------------------
# Checking rows


@dataclass
class Row:
    number: int
    cells: dict[str, str]  # as typed
    values: dict = field(default_factory=dict)  # Partner fields, when the row is fine
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    table: Table
    rows: list[Row]

    @property
    def valid(self) -> list[Row]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid(self) -> list[Row]:
        return [r for r in self.rows if not r.ok]

    @property
    def digest(self) -> str:
        """Which rows would be imported: the confirmation must match what the preview showed."""
        numbers = ",".join(str(r.number) for r in self.rows if r.ok)
        return hashlib.sha256(numbers.encode()).hexdigest()[:32]


def _same_name(name: str) -> str:
    return " ".join(name.casefold().split())


def _parse_date(text: str) -> date | None:
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        y, m, d = text.split("-")
    elif re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}", text):
        d, m, y = re.split(r"[/.\-]", text)
    else:
        return None
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _check_row(number: int, cells: dict[str, str], formulas: list[str]) -> Row:
    row = Row(number, cells)
    errors, values = row.errors, row.values
    for key in formulas:
        errors.append(
            _(
                "%(column)s holds a formula with no saved value: type the value itself, or open the "
                "file in your spreadsheet and save it again"
            )
            % {"column": BY_KEY[key].label}
        )
    for column in COLUMNS:
        text = cells.get(column.key, "")
        if column.max_length and len(text) > column.max_length:
            errors.append(
                _("%(column)s is longer than %(max)s characters")
                % {"column": column.label, "max": column.max_length}
            )
            text = ""
        values[column.key] = text
    if not values["name"] and "name" not in formulas:
        errors.append(_("the name is missing"))

    choices = ", ".join(PartnerType.values)
    raw_type = values["partner_type"]
    ptype = partner_type_names().get(normalise(raw_type))
    if ptype:
        values["partner_type"] = ptype
    elif not raw_type:
        if "partner_type" not in formulas:
            errors.append(_("the partner type is missing; use one of: %(choices)s") % {"choices": choices})
    else:
        errors.append(
            _(
                "the partner type “%(value)s” is not one of: %(choices)s; use one of those (parents, families "
                "and youth are “community”)"
            )
            % {"value": raw_type, "choices": choices}
        )

    for key in ("lived_experience", "is_organization"):
        word = normalise(values[key])
        if word in YES:
            values[key] = True
        elif word in NO:
            values[key] = False
        else:
            errors.append(
                _("%(column)s “%(value)s” is not yes or no")
                % {"column": BY_KEY[key].label, "value": values[key]}
            )

    email = values["email"].lower()
    values["email"] = email
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("email “%(value)s” is not a valid address") % {"value": cells.get("email", "")})

    consent = values["consent_on"]
    values["consent_on"] = _parse_date(consent) if consent else None
    if consent and values["consent_on"] is None:
        errors.append(
            _("consent date “%(value)s” is not a date; write it as 2026-03-31 or 31/03/2026")
            % {"value": consent}
        )
    if values["consent_wording"] and not consent:
        errors.append(_("consent wording is given but not the consent date; say when they agreed"))
    return row


def check_rows(table: Table, community: Community) -> Preview:
    """Every row checked on its own, then for duplicates: within the file and against the community's
    partners (archived ones included), by email when the row has one, otherwise by name."""
    by_email: dict[str, str] = {}
    by_name: dict[str, str] = {}
    archived = _("archived")
    existing = Partner.objects.filter(community=community, erased_at__isnull=True).values_list(
        "name", "email", "archived_at"
    )
    for name, email, archived_at in existing:
        shown = f"{name} ({archived})" if archived_at else name
        if email:
            by_email.setdefault(email.lower(), shown)
        by_name.setdefault(_same_name(name), shown)

    file_emails: dict[str, int] = {}
    file_names: dict[str, int] = {}
    rows = []
    for number, cells, formulas in table.rows:
        row = _check_row(number, dict(zip(table.columns, cells, strict=True)), formulas)
        email, name = row.values["email"], _same_name(row.values["name"])
        if email:
            if email in file_emails:
                row.errors.append(
                    _("same email as row %(other)s in this file") % {"other": file_emails[email]}
                )
            elif email in by_email:
                row.errors.append(
                    _("already in this community (same email as %(name)s)") % {"name": by_email[email]}
                )
            file_emails.setdefault(email, number)
        elif name:
            if name in file_names:
                row.errors.append(
                    _("same name as row %(other)s in this file, and no email to tell them apart")
                    % {"other": file_names[name]}
                )
            elif name in by_name:
                row.errors.append(
                    _("already in this community (same name as %(name)s)") % {"name": by_name[name]}
                )
        if name:
            file_names.setdefault(name, number)
        rows.append(row)
    return Preview(table, rows)


# ---------------------------------------------------------------------------------------------------
# Keeping a checked file between the preview and the confirmation


def save_pending(community: Community, table: Table, *, user) -> PendingImport:
    """Keep a read table until it is imported, cancelled or expired; it replaces this person's earlier
    one for the community. Expired ones (a tab closed on a preview) are swept away here."""
    now = timezone.now()
    PendingImport.objects.filter(expires_at__lte=now).delete()
    # Level 1: a 10,000-row table shrinks about tenfold in a few milliseconds.
    data = zlib.compress(table.to_json(), 1)
    pending, _created = PendingImport.objects.update_or_create(
        community=community,
        created_by=user,
        defaults={
            "organization_id": community.organization_id,
            "ref": secrets.token_urlsafe(24),
            "filename": table.filename[:255],
            "data": data,
            "created_at": now,
            "expires_at": now + PENDING_MAX_AGE,
        },
    )
    return pending


class _Pending:
    """What the preview shows and the confirmation imports: the waiting table of one person."""

    def __init__(self, row: PendingImport):
        self.ref, self.filename, self._data = row.ref, row.filename, row.data

    @cached_property
    def table(self) -> Table:
        return Table.from_json(zlib.decompress(self._data))


def pending_for(community: Community, user) -> _Pending | None:
    """This person's table waiting to be imported into the community, unless it has expired (one query)."""
    row = PendingImport.objects.filter(
        community=community, created_by=user, expires_at__gt=timezone.now()
    ).first()
    return _Pending(row) if row is not None else None


def discard_pending(community: Community, user) -> None:
    PendingImport.objects.filter(community=community, created_by=user).delete()


# ---------------------------------------------------------------------------------------------------
# Importing


class PreviewChanged(WriteError):
    """The rows that would be imported are not the ones the person saw (someone added a partner since)."""

    def __init__(self):
        super().__init__(
            _(
                "Something changed since the preview (for example, someone added one of "
                "these partners). Nothing was imported: check the rows again."
            )
        )


class PreviewGone(Exception):
    """The preview confirmed is no longer waiting: imported already, cancelled, replaced or expired."""


@transaction.atomic
def do_import_pending(
    community: Community, *, acting_user, ref: str, expected: str
) -> tuple[list[Partner], str]:
    """Import the table this person previewed (`ref`, `expected` from the preview's form) and let it go;
    the partners created and the file's name.

    The waiting row is locked, so a double click or two tabs confirming the same preview import it
    once: the second finds it gone (PreviewGone). PreviewChanged keeps it waiting for a new look.
    """
    row = (
        PendingImport.objects.select_for_update()
        .filter(community=community, created_by=acting_user, ref=ref, expires_at__gt=timezone.now())
        .first()
    )
    if row is None:
        raise PreviewGone
    pending = _Pending(row)
    created = do_import_partners(community, table=pending.table, expected=expected, acting_user=acting_user)
    row.delete()
    return created, pending.filename


@transaction.atomic
def do_import_partners(community: Community, *, table: Table, expected: str, acting_user) -> list[Partner]:
    """Create a partner for every valid row, all at once or not at all.

    The rows are checked again inside the transaction; if the valid rows differ from the preview the
    person confirmed (`expected` is its digest), nothing is saved and PreviewChanged is raised.
    """
    preview = check_rows(table, community)
    if preview.digest != expected:
        raise PreviewChanged()
    partners = [
        Partner(organization_id=community.organization_id, community=community, **row.values)
        for row in preview.valid
    ]
    return bulk_create_with_history(
        partners,
        Partner,
        batch_size=500,
        default_user=acting_user,
        default_change_reason=f"imported from {table.filename}"[:100],
    )


# ---------------------------------------------------------------------------------------------------
# Exporting


def export_table(community: Community, partners, *, with_contact: bool) -> tuple[list[str], list[list]]:
    """The header and rows of an export: the import's columns, then each area's current level.

    `partners` should prefetch `levels`; areas are read once, so the queries do not grow with the rows.
    """
    columns = [c for c in COLUMNS if with_contact or not c.contact]
    areas = list(EngagementArea.objects.filter(community=community))
    # In the reader's language, words and all: the import reads the names of every language back.
    header = [str(c.label) for c in columns] + [_("level: %(area)s") % {"area": a.label} for a in areas]
    labels = {value: str(label) for value, label in Level.choices}
    types = {value: str(label) for value, label in PartnerType.choices}
    yes, no = _("yes"), _("no")
    rows = []
    for p in partners:
        levels = {level.area_id: labels[level.current] for level in p.levels.all()}
        row = []
        for c in columns:
            value = getattr(p, c.key)
            if isinstance(value, bool):
                value = yes if value else no
            elif c.key == "partner_type":
                value = types.get(value, value)
            row.append(value if value is not None else "")
        row.extend(levels.get(a.pk, "") for a in areas)
        rows.append(row)
    return header, rows


def export_xlsx(header: list[str], rows: list[list], *, title: str) -> bytes:
    """One sheet named after the community, its first column (the names) wider than the rest."""
    return xlsx_bytes([Sheet(title, header, rows, min_width=12, first_width=24)])


def export_filename(community: Community, extension: str) -> str:
    return f"{community.slug}-partners-{timezone.localdate().isoformat()}.{extension}"


def template_csv() -> bytes:
    """An empty file with the columns, and one example row, for people starting a list from scratch."""
    example = [
        "Ana Ruiz",
        str(PartnerType.COMMUNITY.label),
        _("yes"),
        _("no"),
        _("Family resource center"),
        _("Spanish, English"),
        "ana@example.org",
        "555 0100",
        timezone.localdate().isoformat(),
        _("May be contacted by email about the family advisory group."),
        "",
    ]
    return csv_bytes([str(c.label) for c in COLUMNS], [example])
