"""Writes that adapt an organization's draft instrument version to its local context.

Only a draft of an organization's own instrument can change: a published version is what some
administration may have answered, and a built-in one belongs to every organization. To change either,
start a draft first (`instruments.draft_of` / `copy_to_organization`), edit it, then publish it.

Every text is a `{language: text}` dict; English is required wherever the loader requires it, so an
edited version can always be read back with `instruments.definition_of` and loaded again.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cocreate.core.concurrency import claim_edit
from cocreate.core.errors import WriteError

from .models import Audience, InstrumentVersion, Item, Scoring, Section


class NotEditable(WriteError):
    def __init__(self):
        super().__init__(
            _(
                "Only a draft of your organization's own version can be changed. Start a draft with "
                "“Adapt for our organization”; the version people answered stays as it was."
            )
        )


def require_draft(version: InstrumentVersion) -> None:
    if not version.is_editable:
        raise NotEditable()


def _merged(old: dict | None, new: dict | None) -> dict:
    """`old` with the languages given in `new` replaced (an empty text removes that language)."""
    merged = dict(old or {})
    for language, text in (new or {}).items():
        text = (text or "").strip()
        if text:
            merged[language] = text
        else:
            merged.pop(language, None)
    return merged


def _required(text: dict, field: str) -> None:
    if not (text.get("en") or "").strip():
        raise WriteError({field: _("Write the English text; other languages fall back to it.")})


def _check_target(version: InstrumentVersion, target: Decimal | None) -> None:
    if target is None:
        return
    values = version.scale_values or [0]
    if version.scoring == Scoring.PERCENT:
        low, high = Decimal(0), Decimal(100)
    elif version.scoring == Scoring.MEAN:
        low, high = Decimal(min(values)), Decimal(max(values))
    else:  # a sum: from every item at the lowest value to every item at the highest
        count = version.items.count()
        low, high = Decimal(min(values) * count), Decimal(max(values) * count)
    if not low <= target <= high:
        raise WriteError(
            {"target": _("The target must be between %(low)s and %(high)s.") % {"low": low, "high": high}}
        )


@transaction.atomic
def do_update_settings(
    version: InstrumentVersion,
    *,
    name: dict,
    description: dict,
    target: Decimal | None,
    edit_version: int | None = None,
    acting_user=None,
) -> bool:
    """Change a draft's name, description and target; return whether anything changed.

    The scoring method stays as in the version it was adapted from, so a community's trend compares
    like with like across the built-in and the local versions. `edit_version` is the draft's `version`
    the editor started from (the name `version` is the draft itself here): a stale edit raises StaleEdit.
    """
    require_draft(version)
    claim_edit(version, edit_version)
    new_name = _merged(version.definition.get("name"), name)
    _required(new_name, "name")
    _check_target(version, target)
    new_description = _merged(version.definition.get("description"), description)
    changed = (
        new_name != version.definition.get("name")
        or new_description != (version.definition.get("description") or {})
        or target != version.target
    )
    if changed:
        version.definition = {**version.definition, "name": new_name, "description": new_description}
        version.target = target
        version.save(update_fields=["definition", "target", "version"])
    return changed


def _item_texts(version: InstrumentVersion, item: Item | None, **texts) -> dict:
    """The new texts of an item, checked: English wording required (and the lived one when paired)."""
    old = item or Item()
    text = _merged(old.text, texts["text"])
    _required(text, "text")
    values: dict = {
        "text": text,
        "guidance": _merged(old.guidance, texts.get("guidance")),
        "evidence_prompt": _merged(old.evidence_prompt, texts.get("evidence_prompt")),
        "wordings": dict(old.wordings or {}),
        "allows_dont_know": bool(texts.get("allows_dont_know", old.allows_dont_know)),
    }
    if version.paired:
        lived = _merged((old.wordings or {}).get("lived"), texts.get("lived"))
        _required(lived, "lived")
        values["wordings"]["lived"] = lived
    if texts.get("plain") is not None:
        plain = _merged((old.wordings or {}).get("plain"), texts["plain"])
        if plain and not plain.get("en"):
            raise WriteError(
                {"plain": _("Write the plain wording in English too; other languages fall back to it.")}
            )
        if plain:
            values["wordings"]["plain"] = plain
        else:
            values["wordings"].pop("plain", None)
    return values


@transaction.atomic
def do_update_item(
    item: Item,
    *,
    text: dict,
    guidance: dict | None = None,
    evidence_prompt: dict | None = None,
    lived: dict | None = None,
    plain: dict | None = None,
    allows_dont_know: bool | None = None,
    acting_user=None,
) -> bool:
    """Change an item's wording, guidance, evidence prompt and "I don't know" in a draft; return whether
    anything changed."""
    version = item.version
    require_draft(version)
    values = _item_texts(
        version,
        item,
        text=text,
        guidance=guidance,
        evidence_prompt=evidence_prompt,
        lived=lived,
        plain=plain,
        allows_dont_know=item.allows_dont_know if allows_dont_know is None else allows_dont_know,
    )
    changed = any(getattr(item, name) != value for name, value in values.items())
    if changed:
        for name, value in values.items():
            setattr(item, name, value)
        item.save(update_fields=list(values))
    return changed


def _new_key(section: Section) -> str:
    taken = set(Item.objects.filter(version_id=section.version_id).values_list("key", flat=True))
    n = section.items.count() + 1
    while f"{section.key}-local-{n}" in taken:
        n += 1
    return f"{section.key}-local-{n}"


@transaction.atomic
def do_add_item(
    section: Section,
    *,
    text: dict,
    guidance: dict | None = None,
    evidence_prompt: dict | None = None,
    lived: dict | None = None,
    plain: dict | None = None,
    allows_dont_know: bool = False,
    acting_user=None,
) -> Item:
    """Add an item at the end of a section of a draft."""
    version = section.version
    require_draft(version)
    values = _item_texts(
        version,
        None,
        text=text,
        guidance=guidance,
        evidence_prompt=evidence_prompt,
        lived=lived,
        plain=plain,
        allows_dont_know=allows_dont_know,
    )
    position = (section.items.aggregate(p=Max("position"))["p"] or 0) + 1
    return Item.objects.create(
        organization_id=version.organization_id,
        version=version,
        section=section,
        key=_new_key(section),
        position=position,
        **values,
    )


@transaction.atomic
def do_remove_item(item: Item, *, acting_user=None) -> None:
    """Take an item out of a draft. A section keeps at least one item."""
    require_draft(item.version)
    if not Item.objects.filter(section_id=item.section_id).exclude(pk=item.pk).exists():
        raise WriteError(
            _(
                "This is the only item in its section; a section needs at least one. Change its wording instead."
            )
        )
    item.delete()


@transaction.atomic
def do_move_item(item: Item, *, up: bool, acting_user=None) -> bool:
    """Swap an item with the one before (or after) it in its section; False at either end."""
    require_draft(item.version)
    siblings = list(Item.objects.filter(section_id=item.section_id).order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Positions are renumbered for the whole section: copied versions may carry gaps or ties.
    for position, sibling in enumerate(siblings):
        sibling.position = position
    Item.objects.bulk_update(siblings, ["position"])
    return True


@transaction.atomic
def do_rename_section(
    section: Section,
    *,
    title: dict,
    description: dict | None = None,
    audience: str | None = None,
    acting_user=None,
) -> bool:
    """Change a section's title (and description, and who is asked it) in a draft; return whether
    anything changed."""
    require_draft(section.version)
    new_title = _merged(section.title, title)
    _required(new_title, "title")
    new_description = (
        _merged(section.description, description) if description is not None else section.description
    )
    new_audience = section.audience if audience is None else audience
    if new_audience not in Audience.values:
        raise WriteError({"audience": _("Choose who is asked this section.")})
    changed = (
        new_title != section.title
        or new_description != section.description
        or new_audience != section.audience
    )
    if changed:
        section.title, section.description, section.audience = new_title, new_description, new_audience
        section.save(update_fields=["title", "description", "audience"])
    return changed
