"""PDSA cycle pages: an action's cycles, starting one (or the next after "adapt"), one cycle with its
four phases, data points and run chart, the form for each phase, and adding a data point.

Everyone in the community sees the cycles; staff start them and write the phases; anyone who
contributes to the plan (partners included) adds data points.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.views import org_view

from . import pdsa
from .access import access_action
from .charts import format_value, run_chart
from .forms import DATE
from .models import CycleStatus, Decision, PdsaCycle
from .registry import sources_behind
from .views import _context, _int, _save

# Forms -------------------------------------------------------------------------------------------------


class PlanForm(EditsAVersion, forms.Form):
    change_idea = forms.CharField(
        label=gettext_lazy("Change idea"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The change the team will try, small enough to test in days or weeks."),
    )
    prediction = forms.CharField(
        label=gettext_lazy("Prediction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What the team expects to happen, and why."),
    )
    measure_name = forms.CharField(
        label=gettext_lazy("What will be measured"),
        max_length=200,
        help_text=gettext_lazy("For example: families at the planning meeting."),
    )
    measure_unit = forms.CharField(
        label=gettext_lazy("Unit"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("For example: people, days, percent."),
    )


class DoForm(EditsAVersion, forms.Form):
    what_happened = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What was done, what went as planned and what surprised the team."),
    )


class StudyForm(EditsAVersion, forms.Form):
    results = forms.CharField(
        label=gettext_lazy("Results against the prediction"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "What the data and the people involved show, compared with what was predicted."
        ),
    )


class ActForm(EditsAVersion, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=gettext_lazy("Why, and what next"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PointForm(forms.Form):
    measured_on = forms.DateField(label=gettext_lazy("Date"), widget=DATE)
    value = forms.FloatField(
        label=gettext_lazy("Value"),
        error_messages={
            "required": gettext_lazy("Enter a number."),
            "invalid": gettext_lazy("Enter a number, like 12 or 3.5."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("measured_on", timezone.localdate())
        super().__init__(*args, **kwargs)


PHASE_FORMS = {"plan": PlanForm, "do": DoForm, "study": StudyForm, "act": ActForm}
PHASE_TITLES = {
    "plan": gettext_lazy("Plan"),
    "do": gettext_lazy("Do"),
    "study": gettext_lazy("Study"),
    "act": gettext_lazy("Act"),
}


def _phase_initial(cycle: PdsaCycle, phase: str) -> dict:
    if phase == "plan":
        return pdsa.next_cycle_initial(cycle)
    if phase == "do":
        return {"what_happened": cycle.what_happened}
    if phase == "study":
        return {"results": cycle.results}
    return {"decision": cycle.decision, "notes": cycle.decision_notes}


def _write_phase(cycle: PdsaCycle, phase: str, user, data: dict) -> PdsaCycle:
    if phase == "plan":
        return pdsa.do_update_plan(cycle, acting_user=user, **data)
    if phase == "do":
        return pdsa.do_record_do(cycle, acting_user=user, **data)
    if phase == "study":
        return pdsa.do_record_study(cycle, acting_user=user, **data)
    return pdsa.do_record_act(cycle, acting_user=user, **data)


# Links -------------------------------------------------------------------------------------------------


def _urls(tenant: Tenant, community, *, action_pk: int, cycle_pk: int | None = None) -> dict:
    org_slug = tenant.organization.slug
    urls = {
        "cycles_url": reverse("planning:cycles", args=[org_slug, community.slug, action_pk]),
        "new_cycle_url": reverse("planning:cycle_create", args=[org_slug, community.slug, action_pk]),
    }
    if cycle_pk:
        urls["cycle_url"] = reverse("planning:cycle", args=[org_slug, community.slug, cycle_pk])
    return urls


def _goal_url(tenant: Tenant, community, action) -> str:
    goal = reverse("planning:goal", args=[tenant.organization.slug, community.slug, action.goal_id])
    return f"{goal}#action-{action.pk}"


# Views -------------------------------------------------------------------------------------------------


@org_view
def cycles(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """An action's PDSA cycles, in order, each with its status and decision."""
    community = access_community(tenant, slug, "planning.view")
    action = access_action(tenant, community, pk)
    rows = list(
        pdsa.cycles_of(action).only(
            "pk", "number", "change_idea", "measure_name", "status", "decision", "predecessor_id", "action_id"
        )
    )
    return render(
        request,
        "planning/pdsa/cycles.html",
        _context(
            tenant,
            community,
            action=action,
            goal=action.goal,
            goal_url=_goal_url(tenant, community, action),
            cycles=rows,
            can_change=tenant.can("planning.change", community),
            **_urls(tenant, community, action_pk=action.pk),
        ),
    )


@org_view
def cycle_create(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Plan a new cycle; with `?after=<cycle>` (an adapted one) prefilled from it and linked as its successor."""
    community = access_community(tenant, slug, "planning.view")
    action = access_action(tenant, community, pk, "planning.change")
    after_pk = _int(request.GET.get("after"))
    predecessor = None
    if after_pk:
        predecessor = PdsaCycle.objects.filter(action=action, pk=after_pk).first()
        if predecessor is None:
            raise Http404
    initial = pdsa.next_cycle_initial(predecessor) if predecessor else {}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cycle = _save(
            form,
            lambda: pdsa.do_start_cycle(
                action, acting_user=request.user, predecessor=predecessor, **form.cleaned_data
            ),
        )
        if cycle is not None:
            messages.success(request, _("Cycle planned. Try the change, then record what happened."))
            return redirect(_urls(tenant, community, action_pk=action.pk, cycle_pk=cycle.pk)["cycle_url"])
    return render(
        request,
        "planning/pdsa/cycle_form.html",
        _context(
            tenant,
            community,
            form=form,
            action=action,
            goal=action.goal,
            goal_url=_goal_url(tenant, community, action),
            predecessor=predecessor,
            **_urls(tenant, community, action_pk=action.pk),
        ),
    )


def _phase_sections(cycle: PdsaCycle, can_change: bool) -> list:
    """The four phases in order, each with what was recorded and (for staff) its form."""
    sections = []
    for phase in pdsa.PHASES:
        form = None
        if can_change:
            form = PHASE_FORMS[phase](initial=_phase_initial(cycle, phase), version_of=cycle)
        recorded = {"plan": True, "do": cycle.what_happened, "study": cycle.results, "act": cycle.decision}
        sections.append(
            {"key": phase, "title": PHASE_TITLES[phase], "form": form, "recorded": bool(recorded[phase])}
        )
    return sections


def _detail_page(request, tenant, community, cycle):
    can_change = tenant.can("planning.change", community)
    points = pdsa.points_of(cycle)
    successors = list(cycle.successors.only("pk", "number", "predecessor_id"))
    urls = _urls(tenant, community, action_pk=cycle.action_id, cycle_pk=cycle.pk)
    return render(
        request,
        "planning/pdsa/cycle.html",
        _context(
            tenant,
            community,
            cycle=cycle,
            action=cycle.action,
            goal=cycle.action.goal,
            goal_url=_goal_url(tenant, community, cycle.action),
            points=[(p, format_value(p.value)) for p in points],
            chart=run_chart(cycle, points),
            point_form=PointForm(),
            phases=_phase_sections(cycle, can_change),
            successors=successors,
            offer_next=cycle.status == CycleStatus.ADAPTED and not successors,
            can_change=can_change,
            can_contribute=tenant.can("planning.contribute", community),
            sources=sources_behind(tenant, community, cycle=cycle),
            **urls,
        ),
    )


@org_view
def cycle_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """One cycle: plan, do, study and act as sections, its data points and the run chart."""
    community = access_community(tenant, slug, "planning.view")
    cycle = pdsa.access_cycle(tenant, community, pk)
    return _detail_page(request, tenant, community, cycle)


@org_view
def cycle_phase(request: HttpRequest, tenant: Tenant, slug: str, pk: int, phase: str) -> HttpResponse:
    """Write one phase of a cycle (staff). Recording Do, Study or Act moves the cycle on."""
    if phase not in pdsa.PHASES:
        raise Http404
    community = access_community(tenant, slug, "planning.view")
    cycle = pdsa.access_cycle(tenant, community, pk, "planning.change")
    form = PHASE_FORMS[phase](request.POST or None, initial=_phase_initial(cycle, phase), version_of=cycle)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, lambda: _write_phase(cycle, phase, request.user, form.cleaned_data))
        if saved is not None:
            if phase == "act" and saved.status == CycleStatus.ADAPTED:
                messages.success(request, _("Decision saved: adapt. Plan the next cycle from this one."))
                urls = _urls(tenant, community, action_pk=cycle.action_id)
                return redirect(f"{urls['new_cycle_url']}?after={cycle.pk}")
            messages.success(request, _("Saved."))
            return redirect(
                _urls(tenant, community, action_pk=cycle.action_id, cycle_pk=cycle.pk)["cycle_url"]
            )
    return render(
        request,
        "planning/pdsa/phase_form.html",
        _context(
            tenant,
            community,
            form=form,
            cycle=cycle,
            phase=phase,
            phase_title=PHASE_TITLES[phase],
            action=cycle.action,
            goal=cycle.action.goal,
            goal_url=_goal_url(tenant, community, cycle.action),
            **_urls(tenant, community, action_pk=cycle.action_id, cycle_pk=cycle.pk),
        ),
    )


@org_view
def point_create(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Add a data point for the cycle's measure (anyone who contributes to the plan)."""
    community = access_community(tenant, slug, "planning.view")
    cycle = pdsa.access_cycle(tenant, community, pk, "planning.contribute")
    form = PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        point = _save(form, lambda: pdsa.do_add_point(cycle, acting_user=request.user, **form.cleaned_data))
        if point is not None:
            messages.success(request, _("Data point added."))
            return redirect(
                _urls(tenant, community, action_pk=cycle.action_id, cycle_pk=cycle.pk)["cycle_url"]
                + "#points"
            )
    return render(
        request,
        "planning/pdsa/point_form.html",
        _context(
            tenant,
            community,
            form=form,
            cycle=cycle,
            action=cycle.action,
            goal=cycle.action.goal,
            goal_url=_goal_url(tenant, community, cycle.action),
            **_urls(tenant, community, action_pk=cycle.action_id, cycle_pk=cycle.pk),
        ),
    )
