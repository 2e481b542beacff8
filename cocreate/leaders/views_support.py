"""Support over time, as pages: the organization's training modules ("leaders.settings"), a community's
leaders with those who need support first ("leaders.view"), and one leader's page ("leader.support";
the leader herself reads her own page and chooses whether her recognitions show publicly)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.models import Community
from cocreate.core.views import org_view

from . import support
from .forms_support import (
    CheckInForm,
    CompletionForm,
    EndForm,
    MakeLeaderForm,
    MentorForm,
    ModuleForm,
    PublicForm,
    RecognitionForm,
)
from .models import Leader, OnboardingCompletion, TrainingModule

PER_PAGE = 50


# Training modules (the organization's settings) ------------------------------------------------------


def _module(tenant: Tenant, pk: int) -> TrainingModule:
    tenant.require("leaders.settings")
    module = support.modules_of(tenant.organization).filter(pk=pk).first()
    if module is None:
        raise Http404
    return module


@org_view
def training(request: SignedInRequest, tenant: Tenant) -> HttpResponse:
    """The modules on new leaders' checklists; the toolkit's set the first time, to adapt."""
    tenant.require("leaders.settings")
    org = tenant.organization
    if request.method == "GET" and not support.modules_of(org).exists():
        support.do_add_default_modules(org, acting_user=request.user)
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            support.do_save_module(
                TrainingModule(organization=org), acting_user=request.user, **form.cleaned_data
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Module added."))
            return redirect("leaders:training", org.slug)
    return render(
        request,
        "leaders/support/training.html",
        {"tenant": tenant, "org": org, "modules": list(support.modules_of(org)), "form": form},
    )


@org_view
def training_edit(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    module = _module(tenant, pk)
    initial = {"title": module.title, "description": module.description, "active": module.active}
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            support.do_save_module(module, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("leaders:training", tenant.organization.slug)
    return render(
        request,
        "leaders/support/training_form.html",
        {"tenant": tenant, "org": tenant.organization, "module": module, "form": form},
    )


@require_POST
@org_view
def training_move(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    module = _module(tenant, pk)
    support.do_move_module(module, acting_user=request.user, up=request.POST.get("direction") != "down")
    return redirect(reverse("leaders:training", args=[tenant.organization.slug]) + f"#module-{module.pk}")


# A community's leaders -----------------------------------------------------------------------------------


def _base(tenant: Tenant, community: Community, **extra) -> dict:
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative,
        "community": community,
        "list_url": reverse("leaders:leaders", args=[tenant.organization.slug, community.slug]),
        **extra,
    }


@org_view
def leaders(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The active leaders, and first those without a mentor or a check-in in 60 days."""
    community = access_community(tenant, slug, "leaders.view")
    page = Paginator(support.leader_rows(community), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "leaders/support/leaders.html",
        _base(
            tenant,
            community,
            page=page,
            total=support.checklist_size(tenant.organization),
            needing=list(support.needing_support(community)[:PER_PAGE]),
            days=support.CHECK_IN_DAYS,
            can_support=tenant.can("leader.support", community),
        ),
    )


@org_view
def leader_make(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "leader.support")
    form = MakeLeaderForm(request.POST or None, partners=support.leader_candidates(community))
    if request.method == "POST" and form.is_valid():
        try:
            leader = support.do_make_leader(
                form.cleaned_data["partner"],
                acting_user=request.user,
                started_on=form.cleaned_data["started_on"],
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request, _("%(name)s is now a community leader.") % {"name": leader.partner.name}
            )
            return redirect("leaders:leader", tenant.organization.slug, community.slug, leader.pk)
    return render(request, "leaders/support/make.html", _base(tenant, community, form=form))


# One leader ---------------------------------------------------------------------------------------------


def _leader(tenant: Tenant, slug: str, pk: int, *, staff_only: bool = True) -> tuple[Community, Leader, bool]:
    community = access_community(tenant, slug)
    leader, staff = support.access_leader(tenant, community, pk)
    if staff_only and not staff:
        tenant.require("leader.support", community)
    return community, leader, staff


def _leader_page(request, tenant, community, leader, staff, status=200, **forms) -> HttpResponse:
    leader.community = community
    items = support.checklist(leader)
    mentors = support.mentor_choices(community)
    context = _base(
        tenant,
        community,
        leader=leader,
        partner=leader.partner,
        staff=staff,
        herself=not staff or leader.partner.user_id == request.user.pk,
        items=items,
        done=sum(1 for i in items if i.completion and (i.module is None or i.module.active)),
        total=sum(1 for i in items if i.module is None or i.module.active),
        check_ins=list(leader.check_ins.select_related("mentor")),
        meetings=list(support.prep_meetings(leader)[:50]),
        recognitions=list(leader.recognitions.all()),
        leader_url=support.leader_url(leader),
        today=timezone.localdate(),
        mentor_form=forms.get("mentor_form")
        or MentorForm(
            mentors=mentors, initial={"mentor": leader.mentor_id, "mentor_since": leader.mentor_since}
        ),
        completion_form=forms.get("completion_form") or CompletionForm(),
        completion_error=forms.get("completion_error", ""),
        check_in_form=forms.get("check_in_form") or CheckInForm(),
        recognition_form=forms.get("recognition_form") or RecognitionForm(),
        public_form=forms.get("public_form")
        or PublicForm(initial={"show": leader.show_recognitions_publicly}),
        end_form=forms.get("end_form") or EndForm(),
    )
    return render(request, "leaders/support/leader.html", context, status=status)


@org_view
def leader(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, leader, staff = _leader(tenant, slug, pk, staff_only=False)
    return _leader_page(request, tenant, community, leader, staff)


def _done(request, leader: Leader, community: Community, text: str, anchor: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(support.leader_url(leader) + anchor)


@require_POST
@org_view
def leader_mentor(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, leader, staff = _leader(tenant, slug, pk)
    form = MentorForm(request.POST, mentors=support.mentor_choices(community))
    if form.is_valid():
        try:
            support.do_set_mentor(leader, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            return _done(request, leader, community, _("Mentor saved."), "#mentor")
    return _leader_page(request, tenant, community, leader, staff, status=400, mentor_form=form)


@require_POST
@org_view
def leader_completion(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, leader, staff = _leader(tenant, slug, pk)
    form = CompletionForm(request.POST)
    if form.is_valid():
        item = form.cleaned_data["item"]
        module = None
        if item != "orientation":
            module = (
                support.modules_of(tenant.organization).filter(pk=int(item) if item.isdigit() else 0).first()
            )
            if module is None:
                raise Http404
        try:
            support.do_record_completion(
                leader,
                acting_user=request.user,
                module=module,
                completed_on=form.cleaned_data["completed_on"],
            )
        except WriteError as error:
            return _leader_page(
                request, tenant, community, leader, staff, status=400, completion_error=error.text
            )
        return _done(request, leader, community, _("Completion recorded."), "#checklist")
    errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
    return _leader_page(request, tenant, community, leader, staff, status=400, completion_error=errors)


@require_POST
@org_view
def leader_completion_undo(
    request: SignedInRequest, tenant: Tenant, slug: str, pk: int, completion: int
) -> HttpResponse:
    community, leader, staff = _leader(tenant, slug, pk)
    row = OnboardingCompletion.objects.filter(leader=leader, pk=completion).first()
    if row is None:
        raise Http404
    support.do_undo_completion(row, acting_user=request.user)
    return _done(request, leader, community, _("Completion removed."), "#checklist")


@require_POST
@org_view
def leader_check_in(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, leader, staff = _leader(tenant, slug, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            support.do_add_check_in(leader, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            return _done(request, leader, community, _("Check-in recorded."), "#check-ins")
    return _leader_page(request, tenant, community, leader, staff, status=400, check_in_form=form)


@require_POST
@org_view
def leader_recognition(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, leader, staff = _leader(tenant, slug, pk)
    form = RecognitionForm(request.POST)
    if form.is_valid():
        try:
            support.do_add_recognition(leader, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            return _done(request, leader, community, _("Recognition added."), "#recognitions")
    return _leader_page(request, tenant, community, leader, staff, status=400, recognition_form=form)


@require_POST
@org_view
def leader_public(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Her choice to show her recognitions on the community page (staff: with her agreement)."""
    community, leader, staff = _leader(tenant, slug, pk, staff_only=False)
    form = PublicForm(request.POST)
    if form.is_valid():
        try:
            support.do_set_public_recognitions(
                leader,
                acting_user=request.user,
                show=form.cleaned_data["show"],
                agreed=form.cleaned_data["agreed"],
            )
        except WriteError as error:
            show_on_form(form, error)
        else:
            return _done(request, leader, community, _("Your choice is saved."), "#recognitions")
    return _leader_page(request, tenant, community, leader, staff, status=400, public_form=form)


@require_POST
@org_view
def leader_end(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, leader, staff = _leader(tenant, slug, pk)
    form = EndForm(request.POST)
    if form.is_valid():
        try:
            support.do_end_leadership(leader, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("She is no longer listed as a community leader."))
            return redirect("leaders:leaders", tenant.organization.slug, community.slug)
    return _leader_page(request, tenant, community, leader, staff, status=400, end_form=form)
