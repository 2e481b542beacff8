"""Meetings' part of a person's "for me" home (`core.registry.waiting_sources`, `change_sources`):
the shared agreement she has not acknowledged yet, the next meetings of her communities with their
prep and agenda, and what changed since her last visit (decisions recorded, meetings planned or
changed, a new version of the agreement).

"Her communities" here are those where she takes part herself (a community membership as a partner,
team lead or practitioner): an organization-wide admin is not asked to acknowledge every community's
agreement; she sees the meetings she was invited to. Each function is one or two queries, whatever
the number of communities and rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cocreate.core.access import PERMISSIONS
from cocreate.core.models import Membership
from cocreate.core.registry import ChangeItem, WaitingItem
from cocreate.lib.urls import page_reverser

from .models import Acknowledgement, AgendaItem, AgreementVersion, Attendee, Decision, Meeting, MeetingStatus

NEXT_MEETINGS = 5
MEETINGS_AHEAD = timedelta(days=60)
AGENDA_SHOWN = 3


def _takes_part(user) -> Q:
    """Rows of a community where this person holds a community role that takes part in meetings."""
    mine = Membership.objects.filter(
        user_id=user.pk, community_id=OuterRef("community_id"), role__in=PERMISSIONS["meeting.take_part"]
    )
    return Q(Exists(mine))


def _invited(user) -> Q:
    rows = Attendee.objects.filter(meeting=OuterRef("pk")).filter(
        Q(user_id=user.pk) | Q(partner__user_id=user.pk)
    )
    return Q(Exists(rows))


def _first_agenda_items() -> dict[str, Subquery]:
    """The titles of a meeting's first agenda items (and whether there are more), read in the meetings'
    own query: one query whether or not any meeting is listed."""
    items = AgendaItem.objects.filter(meeting=OuterRef("pk")).order_by("position", "pk").values("title")
    return {f"agenda_{i}": Subquery(items[i : i + 1]) for i in range(AGENDA_SHOWN + 1)}


def agreement_to_acknowledge(user, community_ids: list[int]) -> list[WaitingItem]:
    """The latest published agreement of each of her communities that she has not acknowledged. One query."""
    latest = (
        AgreementVersion.objects.filter(community_id=OuterRef("community_id"), published_at__isnull=False)
        .order_by("-number")
        .values("number")[:1]
    )
    qs = (
        AgreementVersion.objects.filter(
            _takes_part(user),
            community_id__in=community_ids,
            published_at__isnull=False,
            number=Subquery(latest),
        )
        .exclude(Exists(Acknowledgement.objects.filter(version=OuterRef("pk"), user_id=user.pk)))
        .select_related("community__organization")
        .only(
            "pk",
            "number",
            "published_at",
            "community__name",
            "community__slug",
            "community__organization__slug",
        )
        .order_by("published_at", "pk")
    )
    url = page_reverser()
    return [
        WaitingItem(
            kind=_("Agreement to acknowledge"),
            title=_("Our shared agreement, version %(n)d") % {"n": version.number},
            url=url("meetings:agreement", version.community.organization.slug, version.community.slug),
            community=version.community.name,
            note=_(
                "How the team works together. Read it and say you agree, or tell the team what to change."
            ),
        )
        for version in qs
    ]


def next_meetings(user, community_ids: list[int]) -> list[WaitingItem]:
    """The next planned meetings of her communities (or that she is invited to), with their prep notes
    and the first agenda items. One query."""
    now = timezone.now()
    qs = (
        Meeting.objects.filter(
            _takes_part(user) | _invited(user),
            community_id__in=community_ids,
            status=MeetingStatus.PLANNED,
            starts_at__gte=now,
            starts_at__lte=now + MEETINGS_AHEAD,
        )
        .select_related("community__organization")
        .only(
            "pk",
            "title",
            "starts_at",
            "place",
            "online_link",
            "prep_notes",
            "community__name",
            "community__slug",
            "community__organization__slug",
        )
        .annotate(**_first_agenda_items())
        .order_by("starts_at", "pk")[:NEXT_MEETINGS]
    )
    url = page_reverser()
    items = []
    for meeting in qs:
        c = meeting.community
        agenda = [t for t in (getattr(meeting, f"agenda_{i}") for i in range(AGENDA_SHOWN + 1)) if t]
        parts = []
        if meeting.place:
            parts.append(_("Where: %(place)s") % {"place": meeting.place})
        elif meeting.online_link:
            parts.append(_("Online"))
        if agenda:
            shown = "; ".join(agenda[:AGENDA_SHOWN]) + (" …" if len(agenda) > AGENDA_SHOWN else "")
            parts.append(_("Agenda: %(items)s") % {"items": shown})
        if meeting.prep_notes:
            parts.append(_("To prepare: %(notes)s") % {"notes": meeting.prep_notes[:300]})
        items.append(
            WaitingItem(
                kind=_("Next meeting"),
                title=meeting.title,
                source=meeting,
                field="title",
                url=url("meetings:meeting_detail", c.organization.slug, c.slug, meeting.pk),
                community=c.name,
                due=meeting.starts_at,
                note="\n".join(parts),
            )
        )
    return items


def decisions_recorded(user, community_ids: list[int], since: datetime, limit: int) -> list[ChangeItem]:
    """Decisions of her communities recorded since `since` by someone else (those shared with the
    whole community). One query."""
    qs = (
        Decision.objects.filter(
            community_id__in=community_ids, visible_to_community=True, created_at__gt=since
        )
        .exclude(recorded_by_id=user.pk)
        .select_related("community__organization")
        .only(
            "pk",
            "title",
            "outcome",
            "created_at",
            "community__name",
            "community__slug",
            "community__organization__slug",
        )
        .order_by("-created_at", "-pk")[:limit]
    )
    url = page_reverser()
    return [
        ChangeItem(
            kind=_("Decision recorded"),
            title=decision.title,
            source=decision,
            field="title",
            url=url(
                "meetings:decision_detail",
                decision.community.organization.slug,
                decision.community.slug,
                decision.pk,
            ),
            at=decision.created_at,
            community=decision.community.name,
            note=decision.get_outcome_display(),
        )
        for decision in qs
    ]


def meetings_changed(user, community_ids: list[int], since: datetime, limit: int) -> list[ChangeItem]:
    """Meetings of her communities planned, moved or cancelled since `since`, by someone else. One query."""
    by_others = Meeting.history.model.objects.filter(id=OuterRef("pk"), history_date__gt=since).exclude(
        history_user_id=user.pk
    )
    qs = (
        Meeting.objects.filter(
            _takes_part(user) | _invited(user),
            Exists(by_others),
            community_id__in=community_ids,
            updated_at__gt=since,
        )
        .select_related("community__organization")
        .only(
            "pk",
            "title",
            "status",
            "starts_at",
            "created_at",
            "updated_at",
            "community__name",
            "community__slug",
            "community__organization__slug",
        )
        .order_by("-updated_at", "-pk")[:limit]
    )
    url = page_reverser()
    items = []
    for meeting in qs:
        if meeting.status == MeetingStatus.CANCELLED:
            kind = _("Meeting cancelled")
        elif meeting.status == MeetingStatus.HELD:
            kind = _("Meeting notes shared")
        elif meeting.created_at > since:
            kind = _("Meeting planned")
        else:
            kind = _("Meeting changed")
        c = meeting.community
        items.append(
            ChangeItem(
                kind=kind,
                title=meeting.title,
                source=meeting,
                field="title",
                url=url("meetings:meeting_detail", c.organization.slug, c.slug, meeting.pk),
                at=meeting.updated_at,
                community=c.name,
                note=_("On %(when)s")
                % {"when": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")},
            )
        )
    return items


def agreement_published(user, community_ids: list[int], since: datetime, limit: int) -> list[ChangeItem]:
    """New versions of her communities' shared agreement published since `since`. One query."""
    qs = (
        AgreementVersion.objects.filter(
            _takes_part(user), community_id__in=community_ids, published_at__gt=since
        )
        .exclude(published_by_id=user.pk)
        .select_related("community__organization")
        .only(
            "pk",
            "number",
            "published_at",
            "community__name",
            "community__slug",
            "community__organization__slug",
        )
        .order_by("-published_at", "-pk")[:limit]
    )
    url = page_reverser()
    return [
        ChangeItem(
            kind=_("Agreement published"),
            title=_("Our shared agreement, version %(n)d") % {"n": version.number},
            url=url("meetings:agreement", version.community.organization.slug, version.community.slug),
            at=version.published_at,
            community=version.community.name,
        )
        for version in qs
    ]
