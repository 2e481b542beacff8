"""Where apps above planning plug into its pages (see cocreate.core.registry).

- `goal_sections`: sections of a goal's page (e.g. `support`: the sessions that served the goal).
- `sources`: what a feedback item or an improvement cycle came from (e.g. `observations`: the
  process-observation findings that became it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from cocreate.core.registry import Registry, Section

if TYPE_CHECKING:
    from cocreate.core.access import Tenant
    from cocreate.core.models import Community

goal_sections: Registry[Section] = Registry("planning.goal_sections")


@dataclass
class Source:
    """Something a feedback item or cycle came from, as its page links it."""

    label: str  # what kind of thing, e.g. "From a process observation"
    text: str
    url: str
    on: date


@dataclass(frozen=True)
class SourceFinder:
    """`find(tenant, community, **link)` returns the sources behind the object named by `link`
    (`feedback_item=` or `cycle=`) that this viewer may see, in a fixed number of queries."""

    key: str
    order: int
    find: Callable[..., list[Source]]


sources: Registry[SourceFinder] = Registry("planning.sources")


def sources_behind(tenant: Tenant, community: Community, **link: Any) -> list[Source]:
    return [source for finder in sources for source in finder.find(tenant, community, **link)]
