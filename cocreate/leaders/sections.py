"""What support over time shows on other apps' pages: the community page (the recent recognitions of
the leaders who chose to show them; a link to the leaders page for staff) and a partner's page (her
recognitions, and a link to her leader page for those who may open it)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from cocreate.core.access import Tenant
from cocreate.core.models import Community, Role
from cocreate.partners.models import Partner

from . import support
from .models import Leader


def community_context(tenant: Tenant, community: Community) -> dict[str, Any]:
    can_view = tenant.can("leaders.view", community)
    # Only a partner of the community can be one of its leaders: staff pay no query for it.
    mine = (
        Leader.objects.filter(
            community=community, partner__user=tenant.user.pk, ended_on__isnull=True
        ).first()
        if Role.PARTNER in tenant.roles_in(community)
        else None
    )
    if mine is not None:
        mine.community = community
    return {
        "my_leader_url": support.leader_url(mine) if mine is not None else "",
        "public_recognitions": support.public_recognitions(community),
        "leaders_url": reverse("leaders:leaders", args=[tenant.organization.slug, community.slug])
        if can_view
        else "",
    }


def partner_context(*, partner: Partner, tenant: Tenant) -> dict[str, Any] | None:
    leader = Leader.objects.filter(partner=partner).first()
    if leader is None:
        return None
    leader.community = partner.community
    may_open = tenant.can("leader.support", partner.community) or (
        partner.user_id is not None and partner.user_id == tenant.user.pk
    )
    return {
        "leader": leader,
        "recognitions": list(leader.recognitions.all()[:20]),
        "leader_url": support.leader_url(leader) if may_open else "",
    }
