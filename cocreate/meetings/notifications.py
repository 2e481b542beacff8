"""What meetings tell people (`cocreate.notifications`): a meeting planned, changed or cancelled (with
its .ics), the reminder the day before, and the shared agreement published, to acknowledge.

The kinds are registered in `MeetingsConfig.ready()`; their titles and email texts are the templates
`meetings/notifications/<kind>.txt` and `<kind>_body.txt`. Each call happens inside the `do_*` that
made the change, so a write that rolls back tells nobody.

Who hears about a meeting: the people invited to it who can sign in (an attendee who is a member, or
a partner linked to a sign-in); for a meeting with nobody invited yet, the whole community (its
members and its partners with a sign-in). The person who made the change is not told about it.
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.models import Membership, Organization
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import IMMEDIATELY, NotificationKind, notification_kinds
from cocreate.partners.models import Partner

from . import ical
from .access import team_members
from .models import AgreementVersion, Attendee, Meeting, MeetingStatus

KINDS = [
    NotificationKind(
        "meeting_planned", 10, _("A meeting is planned"), "meetings/notifications/meeting_planned"
    ),
    NotificationKind(
        "meeting_changed",
        11,
        _("A meeting's time or place changed"),
        "meetings/notifications/meeting_changed",
    ),
    NotificationKind(
        "meeting_cancelled", 12, _("A meeting is cancelled"), "meetings/notifications/meeting_cancelled"
    ),
    NotificationKind(
        "meeting_reminder",
        13,
        _("Reminder the day before a meeting"),
        "meetings/notifications/meeting_reminder",
    ),
    NotificationKind(
        "agreement_published",
        20,
        _("The shared agreement asks for your acknowledgement"),
        "meetings/notifications/agreement_published",
        default_email=IMMEDIATELY,
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


def meeting_recipients(meeting: Meeting) -> list[User]:
    """Those invited who can sign in; the whole community when nobody is invited yet. Two queries."""
    invited = Attendee.objects.filter(meeting=meeting)
    people = list(
        User.objects.filter(
            Q(pk__in=invited.values("user_id"))
            | Q(
                pk__in=invited.filter(
                    partner__archived_at__isnull=True, partner__erased_at__isnull=True
                ).values("partner__user_id")
            ),
            is_active=True,
        )
    )
    if people or invited.exists():
        return people
    return community_people(meeting.community_id, meeting.organization_id)


def community_people(community_id: int, organization_id: int) -> list[User]:
    """A community's members and its partners with a sign-in. One query."""
    members = Membership.objects.filter(organization_id=organization_id, community_id=community_id)
    partners = Partner.objects.active().filter(
        organization_id=organization_id, community_id=community_id, user__isnull=False
    )
    return list(
        User.objects.filter(
            Q(pk__in=members.values("user")) | Q(pk__in=partners.values("user")), is_active=True
        )
    )


def _context(meeting: Meeting) -> dict:
    return {
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "community": meeting.community.name,
    }


def ics_of(meeting: Meeting, organization: Organization) -> bytes:
    """The meeting as a one-event calendar file, as the meeting page's download gives it."""
    url = settings.SITE_URL + meeting.get_absolute_url()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return ical.calendar(
        [meeting], name=meeting.title, urls={meeting.pk: url}, host=host, time_zone=organization.time_zone
    ).encode()


def _tell(kind: str, meeting: Meeting, key: str, acting_user: User | None) -> int:
    organization = meeting.community.organization
    people = [u for u in meeting_recipients(meeting) if acting_user is None or u.pk != acting_user.pk]
    if not people:
        return 0
    return notify(
        kind=kind,
        recipients=people,
        organization=organization,
        community=meeting.community,
        key=key,
        url=meeting.get_absolute_url(),
        context=_context(meeting),
        attachments=[(f"meeting-{meeting.pk}.ics", ics_of(meeting, organization), "text/calendar")],
    )


def meeting_planned(meeting: Meeting, acting_user: User | None) -> int:
    if meeting.status != MeetingStatus.PLANNED or meeting.starts_at <= timezone.now():
        return 0  # a meeting recorded after it started is news to nobody
    return _tell("meeting_planned", meeting, f"meeting:{meeting.pk}:planned", acting_user)


def meeting_updated(meeting: Meeting, before: tuple, acting_user: User | None) -> int:
    """After an edit: cancelled, or its time, place or link changed (`before` is `when_and_where`)."""
    if meeting.status == MeetingStatus.CANCELLED and before[-1] != MeetingStatus.CANCELLED:
        return _tell("meeting_cancelled", meeting, f"meeting:{meeting.pk}:cancelled", acting_user)
    if meeting.status == MeetingStatus.PLANNED and when_and_where(meeting)[:-1] != before[:-1]:
        stamp = meeting.updated_at.isoformat()
        return _tell("meeting_changed", meeting, f"meeting:{meeting.pk}:changed:{stamp}", acting_user)
    return 0


def when_and_where(meeting: Meeting) -> tuple:
    return (meeting.starts_at, meeting.ends_at, meeting.place, meeting.online_link, meeting.status)


def send_reminders(organization: Organization, *, now=None) -> int:
    """Remind the people of every planned meeting that starts tomorrow (the organization's tomorrow).
    Keyed by the meeting and its start, so running it again tells nobody twice, and a meeting moved to
    another day is reminded of again. How many notifications were made."""
    zone = zoneinfo.ZoneInfo(organization.time_zone)
    today = timezone.localdate(now or timezone.now(), timezone=zone)
    tomorrow = today + timedelta(days=1)
    made = 0
    meetings = Meeting.objects.filter(
        organization=organization,
        status=MeetingStatus.PLANNED,
        starts_at__date=tomorrow,
        community__archived_at__isnull=True,
    ).select_related("community__organization")
    with timezone.override(zone):  # `__date` compares the organization's dates
        rows = list(meetings)
    for meeting in rows:
        key = f"meeting:{meeting.pk}:reminder:{meeting.starts_at.isoformat()}"
        made += _tell("meeting_reminder", meeting, key, None)
    return made


def agreement_published(version: AgreementVersion, acting_user: User | None) -> int:
    """Everyone asked to acknowledge the new version (the community's team), but who published it."""
    community = version.community
    people = [u for u in team_members(community) if acting_user is None or u.pk != acting_user.pk]
    return notify(
        kind="agreement_published",
        recipients=people,
        organization=community.organization,
        community=community,
        key=f"agreement:{community.pk}:v{version.number}",
        url=reverse("meetings:agreement", args=[community.organization.slug, community.slug]),
        context={"number": version.number, "community": community.name},
    )
