"""The demo parent's "for me" home, planning's part: an action María owns herself, due in a few days,
and her last visit two days ago, so that her home shows what waits for her and what changed since.
Left alone when the action is there already (and her last visit once recorded)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.access import tenant_for
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.forme import record_visit
from cocreate.core.models import Community, HomeVisit

from . import actions
from .models import Action, Goal

STRATEGY = "Bring three families' questions about the home visits to the next team meeting"


def seed_for_me(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    lead = User.objects.filter(email=f"lead@{DEMO_DOMAIN}").first()
    parent = User.objects.filter(email=f"parent@{DEMO_DOMAIN}").first()
    if riverside is None or lead is None or parent is None:
        return
    goal = Goal.objects.filter(community=riverside).order_by("pk").first()
    if goal is not None and not Action.objects.filter(goal=goal, strategy=STRATEGY).exists():
        actions.do_add_action(
            goal,
            acting_user=lead,
            strategy=STRATEGY,
            due_on=timezone.localdate() + timedelta(days=4),
            users=[parent],
            measure="The team answers each question, in Spanish and English",
        )
    if not HomeVisit.objects.filter(user=parent, organization_id=riverside.organization_id).exists():
        record_visit(tenant_for(parent, riverside.organization.slug), now=timezone.now() - timedelta(days=2))
