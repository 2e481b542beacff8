"""The events a community leader may claim for, or ask an exception for beforehand.

*Claim* (after the event): a team meeting that has ended and was not cancelled, where she was invited
(`meetings.Attendee`, her partner record) and not recorded as absent (`Attendee.attended` is False
only when staff untick her in the minutes); or a support event she is recorded at
(`support.PartnerAttendance`). Each at most once: an event with a live claim (not withdrawn) of hers
is not offered again.

*Ask ahead* (before the event): a meeting not yet started (not cancelled) she is invited to, or a
support event dated after today she is recorded at.

"Her" is every partner record of the organization linked to her sign-in (`Partner.user`), one per
community she belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.meetings.models import Attendee, Meeting, MeetingStatus
from cocreate.partners.models import Partner
from cocreate.support.models import PartnerAttendance, SupportEvent

from .models import Claim, ClaimStatus

MEETING, SUPPORT = "meeting", "support"
KINDS = (MEETING, SUPPORT)
QUARTER = Decimal("0.25")


def her_partners(user, organization) -> list[Partner]:
    """Her partner records in this organization (not archived or erased). One query."""
    return list(
        Partner.objects.filter(
            organization=organization, user_id=user.pk, archived_at__isnull=True, erased_at__isnull=True
        ).select_related("community")
    )


def quarter_hours(start: datetime, end: datetime) -> Decimal:
    """The time between two moments in hours, to the nearest quarter hour (half a quarter rounds up)."""
    seconds = Decimal(int((end - start).total_seconds()))
    quarters = (seconds / Decimal(900)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(quarters * QUARTER, Decimal(0))


@dataclass
class Event:
    """A meeting or a support event, as a claim or an exception request sees it."""

    kind: str  # MEETING | SUPPORT
    pk: int
    title: str
    date: date
    hours: Decimal  # the meeting's time (quarter hours) or the support event's hours
    partner: Partner  # her partner record in the event's community
    meeting: Meeting | None = None
    support_event: SupportEvent | None = None
    attended: bool | None = None  # meetings: as recorded in the minutes (None: not recorded)
    starts_at: datetime | None = None

    @property
    def community_id(self) -> int:
        return self.partner.community_id

    @property
    def started(self) -> bool:
        if self.meeting is not None:
            return self.meeting.starts_at <= timezone.now()
        return self.date <= timezone.localdate()

    @property
    def ended(self) -> bool:
        if self.meeting is not None:
            return self.meeting.ends_at <= timezone.now()
        return self.date <= timezone.localdate()

    @property
    def cancelled(self) -> bool:
        return self.meeting is not None and self.meeting.status == MeetingStatus.CANCELLED

    def refusal(self) -> str:
        """Why she may not claim for it ("" when she may)."""
        if self.cancelled:
            return _("This meeting was cancelled: there is nothing to claim for it.")
        if not self.ended:
            return _("You can claim for this event once it has ended.")
        if self.attended is False:
            return _(
                "The meeting's record says you did not come, so it cannot be paid. If you were there, "
                "ask the team lead to correct the attendance."
            )
        return ""

    def refs(self) -> dict:
        """The claim's or exception's event fields."""
        return {
            "meeting": self.meeting,
            "support_event": self.support_event,
            "event_date": self.date,
            "event_title": self.title[:300],
        }


def _meeting_event(row: Attendee, partners: dict[int, Partner]) -> Event:
    m = row.meeting
    return Event(
        kind=MEETING,
        pk=m.pk,
        title=m.title,
        date=timezone.localtime(m.starts_at).date(),
        hours=quarter_hours(m.starts_at, m.ends_at),
        partner=partners[row.partner_id],  # type: ignore[index]  # filtered on her partner records
        meeting=m,
        attended=row.attended,
        starts_at=m.starts_at,
    )


def _support_event(row: PartnerAttendance, partners: dict[int, Partner]) -> Event:
    e = row.event
    return Event(
        kind=SUPPORT,
        pk=e.pk,
        title=str(e),
        date=e.date,
        hours=e.hours,
        partner=partners[row.partner_id],
        support_event=e,
    )


def _attendee_rows(partners: list[Partner]):
    return Attendee.objects.filter(partner__in=partners).select_related("meeting")


def _support_rows(partners: list[Partner]):
    return PartnerAttendance.objects.filter(partner__in=partners).select_related("event")


def _claimed(partners: list[Partner]) -> tuple[set[int], set[int]]:
    live = Claim.objects.filter(partner__in=partners).exclude(status=ClaimStatus.WITHDRAWN)
    meetings, support = set(), set()
    for meeting_id, support_id in live.values_list("meeting_id", "support_event_id"):
        if meeting_id:
            meetings.add(meeting_id)
        if support_id:
            support.add(support_id)
    return meetings, support


def claimable(partners: list[Partner]) -> list[Event]:
    """Events she may claim for now, latest first. Three queries."""
    if not partners:
        return []
    by_pk = {p.pk: p for p in partners}
    now = timezone.now()
    meetings, support = _claimed(partners)
    rows = (
        _attendee_rows(partners)
        .filter(meeting__ends_at__lte=now)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .exclude(attended=False)
        .exclude(meeting_id__in=meetings)
    )
    events = [_meeting_event(r, by_pk) for r in rows]
    rows_s = (
        _support_rows(partners).filter(event__date__lte=timezone.localdate()).exclude(event_id__in=support)
    )
    events += [_support_event(r, by_pk) for r in rows_s]
    events.sort(key=lambda e: (e.date, e.pk), reverse=True)
    return events


def upcoming(partners: list[Partner]) -> list[Event]:
    """Events still to come that she may ask an exception for, soonest first. Two queries."""
    if not partners:
        return []
    by_pk = {p.pk: p for p in partners}
    rows = (
        _attendee_rows(partners)
        .filter(meeting__starts_at__gt=timezone.now())
        .exclude(meeting__status=MeetingStatus.CANCELLED)
    )
    events = [_meeting_event(r, by_pk) for r in rows]
    rows_s = _support_rows(partners).filter(event__date__gt=timezone.localdate())
    events += [_support_event(r, by_pk) for r in rows_s]
    events.sort(key=lambda e: (e.date, e.pk))
    return events


def find(partners: list[Partner], kind: str, pk: int) -> Event | None:
    """The event if she was invited to it (meeting) or recorded at it (support event), whatever its
    state; None when it is not hers at all. One query."""
    if not partners or kind not in KINDS:
        return None
    by_pk = {p.pk: p for p in partners}
    if kind == MEETING:
        row = _attendee_rows(partners).filter(meeting_id=pk).first()
        return _meeting_event(row, by_pk) if row else None
    row_s = _support_rows(partners).filter(event_id=pk).first()
    return _support_event(row_s, by_pk) if row_s else None


def of_record(partners: list[Partner], record) -> Event | None:
    """The event of a claim or an exception request (its meeting or support event)."""
    if record.meeting_id:
        return find(partners, MEETING, record.meeting_id)
    return find(partners, SUPPORT, record.support_event_id)


def live_claim_exists(event: Event, *, excluding: int | None = None) -> bool:
    qs = Claim.objects.filter(partner=event.partner).exclude(status=ClaimStatus.WITHDRAWN)
    qs = qs.filter(Q(meeting=event.meeting) if event.meeting else Q(support_event=event.support_event))
    if excluding:
        qs = qs.exclude(pk=excluding)
    return qs.exists()
