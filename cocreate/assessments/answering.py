"""Reads behind answering a round: which sections a person is asked, her progress through them, and
whose perspective changed after she answered.

A person answers from one perspective, read from her partner record in the round's community (lived
experience or not) each time she opens her answers, and kept on her response as it was when she sent
it. A round asks each section of everyone, of professionals only or of partners with lived experience
only (`Administration.audience_of`); a person sees, answers and is scored on her sections alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from .models import (
    Administration,
    InstrumentVersion,
    Invitee,
    Item,
    Perspective,
    Section,
    VersionStatus,
    asks,
)

DONT_KNOW = "dk"  # the value of the "I don't know" choice in an answer form


def perspective_of(user_id: int, community_id: int) -> str:
    """Lived experience when the person's partner record in this community says so (one query)."""
    from cocreate.partners.models import Partner

    lived = Partner.objects.filter(
        community_id=community_id, user_id=user_id, lived_experience=True, erased_at__isnull=True
    )
    return Perspective.LIVED if lived.exists() else Perspective.PROFESSIONAL


_FROZEN: dict[tuple[int, object], tuple[list[Section], list[Item]]] = {}
_FROZEN_MAX = 256


def version_items(version: InstrumentVersion) -> tuple[list[Section], list[Item]]:
    """A version's sections and items, in order, with everything an answer page shows (one query).

    A published version never changes, so each process reads it once (bounded); a draft is read each time.
    """
    key = (version.pk, version.created_at)
    found = _FROZEN.get(key) if version.status != VersionStatus.DRAFT else None
    if found is None:
        items = list(
            Item.objects.filter(version_id=version.pk)
            .select_related("section")
            .order_by("section__position", "position")
        )
        sections: dict[int, Section] = {}
        for item in items:
            sections.setdefault(item.section_id, item.section)
        found = (list(sections.values()), items)
        if version.status != VersionStatus.DRAFT:
            if len(_FROZEN) >= _FROZEN_MAX:
                _FROZEN.clear()
            _FROZEN[key] = found
    return found


@dataclass
class Step:
    """One section as a page of answers: its number among the person's sections, and its items."""

    number: int
    section: Section
    items: list[Item] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def steps_for(adm: Administration, perspective: str) -> list[Step]:
    """The sections `adm` asks of someone answering from `perspective`, in order, with their items.

    Reads the version's items once per process for a published version (`version_items`).
    """
    sections, items = version_items(adm.version)
    steps: dict[int, Step] = {}
    for section in sections:
        if asks(adm.audience_of(section), perspective):
            steps[section.pk] = Step(len(steps) + 1, section)
    for item in items:
        step = steps.get(item.section_id)
        if step is not None:
            step.items.append(item)
    return [step for step in steps.values() if step.items]


def asked_keys(steps: Iterable[Step]) -> list[str]:
    return [key for step in steps for key in step.keys]


@dataclass
class Progress:
    answered: int
    total: int
    missing: list[Item]  # items with neither an answer nor "I don't know", in order

    @property
    def complete(self) -> bool:
        return not self.missing


def progress(steps: Sequence[Step], draft: Mapping) -> Progress:
    """How far a draft has come through the person's sections."""
    answers = draft.get("answers") or {}
    dont_know = set(draft.get("dont_know") or ())
    items = [item for step in steps for item in step.items]
    missing = [item for item in items if item.key not in answers and item.key not in dont_know]
    return Progress(len(items) - len(missing), len(items), missing)


def resume_step(steps: Sequence[Step], draft: Mapping) -> int:
    """Where a person comes back to: the section she last saved, else her first section."""
    at = draft.get("at")
    if isinstance(at, int) and 1 <= at <= len(steps):
        return at
    return 1


@dataclass
class ItemCounts:
    """Of the responses, how many were asked an item, answered it on the scale, or said "I don't know"."""

    asked: int = 0
    answered: int = 0
    dont_know: int = 0


def item_counts(
    items: Iterable[tuple[str, str]], responses: Iterable[tuple[Mapping, Sequence, Sequence]]
) -> dict[str, ItemCounts]:
    """Per item key: the counts above, from (answers, dont_know, sections) of each response.

    A response with no sections recorded was asked every section (it predates per-section rounds).
    """
    pairs = list(items)
    counts = {key: ItemCounts() for key, _section in pairs}
    for answers, dont_know, sections in responses:
        asked_sections = set(sections or ())
        unknown = set(dont_know or ())
        for key, section in pairs:
            if asked_sections and section not in asked_sections:
                continue
            row = counts[key]
            row.asked += 1
            if key in unknown:
                row.dont_know += 1
            elif answers.get(key) is not None:
                row.answered += 1
    return counts


def perspective_changes(adm: Administration) -> int:
    """How many people who answered `adm` have a different perspective now than when they answered
    (a count, never who: one query). Their answers stay counted under the perspective they had."""
    from cocreate.partners.models import Partner

    lived_now = Exists(
        Partner.objects.filter(
            community_id=adm.community_id,
            user_id=OuterRef("user_id"),
            lived_experience=True,
            erased_at__isnull=True,
        )
    )
    return (
        Invitee.objects.filter(administration_id=adm.pk, submitted_at__isnull=False)
        .annotate(lived_now=lived_now)
        .filter(
            Q(perspective=Perspective.LIVED, lived_now=False)
            | (~Q(perspective=Perspective.LIVED) & Q(lived_now=True))
        )
        .count()
    )
