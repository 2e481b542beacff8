"""Where apps above assessments plug into its pages (see cocreate.core.registry).

- `item_goals`: what works on each item of a round's instrument (e.g. `planning`: the goals made from
  it), shown beside the item on the results page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cocreate.core.registry import Registry

if TYPE_CHECKING:
    from .models import Administration


@dataclass(frozen=True)
class ItemGoals:
    """`find(adm, org_slug, community_slug)` returns {item key: [goal refs]} in one query; a goal ref has
    `statement`, `status_label` and `url`."""

    key: str
    order: int
    find: Callable[[Administration, str, str], Mapping[str, list[Any]]]


item_goals: Registry[ItemGoals] = Registry("assessments.item_goals")


def goals_by_item(adm: Administration, org_slug: str, community_slug: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for entry in item_goals:
        for key, goals in entry.find(adm, org_slug, community_slug).items():
            found.setdefault(key, []).extend(goals)
    return found
