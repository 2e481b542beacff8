"""Checked reads for partners: same 404 for missing and not-visible, 403 for a role that may not act."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from cocreate.core.access import Tenant
from cocreate.core.models import Community

from .models import EngagementPlan, Partner


def partners_in(tenant: Tenant, community: Community) -> QuerySet[Partner]:
    """The partners of a community this person may see (erased people stay out of every list)."""
    tenant.require("partner.view", community)
    return Partner.objects.filter(
        organization=tenant.organization, community=community, erased_at__isnull=True
    )


def access_partner(tenant: Tenant, community: Community, pk: int, action: str = "partner.view") -> Partner:
    partner = Partner.objects.filter(
        organization=tenant.organization, community=community, pk=pk, erased_at__isnull=True
    ).first()
    if partner is None:
        raise Http404
    tenant.require(action, community)
    partner.community = community
    return partner


def plan_for(community: Community) -> EngagementPlan:
    """The community's engagement plan (every community gets an empty one when it is created)."""
    plan = EngagementPlan.objects.select_related("updated_by").get(community=community)
    plan.community = community
    return plan


def access_plan(tenant: Tenant, slug: str, action: str = "plan.view") -> EngagementPlan:
    """A community's plan with its community, in one query: same 404s and 403s as `access_community`."""
    plan = (
        EngagementPlan.objects.select_related("community__initiative", "updated_by")
        .filter(organization=tenant.organization, community__slug=slug)
        .first()
    )
    if plan is None:
        raise Http404
    community = plan.community
    tenant._check_visible(community)
    community.organization = community.initiative.organization = tenant.organization
    tenant.require(action, community)
    return plan
