"""Review pages: the organization's rubric and settings, a call's applications for its reviewers, one
application with the scoring form, and the decision with its message to the applicant.

The rubric and settings are the network admin's ("leaders.settings"). A call's review pages are for
its named reviewers and those who decide in its community (`review.review_access`); deciding is
"application.decide". Name-blind calls show "Applicant 7" until the decision on every page here.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.views import org_view
from cocreate.partners.models import Weekday

from . import decisions, review, rubric
from .forms_review import (
    DECISION_VERBS,
    CriterionForm,
    DecisionForm,
    InviteForm,
    LeaderSettingsForm,
    ReviewForm,
)
from .models import MEETING_TIMES, AccessNeed, Application, ApplicationStatus, Call, RubricCriterion


def _try(form, write):
    try:
        return write()
    except WriteError as error:
        show_on_form(form, error)
        return None


# The rubric and settings -------------------------------------------------------------------------------------


def _settings_url(tenant: Tenant) -> str:
    return reverse("leaders:review_settings", args=[tenant.organization.slug])


@org_view
def review_settings(request: SignedInRequest, tenant: Tenant) -> HttpResponse:
    """The organization's rubric (add, edit, reorder, take out of use) and how long applications are kept."""
    tenant.require("leaders.settings")
    org = tenant.organization
    current = rubric.settings_of(org)
    settings_form = LeaderSettingsForm(
        request.POST if "save_settings" in request.POST else None,
        initial={"anonymise_after_days": current.anonymise_after_days},
    )
    add_form = CriterionForm(request.POST if "add_criterion" in request.POST else None, prefix="new")
    if request.method == "POST":
        if settings_form.is_bound and settings_form.is_valid():
            done = _try(
                settings_form,
                lambda: rubric.do_update_leader_settings(
                    org, acting_user=request.user, **settings_form.cleaned_data
                ),
            )
            if done is not None:
                messages.success(request, _("Settings saved."))
                return redirect(_settings_url(tenant))
        elif add_form.is_bound and add_form.is_valid():
            done = _try(
                add_form,
                lambda: rubric.do_add_criterion(org, acting_user=request.user, **add_form.cleaned_data),
            )
            if done is not None:
                messages.success(request, _("Criterion added. Calls made from now on use it."))
                return redirect(_settings_url(tenant) + "#criteria")
    criteria = rubric.criteria_of(org)
    for criterion in criteria:  # the default wording in the reader's language; edits show what is stored
        criterion.name, criterion.guidance = (
            _(criterion.name),
            _(criterion.guidance) if criterion.guidance else "",
        )
    return render(
        request,
        "leaders/review/settings.html",
        {
            "tenant": tenant,
            "org": org,
            "criteria": criteria,
            "active_count": sum(1 for c in criteria if c.active),
            "score_labels": rubric.SCORE_LABELS.items(),
            "settings_form": settings_form,
            "add_form": add_form,
            "settings_url": _settings_url(tenant),
        },
    )


def _criterion(tenant: Tenant, pk: int) -> RubricCriterion:
    tenant.require("leaders.settings")
    criterion = RubricCriterion.objects.filter(organization=tenant.organization, pk=pk).first()
    if criterion is None:
        raise Http404
    return criterion


@org_view
def criterion_edit(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    criterion = _criterion(tenant, pk)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        criterion.refresh_from_db()  # the form wrote its values on the instance: write through do_*
        done = _try(form, lambda: rubric.do_update_criterion(criterion, acting_user=request.user, **data))
        if done is not None:
            messages.success(request, _("Changes saved. Calls made from now on use them."))
            return redirect(_settings_url(tenant) + "#criteria")
    return render(
        request,
        "leaders/review/criterion_form.html",
        {"tenant": tenant, "org": tenant.organization, "form": form, "settings_url": _settings_url(tenant)},
    )


@require_POST
@org_view
def criterion_move(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    criterion = _criterion(tenant, pk)
    try:
        rubric.do_move_criterion(
            criterion, acting_user=request.user, direction=request.POST.get("direction", "")
        )
    except WriteError as error:
        messages.error(request, error.text)
    return redirect(_settings_url(tenant) + "#criteria")


@require_POST
@org_view
def criterion_active(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    criterion = _criterion(tenant, pk)
    try:
        rubric.do_set_criterion_active(
            criterion, acting_user=request.user, active=request.POST.get("active") == "1"
        )
    except WriteError as error:
        messages.error(request, error.text)
    return redirect(_settings_url(tenant) + "#criteria")


# A call's review -----------------------------------------------------------------------------------------------


def _review_url(tenant: Tenant, call: Call) -> str:
    return reverse("leaders:call_review", args=[tenant.organization.slug, call.pk])


def _application_url(tenant: Tenant, call: Call, application: Application) -> str:
    return reverse("leaders:application_review", args=[tenant.organization.slug, call.pk, application.pk])


def _context(tenant: Tenant, call: Call, access: review.ReviewAccess, **extra) -> dict:
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": None,
        "community": call.community,
        "call": call,
        "access": access,
        "review_url": _review_url(tenant, call),
        "score_labels": rubric.SCORE_LABELS.items(),
        **extra,
    }


@org_view
def call_review(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """The call's applications for its reviewers: theirs to score first, then where reviewers disagree most."""
    call = review.access_call(tenant, pk)
    access = review.review_access(tenant, call)
    criteria, rows = review.review_rows(call, request.user, access)
    counts = {status: 0 for status in ApplicationStatus}
    for row in rows:
        counts[ApplicationStatus(row.application.status)] += 1
    return render(
        request,
        "leaders/review/call.html",
        _context(
            tenant,
            call,
            access,
            criteria=criteria,
            to_score=[r for r in rows if not r.visible],
            reviewed=[r for r in rows if r.visible],
            counts=[(status.label, counts[status]) for status in ApplicationStatus if counts[status]],
            strong=review.STRONG_DISAGREEMENT,
        ),
    )


def _details(application: Application) -> dict:
    days = [
        Weekday(int(d)).label
        for d in application.available_days or []
        if str(d).isdigit() and int(d) in Weekday.values
    ]
    times = dict(MEETING_TIMES)
    needs = {n.value: n.label for n in AccessNeed}
    return {
        "days": days,
        "times": [times[t] for t in application.meeting_times or [] if t in times],
        "needs": [needs[n] for n in application.access_needs or [] if n in needs],
    }


@org_view
def application_review(
    request: SignedInRequest, tenant: Tenant, pk: int, application_pk: int
) -> HttpResponse:
    """One application: the answers, what suits her, and this reviewer's scoring form (draft or submit)."""
    call = review.access_call(tenant, pk)
    access = review.review_access(tenant, call)
    application = review.access_application(call, application_pk)
    view = review.application_view(call, application, request.user, access)
    initial: dict[str, object] = {f"score_{k}": v for k, v in view.my_scores.items()}
    initial["comment"] = view.my_review.comment if view.my_review else ""
    form = ReviewForm(request.POST or None, criteria=view.criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        done = _try(
            form,
            lambda: review.do_save_review(
                application,
                acting_user=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
                submit=submit,
            ),
        )
        if done is not None:
            if submit:
                messages.success(request, _("Review submitted. You can now see the other reviewers' scores."))
            else:
                messages.success(request, _("Draft saved. Nobody else sees it."))
            return redirect(_application_url(tenant, call, application))
    can_score = (
        application.status not in review.CLOSED_TO_REVIEW
        and application.anonymised_at is None
        and not (view.my_review and view.my_review.submitted_at)
    )
    decides = access.decides
    return render(
        request,
        "leaders/review/application.html",
        _context(
            tenant,
            call,
            access,
            view=view,
            application=application,
            form=form,
            can_score=can_score,
            can_decide=decides and application.status in decisions.NEXT and application.anonymised_at is None,
            decide_url=reverse(
                "leaders:application_decide", args=[tenant.organization.slug, call.pk, application.pk]
            ),
            withdraw_url=reverse(
                "leaders:application_withdraw", args=[tenant.organization.slug, call.pk, application.pk]
            ),
            invite_url=reverse(
                "leaders:application_invite", args=[tenant.organization.slug, call.pk, application.pk]
            ),
            needs_invitation=decides
            and application.status == ApplicationStatus.ACCEPTED
            and not application.email
            and application.partner_id is not None,
            decisions=[
                (d.value, DECISION_VERBS[d])
                for d in decisions.DECISIONS
                if d in decisions.NEXT.get(ApplicationStatus(application.status), set())
            ],
            **_details(application),
        ),
    )


def _decider(tenant: Tenant, pk: int, application_pk: int) -> tuple[Call, review.ReviewAccess, Application]:
    call = review.access_call(tenant, pk)
    if not tenant.can("application.decide", call.community_id):
        raise PermissionDenied
    access = review.review_access(tenant, call)
    return call, access, review.access_application(call, application_pk)


@org_view
def application_decide(
    request: SignedInRequest, tenant: Tenant, pk: int, application_pk: int
) -> HttpResponse:
    """Accept, wait-list or decline, with the message (the kind default in her language, editable)."""
    call, access, application = _decider(tenant, pk, application_pk)
    chosen = request.POST.get("decision") or request.GET.get("decision") or ""
    open_decisions = decisions.NEXT.get(ApplicationStatus(application.status), set())
    if chosen not in {d.value for d in decisions.DECISIONS} or (
        chosen not in open_decisions and request.method == "GET"
    ):
        chosen = ""
    initial = {
        "decision": chosen,
        "message": decisions.default_message(application, chosen) if chosen else "",
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        result = _try(
            form,
            lambda: decisions.do_decide_application(
                application,
                acting_user=request.user,
                decision=form.cleaned_data["decision"],
                message=form.cleaned_data["message"],
            ),
        )
        if result is not None:
            messages.success(request, _decided_text(result))
            if result.invitation_pending:
                messages.warning(
                    request,
                    _("She gave no email address: send her the sign-in invitation once you know one."),
                )
            return redirect(_application_url(tenant, call, application))
    number = review.numbers_of(call).get(application.pk, 0)
    return render(
        request,
        "leaders/review/decide.html",
        _context(
            tenant,
            call,
            access,
            application=application,
            label=review.applicant_label(application, number, review.identity_visible(call, application)),
            form=form,
            chosen=chosen,
            chosen_verb=DECISION_VERBS[ApplicationStatus(chosen)] if chosen else "",
            choices=[(d.value, DECISION_VERBS[d]) for d in decisions.DECISIONS if d in open_decisions],
            application_url=_application_url(tenant, call, application),
            language_name=decisions.get_language_info(decisions.applicant_language(application))[
                "name_translated"
            ],
        ),
    )


def _decided_text(result: decisions.Decided) -> str:
    status = result.application.status
    if status == ApplicationStatus.ACCEPTED:
        if result.invitation is not None:
            return _(
                "Accepted. Her partner and leader records are made and the sign-in invitation is on its way."
            )
        return _("Accepted. Her partner and leader records are made.")
    if status == ApplicationStatus.WAITLISTED:
        return _("Put on the wait list. The message is on its way.")
    return _("Declined. The message is on its way.")


@require_POST
@org_view
def application_withdraw(
    request: SignedInRequest, tenant: Tenant, pk: int, application_pk: int
) -> HttpResponse:
    call, _access, application = _decider(tenant, pk, application_pk)
    try:
        decisions.do_record_withdrawal(application, acting_user=request.user)
        messages.success(request, _("Recorded as withdrawn."))
    except WriteError as error:
        messages.error(request, error.text)
    return redirect(_application_url(tenant, call, application))


@org_view
def application_invite(
    request: SignedInRequest, tenant: Tenant, pk: int, application_pk: int
) -> HttpResponse:
    """Send the sign-in invitation to an accepted applicant who gave no email, once one is known."""
    call, access, application = _decider(tenant, pk, application_pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _try(
            form,
            lambda: decisions.do_send_leader_invitation(
                application, acting_user=request.user, email=form.cleaned_data["email"]
            ),
        )
        if done is not None:
            messages.success(request, _("The sign-in invitation is on its way."))
            return redirect(_application_url(tenant, call, application))
    return render(
        request,
        "leaders/review/invite.html",
        _context(
            tenant,
            call,
            access,
            application=application,
            form=form,
            application_url=_application_url(tenant, call, application),
        ),
    )
