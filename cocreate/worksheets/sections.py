"""What the worksheets show on the community page: the published mission statement and core values, in
a place of honour, with a link to the team's worksheets (and, for staff, where to start the mission)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q

from cocreate.core.access import Tenant
from cocreate.core.models import Community

from . import engine
from .models import WorksheetTemplate


def community_context(tenant: Tenant, community: Community) -> dict[str, Any]:
    statements = engine.published_statements(community)
    can_start = engine.may(tenant, "start", community)
    mission_start_url = ""
    if can_start and not statements["mission"]:
        # The organization's adaptation of the mission template first, else the built-in: one query.
        template = (
            WorksheetTemplate.objects.filter(
                Q(organization=tenant.organization) | Q(organization__isnull=True), key="mission"
            )
            .order_by(F("organization").asc(nulls_last=True))
            .first()
        )
        if template is not None:
            mission_start_url = engine.place_url(tenant.organization, community, "start", template.pk)
    return {
        **statements,
        "can_start": can_start,
        "list_url": engine.place_url(tenant.organization, community),
        "mission_start_url": mission_start_url,
    }
