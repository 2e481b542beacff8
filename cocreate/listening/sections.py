"""What the listening app shows elsewhere: its section of the community page and a person's "for me"
list (the sessions she facilitates or is invited to)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.registry import WaitingItem
from cocreate.lib.urls import page_reverser

from .models import FocusGroup, GroupStatus, Participant, Theme

LIMIT = 20


def community_context(tenant, community) -> dict:
    """The next session and the themes not yet on "you said, we did". Two queries."""
    upcoming = (
        FocusGroup.objects.filter(
            community=community, status=GroupStatus.PLANNED, held_on__gte=timezone.localdate()
        )
        .only("pk", "title", "held_on", "starts_at", "kind", "community_id")
        .order_by("held_on", "pk")
        .first()
    )
    open_themes = list(
        Theme.objects.filter(community=community, feedback__isnull=True)
        .select_related("group")
        .only("pk", "name", "group__title")
        .order_by("-pk")[:3]
    )
    return {
        "next_session": upcoming,
        "open_themes": open_themes,
        "listening_url": reverse("listening:groups", args=[tenant.organization.slug, community.slug]),
        "can_plan_session": tenant.can("listening.manage", community),
    }


def waiting_sessions(user, community_ids: list[int]) -> list[WaitingItem]:
    """Planned sessions she facilitates or is invited to, soonest first. One query."""
    invited = Participant.objects.filter(partner__user_id=user.pk).order_by().values("group_id")
    qs = (
        FocusGroup.objects.filter(
            Q(facilitator_user_id=user.pk)
            | Q(co_facilitator_id=user.pk)
            | Q(facilitator_partner__user_id=user.pk)
            | Q(pk__in=invited),
            community_id__in=community_ids,
            status=GroupStatus.PLANNED,
            held_on__gte=timezone.localdate(),
        )
        .select_related("community__organization", "facilitator_partner")
        .only(
            "pk",
            "title",
            "held_on",
            "facilitator_user_id",
            "co_facilitator_id",
            "facilitator_partner__user_id",
            "community__name",
            "community__slug",
            "community__organization__slug",
        )
        .order_by("held_on", "pk")[:LIMIT]
    )
    url = page_reverser()
    items = []
    for group in qs:
        c = group.community
        facilitating = user.pk in (group.facilitator_user_id, group.co_facilitator_id) or (
            group.facilitator_partner is not None and group.facilitator_partner.user_id == user.pk
        )
        items.append(
            WaitingItem(
                kind=_("You facilitate") if facilitating else _("You are invited"),
                title=group.title,
                url=url("listening:group", c.organization.slug, c.slug, group.pk),
                community=c.name,
                due=group.held_on,
                note=_("Help write the questions, and prepare with the team.")
                if facilitating
                else _("A focus group or listening session: the team wants to hear from you."),
            )
        )
    return items
