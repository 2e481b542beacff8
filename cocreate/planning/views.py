"""Planning pages: a community's plan (goals by horizon with their actions), one goal, the forms that
write them, progress notes, equity intentions, and the overdue and due-soon lists.

Every view: resolve the tenant and the community, check the goal or action, parse the form, call one
`do_*`, render. Everyone in a community sees its plan; staff write goals and actions; every team
member, partners included, adds progress notes and their own equity intention.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.accounts.http import SignedInRequest
from cocreate.assessments.results import format_score
from cocreate.assessments.text import pick
from cocreate.core import translations
from cocreate.core.access import ADMIN, PRACTITIONER, Tenant, access_community
from cocreate.core.errors import show_on_form
from cocreate.core.registry import render_sections
from cocreate.core.views import org_view
from cocreate.partners.models import DOMAIN_LABELS

from . import actions, queries
from .access import access_action, access_gap, access_goal, can_act_on, goals_in
from .forms import ActionForm, GoalForm, IntentionForm, NoteForm
from .models import (
    BENEFITS_TO_COMMUNITY,
    BENEFITS_TO_TEAM,
    ActionStatus,
    EquityIntention,
    GoalItem,
    Intention,
)
from .registry import goal_sections


def _context(tenant: Tenant, community, **extra):
    org = tenant.organization
    return {
        "tenant": tenant,
        "org": org,
        "initiative": community.initiative,
        "community": community,
        "plan_url": queries.planning_prefix(org.slug, community.slug),
        **extra,
    }


def _goal_url(tenant: Tenant, community, goal_pk: int, anchor: str = "") -> str:
    return reverse("planning:goal", args=[tenant.organization.slug, community.slug, goal_pk]) + anchor


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


T = TypeVar("T")


def _save(form, write: Callable[[], T]) -> T | None:
    """Run a `do_*` write; its field errors land next to the form's fields."""
    try:
        return write()
    except ValidationError as error:
        show_on_form(form, error)
        return None


@org_view
def plan(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The community's plan: goals by horizon, each with progress and its actions, owners and due dates."""
    community = access_community(tenant, slug, "planning.view")
    org = tenant.organization
    show = request.GET.get("show", "open")
    show = show if show in queries.PLAN_FILTERS else "open"
    teams = list(community.teams.filter(archived_at__isnull=True).only("pk", "name", "community_id"))
    team = _int(request.GET.get("team"))
    team = team if team in {t.pk for t in teams} else None
    prefix = queries.planning_prefix(org.slug, community.slug)
    found = queries.plan_page(
        goals_in(tenant, community), prefix, page_number=request.GET.get("page"), show=show, team=team
    )
    return render(
        request,
        "planning/plan.html",
        _context(
            tenant,
            community,
            plan=found,
            progress=queries.community_progress(community, org.slug),
            show=show,
            filters=[
                ("open", _("Open goals")),
                ("achieved", _("Achieved")),
                ("dropped", _("Dropped")),
                ("all", _("All goals")),
            ],
            teams=teams,
            team_filter=team,
            can_change=tenant.can("planning.change", community),
        ),
    )


@org_view
def due(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """A community's actions that are overdue or due in the next two weeks."""
    community = access_community(tenant, slug, "planning.view")
    found = queries.community_due(community, tenant.organization.slug, request.GET.get("page"))
    return render(request, "planning/due.html", _context(tenant, community, due=found))


@org_view
def my_actions(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Overdue and due-soon actions across the communities a person serves, and those they own."""
    org = tenant.organization
    choices, person = [], None
    # Organization-wide staff can look at any practitioner's list (a supervisor's view of the week).
    if tenant.org_roles & {ADMIN, PRACTITIONER}:
        choices = queries.practitioners(tenant)
        wanted = _int(request.GET.get("practitioner"))
        person = next((p for p in choices if p.pk == wanted), None)
    found = queries.my_actions(tenant, person=person, page_number=request.GET.get("page"))
    return render(
        request,
        "planning/my_actions.html",
        {
            "tenant": tenant,
            "org": org,
            "due": found,
            "practitioners": choices,
            "person": person,
            "page_query": f"&practitioner={person.pk}" if person else "",
            "sees_all": tenant.sees_every_community and bool(tenant.org_roles & {ADMIN, PRACTITIONER}),
        },
    )


@org_view
def goal_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """One goal: why it matters, the assessment items it works on (and whether the gaps closed),
    its actions with owners and progress notes, who holds which equity intention, and its changes."""
    community = access_community(tenant, slug, "planning.view")
    goal = access_goal(tenant, community, pk)
    groups, rows = queries.intentions_of(goal)
    actions = queries.goal_actions(goal)
    translations.with_translations([goal], actions)  # the goal's and actions' other languages: one query
    return render(
        request,
        "planning/goal.html",
        _context(
            tenant,
            community,
            goal=goal,
            goal_url=_goal_url(tenant, community, goal.pk),
            domain_labels=[DOMAIN_LABELS[d] for d in goal.domains if d in DOMAIN_LABELS],
            items=queries.item_progress(goal, tenant.organization.slug),
            actions=actions,
            intention_groups=groups,
            intentions_count=len(rows),
            mine=next((row for row in rows if row.user_id == request.user.pk), None),
            changes=queries.goal_changes(goal),
            # What the apps above planning show of this goal (support: the sessions that served it).
            goal_sections=render_sections(
                goal_sections, request, {"org": tenant.organization, "community": community}, goal=goal
            ),
            can_change=tenant.can("planning.change", community),
            can_contribute=tenant.can("planning.contribute", community),
        ),
    )


def _goal_form_page(request, tenant, community, form, *, title, goal=None, gap=None):
    return render(
        request,
        "planning/goal_form.html",
        _context(
            tenant,
            community,
            form=form,
            title=title,
            goal=goal,
            gap=gap,
            benefits_team=BENEFITS_TO_TEAM,
            benefits_community=BENEFITS_TO_COMMUNITY,
        ),
    )


def _gap_suggestion(gap) -> dict:
    """What "make this a goal" fills in: the item, its domain and a statement to start from."""
    version = gap.administration.version
    section = gap.item.section.key
    target = None if version.target is None else float(version.target)
    statement = _("Move “%(item)s” from %(score)s to at least %(target)s.") % {
        "item": pick(gap.item.text).strip().rstrip("."),
        "score": format_score(float(gap.score), version.scoring),
        "target": format_score(target, version.scoring),
    }
    return {
        "gaps": [gap.pk],
        "domains": [section] if section in DOMAIN_LABELS else [],
        "statement": statement,
    }


@org_view
def goal_create(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """A new goal; from "make this a goal" (`?gap=`), prefilled with the item, its domain and a statement."""
    community = access_community(tenant, slug, "planning.change")
    gap_pk = _int(request.GET.get("gap"))
    gap = access_gap(tenant, community, gap_pk) if gap_pk else None
    initial = _gap_suggestion(gap) if gap else {}
    form = GoalForm(
        request.POST or None, community=community, gap_ids=[gap.pk] if gap else [], initial=initial
    )
    if request.method == "POST" and form.is_valid():
        goal = _save(
            form, lambda: actions.do_create_goal(community, acting_user=request.user, **form.cleaned_data)
        )
        if goal is not None:
            messages.success(
                request, _("Goal saved. Now add the actions that will get it done, and who will do them.")
            )
            return redirect(_goal_url(tenant, community, goal.pk))
    return _goal_form_page(request, tenant, community, form, title=_("New goal"), gap=gap)


@org_view
def goal_edit(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "planning.view")
    goal = access_goal(tenant, community, pk, "planning.change")
    linked = list(GoalItem.objects.filter(goal=goal).values_list("gap_id", flat=True))
    initial = {
        "statement": goal.statement,
        "horizon": goal.horizon,
        "target_on": goal.target_on,
        "team": goal.team_id,
        "status": goal.status,
        "why_team": goal.why_team,
        "why_community": goal.why_community,
        "domains": goal.domains,
        "gaps": linked,
    }
    form = GoalForm(
        request.POST or None, community=community, gap_ids=linked, initial=initial, version_of=goal
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form, lambda: actions.do_update_goal(goal, acting_user=request.user, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_goal_url(tenant, community, goal.pk))
    return _goal_form_page(request, tenant, community, form, title=_("Edit goal"), goal=goal)


def _action_form_page(request, tenant, community, form, *, title, goal, action=None):
    return render(
        request,
        "planning/action_form.html",
        _context(
            tenant,
            community,
            form=form,
            title=title,
            goal=goal,
            action=action,
            goal_url=_goal_url(tenant, community, goal.pk),
        ),
    )


@org_view
def action_create(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "planning.view")
    goal = access_goal(tenant, community, pk, "planning.change")
    form = ActionForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        action = _save(
            form, lambda: actions.do_add_action(goal, acting_user=request.user, **form.cleaned_data)
        )
        if action is not None:
            messages.success(request, _("Action added."))
            if "another" in request.POST:
                return redirect(request.path)
            return redirect(_goal_url(tenant, community, goal.pk, f"#action-{action.pk}"))
    return _action_form_page(request, tenant, community, form, title=_("New action"), goal=goal)


@org_view
def action_edit(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "planning.view")
    action = access_action(tenant, community, pk, "planning.change")
    owners = list(action.owners.values_list("partner_id", "user_id"))
    initial = {
        "strategy": action.strategy,
        "starts_on": action.starts_on,
        "due_on": action.due_on,
        "resources": action.resources,
        "measure": action.measure,
        "status": action.status,
        "partners": [p for p, _u in owners if p],
        "users": [u for _p, u in owners if u],
    }
    form = ActionForm(
        request.POST or None,
        community=community,
        initial=initial,
        keep_users=initial["users"],
        version_of=action,
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form, lambda: actions.do_update_action(action, acting_user=request.user, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_goal_url(tenant, community, action.goal_id, f"#action-{action.pk}"))
    return _action_form_page(
        request, tenant, community, form, title=_("Edit action"), goal=action.goal, action=action
    )


@org_view
def note_create(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """A dated progress note on an action (any team member). Staff, and whoever is responsible for the
    action (a parent included), can move its status at the same time, or only move it."""
    community = access_community(tenant, slug, "planning.view")
    action = access_action(tenant, community, pk)
    can_change_status = can_act_on(tenant, action)
    if not (can_change_status or tenant.can("planning.contribute", community)):
        raise PermissionDenied
    form = NoteForm(request.POST or None, can_change_status=can_change_status)
    if request.method == "POST" and form.is_valid():
        note = _save(
            form,
            lambda: actions.do_add_progress_note(
                action,
                acting_user=request.user,
                text=form.cleaned_data["text"],
                noted_on=form.cleaned_data["noted_on"],
                status=form.cleaned_data.get("status", ""),
            ),
        )
        if note is not None:
            messages.success(request, _("Progress note added."))
            return redirect(_goal_url(tenant, community, action.goal_id, f"#action-{action.pk}"))
    return render(
        request,
        "planning/note_form.html",
        _context(
            tenant,
            community,
            form=form,
            action=action,
            goal=action.goal,
            goal_url=_goal_url(tenant, community, action.goal_id),
            status_label=action.get_status_display(),
            can_change_status=can_change_status,
            done=ActionStatus.DONE,
            is_done=action.status == ActionStatus.DONE,
        ),
    )


@org_view
def intention(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Record, change or withdraw the equity intention the signed-in person holds for a goal."""
    community = access_community(tenant, slug, "planning.view")
    goal = access_goal(tenant, community, pk, "planning.contribute")
    mine = EquityIntention.objects.filter(goal=goal, user=request.user).first()
    back = _goal_url(tenant, community, goal.pk, "#intentions")
    if request.method == "POST" and "withdraw" in request.POST:
        actions.do_withdraw_intention(goal, acting_user=request.user)
        messages.success(request, _("Your equity intention for this goal is withdrawn."))
        return redirect(back)
    initial = {"intention": mine.intention, "note": mine.note} if mine else {}
    form = IntentionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.do_record_intention(goal, acting_user=request.user, **form.cleaned_data)
        messages.success(
            request, _("Your equity intention is recorded. The whole team can see it on the goal.")
        )
        return redirect(back)
    return render(
        request,
        "planning/intention_form.html",
        _context(
            tenant,
            community,
            form=form,
            goal=goal,
            mine=mine,
            goal_url=_goal_url(tenant, community, goal.pk),
            intentions=Intention.choices,
        ),
    )
