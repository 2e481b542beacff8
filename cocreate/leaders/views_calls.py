"""Pages for calls for community leaders.

Staff pages: the organization's application questions ("leaders.settings"); a community's calls and
one call ("leaders.view"); making, editing, opening and closing a call ("call.manage").

Public pages (no account): an open call's page with its application form, the organization's open
calls, the thank-you page, and the applicant's private page (status, withdraw). Their language follows
`?lang=`, else the browser; the page offers a switch.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core import translations
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import show_on_form
from cocreate.core.models import Community, Organization
from cocreate.core.views import org_view
from cocreate.partners.models import Weekday

from . import calls, public, questions
from .forms_calls import ApplicationForm, CallForm, QuestionEditForm, QuestionForm, call_initial
from .models import (
    MEETING_TIMES,
    AccessNeed,
    Application,
    ApplicationQuestion,
    ApplicationStatus,
    Call,
    CallQuestion,
    CallStatus,
    HeardFrom,
)

# Staff: the organization's questions ---------------------------------------------------------------------


def _question(tenant: Tenant, pk: int) -> ApplicationQuestion:
    return get_object_or_404(ApplicationQuestion, organization=tenant.organization, pk=pk)


@org_view
def question_list(request: SignedInRequest, tenant: Tenant) -> HttpResponse:
    """The organization's application questions (the default set the first time), and one to add."""
    tenant.require("leaders.settings")
    org = tenant.organization
    if request.method != "POST":
        questions.ensure_default_questions(org)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questions.do_add_question(org, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Question added. New calls will ask it."))
            return redirect("leaders:questions", org.slug)
    return render(
        request,
        "leaders/calls/questions.html",
        {"tenant": tenant, "org": org, "questions": list(questions.questions_of(org)), "form": form},
    )


@org_view
def question_edit(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    tenant.require("leaders.settings")
    question = _question(tenant, pk)
    initial = {
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "active": question.active,
    }
    form = QuestionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            questions.do_edit_question(question, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("leaders:questions", tenant.organization.slug)
    return render(
        request,
        "leaders/calls/question_form.html",
        {"tenant": tenant, "org": tenant.organization, "question": question, "form": form},
    )


@require_POST
@org_view
def question_move(request: SignedInRequest, tenant: Tenant, pk: int) -> HttpResponse:
    tenant.require("leaders.settings")
    question = _question(tenant, pk)
    questions.do_move_question(question, acting_user=request.user, up=request.POST.get("direction") != "down")
    return redirect(reverse("leaders:questions", args=[tenant.organization.slug]) + f"#question-{pk}")


# Staff: calls ------------------------------------------------------------------------------------------


def _access_call(tenant: Tenant, community: Community, pk: int, action: str = "leaders.view") -> Call:
    """One of this community's calls (404 for another's); 403 without `action`."""
    call = get_object_or_404(
        calls.with_counts(
            Call.objects.filter(organization=tenant.organization, community=community)
        ).select_related("team"),
        pk=pk,
    )
    call.community = community
    call.organization = tenant.organization
    tenant.require(action, community)
    return call


def _context(tenant: Tenant, community: Community, **extra) -> dict:
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative,
        "community": community,
        "list_url": reverse("leaders:calls", args=[tenant.organization.slug, community.slug]),
        **extra,
    }


def _call_url(call: Call) -> str:
    return reverse("leaders:call", args=[call.organization.slug, call.community.slug, call.pk])


@org_view
def call_list(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The community's calls, latest closing first, with their applications counted by status."""
    community = access_community(tenant, slug, "leaders.view")
    rows = list(calls.calls_in(community))
    translations.with_translations(rows)
    for call in rows:
        call.counts = calls.status_counts(call)  # type: ignore[attr-defined]
    return render(
        request,
        "leaders/calls/list.html",
        _context(
            tenant,
            community,
            calls=rows,
            can_manage=tenant.can("call.manage", community),
            can_settings=tenant.can("leaders.settings"),
        ),
    )


@org_view
def call_create(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "call.manage")
    initial = {"languages": community.organization.languages, "reviewers": [request.user.pk]}
    form = CallForm(request.POST or None, community=community, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            call = calls.do_create_call(community, acting_user=request.user, details=form.details())
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Call saved as a draft. Open it when it is ready."))
            return redirect(_call_url(call))
    return render(
        request,
        "leaders/calls/call_form.html",
        _context(tenant, community, form=form, title=_("A new call for community leaders")),
    )


@org_view
def call_edit(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "leaders.view")
    call = _access_call(tenant, community, pk, "call.manage")
    if call.status == CallStatus.CLOSED:
        messages.error(request, _("This call is closed: it can no longer be changed."))
        return redirect(_call_url(call))
    form = CallForm(request.POST or None, community=community, initial=call_initial(call), version_of=call)
    if request.method == "POST" and form.is_valid():
        try:
            calls.do_edit_call(
                call,
                acting_user=request.user,
                details=form.details(),
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_call_url(call))
    return render(
        request,
        "leaders/calls/call_form.html",
        _context(tenant, community, form=form, call=call, title=_("Edit the call")),
    )


def _review_url(call: Call) -> str | None:
    """The review pages, which another part of the app provides (none: no link)."""
    try:
        return reverse("leaders:call_review", args=[call.organization.slug, call.pk])
    except NoReverseMatch:
        return None


@org_view
def call_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """A call for the staff: what it says, its public link to share, its applications counted."""
    community = access_community(tenant, slug, "leaders.view")
    call = _access_call(tenant, community, pk)
    return render(
        request,
        "leaders/calls/detail.html",
        _context(
            tenant,
            community,
            call=call,
            counts=calls.status_counts(call),
            languages=calls.languages_of(call),
            public_url=request.build_absolute_uri(reverse("leaders:join", args=[call.token])),
            questions=list(call.questions.all()),
            criteria=list(call.criteria.all()),
            reviewers=[row.user for row in call.reviewer_rows.select_related("user").order_by("user__name")],
            review_url=_review_url(call),
            can_manage=tenant.can("call.manage", community),
        ),
    )


def _state_change(request: SignedInRequest, tenant: Tenant, slug: str, pk: int, write, done: str):
    community = access_community(tenant, slug, "leaders.view")
    call = _access_call(tenant, community, pk, "call.manage")
    try:
        write(call, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(_call_url(call))


@require_POST
@org_view
def call_open(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    return _state_change(
        request, tenant, slug, pk, calls.do_open_call, _("The call is open: share its public link.")
    )


@require_POST
@org_view
def call_close(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    return _state_change(
        request,
        tenant,
        slug,
        pk,
        calls.do_close_call,
        _("The call is closed: it takes no more applications."),
    )


# Public pages -------------------------------------------------------------------------------------------


def _page_language(request: HttpRequest) -> str:
    """?lang= when it names one of our languages, else what the browser (or the cookie) asked for."""
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        translation.activate(wanted)
        request.LANGUAGE_CODE = wanted
    return translation.get_language() or settings.LANGUAGE_CODE


def _public(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    switch = [(code, name) for code, name in settings.LANGUAGES if code != language]
    return render(
        request, template, {**context, "language_switch": switch, "page_language": language}, status=status
    )


def _open_call(token: str) -> Call:
    return get_object_or_404(Call.objects.select_related("organization", "community"), token=token)


def join_call(request: HttpRequest, token: str) -> HttpResponse:
    """An open call's public page and its application form; a friendly page once it is closed."""
    language = _page_language(request)
    call = _open_call(token)
    with timezone.override(call.organization.time_zone):
        if not call.is_open:
            return _public(request, "leaders/public/closed.html", {"call": call}, status=200)
        call_questions = list(CallQuestion.objects.filter(call=call).order_by("position", "pk"))
        form = ApplicationForm(
            request.POST or None, call=call, questions=call_questions, page_language=language
        )
        if request.method == "POST" and form.is_valid():
            try:
                application = calls.do_submit_application(
                    call, data=form.data_for_write(), address=public.client_address(request)
                )
            except ValidationError as error:
                show_on_form(form, error)
            else:
                url = reverse("leaders:application_thanks", args=[application.token])
                return redirect(f"{url}?lang={application.language}")
        return _public(
            request,
            "leaders/public/join.html",
            {"call": call, "form": form, "languages": calls.languages_of(call)},
        )


def join_organization(request: HttpRequest, org: str) -> HttpResponse:
    """The organization's open calls, for anyone."""
    _page_language(request)
    organization = get_object_or_404(Organization, slug=org, archived_at__isnull=True)
    with timezone.override(organization.time_zone):
        rows = list(calls.open_calls_of(organization))
        translations.with_translations(rows)
        return _public(
            request, "leaders/public/organization.html", {"organization": organization, "calls": rows}
        )


def _application(token: str) -> Application:
    return get_object_or_404(
        Application.objects.select_related("call", "organization"), token=token, anonymised_at__isnull=True
    )


def _choice_labels(values, choices) -> list[str]:
    labels = dict(choices)
    return [str(labels[v]) for v in values if v in labels]


def application_thanks(request: HttpRequest, token: str) -> HttpResponse:
    _page_language(request)
    application = _application(token)
    return _public(
        request,
        "leaders/public/thanks.html",
        {
            "application": application,
            "call": application.call,
            "status_url": request.build_absolute_uri(reverse("leaders:application_status", args=[token])),
        },
    )


def application_status(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant's private page: where her application stands, what she sent, and withdrawing it."""
    _page_language(request)
    application = _application(token)
    with timezone.override(application.organization.time_zone):
        return _public(
            request,
            "leaders/public/application.html",
            {
                "application": application,
                "call": application.call,
                "answers": [
                    (q.text, application.answers.get(str(q.pk), ""))
                    for q in CallQuestion.objects.filter(call_id=application.call_id).order_by(
                        "position", "pk"
                    )
                ],
                "days": _choice_labels(application.available_days, Weekday.choices),
                "times": _choice_labels(application.meeting_times, MEETING_TIMES),
                "needs": _choice_labels(application.access_needs, AccessNeed.choices),
                "heard": _choice_labels([application.heard_from], HeardFrom.choices),
                "can_withdraw": application.status == ApplicationStatus.SUBMITTED,
            },
        )


@require_POST
def application_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    language = _page_language(request)
    application = _application(token)
    try:
        calls.do_withdraw_application(application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application is withdrawn. Thank you for letting us know."))
    url = reverse("leaders:application_status", args=[token])
    return redirect(f"{url}?lang={language}")
