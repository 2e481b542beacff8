"""Daily action digests: each person who is responsible for actions gets one email a day from each
organization, listing the actions they own there that are overdue or due soon, unless they turned
reminders off in their profile. "Today" is the organization's own day (`Organization.time_zone`).

Responsible means named on the action (`ActionOwner.user`), or named as a partner whose record is
linked to their sign-in (`Partner.user`). What counts as overdue and due soon is the planning pages'
rule (`queries.due_or_overdue` and `queries.RowMaker`).

`enqueue_digests` is what the daily command runs. It goes through the organizations one at a time, and
through each one's people in batches of `REMINDER_BATCH_SIZE`; each batch is its own transaction: it
claims the day's digest for those with something due (a `DigestClaim` row each, inserted so that a
second run the same day, or one running at the same moment, claims nobody twice) and enqueues one
email task after it commits. A run stopped halfway leaves the batches it finished claimed and queued;
running it again does the rest. The task reads the actions again when it runs, so a digest never lists
an action finished in the meantime, and sends nothing when nothing is left. Every batch reads a fixed
number of queries however many people it holds.
"""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.models import Membership, Organization

from .models import ActionOwner, DigestClaim
from .queries import RowMaker, community_prefix, due_or_overdue

CLAIMS_KEPT_DAYS = 7  # older claims are deleted: only the current day's ever decide anything


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


def local_today(organization: Organization) -> date:
    """The date it is now where the organization works."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(organization.time_zone))


def _open_to_remind(organization: Organization, today: date) -> QuerySet[User]:
    """The organization's people who want reminders and have not had its digest for `today` yet."""
    return User.objects.filter(
        Exists(Membership.objects.filter(user=OuterRef("pk"), organization=organization)),
        ~Exists(DigestClaim.objects.filter(user=OuterRef("pk"), organization=organization, day=today)),
        is_active=True,
        action_reminders=True,
    )


def digests(
    people: QuerySet[User], today: date | None = None, organization: Organization | int | None = None
) -> dict[int, Digest]:
    """The digest of each of these people who has an overdue or due-soon action, by user id; with
    `organization`, only its actions.

    Two queries whatever the number of people: the owner rows of open actions due by the end of the
    due-soon window (with what the email shows), and the people's memberships, so that nobody is
    reminded of actions in a community they no longer belong to.
    """
    today = today or timezone.localdate()
    make = RowMaker(today)
    ids = people.values("pk")
    owners = ActionOwner.objects.filter(Q(user_id__in=ids) | Q(partner__user_id__in=ids))
    if organization is not None:
        owners = owners.filter(organization=organization)
    rows = list(
        owners.filter(
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


def enqueue_digests(today: date | None = None, *, batch_size: int | None = None) -> int:
    """Claim the day's digest for everyone with something due, organization by organization, and
    enqueue the emails; how many digests were claimed.

    Each organization's day is its own (`today` overrides it, for tests). Per batch of people: the
    batch's ids, its digests (two), the claim (insert; the ids it took) and one enqueue. Running it
    again the same day claims nobody and sends nothing.
    """
    size = batch_size or settings.REMINDER_BATCH_SIZE
    claimed = 0
    organizations = list(Organization.objects.filter(archived_at__isnull=True).order_by("pk"))
    if organizations:
        oldest = min(today or local_today(org) for org in organizations)
        DigestClaim.objects.filter(day__lt=oldest - timedelta(days=CLAIMS_KEPT_DAYS)).delete()
    for organization in organizations:
        claimed += enqueue_organization_digests(organization, today or local_today(organization), size)
    return claimed


def enqueue_organization_digests(organization: Organization, today: date, batch_size: int) -> int:
    """One organization's digests for its day `today`, `batch_size` people at a time."""
    claimed, after = 0, 0
    while True:
        with transaction.atomic():
            batch = list(
                _open_to_remind(organization, today)
                .filter(pk__gt=after)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if batch:
                claimed += _claim_and_enqueue(organization, today, batch)
        if len(batch) < batch_size:
            return claimed
        after = batch[-1]


def _claim_and_enqueue(organization: Organization, today: date, batch: list[int]) -> int:
    from .tasks import send_action_digests

    candidates = digests(User.objects.filter(pk__in=batch), today, organization)
    if not candidates:
        return 0
    # Insert-or-skip: a claim another run already made stays theirs; `run` tells ours apart.
    run = uuid.uuid4()
    DigestClaim.objects.bulk_create(
        [DigestClaim(organization=organization, user_id=pk, day=today, run=run) for pk in candidates],
        ignore_conflicts=True,
    )
    ours = sorted(
        DigestClaim.objects.filter(organization=organization, day=today, run=run).values_list(
            "user_id", flat=True
        )
    )
    if ours:
        transaction.on_commit(lambda: send_action_digests.enqueue(ours, today.isoformat(), organization.pk))
    return len(ours)
