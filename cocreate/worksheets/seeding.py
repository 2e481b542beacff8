"""Worksheets written straight into their rows, for the demo, the generator and the kinds' tests.

A stand-in for the engine's writes (`engine.do_start_worksheet`, `do_save_step`, `do_save_draft`,
`do_publish`, `do_comment`), which were built at the same time in another part: the integrator may
point `start`, `save_step`, `snapshot` and `comment` at them. What these write follows the models'
documented shape: `content` is `{step: {field: value}}`, a rows field a list of dicts each with a `_key`,
starting rows copied from the template in the worksheet's language; each saved step counts an edit in
`step_versions`; drafts and published versions are numbered snapshots of the content.
"""

from __future__ import annotations

import secrets
from copy import deepcopy

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .definitions import latest_version, text
from .models import (
    TemplateVersion,
    VersionKind,
    Worksheet,
    WorksheetComment,
    WorksheetStatus,
    WorksheetTemplate,
    WorksheetVersion,
)


def builtin(key: str) -> TemplateVersion:
    version = latest_version(WorksheetTemplate.objects.get(organization=None, key=key))
    assert version is not None, key
    return version


def new_row_key() -> str:
    return secrets.token_hex(4)


def starting_content(definition: dict, language: str = "en") -> dict:
    """The content a new worksheet starts with: each rows field's starting rows, texts in `language`."""
    content: dict = {}
    for step in definition.get("steps", []):
        for f in step.get("fields", []):
            if f["type"] == "rows" and f.get("rows"):
                content.setdefault(step["key"], {})[f["key"]] = [
                    {
                        **{k: text(v, language) if isinstance(v, dict) else v for k, v in row.items()},
                        "_key": str(row.get("_key") or new_row_key()),
                    }
                    for row in f["rows"]
                ]
    return content


@transaction.atomic
def start(community, *, organization, key: str, acting_user=None, title: str = "", language: str = "en"):
    version = builtin(key)
    definition = version.definition
    return Worksheet.objects.create(
        organization=organization,
        community=community,
        template_version=version,
        kind=version.template.kind,
        title=title or text(definition["title"], language),
        language=language,
        content=starting_content(definition, language),
        created_by=acting_user,
        changed_by=acting_user,
    )


@transaction.atomic
def save_step(worksheet: Worksheet, step_key: str, values: dict, *, acting_user=None) -> Worksheet:
    """Replace one step's values (rows without a `_key` get one)."""
    values = deepcopy(values)
    for value in values.values():
        if isinstance(value, list):
            for row in value:
                if isinstance(row, dict) and not row.get("_key"):
                    row["_key"] = new_row_key()
    worksheet.content = {**worksheet.content, step_key: values}
    worksheet.step_versions = {
        **worksheet.step_versions,
        step_key: int(worksheet.step_versions.get(step_key, 0)) + 1,
    }
    worksheet.changed_by, worksheet.changed_at = acting_user, timezone.now()
    worksheet.save(update_fields=["content", "step_versions", "changed_by", "changed_at"])
    return worksheet


@transaction.atomic
def snapshot(worksheet: Worksheet, kind: str, *, acting_user=None, note: str = "") -> WorksheetVersion:
    """Draft N or published version N of the worksheet's working text."""
    number = (worksheet.versions.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0) + 1
    version = WorksheetVersion.objects.create(
        organization_id=worksheet.organization_id,
        community_id=worksheet.community_id,
        worksheet=worksheet,
        kind=kind,
        number=number,
        content=deepcopy(worksheet.content),
        note=note,
        saved_by=acting_user,
    )
    if kind == VersionKind.PUBLISHED:
        worksheet.status, worksheet.published_number = WorksheetStatus.PUBLISHED, number
        worksheet.save(update_fields=["status", "published_number"])
    return version


def comment(worksheet: Worksheet, body: str, *, author, draft=None, step_key: str = "") -> WorksheetComment:
    return WorksheetComment.objects.create(
        organization_id=worksheet.organization_id,
        community_id=worksheet.community_id,
        worksheet=worksheet,
        draft=draft,
        step_key=step_key,
        author=author,
        body=body,
    )
