"""What surveys show on the community page (a lazy section): the community's surveys that are open —
with the link to answer — and the latest closed ones with their results, for everyone in the community;
staff also get the list of every survey. The organization's own surveys (across communities) show too."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from cocreate.core.access import Tenant
from cocreate.core.models import Community

from .models import Survey, SurveyStatus
from .results import spanish
from .views_results import results_url

SHOWN = 5  # closed surveys on the community page; the rest are on the list


def community_context(tenant: Tenant, community: Community) -> dict[str, Any]:
    surveys = list(
        Survey.objects.filter(organization=tenant.organization)
        .filter(Q(community=community) | Q(community__isnull=True))
        .filter(status__in=[SurveyStatus.OPEN, SurveyStatus.CLOSED])
        .order_by("status", "-closed_at", "-opened_at", "-pk")
        .only("pk", "title", "title_es", "token", "status", "anonymous", "community_id", "closed_at")[:20]
    )
    es = spanish()
    open_: list[dict[str, str]] = []
    closed: list[dict[str, str]] = []
    for s in surveys:
        s.organization = tenant.organization
        s.community = community if s.community_id else None
        title = s.title_es if es and s.title_es else s.title
        if s.status == SurveyStatus.OPEN:
            # An anonymous survey's link is for everyone; a personal one's links go to the invited.
            url = reverse("surveys:answer", args=[s.token]) if s.anonymous else ""
            open_.append({"title": title, "answer_url": url})
        elif len(closed) < SHOWN:
            closed.append({"title": title, "results_url": results_url(s)})
    return {
        "open_surveys": open_,
        "closed_surveys": closed,
        "surveys_list_url": reverse("surveys:list", args=[tenant.organization.slug, community.slug])
        if tenant.can("survey.design", community)
        else "",
    }
