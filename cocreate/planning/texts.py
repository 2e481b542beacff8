"""The planning texts a team writes for partners, which may carry a version in each of the
organization's languages (`core.translations`): goals, actions and "you said, we did" items."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.access import Tenant
from cocreate.core.models import Community
from cocreate.core.registry import TranslatableText, translatable_texts

from .models import Action, FeedbackItem, Goal, GoalStatus


def _scope(qs: QuerySet, tenant: Tenant, community: Community | None) -> QuerySet:
    qs = qs.filter(organization=tenant.organization).select_related("community")
    return qs.filter(community=community) if community is not None else qs


def goals(tenant: Tenant, community: Community | None) -> QuerySet[Goal]:
    return _scope(Goal.objects.exclude(status=GoalStatus.DROPPED), tenant, community)


def actions(tenant: Tenant, community: Community | None) -> QuerySet[Action]:
    return _scope(Action.objects.exclude(goal__status=GoalStatus.DROPPED), tenant, community)


def feedback_items(tenant: Tenant, community: Community | None) -> QuerySet[FeedbackItem]:
    return _scope(FeedbackItem.objects.all(), tenant, community)


def register() -> None:
    translatable_texts.register(
        TranslatableText(
            key="planning.goal",
            order=10,
            model=Goal,
            fields=("statement", "why_team", "why_community"),
            label=_("Goal"),
            objects=goals,
            url=lambda g, org, slug: reverse("planning:goal", args=[org, slug, g.pk]),
        )
    )
    translatable_texts.register(
        TranslatableText(
            key="planning.action",
            order=20,
            model=Action,
            fields=("strategy", "resources", "measure"),
            label=_("Action"),
            objects=actions,
            url=lambda a, org, slug: (
                reverse("planning:goal", args=[org, slug, a.goal_id]) + f"#action-{a.pk}"
            ),
        )
    )
    translatable_texts.register(
        TranslatableText(
            key="planning.feedback",
            order=30,
            model=FeedbackItem,
            fields=("said", "done_text"),
            label=_("You said, we did"),
            objects=feedback_items,
            url=lambda f, org, slug: reverse("planning:feedback_item", args=[org, slug, f.pk]),
        )
    )
