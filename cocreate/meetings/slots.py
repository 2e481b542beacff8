"""Suggested meeting times from the partners' stated availability.

Each partner may say which days of the week and which parts of the day suit them. A partner who gave
days but no part of the day is taken to be free all that day; one who gave no days has not said, and
counts nowhere. Every day × part-of-day slot scores the people free then, a partner with lived
experience counting `lived_weight` times; ties go to the slot that every lived-experience partner can
make, then to the slot more of them can make, then to the earlier slot in the week.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from cocreate.partners.models import DayPart, Weekday

LIVED_WEIGHT = 2


class Available(Protocol):
    name: str
    lived_experience: bool
    available_days: list
    available_times: list


@dataclass
class Slot:
    day: int
    part: str
    score: int = 0
    people: list = field(default_factory=list)  # the partners free then, in the order given
    lived_present: int = 0
    all_lived: bool = False

    @property
    def day_label(self) -> str:
        return str(Weekday(self.day).label)

    @property
    def part_label(self) -> str:
        return str(DayPart(self.part).label)


def _days(partner: Available) -> set[int]:
    days = set()
    for d in partner.available_days or []:
        try:
            if int(d) in Weekday.values:
                days.add(int(d))
        except (TypeError, ValueError):
            continue
    return days


def _parts(partner: Available) -> set[str]:
    parts = {p for p in (partner.available_times or []) if p in DayPart.values}
    return parts or set(DayPart.values)


def suggest_slots(
    partners: Iterable[Available], *, top: int = 3, lived_weight: int = LIVED_WEIGHT
) -> list[Slot]:
    """The best `top` slots with at least one partner free, best first."""
    partners = list(partners)
    lived_total = sum(1 for p in partners if p.lived_experience and _days(p))
    slots = {(d, part): Slot(d, part) for d in Weekday.values for part in DayPart.values}
    for partner in partners:
        days = _days(partner)
        if not days:
            continue
        for d in sorted(days):
            for part in _parts(partner):
                slot = slots[(d, part)]
                slot.people.append(partner)
                slot.score += lived_weight if partner.lived_experience else 1
                slot.lived_present += 1 if partner.lived_experience else 0
    part_order = {p: i for i, p in enumerate(DayPart.values)}
    for slot in slots.values():
        slot.all_lived = lived_total > 0 and slot.lived_present == lived_total
    ranked = sorted(
        (s for s in slots.values() if s.score),
        key=lambda s: (-s.score, not s.all_lived, -s.lived_present, s.day, part_order[s.part]),
    )
    return ranked[:top]
