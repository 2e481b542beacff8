"""Process observation pages: a community's plans, one plan with its records, the plan and record forms,
a plan's records as CSV, and turning a finding into a "you said, we did" item or a change idea.

The team and the evaluators read ("observation.view"); anyone on the team, a parent included, plans
and records ("observation.change"). A finding becomes feedback for whoever may record feedback
("planning.contribute") and a change idea for those who write PDSA cycles ("planning.change").
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import move_version_on
from cocreate.core.models import Community
from cocreate.core.views import org_view
from cocreate.planning.queries import planning_prefix

from . import actions, exports
from .forms import PlanForm, RecordForm, ToChangeIdeaForm, ToFeedbackForm, step_formset
from .models import Finding
from .queries import access_finding, access_plan, access_record, plans_in, records_of

BLANK_STEPS_NEW = 3
BLANK_STEPS_EDIT = 1


def _context(tenant: Tenant, community: Community, **extra) -> dict:
    org = tenant.organization
    return {
        "tenant": tenant,
        "org": org,
        "initiative": community.initiative,
        "community": community,
        "list_url": reverse("observations:plans", args=[org.slug, community.slug]),
        "planning_url": planning_prefix(org.slug, community.slug),
        **extra,
    }


def _plan_url(tenant: Tenant, community: Community, pk: int, anchor: str = "") -> str:
    return reverse("observations:plan", args=[tenant.organization.slug, community.slug, pk]) + anchor


def _save(form, write, extra_fields: dict | None = None):
    """Run a `do_*` write; its field errors land next to the form's fields (or in `extra_fields`, a
    dict of names the template shows elsewhere, such as the step rows)."""
    try:
        return write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                if extra_fields is not None and name in extra_fields:
                    extra_fields[name] = " ".join(m for e in errors for m in e.messages)
                else:
                    form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        move_version_on(form, error)  # a stale edit: saving again keeps theirs
        return None


# Plans -------------------------------------------------------------------------------------------------


@org_view
def plan_list(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The community's observation plans, latest first."""
    community = access_community(tenant, slug, "observation.view")
    return render(
        request,
        "observations/list.html",
        _context(
            tenant,
            community,
            plans=list(plans_in(community)),
            can_change=tenant.can("observation.change", community),
        ),
    )


@org_view
def plan_create(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "observation.change")
    form = PlanForm(request.POST or None, community=community, initial={"observers": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        plan = _save(
            form,
            lambda: actions.do_create_plan(community, acting_user=request.user, details=form.details()),
        )
        if plan is not None:
            messages.success(request, _("Observation planned. Record what you see after each session."))
            return redirect(_plan_url(tenant, community, plan.pk))
    return render(
        request,
        "observations/plan_form.html",
        _context(tenant, community, form=form, title=_("Plan a process observation")),
    )


@org_view
def plan_edit(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "observation.view")
    plan = access_plan(tenant, community, pk, "observation.change")
    initial = {
        name: getattr(plan, name)
        for name in (
            "aim",
            "process",
            "starts_where",
            "ends_where",
            "method",
            "method_notes",
            "planned_on",
            "planned_until",
        )
    }
    initial["observers"] = [u.pk for u in plan.observers.all()]
    initial["partners"] = [p.pk for p in plan.partners.all()]
    form = PlanForm(request.POST or None, community=community, initial=initial, version_of=plan)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: actions.do_update_plan(
                plan,
                acting_user=request.user,
                details=form.details(),
                version=form.cleaned_data.get("version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(_plan_url(tenant, community, plan.pk))
    return render(
        request,
        "observations/plan_form.html",
        _context(tenant, community, form=form, plan=plan, title=_("Edit the observation plan")),
    )


@org_view
def plan_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The plan, and every record made under it with its steps and findings (and what they became)."""
    community = access_community(tenant, slug, "observation.view")
    plan = access_plan(tenant, community, pk)
    records = records_of(plan)
    can_change = tenant.can("observation.change", community)
    return render(
        request,
        "observations/plan_detail.html",
        _context(
            tenant,
            community,
            plan=plan,
            records=records,
            can_change=can_change,
            can_delete_plan=actions.may_delete(tenant, community, plan),
            deletable={r.pk for r in records if actions.may_delete(tenant, community, r)},
            can_feedback=can_change and tenant.can("planning.contribute", community),
            can_cycle=can_change and tenant.can("planning.change", community),
        ),
    )


@org_view
def plan_csv(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The plan's records as a spreadsheet, one row per record."""
    community = access_community(tenant, slug, "observation.view")
    plan = access_plan(tenant, community, pk)
    return exports.records_csv_response(plan, records_of(plan))


# Records -----------------------------------------------------------------------------------------------


def _steps_with_more_rows(data):
    """The posted data with one more blank step row ("add a step" re-draws the form, saving nothing)."""
    data = data.copy()
    total = int(data.get("steps-TOTAL_FORMS") or 0)
    data["steps-TOTAL_FORMS"] = str(min(total + 1, 60))
    return data


def _record_page(request, tenant, community, plan, *, record=None, initial=None, steps=(), blank=3):
    data = request.POST if request.method == "POST" else None
    adding_row = data is not None and "add_step" in data
    if adding_row:
        data = _steps_with_more_rows(data)
    form = RecordForm(data, community=community, initial=initial or {}, version_of=record)
    formset = step_formset(data, steps=steps, blank=blank)
    extra = {"steps": ""}
    if data is not None and not adding_row:
        form_ok, formset_ok = form.is_valid(), formset.is_valid()  # both, so every error shows at once
        if form_ok and formset_ok:
            details = form.details(formset.rows())
            if record is None:
                write = lambda: actions.do_record_observation(plan, acting_user=request.user, details=details)  # noqa: E731
            else:
                write = lambda: actions.do_update_record(  # noqa: E731
                    record,
                    acting_user=request.user,
                    details=details,
                    version=form.cleaned_data.get("version"),
                )
            saved = _save(form, write, extra)
            if saved is not None:
                messages.success(request, _("Observation saved."))
                return redirect(_plan_url(tenant, community, plan.pk, f"#record-{saved.pk}"))
    return render(
        request,
        "observations/record_form.html",
        _context(
            tenant,
            community,
            plan=plan,
            record=record,
            form=form,
            formset=formset,
            steps_error=extra["steps"],
            title=_("Edit the observation") if record else _("Record an observation"),
        ),
    )


@org_view
def record_create(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "observation.view")
    plan = access_plan(tenant, community, pk, "observation.change")
    initial = {
        "observers": [u.pk for u in plan.observers.all()] or [request.user.pk],
        "partners": [p.pk for p in plan.partners.all()],
    }
    return _record_page(request, tenant, community, plan, initial=initial, blank=BLANK_STEPS_NEW)


@org_view
def record_edit(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "observation.view")
    record = access_record(tenant, community, pk, "observation.change")
    findings = list(record.findings.all())
    initial = {
        "observed_on": record.observed_on,
        "started_at": record.started_at,
        "ended_at": record.ended_at,
        "present": record.present,
        "surprises": record.surprises,
        "observers": [u.pk for u in record.observers.all()],
        "partners": [p.pk for p in record.partners.all()],
    }
    for kind, name in actions.FINDING_FIELDS.items():
        initial[name] = "\n".join(f.text for f in findings if f.kind == kind)
    return _record_page(
        request,
        tenant,
        community,
        record.plan,
        record=record,
        initial=initial,
        steps=list(record.steps.all()),
        blank=BLANK_STEPS_EDIT,
    )


# Deleting what was made by mistake ------------------------------------------------------------------------


@org_view
def record_delete(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Asks first; a POST deletes the record (staff, or whoever recorded it)."""
    community = access_community(tenant, slug, "observation.view")
    record = access_record(tenant, community, pk, "observation.change")
    if not actions.may_delete(tenant, community, record):
        raise PermissionDenied
    plan_url = _plan_url(tenant, community, record.plan_id)
    if request.method == "POST":
        actions.do_delete_record(record, acting_user=request.user)
        messages.success(request, _("The observation was deleted."))
        return redirect(plan_url)
    turned = [f for f in record.findings.all() if f.feedback_item_id or f.cycle_id]
    return render(
        request,
        "observations/confirm_delete.html",
        _context(tenant, community, plan=record.plan, record=record, turned=turned, back_url=plan_url),
    )


@org_view
def plan_delete(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Asks first; a POST deletes a plan that has no observations yet (staff, or whoever planned it)."""
    community = access_community(tenant, slug, "observation.view")
    plan = access_plan(tenant, community, pk, "observation.change")
    if not actions.may_delete(tenant, community, plan):
        raise PermissionDenied
    refused = False
    if request.method == "POST":
        try:
            actions.do_delete_plan(plan, acting_user=request.user)
        except ValidationError:
            refused = True  # observations were recorded under it: the page says so
        else:
            messages.success(request, _("The observation plan was deleted."))
            return redirect(reverse("observations:plans", args=[tenant.organization.slug, community.slug]))
    back_url = _plan_url(tenant, community, plan.pk)
    context = _context(tenant, community, plan=plan, has_records=plan.records.exists(), back_url=back_url)
    return render(request, "observations/confirm_delete.html", context, status=409 if refused else 200)


# Findings → action -------------------------------------------------------------------------------------


def _finding_page(request, tenant, community, finding: Finding, form, *, template: str, **extra):
    return render(
        request,
        template,
        _context(
            tenant,
            community,
            finding=finding,
            plan=finding.record.plan,
            form=form,
            plan_url=_plan_url(tenant, community, finding.record.plan_id, f"#finding-{finding.pk}"),
            **extra,
        ),
    )


def _already(request, tenant, community, finding: Finding, message: str) -> HttpResponse:
    messages.info(request, message)
    return redirect(_plan_url(tenant, community, finding.record.plan_id, f"#finding-{finding.pk}"))


@org_view
def finding_to_feedback(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Turn a finding into a "you said, we did" item, so the team answers it and reports back."""
    community = access_community(tenant, slug, "observation.view")
    finding = access_finding(tenant, community, pk)
    tenant.require("planning.contribute", community)
    if finding.feedback_item_id:
        return _already(request, tenant, community, finding, _("This finding is already a feedback item."))
    initial = {"said": finding.text, "said_on": finding.record.observed_on}
    form = ToFeedbackForm(request.POST or None, community=community, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = _save(
            form,
            lambda: actions.do_finding_to_feedback(finding, acting_user=request.user, **form.cleaned_data),
        )
        if item is not None:
            messages.success(
                request, _("It is now on the “you said, we did” list, open until the team answers.")
            )
            return redirect(_plan_url(tenant, community, finding.record.plan_id, f"#finding-{finding.pk}"))
    return _finding_page(request, tenant, community, finding, form, template="observations/to_feedback.html")


@org_view
def finding_to_change_idea(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Turn a finding into a change idea: a new PDSA cycle on one of the community's actions."""
    community = access_community(tenant, slug, "observation.view")
    finding = access_finding(tenant, community, pk)
    tenant.require("planning.change", community)
    if finding.cycle_id:
        return _already(request, tenant, community, finding, _("This finding is already a change idea."))
    form = ToChangeIdeaForm(request.POST or None, community=community, initial={"change_idea": finding.text})
    if request.method == "POST" and form.is_valid():
        cycle = _save(
            form,
            lambda: actions.do_finding_to_change_idea(finding, acting_user=request.user, **form.cleaned_data),
        )
        if cycle is not None:
            messages.success(request, _("Change idea saved as a new PDSA cycle."))
            return redirect(f"{planning_prefix(tenant.organization.slug, community.slug)}cycles/{cycle.pk}/")
    return _finding_page(
        request,
        tenant,
        community,
        finding,
        form,
        template="observations/to_change_idea.html",
        has_actions=form.fields["action"].queryset.exists(),  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
    )
