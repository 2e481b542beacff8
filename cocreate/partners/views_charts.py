"""Chart endpoints: the Vega-Lite spec a page draws, and the same chart as a PNG or SVG download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from cocreate.core.access import Tenant, access_community
from cocreate.core.views import org_view
from cocreate.lib.charts import chart_response

from . import charts
from .models import EngagementArea


@org_view
def chart(request: HttpRequest, tenant: Tenant, slug: str, name: str, fmt: str) -> HttpResponse:
    """Everyone who may see the community's partners may see its charts (counts only, no names)."""
    community = access_community(tenant, slug, "partner.view")
    area = None
    if key := request.GET.get("area"):
        area = EngagementArea.objects.filter(community=community, key=key).first()
        if area is None:
            raise Http404
    return chart_response(charts.build(community, name, area), fmt)
