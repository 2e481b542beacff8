"""Checked reads for the support log: same 404 for missing and not-visible, 403 for a role that may not act.

Everyone who sees a community sees its support log and dosage (the data is fed back to everyone);
network admins and support practitioners log support; staff, funders and evaluators export it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cocreate.accounts.models import User
from cocreate.core.access import ADMIN, PRACTITIONER, Tenant
from cocreate.core.models import Community, Membership
from cocreate.partners.models import Partner

from .models import SupportEvent

STAFF_ROLES = (ADMIN, PRACTITIONER)  # the intermediary's own people: they facilitate support


def events_in(tenant: Tenant, community: Community) -> QuerySet[SupportEvent]:
    tenant.require("support.view", community)
    return SupportEvent.objects.filter(organization=tenant.organization, community=community)


def access_event(tenant: Tenant, community: Community, pk: int, action: str = "support.view") -> SupportEvent:
    """One event of the community; 404 when it is missing or belongs elsewhere, 403 for the action."""
    event = SupportEvent.objects.filter(organization=tenant.organization, community=community, pk=pk).first()
    if event is None:
        raise Http404
    tenant.require(action, community)
    event.community = community
    return event


def facilitator_choices(community: Community) -> QuerySet[User]:
    """The intermediary's staff who serve this community: its practitioners and the organization-wide
    admins and practitioners (a short list, even in a network of a hundred practitioners)."""
    serving = Membership.objects.filter(
        Q(community__isnull=True) | Q(community=community),
        organization_id=community.organization_id,
        role__in=STAFF_ROLES,
    )
    return User.objects.filter(pk__in=serving.values("user")).order_by("name", "email")


def is_org_staff(organization_id: int, user_ids: list[int]) -> bool:
    """Are all these people admins or practitioners somewhere in the organization?"""
    staff = set(
        Membership.objects.filter(
            organization_id=organization_id, role__in=STAFF_ROLES, user_id__in=user_ids
        ).values_list("user_id", flat=True)
    )
    return staff >= set(user_ids)


def attendee_user_choices(community: Community) -> QuerySet[User]:
    """Members of the community who are not already listed as its partners (by sign-in or email), nor
    the intermediary's staff (they facilitate)."""
    members = Membership.objects.filter(organization_id=community.organization_id, community=community)
    staff = Membership.objects.filter(organization_id=community.organization_id, role__in=STAFF_ROLES)
    partners = Partner.objects.filter(community=community, erased_at__isnull=True)
    return (
        User.objects.filter(pk__in=members.values("user"), is_active=True)
        .exclude(pk__in=staff.values("user"))
        .exclude(pk__in=partners.filter(user__isnull=False).values("user"))
        .exclude(email__in=partners.exclude(email="").values("email"))
        .order_by("name", "email")
    )


def practitioner_choices(tenant: Tenant) -> QuerySet[User]:
    """The people whose portfolio a network admin may open: the organization's practitioners."""
    practitioners = Membership.objects.filter(organization=tenant.organization, role=PRACTITIONER)
    return User.objects.filter(pk__in=practitioners.values("user")).order_by("name", "email")


def can_choose_practitioner(tenant: Tenant) -> bool:
    return ADMIN in tenant.org_roles


def portfolio_owner(tenant: Tenant, who: str | None):
    """Whose portfolio: your own, or (network admins only) a practitioner of the organization's."""
    if not tenant.can_anywhere("support.log"):
        raise PermissionDenied
    if not who or not can_choose_practitioner(tenant):
        return tenant.user
    try:
        pk = int(who)
    except ValueError:
        raise Http404 from None
    person = practitioner_choices(tenant).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person
