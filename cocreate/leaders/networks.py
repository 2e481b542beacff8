"""Peer support networks: opt-in networks of community leaders across one organization's communities,
with their members, shared resources, "what worked for us" posts and their own meetings.

Who sees what: staff of the organization (anyone with "network.manage" in some community) see and
run every network; a leader (a partner with an active `Leader` row and a sign-in) sees the networks'
front pages and joins or leaves by herself; inside a network, its members and staff only.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.models import User
from cocreate.core.access import Tenant
from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.meetings import ical
from cocreate.meetings.slots import Slot, suggest_slots
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import NotificationKind, notification_kinds

from .models import Leader, NetworkMeeting, NetworkMember, NetworkPost, PeerNetwork, PostKind

KINDS = [
    NotificationKind(
        "network_meeting_planned",
        62,
        gettext_lazy("A peer network you belong to plans a meeting"),
        "leaders/notifications/network_meeting_planned",
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


# Who is who ------------------------------------------------------------------------------------------


def is_staff(tenant: Tenant) -> bool:
    return tenant.can_anywhere("network.manage")


def leader_of(tenant: Tenant) -> Leader | None:
    """Her active leader row in this organization (a partner record linked to her sign-in)."""
    cached = getattr(tenant, "_network_leader", False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    leader = (
        Leader.objects.filter(
            organization=tenant.organization,
            partner__user=tenant.user.pk,
            ended_on__isnull=True,
            partner__archived_at__isnull=True,
            partner__erased_at__isnull=True,
        )
        .select_related("partner", "community")
        .first()
    )
    tenant._network_leader = leader  # type: ignore[attr-defined]
    return leader


def require_view(tenant: Tenant) -> None:
    """The networks' front pages: staff, and partners ("network.view" somewhere)."""
    if not tenant.can_anywhere("network.view"):
        raise PermissionDenied


def networks_of(tenant: Tenant) -> QuerySet[PeerNetwork]:
    return PeerNetwork.objects.filter(organization=tenant.organization)


def network_rows(tenant: Tenant, *, archived: bool = False) -> QuerySet[PeerNetwork]:
    """The networks with their member counts, by name (one query)."""
    return (
        networks_of(tenant)
        .filter(archived_at__isnull=not archived)
        .annotate(member_count=Count("members"))
        .order_by("name", "pk")
    )


def joined_ids(tenant: Tenant) -> set[int]:
    leader = leader_of(tenant)
    if leader is None:
        return set()
    return set(NetworkMember.objects.filter(leader=leader).values_list("network_id", flat=True))


def access_network(tenant: Tenant, pk: int, *, inside: bool = True) -> tuple[PeerNetwork, bool]:
    """The network, and whether she is a member. Another organization's (or none): 404. Inside pages are
    for members and staff; anyone else in the organization gets 403."""
    require_view(tenant)
    network = networks_of(tenant).filter(pk=pk).first()
    if network is None:
        raise Http404
    network.organization = tenant.organization
    leader = leader_of(tenant)
    member = leader is not None and NetworkMember.objects.filter(network=network, leader=leader).exists()
    if inside and not (member or is_staff(tenant)):
        raise PermissionDenied
    return network, member


def members_of(network: PeerNetwork) -> QuerySet[NetworkMember]:
    return network.members.select_related("leader__partner", "leader__community").order_by(
        "leader__partner__name", "pk"
    )


def posts_of(network: PeerNetwork) -> QuerySet[NetworkPost]:
    return network.posts.select_related("author")


def upcoming_meetings(network: PeerNetwork) -> QuerySet[NetworkMeeting]:
    return network.meetings.filter(ends_at__gte=timezone.now()).select_related("created_by")


def past_meetings(network: PeerNetwork) -> QuerySet[NetworkMeeting]:
    return network.meetings.filter(ends_at__lt=timezone.now()).order_by("-starts_at")


def suggested_times(network: PeerNetwork, top: int = 3) -> list[Slot]:
    """The week's slots that suit most members, from their stated availability (meetings.slots)."""
    partners = [m.leader.partner for m in members_of(network)]
    return suggest_slots(partners, top=top)


def may_delete_post(tenant: Tenant, post: NetworkPost) -> bool:
    return is_staff(tenant) or (post.author_id is not None and post.author_id == tenant.user.pk)


def network_url(network: PeerNetwork) -> str:
    return reverse("leaders:network", args=[network.organization.slug, network.pk])


# Writes -----------------------------------------------------------------------------------------------


@transaction.atomic
def do_save_network(
    network: PeerNetwork,
    *,
    acting_user: User | None,
    name: str,
    purpose: str = "",
    version: int | None = None,
) -> PeerNetwork:
    """Start a network (an unsaved one with its organization) or edit its name and purpose."""
    name = (name or "").strip()
    if not name:
        raise WriteError({"name": _("Give the network a name.")})
    same = PeerNetwork.objects.filter(
        organization=network.organization, name__iexact=name, archived_at__isnull=True
    )
    if network.pk:
        same = same.exclude(pk=network.pk)
        claim_edit(network, version)
    else:
        network.created_by = acting_user
    if same.exists():
        raise WriteError({"name": _("Another network has this name.")})
    network.name, network.purpose = name, (purpose or "").strip()
    network._history_user = acting_user  # type: ignore[attr-defined]
    network.save()
    return network


@transaction.atomic
def do_archive_network(
    network: PeerNetwork, *, acting_user: User | None, archive: bool = True
) -> PeerNetwork:
    network = lock(network)
    network.archived_at = timezone.now() if archive else None
    network.version += 1
    network._history_user = acting_user  # type: ignore[attr-defined]
    network.save()
    return network


@transaction.atomic
def do_join_network(network: PeerNetwork, *, acting_user: User | None, leader: Leader) -> NetworkMember:
    """A leader joins (by her own choice: the views pass her own leader row). Again: nothing new."""
    if network.archived_at is not None:
        raise WriteError(_("This network is archived."))
    if leader.organization_id != network.organization_id or leader.ended_on is not None:
        raise WriteError(_("Only the organization's community leaders can join."))
    row = NetworkMember.objects.filter(network=network, leader=leader).first()
    if row is not None:
        return row
    row = NetworkMember(organization_id=network.organization_id, network=network, leader=leader)
    row._history_user = acting_user  # type: ignore[attr-defined]
    row.save()
    return row


@transaction.atomic
def do_leave_network(network: PeerNetwork, *, acting_user: User | None, leader: Leader) -> None:
    for row in NetworkMember.objects.filter(network=network, leader=leader):
        row._history_user = acting_user  # type: ignore[attr-defined]
        row.delete()


@transaction.atomic
def do_add_post(
    network: PeerNetwork, *, acting_user: User | None, kind: str, title: str, body: str = "", link: str = ""
) -> NetworkPost:
    """A shared resource or a "what worked for us" story."""
    title = (title or "").strip()
    errors = {}
    if kind not in PostKind.values:
        errors["kind"] = _("Choose what kind of post this is.")
    if not title:
        errors["title"] = _("Give the post a title.")
    if kind == PostKind.RESOURCE and not (link or body or "").strip():
        errors["link"] = _("Add a link to the resource or describe it.")
    if errors:
        raise WriteError(errors)
    post = NetworkPost(
        organization_id=network.organization_id,
        network=network,
        kind=kind,
        title=title,
        body=(body or "").strip(),
        link=(link or "").strip(),
        author=acting_user,
    )
    post._history_user = acting_user  # type: ignore[attr-defined]
    post.save()
    return post


@transaction.atomic
def do_delete_post(post: NetworkPost, *, acting_user: User | None) -> None:
    post._history_user = acting_user  # type: ignore[attr-defined]
    post.delete()


def _member_users(network: PeerNetwork) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            partner_records__leader__network_rows__network=network,
            partner_records__leader__ended_on__isnull=True,
        ).distinct()
    )


def ics_of(meeting: NetworkMeeting, organization) -> bytes:
    """One network meeting as a calendar file (the meetings app's escaping, folding and UTC times)."""
    url = settings.SITE_URL + reverse("leaders:network", args=[organization.slug, meeting.network_id])
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    location = ", ".join(x for x in (meeting.place, meeting.online_link) if x)
    description = "\n".join(x for x in (meeting.agenda, meeting.online_link, url) if x)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{ical.PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ical.escape(meeting.title)}",
        f"X-WR-TIMEZONE:{ical.escape(organization.time_zone)}",
        "BEGIN:VEVENT",
        f"UID:network-meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{ical.utc(timezone.now())}",
        f"DTSTART:{ical.utc(meeting.starts_at)}",
        f"DTEND:{ical.utc(meeting.ends_at)}",
        f"SUMMARY:{ical.escape(meeting.title)}",
        f"STATUS:{'CANCELLED' if meeting.cancelled_at else 'CONFIRMED'}",
        f"DESCRIPTION:{ical.escape(description)}",
        f"URL:{ical.escape(url)}",
    ]
    if location:
        lines.append(f"LOCATION:{ical.escape(location)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(ical.fold(line) + "\r\n" for line in lines).encode()


@transaction.atomic
def do_plan_network_meeting(
    network: PeerNetwork,
    *,
    acting_user: User | None,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: str = "",
    online_link: str = "",
    agenda: str = "",
) -> NetworkMeeting:
    """Plan a meeting of the network; its members hear about it (with the calendar file)."""
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the meeting a title.")
    if starts_at is None:
        errors["starts_at"] = _("Give the start.")
    if ends_at is None:
        errors["ends_at"] = _("Give the end.")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if not (place or "").strip() and not (online_link or "").strip():
        errors["place"] = _("Say where it happens, or give the online link.")
    if network.archived_at is not None:
        errors["__all__"] = _("This network is archived.")
    if errors:
        raise WriteError(errors)
    assert starts_at is not None and ends_at is not None  # refused above otherwise
    meeting = NetworkMeeting(
        organization_id=network.organization_id,
        network=network,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        online_link=(online_link or "").strip(),
        agenda=(agenda or "").strip(),
        created_by=acting_user,
    )
    meeting._history_user = acting_user  # type: ignore[attr-defined]
    meeting.save()
    organization = network.organization
    people = [u for u in _member_users(network) if acting_user is None or u.pk != acting_user.pk]
    notify(
        kind="network_meeting_planned",
        recipients=people,
        organization=organization,
        key=f"network-meeting:{meeting.pk}",
        url=network_url(network),
        context={
            "title": meeting.title,
            "network": network.name,
            "starts_at": meeting.starts_at.isoformat(),
            "place": meeting.place,
            "online_link": meeting.online_link,
        },
        attachments=[(f"network-meeting-{meeting.pk}.ics", ics_of(meeting, organization), "text/calendar")],
    )
    return meeting


@transaction.atomic
def do_cancel_network_meeting(meeting: NetworkMeeting, *, acting_user: User | None) -> NetworkMeeting:
    meeting = lock(meeting)
    if meeting.cancelled_at is None:
        meeting.cancelled_at = timezone.now()
        meeting._history_user = acting_user  # type: ignore[attr-defined]
        meeting.save()
    return meeting
