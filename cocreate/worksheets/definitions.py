"""Worksheet templates as data: read the built-in YAML files, check them, load them, adapt them.

A definition file (`definitions/<key>.yaml`) looks like this; every text is a `{language: text}` dict
with at least English (`en`), and Spanish (`es`) for every built-in text:

    key: mission               # unique among the built-ins
    kind: mission              # models.Kind: the engine adds this kind's own behaviour
    position: 10               # order in the list of templates
    title: {en: ..., es: ...}
    why: {en: ..., es: ...}    # why a team does it (one paragraph)
    what: {en: ..., es: ...}   # what it is (optional)
    steps:
      - key: ask
        title: {en: ..., es: ...}
        help: {en: ..., es: ...}            # optional: what to do in this step
        fields:
          - key: what_we_do
            label: {en: ..., es: ...}
            help: {en: ..., es: ...}        # optional
            type: textarea                  # text | textarea | choice | number | rows
            choices:                        # choice (and a choice column): [{key, label}]
              - {key: red, label: {en: Red, es: Rojo}}
            columns:                        # rows: the columns of each row (not rows themselves)
              - {key: value, label: {...}, type: text}
            rows: [{value: ...}]            # rows: optional starting rows (plain values, or texts)
            min_rows: 0                     # rows: optional bounds; fixed_rows: exactly that many
            max_rows: 20
    data: {}                   # the kind's own data: the empathy deck, the benefits of leadership…

A worksheet's `content` follows its definition: `{step key: {field key: value}}`, where a rows field's
value is a list of `{column key: value}` dicts (each with a `_key` of its own, kept across edits).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Max
from django.utils.translation import get_language

from cocreate.core.models import Organization

from .models import Kind, TemplateVersion, WorksheetTemplate

BUILTIN_DIR = Path(__file__).parent / "definitions"
FIELD_TYPES = ("text", "textarea", "choice", "number", "rows")
COLUMN_TYPES = ("text", "textarea", "choice", "number")


class DefinitionError(ValueError):
    """A definition that cannot be loaded, with where the problem is."""


def text(value: Any, language: str | None = None) -> str:
    """A `{language: text}` dict in `language` (the active one by default), else English."""
    if not isinstance(value, dict):
        return str(value or "")
    language = (language or get_language() or "en").split("-")[0]
    return value.get(language) or value.get("en") or ""


def _text(value, where: str, *, required: bool = True) -> dict:
    if value in (None, "", {}) and not required:
        return {}
    if isinstance(value, str) and value.strip():
        value = {"en": value}
    if not isinstance(value, dict) or not isinstance(value.get("en"), str) or not value["en"].strip():
        raise DefinitionError(f"{where}: needs a text with at least an English ('en') entry")
    return {lang: str(t).strip() for lang, t in value.items() if t}


def _choices(items, where: str) -> list[dict]:
    out, seen = [], set()
    for i, choice in enumerate(items or []):
        key = choice.get("key") if isinstance(choice, dict) else None
        if not key or key in seen:
            raise DefinitionError(f"{where} choice {i + 1}: needs a key of its own")
        seen.add(key)
        out.append({"key": str(key), "label": _text(choice.get("label"), f"{where} choice '{key}'")})
    if not out:
        raise DefinitionError(f"{where}: a choice needs choices")
    return out


def _field(field: dict, where: str, types=FIELD_TYPES) -> dict:
    key = field.get("key")
    if not key or not str(key).replace("_", "").isalnum():
        raise DefinitionError(f"{where}: a 'key' of letters, digits and underscores is required")
    where = f"{where} '{key}'"
    kind = field.get("type", "textarea")
    if kind not in types:
        raise DefinitionError(f"{where}: type must be one of {types}")
    out: dict[str, Any] = {
        "key": key,
        "type": kind,
        "label": _text(field.get("label"), where),
        "help": _text(field.get("help"), where, required=False),
    }
    if kind == "choice":
        out["choices"] = _choices(field.get("choices"), where)
    if kind == "rows":
        columns = field.get("columns") or []
        if not columns:
            raise DefinitionError(f"{where}: a rows field needs columns")
        out["columns"] = [_field(c, f"{where} column {i + 1}", COLUMN_TYPES) for i, c in enumerate(columns)]
        if len({c["key"] for c in out["columns"]}) != len(out["columns"]):
            raise DefinitionError(f"{where}: two columns share a key")
        out["rows"] = list(field.get("rows") or [])
        for bound in ("min_rows", "max_rows", "fixed_rows"):
            if field.get(bound) is not None:
                if not isinstance(field[bound], int) or field[bound] < 0:
                    raise DefinitionError(f"{where}: {bound} must be a whole number")
                out[bound] = field[bound]
    return out


def validate(data: dict, where: str = "worksheet template") -> dict:
    """Check a definition and return it normalized; raise DefinitionError naming the bad part."""
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: not a mapping")
    key = data.get("key")
    if not key or not str(key).replace("-", "").replace("_", "").isalnum():
        raise DefinitionError(f"{where}: a 'key' of letters, digits and dashes is required")
    where = f"{where} '{key}'"
    kind = data.get("kind", Kind.OTHER)
    if kind not in Kind.values:
        raise DefinitionError(f"{where}: kind must be one of {Kind.values}")
    steps = data.get("steps") or []
    if not steps:
        raise DefinitionError(f"{where}: at least one step is required")
    seen: set[str] = set()
    norm_steps = []
    for i, step in enumerate(steps):
        s_where = f"{where} step {i + 1}"
        s_key = step.get("key") if isinstance(step, dict) else None
        if not s_key or s_key in seen:
            raise DefinitionError(f"{s_where}: needs a key of its own")
        seen.add(s_key)
        fields = [_field(f, f"{s_where} field {j + 1}") for j, f in enumerate(step.get("fields") or [])]
        if len({f["key"] for f in fields}) != len(fields):
            raise DefinitionError(f"{s_where}: two fields share a key")
        norm_steps.append(
            {
                "key": s_key,
                "title": _text(step.get("title"), s_where),
                "help": _text(step.get("help"), s_where, required=False),
                "fields": fields,
            }
        )
    return {
        "key": str(key),
        "kind": kind,
        "position": int(data.get("position") or 0),
        "title": _text(data.get("title"), where),
        "why": _text(data.get("why"), where, required=False),
        "what": _text(data.get("what"), where, required=False),
        "steps": norm_steps,
        "data": dict(data.get("data") or {}),
    }


def builtin_files() -> list[Path]:
    return sorted(BUILTIN_DIR.glob("*.yaml"))


@functools.cache
def _read(path: Path, mtime: float) -> tuple[dict, str]:
    raw = path.read_bytes()
    return validate(yaml.safe_load(raw), path.name), hashlib.sha256(raw).hexdigest()


def read_definition(path: Path) -> tuple[dict, str]:
    """A built-in file's normalized definition and the checksum of its bytes."""
    return _read(path, path.stat().st_mtime)


def load_builtin(paths: list[Path] | None = None) -> list[TemplateVersion]:
    """Load or update the built-in templates; a changed file becomes a new version (idempotent)."""
    loaded = []
    for path in paths or builtin_files():
        definition, digest = read_definition(path)
        with transaction.atomic():
            template, _ = WorksheetTemplate.objects.get_or_create(
                organization=None,
                key=definition["key"],
                defaults={"kind": definition["kind"], "position": definition["position"]},
            )
            latest = template.versions.order_by("-number").first()
            if latest is None or latest.checksum != digest:
                loaded.append(
                    TemplateVersion.objects.create(
                        template=template,
                        number=(latest.number + 1) if latest else 1,
                        definition=definition,
                        checksum=digest,
                    )
                )
                WorksheetTemplate.objects.filter(pk=template.pk).update(
                    kind=definition["kind"], position=definition["position"]
                )
    return loaded


def latest_version(template: WorksheetTemplate) -> TemplateVersion | None:
    return template.versions.order_by("-number").first()


@transaction.atomic
def adapt(
    version: TemplateVersion, organization: Organization, *, definition: dict, acting_user, note: str = ""
) -> TemplateVersion:
    """An organization's new version of a template (its adaptation of a built-in, or its own again):
    `definition` is checked, and worksheets already started keep the version they started from."""
    definition = validate(definition)
    source = version.template
    if source.organization_id is None:
        template, _ = WorksheetTemplate.objects.get_or_create(
            organization=organization,
            key=source.key,
            defaults={"kind": source.kind, "position": source.position, "based_on": source},
        )
    else:
        assert source.organization_id == organization.pk
        template = source
    WorksheetTemplate.objects.select_for_update().filter(pk=template.pk).values_list("pk").first()
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return TemplateVersion.objects.create(
        organization=organization,
        template=template,
        number=number,
        definition={**definition, "key": template.key, "kind": template.kind},
        note=note,
        created_by=acting_user,
    )


def offered(organization: Organization) -> list[TemplateVersion]:
    """The latest version of each template an organization may start a worksheet from: its own
    adaptation where it has one, else the built-in; in the templates' order."""
    templates = list(WorksheetTemplate.objects.filter(organization__in=[organization], active=True)) + list(
        WorksheetTemplate.objects.filter(organization__isnull=True, active=True)
    )
    chosen: dict[str, WorksheetTemplate] = {}
    for t in templates:  # the organization's own first
        chosen.setdefault(t.key, t)
    latest = {
        v.template_id: v
        for v in TemplateVersion.objects.filter(template__in=chosen.values()).order_by("template", "number")
    }
    rows = [latest[t.pk] for t in chosen.values() if t.pk in latest]
    for v in rows:
        v.template = next(t for t in chosen.values() if t.pk == v.template_id)
    return sorted(rows, key=lambda v: (v.template.position, v.template.key))


def fingerprint(content: Any) -> str:
    """A short, stable digest of a step's content (what an edit form says it started from)."""
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()[:16]
