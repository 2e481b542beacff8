"""Reads of the board: the eight steps with the team's ratings, the summary, and a step's history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from cocreate.core.access import Tenant
from cocreate.core.models import Community

from .evidence import StepEvidence, evidence_for
from .guide import STEPS, Step
from .models import RATING_MEANINGS, Rating, StepRating

HISTORY_LIMIT = 100  # the latest changes of one step; older ones stay in the database


@dataclass
class Card:
    step: Step
    rating: StepRating | None
    evidence: StepEvidence
    rate_url: str
    history_url: str

    @property
    def rating_value(self) -> str:
        return self.rating.rating if self.rating else Rating.NOT_STARTED

    @property
    def rating_label(self) -> str:
        return str(Rating(self.rating_value).label)


def ratings_of(community: Community) -> dict[int, StepRating]:
    rows = StepRating.objects.filter(community=community).select_related("updated_by")
    return {row.step: row for row in rows}


def summary(ratings: dict[int, StepRating]) -> list[dict[str, Any]]:
    """How many of the eight steps stand at each rating (a step nobody rated counts as not started)."""
    counts = Counter(row.rating for row in ratings.values())
    counts[Rating.NOT_STARTED] += len(STEPS) - len(ratings)
    return [
        {"value": r.value, "label": r.label, "meaning": RATING_MEANINGS[r], "count": counts[r.value]}
        for r in Rating
    ]


def board(tenant: Tenant, community: Community) -> dict[str, Any]:
    """The whole board for this reader: two queries (the ratings, and every figure at once)."""
    ratings = ratings_of(community)
    evidence = evidence_for(tenant, community)
    org = tenant.organization.slug
    cards = [
        Card(
            step=step,
            rating=ratings.get(step.number),
            evidence=evidence[step.number],
            rate_url=reverse("steps:rate", args=[org, community.slug, step.number]),
            history_url=reverse("steps:history", args=[org, community.slug, step.number]),
        )
        for step in STEPS
    ]
    return {"cards": cards, "summary": summary(ratings), "can_rate": tenant.can("steps.rate", community)}


def community_section(tenant: Tenant, community: Community) -> dict[str, Any]:
    """The community page's section: the summary and a link (one query)."""
    return {
        "steps_summary": summary(ratings_of(community)),
        "board_url": reverse("steps:board", args=[tenant.organization.slug, community.slug]),
    }


FIELDS = ("rating", "notes", "next_step")


def history(community: Community, step: int) -> list[dict[str, Any]]:
    """Who changed the step's rating, notes or next step, and when (newest first), with what changed."""
    rows = list(
        StepRating.history.filter(community=community, step=step)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_LIMIT]
    )
    rows.reverse()
    entries = []
    before = None
    for row in rows:
        changed = [name for name in FIELDS if before is None or getattr(before, name) != getattr(row, name)]
        entries.append(
            {
                "at": row.history_date,
                "who": row.history_user.display_name if row.history_user else "",
                "rating": str(Rating(row.rating).label) if row.rating in Rating.values else row.rating,
                "notes": row.notes,
                "next_step": row.next_step,
                "changed": changed,
                "first": before is None,
            }
        )
        before = row
    entries.reverse()
    return entries
