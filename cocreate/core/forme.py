""" "For me": what waits for one person in one organization, and what changed since her last visit.

The lists come from the apps above core through two registries (`core.registry.waiting_sources` and
`change_sources`): core never names a round, an action or a meeting. Each source answers in a fixed
number of queries whatever the number of communities and items, so the page's budget is

    Σ sources' queries + 1 or 2 (the last visit: read, and at most once an hour a write)
    + 1 for organization-wide roles (every community; others' come with the memberships already loaded)

The last visit is a `HomeVisit` row per person and organization: opening her home moves `seen_at` on
when she was away for more than `VISIT_GAP`, and what changed is listed from the visit before, so a
reload within the hour shows the same list (and writes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import translations
from .access import PARTNER, Tenant
from .models import HomeVisit
from .registry import ChangeItem, WaitingItem, change_sources, waiting_sources

VISIT_GAP = timedelta(hours=1)  # away longer than this: a new visit
FIRST_VISIT_WINDOW = timedelta(days=14)  # on a first visit, "what changed" looks back this far
CHANGES_SHOWN = 20
PANEL_ITEMS = 5  # the staff portfolio's compact panel


@cache
def _function(path: str) -> Any:
    return import_string(path)


def is_partner_only(tenant: Tenant) -> bool:
    """A community member and nothing else here (no staff, funder or evaluator role): her home is "for me"."""
    return tenant.all_roles == frozenset({PARTNER})


def _moment(due: Any) -> datetime:
    if isinstance(due, datetime):
        return due if timezone.is_aware(due) else timezone.make_aware(due)
    if isinstance(due, date):
        return timezone.make_aware(datetime.combine(due, time.min))
    return datetime.max.replace(tzinfo=timezone.get_current_timezone())


@dataclass
class Waiting:
    """One row of the list: the item and how to show its date."""

    item: WaitingItem
    with_time: bool

    @property
    def due(self) -> Any:
        return self.item.due


def waiting_for(user, community_ids: list[int]) -> list[Waiting]:
    """Everything every registered source says waits for her, soonest first (undated last)."""
    items: list[WaitingItem] = []
    for source in waiting_sources:
        items.extend(_function(source.items)(user, community_ids))
    items.sort(key=lambda item: (item.due is None, _moment(item.due) if item.due is not None else 0))
    return [Waiting(item, isinstance(item.due, datetime)) for item in items]


def changes_for(
    user, community_ids: list[int], since: datetime, limit: int = CHANGES_SHOWN
) -> list[ChangeItem]:
    """What changed after `since`, newest first, at most `limit` in all."""
    items: list[ChangeItem] = []
    for source in change_sources:
        items.extend(_function(source.items)(user, community_ids, since, limit))
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def record_visit(tenant: Tenant, now: datetime | None = None) -> datetime | None:
    """Note that she opened her home now; return the start of what is new for her (None: first visit).

    One query when she was here within the hour; two when a new visit begins (read, then one UPDATE
    or INSERT)."""
    now = now or timezone.now()
    visit = HomeVisit.objects.filter(user=tenant.user, organization=tenant.organization).first()
    if visit is None:
        try:
            with transaction.atomic():
                HomeVisit.objects.create(user=tenant.user, organization=tenant.organization, seen_at=now)
        except IntegrityError:  # two tabs at once: the other made the row
            pass
        return None
    if now - visit.seen_at < VISIT_GAP:
        return visit.since
    HomeVisit.objects.filter(pk=visit.pk, seen_at=visit.seen_at).update(since=visit.seen_at, seen_at=now)
    return visit.seen_at


@dataclass
class ForMe:
    waiting: list[Waiting]
    changes: list[ChangeItem] = field(default_factory=list)
    since: datetime | None = None  # None: a first visit (changes of the last two weeks)
    first_visit: bool = False
    communities: list[dict] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for w in self.waiting if w.item.overdue)


def _communities(tenant: Tenant) -> list[dict[str, Any]]:
    """Her communities (not archived): from the memberships the tenant loaded, else (organization-wide
    roles: every community) one query."""
    if not tenant.sees_every_community:
        mine = {m.community_id: m.community for m in tenant.memberships if m.community is not None}
        return sorted(
            ({"pk": c.pk, "name": c.name, "slug": c.slug} for c in mine.values() if c.archived_at is None),
            key=lambda c: c["name"],
        )
    rows = tenant.communities().filter(archived_at__isnull=True).order_by("name").values("pk", "name", "slug")
    return [dict(row) for row in rows]


def for_me(tenant: Tenant, *, visit: bool = True) -> ForMe:
    """The whole page: what waits, and (with `visit`) what changed since her last visit, which it records."""
    communities = _communities(tenant)
    ids = [c["pk"] for c in communities]
    found = ForMe(waiting=waiting_for(tenant.user, ids), communities=communities)
    if visit:
        since = record_visit(tenant)
        found.first_visit = since is None
        found.since = since
        found.changes = changes_for(tenant.user, ids, since or timezone.now() - FIRST_VISIT_WINDOW)
    # Titles a team typed, in her language where someone wrote it: one query for the whole page.
    translations.with_translations(
        [row.item.source for row in found.waiting], [change.source for change in found.changes]
    )
    return found


def panel(tenant: Tenant) -> ForMe:
    """The compact panel on the staff portfolio: what waits (the page shows the first few), no visit recorded."""
    return for_me(tenant, visit=False)
