"""Generated compensation data for benchmarks. Steps for `cocreate.core.generate` (see its docstring).

The organization gets one policy (in force for three years). Every partner with lived experience who
attended a support event claims for it: preparation, meeting and travel time, child care on some,
mileage on many — amounts worked out once per kind of claim with `money.work_out`, so generated totals
are the policy's to the cent. Claims older than a month are mostly paid (a `Payment` and the approved
`ClaimVersion`), newer ones wait for approval, a few were returned or withdrawn.

`fill_claims` gives chosen partners many more claims (`bench/leaders.py`: 10,000 leaders with 24 claims
each), over their community's support events, with the attendance rows that make the claims true.

Rows go in with plain `executemany` (`cocreate.support.generate.RawInsert`); no history is written.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max

from cocreate.core.generate import Build, Step
from cocreate.core.models import Organization
from cocreate.partners.models import Partner
from cocreate.support.generate import RawInsert
from cocreate.support.models import PartnerAttendance, SupportEvent

from .models import Claim, ClaimStatus, ClaimVersion, Payment, PaymentMethod, Policy
from .money import Inputs, Rates, work_out
from .policy import DEFAULT_NOTICE_EN, DEFAULT_NOTICE_ES

D = Decimal
# The kinds of claim people make, with how often (weights): the amounts come from the policy.
KINDS: list[tuple[Inputs, int]] = [
    (
        Inputs(
            prep_hours=D("1"),
            meeting_hours=D("2"),
            travel_hours=D("0.5"),
            travel_mode="mileage",
            miles=D("12"),
        ),
        30,
    ),
    (Inputs(prep_hours=D("0.5"), meeting_hours=D("1.5")), 25),
    (Inputs(prep_hours=D("1.5"), meeting_hours=D("2"), travel_hours=D("1"), childcare_cost=D("45.00")), 15),
    (
        Inputs(
            prep_hours=D("2"),
            meeting_hours=D("3"),
            travel_hours=D("1.5"),
            travel_mode="mileage",
            miles=D("38.5"),
        ),
        15,
    ),
    (Inputs(meeting_hours=D("2"), childcare_cost=D("60.00"), travel_mode="mileage", miles=D("22")), 10),
    (Inputs(prep_hours=D("1"), meeting_hours=D("4"), travel_hours=D("2")), 5),  # more than the maxima
]
STATUSES_RECENT = [ClaimStatus.SUBMITTED] * 6 + [ClaimStatus.APPROVED] * 2 + [ClaimStatus.RETURNED]
STATUSES_OLD = (
    [ClaimStatus.PAID] * 16 + [ClaimStatus.APPROVED] + [ClaimStatus.WITHDRAWN] * 2 + [ClaimStatus.RETURNED]
)
METHODS = [PaymentMethod.DIRECT_DEPOSIT] * 3 + [PaymentMethod.CHECK, PaymentMethod.GIFT_CARD]


def make_policy(organization: Organization, today: date, created_by_id: int | None = None) -> Policy:
    policy = Policy.objects.filter(organization=organization).order_by("-effective_from").first()
    if policy is not None:
        return policy
    return Policy.objects.create(
        organization=organization,
        number=1,
        effective_from=today - timedelta(days=3 * 365),
        honorarium_rate=D("25.00"),
        max_prep_hours=D("2"),
        max_meeting_hours=D("3"),
        max_travel_hours=D("1.5"),
        childcare_daily_cap=D("60.00"),
        mileage_rate=D("0.670"),
        notice_en=DEFAULT_NOTICE_EN,
        notice_es=DEFAULT_NOTICE_ES,
        reporting_threshold=D("600.00"),
        created_by_id=created_by_id,
    )


@dataclass(frozen=True)
class Priced:
    inputs: Inputs
    lines: str  # JSON, as Claim.lines stores it
    total: Decimal


def priced_kinds(policy: Policy) -> list[Priced]:
    weighted = []
    for inputs, weight in KINDS:
        lines, total = work_out(Rates.of(policy), inputs)
        weighted += [Priced(inputs, json.dumps([line.as_json() for line in lines]), total)] * weight
    return weighted


class ClaimWriter:
    """Claims (with their payments and approved versions) as raw rows, ids given here."""

    CLAIM_COLUMNS = [
        "id", "version", "meeting_id", "support_event_id", "event_date", "event_title", "organization_id",
        "community_id", "partner_id", "policy_id", "prep_hours", "meeting_hours", "travel_hours",
        "childcare_cost", "travel_mode", "miles", "exception_id", "note", "lines", "total", "status",
        "return_reason", "submitted_by_id", "submitted_at", "approved_by_id", "approved_at",
    ]  # fmt: skip
    PAYMENT_COLUMNS = [
        "organization_id", "community_id", "claim_id", "partner_id", "paid_on", "method", "reference",
        "amount", "recorded_by_id", "recorded_at",
    ]  # fmt: skip
    VERSION_COLUMNS = [
        "organization_id",
        "claim_id",
        "number",
        "lines",
        "total",
        "reason",
        "made_by_id",
        "made_at",
    ]

    def __init__(self, build: Build, policy: Policy, approver_of: dict[int, int], finance_id: int | None):
        self.build, self.policy = build, policy
        self.approver_of, self.finance_id = approver_of, finance_id
        self.kinds = priced_kinds(policy)
        self.claims = RawInsert(build, Claim, self.CLAIM_COLUMNS)
        self.payments = RawInsert(build, Payment, self.PAYMENT_COLUMNS)
        self.versions = RawInsert(build, ClaimVersion, self.VERSION_COLUMNS)
        self.next_id = (Claim.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        self.ops = connection.ops

    def write(
        self, rows: Iterable[tuple[int, int, int, date, str]], rng: random.Random, now: datetime
    ) -> int:
        """rows: (community id, partner id, support event id, event date, title). Returns claims written."""
        ops = self.ops
        claims, payments, versions = [], [], []
        money = lambda value: ops.adapt_decimalfield_value(value, 10, 2)  # noqa: E731
        hours = lambda value: ops.adapt_decimalfield_value(value, 5, 2)  # noqa: E731
        for community_id, partner_id, event_id, day, title in rows:
            claim_id, self.next_id = self.next_id, self.next_id + 1
            kind = rng.choice(self.kinds)
            inputs = kind.inputs
            age = (now.date() - day).days
            status = rng.choice(STATUSES_OLD if age > 30 else STATUSES_RECENT)
            submitted = datetime.combine(day, datetime.min.time(), tzinfo=now.tzinfo) + timedelta(
                days=rng.randint(0, 5), hours=rng.randint(8, 20)
            )
            submitted = min(submitted, now)
            approver = self.approver_of.get(community_id) or self.finance_id
            approved_at = (
                min(submitted + timedelta(days=rng.randint(1, 10)), now)
                if status in (ClaimStatus.APPROVED, ClaimStatus.PAID)
                else None
            )
            claims.append(
                (
                    claim_id, 1, None, event_id, ops.adapt_datefield_value(day), title[:300], self.build.org.pk,
                    community_id, partner_id, self.policy.pk, hours(inputs.prep_hours), hours(inputs.meeting_hours),
                    hours(inputs.travel_hours), money(inputs.childcare_cost), inputs.travel_mode,
                    ops.adapt_decimalfield_value(inputs.miles, 7, 1), None, "", kind.lines, money(kind.total),
                    status.value, "Please add the parking receipt." if status == ClaimStatus.RETURNED else "",
                    None, ops.adapt_datetimefield_value(submitted),
                    approver if approved_at else None,
                    ops.adapt_datetimefield_value(approved_at) if approved_at else None,
                )
            )  # fmt: skip
            if approved_at:
                versions.append(
                    (self.build.org.pk, claim_id, 1, kind.lines, money(kind.total), "", approver,
                     ops.adapt_datetimefield_value(approved_at))
                )  # fmt: skip
            if status == ClaimStatus.PAID and approved_at:
                paid = min(approved_at + timedelta(days=rng.randint(3, 20)), now)
                payments.append(
                    (self.build.org.pk, community_id, claim_id, partner_id,
                     ops.adapt_datefield_value(paid.date()), rng.choice(METHODS).value,
                     f"PAY-{claim_id:07d}", money(kind.total), self.finance_id, ops.adapt_datetimefield_value(paid))
                )  # fmt: skip
        self.claims(claims)
        self.versions(versions)
        self.payments(payments)
        return len(claims)

    def finish(self) -> None:
        with connection.cursor() as cursor:
            for sql in self.ops.sequence_reset_sql(no_style(), [Claim]):
                cursor.execute(sql)


def _approvers(build: Build) -> tuple[dict[int, int], int | None]:
    from cocreate.core.models import Membership, Role

    leads = dict(
        Membership.objects.filter(organization=build.org, role=Role.TEAM_LEAD, community__isnull=False)
        .order_by("community_id", "pk")
        .values_list("community_id", "user_id")
    )
    finance = (
        Membership.objects.filter(organization=build.org, role=Role.FINANCE, community__isnull=True)
        .values_list("user_id", flat=True)
        .first()
    )
    return leads, finance


def create_claims(build: Build) -> Iterator[int]:
    """Each lived-experience partner's claims for the support events they attended."""
    policy = make_policy(build.org, build.now.date(), build.admin.pk)
    leads, finance = _approvers(build)
    writer = ClaimWriter(build, policy, leads, finance or build.admin.pk)
    leaders = {p.pk for p in build.extra.get("partners", []) if p.lived_experience}
    attended = (
        PartnerAttendance.objects.filter(organization=build.org, partner_id__in=leaders)
        .order_by("community_id", "partner_id", "event_id")
        .values_list("community_id", "partner_id", "event_id", "event__date", "event__event_type")
    )
    batch: list[tuple] = []
    for community_id, partner_id, event_id, day, event_type in attended.iterator(chunk_size=5000):
        batch.append((community_id, partner_id, event_id, day, f"Support event ({event_type}), {day}"))
        if len(batch) >= 5000:
            yield writer.write(batch, build.rng, build.now)
            batch = []
    if batch:
        yield writer.write(batch, build.rng, build.now)
    writer.finish()


def claims_total(build: Build) -> int:
    # Attendance is written raw by the support step; about two attendees per event, a third with lived experience.
    return len(build.communities) * 200 * 2 // 3


def fill_claims(
    organization: Organization, partners: list[Partner], per_partner: int, *, seed: int = 7
) -> int:
    """Give each partner `per_partner` claims over distinct support events of their community (with
    the attendance rows behind them), on top of what they have. For bench/leaders.py."""
    from django.utils import timezone

    from cocreate.core.generate import Build, Options

    rng = random.Random(seed)
    now = timezone.now()
    build = Build(Options(communities=1, org_slug=organization.slug), rng, now, "")
    build.org = organization
    policy = make_policy(organization, now.date())
    leads, finance = _approvers(build)
    writer = ClaimWriter(build, policy, leads, finance)
    events_of: dict[int, list[tuple[int, date]]] = {}
    for event_id, community_id, day in SupportEvent.objects.filter(organization=organization).values_list(
        "pk", "community_id", "date"
    ):
        events_of.setdefault(community_id, []).append((event_id, day))
    taken = set(
        Claim.objects.filter(organization=organization).exclude(status=ClaimStatus.WITHDRAWN)
        .values_list("partner_id", "support_event_id")
    )  # fmt: skip
    present = set(
        PartnerAttendance.objects.filter(organization=organization).values_list("partner_id", "event_id")
    )
    attendance = RawInsert(
        build, PartnerAttendance, ["organization_id", "community_id", "event_id", "partner_id"]
    )
    written = 0
    rows: list[tuple] = []
    extra_attendance: list[tuple] = []
    for partner in partners:
        events = [e for e in events_of.get(partner.community_id, []) if (partner.pk, e[0]) not in taken]
        for event_id, day in rng.sample(events, min(per_partner, len(events))):
            rows.append((partner.community_id, partner.pk, event_id, day, f"Support event, {day}"))
            if (partner.pk, event_id) not in present:
                extra_attendance.append((organization.pk, partner.community_id, event_id, partner.pk))
        if len(rows) >= 5000:
            written += writer.write(rows, rng, now)
            rows = []
    if rows:
        written += writer.write(rows, rng, now)
    attendance(extra_attendance)
    writer.finish()
    return written


STEPS = [Step("claims", create_claims, claims_total)]
