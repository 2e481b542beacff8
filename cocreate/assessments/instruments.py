"""Instrument definitions: load the built-in YAML files, copy one into an organization, version edits.

A definition file looks like this (every text is a `{language: text}` dict; English is required):

    key: partnership
    kind: survey            # team (rate alone, then agree) | survey (individual answers only)
    scoring: percent        # sum | mean | percent
    target: 80              # optional, in the scoring's unit
    paired: true            # items have `wordings: {lived: {...}}` beside their `text`
    adaptable: true         # shown as a draft to adapt locally
    name: {en: ..., es: ...}
    description: {en: ..., es: ...}
    scale:
      - {value: 0, label: {en: No, es: "No"}, description: {...}}
    reflection_prompts:     # optional open questions each person answers alone
      - {key: strengths, text: {...}}
    sections:
      - key: commit
        title: {...}
        description: {...}
        artifacts_prompt: {...}
        audience: everyone  # optional: everyone | professional | lived (who is asked it by default)
        dont_know: true     # optional: every item of the section offers "I don't know"
        items:
          - {key: commit-1, text: {...}, guidance: {...}, evidence_prompt: {...}, wordings: {...}}
          - {key: commit-2, text: {...}, dont_know: false}  # an item can say otherwise
"""

from __future__ import annotations

import functools
import hashlib
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cocreate.core.models import Organization

from .models import Audience, Instrument, InstrumentVersion, Item, Kind, Scoring, Section, VersionStatus

BUILTIN_DIR = Path(__file__).parent / "instruments"
# Plain-language wordings of the built-in items, one file per instrument (`<key>.yaml`: item key →
# {en, es}), kept apart from the professional wording; loaded into each item's `wordings["plain"]`.
PLAIN_DIR = BUILTIN_DIR / "plain"
PLAIN = "plain"
STAGE_QUESTIONS_FILE = BUILTIN_DIR / "stage_questions.yaml"
DEFINITION_FIELDS = ("name", "description", "scale", "reflection_prompts", "adaptable")


class InstrumentError(ValueError):
    """A definition that cannot be loaded, with where the problem is."""


def _text(value, where: str, *, required: bool = True) -> dict:
    if value in (None, "", {}) and not required:
        return {}
    if not isinstance(value, dict) or not isinstance(value.get("en"), str) or not value["en"].strip():
        raise InstrumentError(f"{where}: needs a text with at least an English ('en') entry")
    return {lang: str(text).strip() for lang, text in value.items() if text}


def validate(data: dict, where: str = "instrument") -> dict:
    """Check a definition and return it normalized; raise InstrumentError naming the bad part."""
    if not isinstance(data, dict):
        raise InstrumentError(f"{where}: not a mapping")
    key = data.get("key")
    if not key or not str(key).replace("-", "").replace("_", "").isalnum():
        raise InstrumentError(f"{where}: a 'key' of letters, digits and dashes is required")
    where = f"{where} '{key}'"
    if data.get("kind", Kind.TEAM) not in Kind.values:
        raise InstrumentError(f"{where}: kind must be one of {Kind.values}")
    if data.get("scoring", Scoring.PERCENT) not in Scoring.values:
        raise InstrumentError(f"{where}: scoring must be one of {Scoring.values}")
    scale = data.get("scale") or []
    values = [point.get("value") for point in scale if isinstance(point, dict)]
    if len(values) < 2 or len(set(values)) != len(values) or not all(isinstance(v, int) for v in values):
        raise InstrumentError(
            f"{where}: the scale needs at least two points with distinct whole-number values"
        )
    target = data.get("target")
    if target is not None and not isinstance(target, int | float):
        raise InstrumentError(f"{where}: target must be a number")
    paired = bool(data.get("paired", False))
    sections = data.get("sections") or []
    if not sections:
        raise InstrumentError(f"{where}: at least one section is required")
    seen_sections, seen_items = set(), set()
    norm_sections = []
    for s_index, section in enumerate(sections):
        s_where = f"{where} section {s_index + 1}"
        s_key = section.get("key")
        if not s_key or s_key in seen_sections:
            raise InstrumentError(f"{s_where}: needs a key of its own")
        seen_sections.add(s_key)
        items = section.get("items") or []
        if not items:
            raise InstrumentError(f"{s_where} '{s_key}': has no items")
        audience = section.get("audience") or Audience.EVERYONE
        if audience not in Audience.values:
            raise InstrumentError(f"{s_where} '{s_key}': audience must be one of {Audience.values}")
        section_dont_know = bool(section.get("dont_know", False))
        norm_items = []
        for i_index, item in enumerate(items):
            i_where = f"{s_where} item {i_index + 1}"
            i_key = item.get("key")
            if not i_key or i_key in seen_items:
                raise InstrumentError(f"{i_where}: needs a key unique in the instrument")
            seen_items.add(i_key)
            wordings = {
                p: _text(t, f"{i_where} wording '{p}'") for p, t in (item.get("wordings") or {}).items()
            }
            if paired and "lived" not in wordings:
                raise InstrumentError(f"{i_where} '{i_key}': a paired instrument needs a 'lived' wording")
            norm_items.append(
                {
                    "key": i_key,
                    "text": _text(item.get("text"), i_where),
                    "guidance": _text(item.get("guidance"), i_where, required=False),
                    "evidence_prompt": _text(item.get("evidence_prompt"), i_where, required=False),
                    "wordings": wordings,
                    "dont_know": bool(item.get("dont_know", section_dont_know)),
                }
            )
        norm_sections.append(
            {
                "key": s_key,
                "title": _text(section.get("title"), s_where),
                "description": _text(section.get("description"), s_where, required=False),
                "artifacts_prompt": _text(section.get("artifacts_prompt"), s_where, required=False),
                "audience": audience,
                "items": norm_items,
            }
        )
    return {
        "key": key,
        "kind": data.get("kind", Kind.TEAM),
        "scoring": data.get("scoring", Scoring.PERCENT),
        "target": target,
        "paired": paired,
        "adaptable": bool(data.get("adaptable", False)),
        "name": _text(data.get("name"), where),
        "description": _text(data.get("description"), where, required=False),
        "scale": [
            {
                "value": p["value"],
                "label": _text(p.get("label"), f"{where} scale {p['value']}"),
                "description": _text(p.get("description"), where, required=False),
            }
            for p in scale
        ],
        "reflection_prompts": [
            {"key": p["key"], "text": _text(p.get("text"), f"{where} prompt")}
            for p in data.get("reflection_prompts") or []
        ],
        "sections": norm_sections,
    }


def builtin_files() -> list[Path]:
    return sorted(p for p in BUILTIN_DIR.glob("*.yaml") if p != STAGE_QUESTIONS_FILE)


def read_definition(path: Path) -> tuple[dict, str]:
    """A built-in definition with its plain wordings merged in, and the digest of both files."""
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise InstrumentError(f"{path.name}: not valid YAML ({error})") from error
    digest = hashlib.sha256(raw)
    plain_path = PLAIN_DIR / path.name
    if plain_path.exists():
        plain_raw = plain_path.read_bytes()
        digest.update(plain_raw)
        data = with_plain_wordings(data, yaml.safe_load(plain_raw) or {}, f"plain/{path.name}")
    return validate(data, path.name), digest.hexdigest()


def with_plain_wordings(data: dict, plain: dict, where: str) -> dict:
    """`data` with each item's `wordings["plain"]` taken from `plain` (item key → {en, es})."""
    if not isinstance(plain, dict):
        raise InstrumentError(f"{where}: not a mapping of item keys")
    items = [item for section in data.get("sections") or [] for item in section.get("items") or []]
    unknown = set(plain) - {item.get("key") for item in items}
    if unknown:
        raise InstrumentError(f"{where}: no item with the key(s) {', '.join(sorted(unknown))}")
    for item in items:
        if item.get("key") in plain:
            item["wordings"] = {**(item.get("wordings") or {}), PLAIN: plain[item["key"]]}
    return data


@transaction.atomic
def create_version(
    instrument: Instrument, definition: dict, *, status: str, user=None, digest: str = ""
) -> InstrumentVersion:
    """Write a new version of `instrument` from a validated definition."""
    number = (instrument.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = InstrumentVersion.objects.create(
        organization_id=instrument.organization_id,
        instrument=instrument,
        number=number,
        status=status,
        kind=definition["kind"],
        scoring=definition["scoring"],
        target=None if definition["target"] is None else Decimal(str(definition["target"])),
        paired=definition["paired"],
        definition={k: definition[k] for k in DEFINITION_FIELDS},
        source_digest=digest,
        created_by=user,
        published_at=timezone.now() if status == VersionStatus.PUBLISHED else None,
    )
    items = []
    for s_pos, s in enumerate(definition["sections"]):
        section = Section.objects.create(
            organization_id=instrument.organization_id,
            version=version,
            key=s["key"],
            position=s_pos,
            title=s["title"],
            description=s["description"],
            artifacts_prompt=s["artifacts_prompt"],
            audience=s.get("audience") or Audience.EVERYONE,
        )
        items += [
            Item(
                organization_id=instrument.organization_id,
                version=version,
                section=section,
                key=i["key"],
                position=i_pos,
                text=i["text"],
                guidance=i["guidance"],
                evidence_prompt=i["evidence_prompt"],
                wordings=i["wordings"],
                allows_dont_know=bool(i.get("dont_know")),
            )
            for i_pos, i in enumerate(s["items"])
        ]
    Item.objects.bulk_create(items)
    if status == VersionStatus.PUBLISHED:
        instrument.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=version.pk).update(
            status=VersionStatus.RETIRED
        )
    return version


def definition_of(version: InstrumentVersion) -> dict:
    """The full definition of a stored version (the inverse of `create_version`)."""
    sections = []
    items_by_section: dict[int, list[Item]] = {}
    for item in version.items.order_by("position"):
        items_by_section.setdefault(item.section_id, []).append(item)
    for section in version.sections.order_by("position"):
        sections.append(
            {
                "key": section.key,
                "title": section.title,
                "description": section.description,
                "artifacts_prompt": section.artifacts_prompt,
                "audience": section.audience,
                "items": [
                    {
                        "key": i.key,
                        "text": i.text,
                        "guidance": i.guidance,
                        "evidence_prompt": i.evidence_prompt,
                        "wordings": i.wordings,
                        "dont_know": i.allows_dont_know,
                    }
                    for i in items_by_section.get(section.pk, [])
                ],
            }
        )
    return {
        **{k: version.definition.get(k) for k in DEFINITION_FIELDS},
        "key": version.instrument.key,
        "kind": version.kind,
        "scoring": version.scoring,
        "target": None if version.target is None else float(version.target),
        "paired": version.paired,
        "sections": sections,
    }


def load_builtin(paths: list[Path] | None = None) -> list[InstrumentVersion]:
    """Load or update the built-in instruments; a changed file becomes a new published version.

    Idempotent: a file whose content is unchanged since its last load adds nothing.
    """
    loaded = []
    for path in paths or builtin_files():
        definition, digest = read_definition(path)
        with transaction.atomic():
            instrument, _ = Instrument.objects.get_or_create(organization=None, key=definition["key"])
            latest = instrument.versions.order_by("-number").first()
            if latest is None or latest.source_digest != digest:
                loaded.append(
                    create_version(instrument, definition, status=VersionStatus.PUBLISHED, digest=digest)
                )
    return loaded


@transaction.atomic
def copy_to_organization(version: InstrumentVersion, organization: Organization, user) -> InstrumentVersion:
    """Start an organization's own adaptation of a version, as an editable draft.

    The copy keeps the key, so a community's trend runs on across the built-in and the local version.
    An organization holds one adaptation per key: copying again adds a new draft to it.
    """
    instrument, _ = Instrument.objects.get_or_create(
        organization=organization,
        key=version.instrument.key,
        defaults={"based_on": version.instrument},
    )
    existing_draft = instrument.versions.filter(status=VersionStatus.DRAFT).first()
    if existing_draft is not None:
        return existing_draft
    return create_version(instrument, definition_of(version), status=VersionStatus.DRAFT, user=user)


def draft_of(version: InstrumentVersion, user) -> InstrumentVersion:
    """The version to edit: the draft itself, or a new draft copied from a published version."""
    if version.status == VersionStatus.DRAFT:
        return version
    assert version.instrument.organization is not None  # a built-in is copied, never edited
    return copy_to_organization(version, version.instrument.organization, user)


@transaction.atomic
def publish(version: InstrumentVersion) -> InstrumentVersion:
    """Make a draft the version new administrations use; the one it replaces is retired, results stay."""
    version.instrument.versions.filter(status=VersionStatus.PUBLISHED).update(status=VersionStatus.RETIRED)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version


def stage_questions() -> dict:
    """{domain: {stage: [{"key", "text"}]}} from the stage-guided questions file (treat as read-only)."""
    # Parsed once per change of the file, not on every page view; keyed by path and modification time
    # so an edited (or, in tests, swapped) file is read again.
    path = STAGE_QUESTIONS_FILE
    return _parse_stage_questions(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _parse_stage_questions(path: Path, _mtime: int) -> dict:
    data = yaml.safe_load(path.read_bytes()) or {}
    return {
        domain: {
            stage: [{"key": q["key"], "text": _text(q.get("text"), f"{domain}/{stage}")} for q in questions]
            for stage, questions in stages.items()
        }
        for domain, stages in data.items()
    }
