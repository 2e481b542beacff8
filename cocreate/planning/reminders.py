"""Daily action digests: each person who is responsible for actions gets one email a day listing the
actions they own that are overdue or due soon, unless they turned reminders off in their profile.

Responsible means named on the action (`ActionOwner.user`), or named as a partner whose record is
linked to their sign-in (`Partner.user`). What counts as overdue and due soon is the planning pages'
rule (`queries.due_or_overdue` and `queries.RowMaker`).

`enqueue_digests` is what the daily command runs: it claims today's digest for everyone who has
something due (by setting `User.reminded_on`, in one conditional UPDATE, so a second run the same day
finds nobody to claim) and enqueues the emails in batches after the transaction commits. The task
reads the actions again when it runs, so a digest never lists an action finished in the meantime, and
sends nothing when nothing is left. Every step reads a fixed number of queries however many people
there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import partial

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.models import Membership

from .models import ActionOwner
from .queries import RowMaker, community_prefix, due_or_overdue

BATCH_SIZE = 100  # people per task: a few queries per task, and one failure does not hold up everyone


@dataclass
class DueAction:
    pk: int
    strategy: str
    due_on: date
    status: str
    goal: str
    community: str
    url: str  # the action on its goal page, without the site's address
    overdue: bool
    due_soon: bool


@dataclass
class Digest:
    user_id: int
    overdue: list[DueAction] = field(default_factory=list)
    due_soon: list[DueAction] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.due_soon)

    @property
    def empty(self) -> bool:
        return not self.total


def _open_to_remind(today: date) -> QuerySet[User]:
    """People who want reminders and have not had today's digest yet."""
    return User.objects.filter(is_active=True, action_reminders=True).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    )


def digests(people: QuerySet[User], today: date | None = None) -> dict[int, Digest]:
    """The digest of each of these people who has an overdue or due-soon action, by user id.

    Two queries whatever the number of people: the owner rows of open actions due by the end of the
    due-soon window (with what the email shows), and the people's memberships, so that nobody is
    reminded of actions in a community they no longer belong to.
    """
    today = today or timezone.localdate()
    make = RowMaker(today)
    ids = people.values("pk")
    rows = list(
        ActionOwner.objects.filter(Q(user_id__in=ids) | Q(partner__user_id__in=ids))
        .filter(
            due_or_overdue(make, via="action__"),
            action__community__archived_at__isnull=True,
            organization__archived_at__isnull=True,
        )
        .exclude(partner__archived_at__isnull=False)  # a partner no longer at the table
        .order_by("action__due_on", "action__community__name", "action_id")
        .values_list(
            "user_id",
            "partner__user_id",
            "organization_id",
            "organization__slug",
            "action_id",
            "action__strategy",
            "action__due_on",
            "action__status",
            "action__goal_id",
            "action__goal__statement",
            "action__community_id",
            "action__community__name",
            "action__community__slug",
        )
    )
    people_ids = {row[0] or row[1] for row in rows}
    places = set(
        Membership.objects.filter(user_id__in=people_ids).values_list(
            "user_id", "organization_id", "community_id"
        )
    )
    found: dict[int, Digest] = {}
    seen: set[tuple[int, int]] = set()
    prefixes: dict[tuple[str, str], str] = {}
    for (
        user_id,
        partner_user_id,
        org_id,
        org_slug,
        pk,
        strategy,
        due_on,
        status,
        goal_id,
        goal,
        community_id,
        community,
        slug,
    ) in rows:
        person = user_id or partner_user_id
        if (person, pk) in seen:  # named both as a member and as a partner
            continue
        if (person, org_id, None) not in places and (person, org_id, community_id) not in places:
            continue
        seen.add((person, pk))
        prefix = prefixes.get((org_slug, slug))
        if prefix is None:
            prefix = prefixes[org_slug, slug] = community_prefix(org_slug, slug)
        row = make.row(pk, status, due_on, "")
        action = DueAction(
            pk=pk,
            strategy=strategy,
            due_on=due_on,
            status=status,
            goal=goal,
            community=community,
            url=f"{prefix}planning/goals/{goal_id}/#action-{pk}",
            overdue=row["overdue"],
            due_soon=row["due_soon"],
        )
        digest = found.setdefault(person, Digest(person))
        (digest.overdue if action.overdue else digest.due_soon).append(action)
    return found


@transaction.atomic
def enqueue_digests(today: date | None = None) -> int:
    """Claim today's digest for everyone with something due and enqueue the emails; how many people.

    Four queries and one enqueue per `BATCH_SIZE` people: the digests (two), the claim, and the ids
    the claim took. Running it again the same day claims nobody and sends nothing.
    """
    from .tasks import send_action_digests

    today = today or timezone.localdate()
    candidates = digests(_open_to_remind(today), today)
    if not candidates:
        return 0
    # The claim is conditional, so two runs at the same moment cannot both take the same person.
    claimed_qs = _open_to_remind(today).filter(pk__in=list(candidates))
    claimed = sorted(claimed_qs.select_for_update().values_list("pk", flat=True))
    User.objects.filter(pk__in=claimed).update(reminded_on=today)
    for start in range(0, len(claimed), BATCH_SIZE):
        batch = claimed[start : start + BATCH_SIZE]
        transaction.on_commit(partial(send_action_digests.enqueue, batch, today.isoformat()))
    return len(claimed)
