"""What the worksheets show on the community page: the published mission statement and core values, in
a place of honour, with a link to the team's worksheets (and, for staff, where to start the mission)."""

from __future__ import annotations

from typing import Any

from cocreate.core.access import Tenant
from cocreate.core.models import Community

from . import engine


def community_context(tenant: Tenant, community: Community) -> dict[str, Any]:
    statements = engine.published_statements(community)
    can_start = engine.may(tenant, "start", community)
    mission_start_url = ""
    if can_start and not statements["mission"]:
        from .models import WorksheetTemplate

        template = (
            WorksheetTemplate.objects.filter(organization__in=[tenant.organization], key="mission").first()
            or WorksheetTemplate.objects.filter(organization__isnull=True, key="mission").first()
        )
        if template is not None:
            mission_start_url = engine.place_url(tenant.organization, community, "start", template.pk)
    return {
        **statements,
        "can_start": can_start,
        "list_url": engine.place_url(tenant.organization, community),
        "mission_start_url": mission_start_url,
    }
