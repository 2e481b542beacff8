"""Checked reads for shared agreements and decisions: same 404 for missing and not-visible, 403 for a
role that may not act.

Everyone who sees a community reads its agreement and its decision log ("meeting.view"); staff edit
and publish the agreement and record decisions ("meeting.change"); the team, partners included,
acknowledge the agreement ("meeting.take_part"). A decision not visible to the community is for staff.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from cocreate.accounts.models import User
from cocreate.core import versioned
from cocreate.core.access import PERMISSIONS, Tenant
from cocreate.core.models import Community, Membership
from cocreate.partners.models import Partner

from .models import AgreementVersion, Decision, Meeting


def published_versions(tenant: Tenant, community: Community) -> QuerySet[AgreementVersion]:
    tenant.require("meeting.view", community)
    return versioned.published(AgreementVersion, community)


def access_version(tenant: Tenant, community: Community, number: int) -> AgreementVersion:
    """One published version of the community's agreement; 404 when there is none by that number."""
    tenant.require("meeting.view", community)
    return versioned.access_published(AgreementVersion, community, number)


def team_members(community: Community) -> QuerySet[User]:
    """The people asked to acknowledge the agreement: members of this community whose role takes part
    in meetings (its staff and partners; funders and evaluators watch rather than take part)."""
    roles = PERMISSIONS["meeting.take_part"]
    members = Membership.objects.filter(
        organization_id=community.organization_id, community=community, role__in=roles
    )
    return User.objects.filter(pk__in=members.values("user"), is_active=True).order_by("name", "email")


def decisions_in(tenant: Tenant, community: Community) -> QuerySet[Decision]:
    """The community's decision log as this person may read it (staff also see the staff-only ones)."""
    tenant.require("meeting.view", community)
    qs = Decision.objects.filter(organization=tenant.organization, community=community)
    if not tenant.can("meeting.change", community):
        qs = qs.filter(visible_to_community=True)
    return qs


def access_decision(tenant: Tenant, community: Community, pk: int, action: str = "meeting.view") -> Decision:
    """One decision of the community; 404 when missing, elsewhere or hidden from this person, 403 for the action."""
    decision = decisions_in(tenant, community).filter(pk=pk).select_related("decider").first()
    if decision is None:
        raise Http404
    tenant.require(action, community)
    decision.community = community
    return decision


def participant_choices(community: Community) -> tuple[QuerySet[Partner], QuerySet[User]]:
    """Who can be recorded as taking part: the community's active partners, and its members who have
    no partner record here (matched by sign-in)."""
    partners = Partner.objects.active().filter(organization_id=community.organization_id, community=community)
    members = Membership.objects.filter(organization_id=community.organization_id, community=community)
    users = (
        User.objects.filter(pk__in=members.values("user"), is_active=True)
        .exclude(pk__in=partners.filter(user__isnull=False).values("user"))
        .order_by("name", "email")
    )
    return partners.order_by("name"), users


def decider_choices(community: Community) -> QuerySet[User]:
    """Who a decision can be delegated to: members of the community and the organization-wide staff."""
    members = Membership.objects.filter(
        Q(community=community) | Q(community__isnull=True, role__in=PERMISSIONS["meeting.change"]),
        organization_id=community.organization_id,
    )
    return User.objects.filter(pk__in=members.values("user"), is_active=True).order_by("name", "email")


# Meetings ----------------------------------------------------------------------------------------------


def meetings_in(tenant: Tenant, community: Community) -> QuerySet[Meeting]:
    tenant.require("meeting.view", community)
    return Meeting.objects.filter(organization=tenant.organization, community=community)


def access_meeting(tenant: Tenant, community: Community, pk: int, action: str = "meeting.view") -> Meeting:
    """One meeting of the community; 404 when missing or elsewhere, 403 for the action."""
    meeting = meetings_in(tenant, community).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    tenant.require(action, community)
    meeting.community = community
    return meeting


def meeting_people(community: Community, meeting: Meeting | None = None) -> dict[str, tuple]:
    """Who can be invited to a meeting, hold a role or own an agenda item, by person key ("p12",
    "u7"): {key: (name, partner or None, user or None)}, ordered by name. The community's active
    partners and its members without a partner record; for a meeting, also anyone already on it."""
    partners, users = participant_choices(community)
    if meeting is not None:
        rows = list(meeting.attendees.values_list("partner_id", "user_id"))
        partners = Partner.objects.filter(
            Q(pk__in=partners.values("pk")) | Q(pk__in=[p for p, _u in rows if p]), erased_at__isnull=True
        ).order_by("name")
        users = (
            User.objects.filter(Q(pk__in=users.values("pk")) | Q(pk__in=[u for _p, u in rows if u]))
            .distinct()
            .order_by("name", "email")
        )
    partner_rows = list(
        partners.only(
            "pk",
            "name",
            "is_organization",
            "lived_experience",
            "available_days",
            "available_times",
            "partner_type",
            "community_id",
            "user_id",
        )
    )
    user_rows = list(users)
    # One entry a person: someone on this meeting by her sign-in before her partner record was linked
    # to it keeps that entry, and her partner record is not offered beside it.
    on_meeting_by_sign_in = {u.pk for u in user_rows}
    people: list[tuple[str, tuple[str, Partner | None, User | None]]] = [
        (f"p{p.pk}", (p.name, p, None)) for p in partner_rows if p.user_id not in on_meeting_by_sign_in
    ]
    people += [(f"u{u.pk}", (u.display_name, None, u)) for u in user_rows]
    people.sort(key=lambda item: (item[1][0].casefold(), item[0]))
    return dict(people)
