"""Checked reads for planning: same 404 for missing and not-visible, 403 for a role that may not act.

Every function takes the community already resolved by `access_community` (which checked that the
person may see it), so a goal or action of another community is a 404 like a missing one.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from cocreate.accounts.models import User
from cocreate.assessments.models import GapFlag
from cocreate.core.access import ADMIN, PRACTITIONER, Tenant
from cocreate.core.models import Community, Membership
from cocreate.partners.models import Partner

from .models import Action, ActionOwner, Goal


def goals_in(tenant: Tenant, community: Community) -> QuerySet[Goal]:
    """The community's goals. Filtered by community alone: `access_community` already checked that it
    belongs to the tenant, and an extra organization filter lets SQLite pick the wrong index."""
    tenant.require("planning.view", community)
    return Goal.objects.filter(community=community)


def access_goal(tenant: Tenant, community: Community, pk: int, action: str = "planning.view") -> Goal:
    """A goal of this community with its team (one query)."""
    goal = (
        Goal.objects.select_related("team")
        .filter(organization=tenant.organization, community=community, pk=pk)
        .first()
    )
    if goal is None:
        raise Http404
    tenant.require(action, community)
    goal.community = community
    return goal


def access_action(tenant: Tenant, community: Community, pk: int, action: str = "planning.view") -> Action:
    """An action of this community with its goal (one query)."""
    found = (
        Action.objects.select_related("goal")
        .filter(organization=tenant.organization, community=community, pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    tenant.require(action, community)
    found.community = found.goal.community = community
    return found


def is_responsible(action: Action, user) -> bool:
    """Is this person named responsible for the action: herself, or as a partner linked to her sign-in?
    One query."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        ActionOwner.objects.filter(action=action)
        .filter(Q(user_id=user.pk) | Q(partner__user_id=user.pk))
        .exists()
    )


def can_act_on(tenant: Tenant, action: Action) -> bool:
    """May this person move the action's status and add progress to it? Staff who change the plan may;
    so may whoever is responsible for it (a parent named on an action, a practitioner who owns one),
    even when her role cannot edit the plan otherwise. The action's community must already be one she
    sees (`access_community`). The one rule for pages and the API."""
    return tenant.can("planning.change", action.community_id) or is_responsible(action, tenant.user)


def access_own_action(tenant: Tenant, community: Community, pk: int) -> Action:
    """An action of this community that the person may act on (`can_act_on`): 404 as `access_action`,
    403 for a visible action that is neither hers nor hers to change."""
    found = access_action(tenant, community, pk)
    if not can_act_on(tenant, found):
        raise PermissionDenied
    return found


def access_gap(tenant: Tenant, community: Community, pk: int) -> GapFlag:
    """A flagged gap of this community, with what a goal form shows of it (one query)."""
    gap = (
        gaps_in(community)
        .filter(pk=pk)
        .select_related("item__section", "administration__version")
        .only(
            "pk",
            "score",
            "resolved_at",
            "flagged_at",
            "administration_id",
            "item__text",
            "item__key",
            "item__section__key",
            "item__section__title",
            "administration__opened_at",
            "administration__version__scoring",
            "administration__version__target",
            "administration__version__definition",
        )
        .first()
    )
    if gap is None:
        raise Http404
    return gap


def gaps_in(community: Community) -> QuerySet[GapFlag]:
    return GapFlag.objects.filter(organization_id=community.organization_id, community=community)


def responsible_partners(community: Community) -> QuerySet[Partner]:
    """Partners who can be named responsible for an action: the community's own, still at the table."""
    return Partner.objects.active().filter(organization_id=community.organization_id, community=community)


def responsible_people(community: Community) -> QuerySet[User]:
    """Members who can be named responsible: anyone in the community, and the staff who serve every one."""
    members = Membership.objects.filter(organization_id=community.organization_id).filter(
        Q(community=community) | Q(community__isnull=True, role__in=[ADMIN, PRACTITIONER])
    )
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("name", "email")
