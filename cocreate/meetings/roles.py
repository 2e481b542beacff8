"""A fair rotation of meeting roles, so the same person does not always lead.

Plain data in, plain data out: the pages hand over who may hold a role (the meeting's attendees, in a
fixed order) and who held which role in the community's past meetings; `suggest_roles` says who to
ask for each role this time. The team can override any of it: roles it has already chosen are kept and
the rest are filled around them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PastRole:
    """Someone (a person key such as "p12" or "u7") held `role` in a meeting that started at `held_at`."""

    person: str
    role: str
    held_at: datetime


def suggest_roles(
    roles: Sequence[str],
    eligible: Sequence[str],
    history: Iterable[PastRole],
    chosen: dict[str, str] | None = None,
) -> dict[str, str | None]:
    """Who should hold each role: {role: person key, or None when nobody is eligible}.

    For each role, in the order given, the eligible person who has held *that* role least often in
    the past meetings; then the one who held it least recently (never counts as longest ago); then
    the one with the fewest roles of any kind; then the earlier in `eligible` (so ties always resolve
    the same way). Nobody gets two roles in one meeting unless there are more roles than people.
    Roles in `chosen` (the team's own picks) are kept as they are.
    """
    chosen = {role: person for role, person in (chosen or {}).items() if role in roles and person}
    counts: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], datetime] = {}
    totals: dict[str, int] = {}
    for past in history:
        key = (past.person, past.role)
        counts[key] = counts.get(key, 0) + 1
        if key not in last or past.held_at > last[key]:
            last[key] = past.held_at
        totals[past.person] = totals.get(past.person, 0) + 1
    order = {person: i for i, person in enumerate(dict.fromkeys(eligible))}
    taken = set(chosen.values())
    result: dict[str, str | None] = {}
    for role in roles:
        if role in chosen:
            result[role] = chosen[role]
            continue
        free = [p for p in order if p not in taken] or list(order)
        if not free:
            result[role] = None
            continue

        def rank(person: str, role: str = role) -> tuple:
            held = last.get((person, role))
            return (
                counts.get((person, role), 0),
                held is not None,  # never held it comes first
                held.timestamp() if held else 0.0,
                totals.get(person, 0),
                order[person],
            )

        pick = min(free, key=rank)
        result[role] = pick
        taken.add(pick)
    return result
