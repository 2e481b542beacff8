"""Dosage: how much support was delivered, month by month — counted, not judged.

Everything here is grouped in the database (`.values(...).annotate(...)`, with `.order_by()` so the
model's default ordering does not sneak into the GROUP BY). A community's dosage is two queries however
many events it has, one row per month each: one over the events (hours by type and by function as
conditional sums, headcounts), one over the domain rows (which carry their event's date and hours, so
no join). The months are then filled in here, empty ones included, so a month without support shows
as a zero instead of disappearing.

An event that addressed two capacity domains counts its full hours in each: hours by domain answer
"how much support touched this domain", so they do not add up to the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cocreate.core.models import Community, Membership, Organization, Role
from cocreate.partners.models import PartnerType

from ..models import (
    DOMAIN_KEYS,
    HEADCOUNT_FIELDS,
    Function,
    SupportEvent,
    SupportEventDomain,
    SupportFacilitator,
    SupportType,
)

ZERO = Decimal("0.0")
PERIODS = {"12": 12, "24": 24, "all": None}  # months shown; "all": from the first event
DEFAULT_PERIOD = "12"
RECENT_DAYS = 90  # the portfolio's "last 90 days", today included


@dataclass
class MonthDosage:
    """The support one community (or one practitioner) received or gave in one month."""

    month: date  # first day of the month
    events: int = 0
    hours: Decimal = ZERO
    by_type: dict[str, Decimal] = field(default_factory=dict)
    by_function: dict[str, Decimal] = field(default_factory=dict)
    by_domain: dict[str, Decimal] = field(default_factory=dict)
    headcounts: dict[str, int] = field(default_factory=dict)  # people present, by partner type

    @property
    def partner_types_reached(self) -> list[str]:
        """The partner types with anyone present at an event this month, in the usual order."""
        return [ptype for ptype in PartnerType.values if self.headcounts.get(ptype, 0) > 0]

    def add(self, other: MonthDosage) -> None:
        self.events += other.events
        self.hours += other.hours
        for mine, theirs in (
            (self.by_type, other.by_type),
            (self.by_function, other.by_function),
            (self.by_domain, other.by_domain),
        ):
            for key, value in theirs.items():
                mine[key] = mine.get(key, ZERO) + value
        for key, n in other.headcounts.items():
            self.headcounts[key] = self.headcounts.get(key, 0) + n


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, n: int) -> date:
    index = d.year * 12 + d.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_starts(first: date, last: date) -> list[date]:
    months, at = [], month_start(first)
    while at <= last:
        months.append(at)
        at = add_months(at, 1)
    return months


def window_start(months: int | None, today: date) -> date | None:
    """The first day of the first month shown (None: from the first event)."""
    return None if months is None else add_months(month_start(today), -(months - 1))


def _dosage(
    events: QuerySet,
    domains: QuerySet | None,
    *,
    months: int | None,
    today: date,
    by_type: bool = True,
    by_function: bool = True,
) -> list[MonthDosage]:
    """Fold the two grouped queries into one `MonthDosage` per month, oldest first, empty months included.

    Each query returns one row per month, its breakdowns as conditional sums (`SUM(hours) FILTER (WHERE
    event_type = ...)`): a dozen rows for a year, however many events and kinds of support.
    """
    first = window_start(months, today)
    if first is not None:
        events = events.filter(date__gte=first)
    events = events.filter(date__lte=today)
    types = SupportType.values if by_type else []
    functions = Function.values if by_function else []
    sums = {
        **{f"t_{t}": Sum("hours", filter=Q(event_type=t)) for t in types},
        **{f"f_{f}": Sum("hours", filter=Q(function=f)) for f in functions},
        **{f"n_{ptype}": Sum(column) for ptype, column in HEADCOUNT_FIELDS.items()},
    }
    event_rows = (
        events.annotate(month=TruncMonth("date"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"), total_hours=Sum("hours"), **sums)
    )
    domain_rows = []
    if domains is not None:  # None: not needed (hours by domain stay empty)
        if first is not None:
            domains = domains.filter(date__gte=first)
        domain_rows = (
            domains.filter(date__lte=today)
            .annotate(month=TruncMonth("date"))
            .order_by()
            .values("month")
            .annotate(**{f"d_{key}": Sum("hours", filter=Q(domain=key)) for key in DOMAIN_KEYS})
        )
    by_month: dict[date, MonthDosage] = {}

    def month_of(value) -> MonthDosage:
        key = value.date() if isinstance(value, datetime) else value  # a datetime on some backends
        if key not in by_month:
            by_month[key] = MonthDosage(month=key)
        return by_month[key]

    for row in event_rows:
        m = month_of(row["month"])
        m.events, m.hours = row["n"], row["total_hours"] or ZERO
        m.by_type = {t: row[f"t_{t}"] for t in types if row[f"t_{t}"]}
        m.by_function = {f: row[f"f_{f}"] for f in functions if row[f"f_{f}"]}
        m.headcounts = {ptype: row[f"n_{ptype}"] or 0 for ptype in HEADCOUNT_FIELDS}
    for row in domain_rows:
        m = month_of(row["month"])
        m.by_domain = {key: row[f"d_{key}"] for key in DOMAIN_KEYS if row[f"d_{key}"]}
    if first is None:
        if not by_month:
            return []
        first = min(by_month)
    return [by_month.get(month) or MonthDosage(month=month) for month in month_starts(first, today)]


def dosage_by_month(
    community: Community, *, months: int | None = 12, today: date | None = None, by_domain: bool = True
) -> list[MonthDosage]:
    """A community's dosage for the last `months` months (None: since its first event), oldest first.

    `by_domain=False` leaves hours by domain empty and saves their query."""
    today = today or timezone.localdate()
    events = SupportEvent.objects.filter(organization_id=community.organization_id, community=community)
    domains = None
    if by_domain:
        domains = SupportEventDomain.objects.filter(
            organization_id=community.organization_id, community=community
        )
    return _dosage(events, domains, months=months, today=today)


def practitioner_dosage_by_month(
    organization: Organization,
    user,
    *,
    community_ids: list[int],
    months: int | None = 12,
    today: date | None = None,
    by_type: bool = True,
    by_function: bool = True,
    by_domain: bool = True,
) -> list[MonthDosage]:
    """The support one person facilitated in these communities (their portfolio, as the viewer sees it).

    The community filter is on the events too, not only on the facilitator rows: it lets the database
    read the events by their community index instead of scanning every event of the organization.
    Breakdowns a page does not show can be left out (`by_domain=False` saves the second query).
    """
    today = today or timezone.localdate()
    event_ids = SupportFacilitator.objects.filter(
        organization=organization, user=user, community_id__in=community_ids
    ).values("event_id")
    events = SupportEvent.objects.filter(
        organization=organization, community_id__in=community_ids, pk__in=event_ids
    )
    domains = None
    if by_domain:
        domains = SupportEventDomain.objects.filter(
            organization=organization, community_id__in=community_ids, event_id__in=event_ids
        )
    return _dosage(events, domains, months=months, today=today, by_type=by_type, by_function=by_function)


def total(dosage: list[MonthDosage]) -> MonthDosage:
    """The months added up (its `month` is the first one's)."""
    result = MonthDosage(month=dosage[0].month if dosage else month_start(timezone.localdate()))
    for month in dosage:
        result.add(month)
    return result


# The practitioner's portfolio ----------------------------------------------------------------------------


@dataclass
class PortfolioRow:
    community: Community
    recent_hours: Decimal = ZERO  # last 90 days, whoever facilitated
    recent_events: int = 0
    my_recent_hours: Decimal = ZERO  # of those, the events this practitioner facilitated
    last_event: date | None = None
    serves: bool = False  # holds a practitioner role in the community
    # Filled in by the portfolio page.
    list_url: str = ""
    dosage_url: str = ""
    recent_hours_text: str = ""
    my_recent_hours_text: str = ""


def portfolio_communities(
    visible: QuerySet[Community], organization: Organization, user
) -> QuerySet[Community]:
    """The communities a practitioner serves (a practitioner role there) or facilitated support in,
    among those the viewer may see (`visible`)."""
    served = Membership.objects.filter(
        organization=organization, user=user, role=Role.PRACTITIONER, community__isnull=False
    ).values("community")
    facilitated = SupportFacilitator.objects.filter(organization=organization, user=user).values("community")
    return visible.filter(Q(pk__in=served) | Q(pk__in=facilitated))


def portfolio_rows(communities: list[Community], user, *, today: date | None = None) -> list[PortfolioRow]:
    """Recent support per community, in one grouped query over the portfolio's events."""
    if not communities:
        return []
    today = today or timezone.localdate()
    since = today - timedelta(days=RECENT_DAYS - 1)
    recent = Q(date__gte=since, date__lte=today)
    mine = Exists(SupportFacilitator.objects.filter(event=OuterRef("pk"), user=user))
    stats = (
        SupportEvent.objects.filter(
            organization_id=communities[0].organization_id,
            community_id__in=[c.pk for c in communities],
            date__lte=today,
        )
        .order_by()
        .values("community_id")
        .annotate(
            last_event=Max("date"),
            recent_events=Count("pk", filter=recent),
            recent_hours=Sum("hours", filter=recent),
            my_recent_hours=Sum("hours", filter=recent & Q(mine)),
        )
    )
    by_pk = {row["community_id"]: row for row in stats}
    rows = []
    for community in communities:
        row = by_pk.get(community.pk, {})
        rows.append(
            PortfolioRow(
                community=community,
                recent_hours=row.get("recent_hours") or ZERO,
                recent_events=row.get("recent_events") or 0,
                my_recent_hours=row.get("my_recent_hours") or ZERO,
                last_event=row.get("last_event"),
                serves=getattr(community, "serves", False),
            )
        )
    return rows
