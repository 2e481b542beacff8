"""The builder's pages: a community's and the organization's surveys, making and editing one, its
questions, its states, and sending it ("survey.design": staff and evaluators; "survey.send": staff).

A survey's own pages live under the organization (`o/<org>/surveys/<pk>/…`) whether it belongs to one
community or to the whole organization; a community's survey is 404 to those who cannot see the
community, and an organization's survey needs an organization-wide role.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import show_on_form
from cocreate.core.views import org_view

from . import builder, sending
from .answering import DESCRIBE_CHOICES, AnswerForm
from .forms_build import PartnerFilter, QuestionForm, SurveyForm
from .models import Invitation, Question, Survey, SurveyStatus

PARTNERS_PER_PAGE = 25


def with_counts(qs):
    return qs.annotate(
        n_responses=Count("responses", filter=Q(responses__pretest=False), distinct=True),
        n_pretest=Count("responses", filter=Q(responses__pretest=True), distinct=True),
    )


def access_survey(tenant: Tenant, pk: int, action: str = "survey.design") -> Survey:
    """One of the organization's surveys this person may see (404 otherwise), 403 without `action`."""
    survey = get_object_or_404(
        with_counts(Survey.objects.filter(organization=tenant.organization)).select_related("community"),
        pk=pk,
    )
    survey.organization = tenant.organization
    if survey.community is not None:
        tenant._check_visible(survey.community)
        survey.community.organization = tenant.organization
    tenant.require(action, survey.community)
    return survey


def survey_url(survey: Survey) -> str:
    return reverse("surveys:detail", args=[survey.organization.slug, survey.pk])


def _ctx(tenant: Tenant, **extra) -> dict:
    return {"tenant": tenant, "org": tenant.organization, **extra}


@org_view
def survey_list(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """A community's surveys, newest first, with their answers counted."""
    community = access_community(tenant, slug, "survey.design")
    builder.close_due_surveys(tenant.organization)
    surveys = list(with_counts(Survey.objects.filter(organization=tenant.organization, community=community)))
    return render(
        request,
        "surveys/build/list.html",
        _ctx(tenant, community=community, initiative=community.initiative, surveys=surveys),
    )


@org_view
def org_survey_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The organization's surveys across its communities (those this person may design)."""
    if not tenant.can_anywhere("survey.design"):
        raise PermissionDenied
    builder.close_due_surveys(tenant.organization)
    qs = Survey.objects.filter(organization=tenant.organization).select_related("community")
    if not tenant.can("survey.design"):
        ids = [pk for pk in tenant.community_roles if tenant.can("survey.design", pk)]
        qs = qs.filter(community_id__in=ids)
    page = Paginator(with_counts(qs).order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "surveys/build/org_list.html", _ctx(tenant, page=page, surveys=list(page)))


def _community_choices(tenant: Tenant) -> list[tuple[str, str]]:
    return [
        (c.slug, c.name)
        for c in tenant.communities().filter(archived_at__isnull=True).order_by("name")
        if tenant.can("survey.design", c.pk)
    ]


@org_view
def survey_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    if not tenant.can_anywhere("survey.design"):
        raise PermissionDenied
    choices = _community_choices(tenant)
    whole_org = tenant.can("survey.design")
    community = None
    if request.method == "POST":  # the place first: 404 for a community she cannot see, 403 without the role
        slug = request.POST.get("community", "")
        if slug:
            community = access_community(tenant, slug, "survey.design")
        elif not whole_org:
            raise PermissionDenied
    initial = {"community": request.GET.get("community", ""), "anonymous": True}
    form = SurveyForm(request.POST or None, communities=choices, initial=initial)
    if not whole_org:
        form.fields["community"].choices = choices  # type: ignore[attr-defined]
        form.fields["community"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            survey = builder.do_create_survey(
                tenant.organization, acting_user=request.user, community=community, **form.values()
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Survey saved as a draft. Add its questions."))
            return redirect(survey_url(survey))
    return render(request, "surveys/build/form.html", _ctx(tenant, form=form, title=_("A new survey")))


@org_view
def survey_edit(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    survey = access_survey(tenant, pk)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            builder.do_update_survey(
                survey, acting_user=request.user, version=form.cleaned_data.get("version"), **form.values()
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(survey_url(survey))
    return render(
        request, "surveys/build/form.html", _ctx(tenant, form=form, survey=survey, title=_("Edit the survey"))
    )


@org_view
def survey_detail(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """The survey as a respondent sees it, English and Spanish side by side, with its state and links."""
    survey = access_survey(tenant, pk)
    builder.close_if_due(survey)
    questions = list(Question.objects.filter(survey=survey).order_by("position", "pk"))
    fixed = survey.status == SurveyStatus.CLOSED or survey.n_responses > 0  # type: ignore[attr-defined]
    previews = {
        lang: AnswerForm(
            survey=survey, questions=questions, language=lang, ask_type=False, auto_id=f"{lang}_%s"
        )
        for lang in ("en", "es")
    }
    pairs = [(q, previews["en"][f"q_{q.pk}"], previews["es"][f"q_{q.pk}"]) for q in questions]
    missing = builder.missing_spanish(survey, questions) if builder.wants_spanish(tenant.organization) else []
    invitations = Invitation.objects.filter(survey=survey).aggregate(
        sent=Count("pk"), answered=Count("pk", filter=Q(answered=True))
    )
    return render(
        request,
        "surveys/build/detail.html",
        _ctx(
            tenant,
            survey=survey,
            community=survey.community,
            pairs=pairs,
            fixed=fixed,
            missing_spanish=missing,
            invitations=invitations,
            public_url=request.build_absolute_uri(reverse("surveys:answer", args=[survey.token])),
            can_send=tenant.can("survey.send", survey.community),
            describe=DESCRIBE_CHOICES,
            results_shared=survey.status == SurveyStatus.CLOSED and builder.results_shared(survey),
        ),
    )


# Questions -------------------------------------------------------------------------------------------


def _question(survey: Survey, pk: int) -> Question:
    question = get_object_or_404(Question, survey=survey, pk=pk)
    question.survey = survey
    return question


def _question_page(request, tenant: Tenant, survey: Survey, question: Question | None) -> HttpResponse:
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                saved = builder.do_add_question(survey, acting_user=request.user, details=form.details())
            else:
                saved = builder.do_edit_question(question, acting_user=request.user, details=form.details())
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect(survey_url(survey) + f"#question-{saved.pk}")
    title = _("Add a question") if question is None else _("Edit the question")
    return render(
        request,
        "surveys/build/question_form.html",
        _ctx(tenant, form=form, survey=survey, question=question, title=title),
    )


@org_view
def question_add(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    return _question_page(request, tenant, access_survey(tenant, pk), None)


@org_view
def question_edit(request: HttpRequest, tenant: Tenant, pk: int, question: int) -> HttpResponse:
    survey = access_survey(tenant, pk)
    return _question_page(request, tenant, survey, _question(survey, question))


def _refusal(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@require_POST
@org_view
def question_delete(request: HttpRequest, tenant: Tenant, pk: int, question: int) -> HttpResponse:
    survey = access_survey(tenant, pk)
    try:
        builder.do_delete_question(_question(survey, question), acting_user=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Question deleted."))
    return redirect(survey_url(survey))


@require_POST
@org_view
def question_move(request: HttpRequest, tenant: Tenant, pk: int, question: int) -> HttpResponse:
    survey = access_survey(tenant, pk)
    try:
        builder.do_move_question(
            _question(survey, question), acting_user=request.user, up=request.POST.get("direction") != "down"
        )
    except ValidationError as error:
        _refusal(request, error)
    return redirect(survey_url(survey) + f"#question-{question}")


# States --------------------------------------------------------------------------------------------------

STATES: dict[str, tuple[Callable[..., Survey], str]] = {
    # name: (write, permission, message when done)
    "pretest": (builder.do_start_pretest, "survey.design"),
    "draft": (builder.do_back_to_draft, "survey.design"),
    "open": (builder.do_open_survey, "survey.send"),
    "close": (builder.do_close_survey, "survey.send"),
    "reopen": (builder.do_reopen_survey, "survey.send"),
}


def _done(change: str) -> str:
    return {
        "pretest": _(
            "The pre-test has started: try the link yourselves. Those answers are marked and left out."
        ),
        "draft": _("The survey is a draft again: change what the pre-test showed."),
        "open": _("The survey is open: send it to partners or share its link."),
        "close": _("The survey is closed: it takes no more answers."),
        "reopen": _("The survey is open again."),
    }[change]


@require_POST
@org_view
def survey_state(request: HttpRequest, tenant: Tenant, pk: int, change: str) -> HttpResponse:
    if change not in STATES:
        raise Http404
    write, permission = STATES[change]
    survey = access_survey(tenant, pk, permission)
    try:
        write(survey, acting_user=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _done(change))
    return redirect(survey_url(survey))


@require_POST
@org_view
def pretest_delete(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    survey = access_survey(tenant, pk)
    count = builder.do_delete_pretest_answers(survey, acting_user=request.user)
    messages.success(request, _("%(n)s pre-test answer(s) deleted.") % {"n": count})
    return redirect(survey_url(survey))


# Sending -------------------------------------------------------------------------------------------------


@org_view
def survey_send(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """Choose partners a page at a time (filter, search), then send to those ticked or to every one
    the filter finds."""
    survey = access_survey(tenant, pk, "survey.send")
    builder.close_if_due(survey)
    communities = None if survey.community_id else tenant.communities()
    filters = PartnerFilter(request.GET or None)
    filters.is_valid()
    chosen = getattr(filters, "cleaned_data", {}) or {}
    qs = sending.filter_partners(
        sending.partners_for(survey, communities),
        partner_type=chosen.get("partner_type", ""),
        lived_experience=chosen.get("lived_experience", ""),
        q=chosen.get("q", ""),
    )
    if request.method == "POST":
        if request.POST.get("all") == "1":
            partners = list(qs.select_related("user")[: sending.MAX_SEND + 1])
        else:
            ids = [int(v) for v in request.POST.getlist("partners") if v.isdigit()]
            partners = list(qs.filter(pk__in=ids).select_related("user"))
        try:
            sent = sending.do_send_to_partners(survey, acting_user=request.user, partners=partners)
        except ValidationError as error:
            _refusal(request, error)
        else:
            messages.success(
                request,
                _("Sent to %(n)s partner(s); %(already)s had it already.")
                % {"n": sent.invited, "already": sent.already},
            )
            return redirect(reverse("surveys:send", args=[tenant.organization.slug, survey.pk]))
    page = Paginator(
        qs.select_related("community")
        .order_by("name", "pk")
        .only("pk", "name", "partner_type", "lived_experience", "email", "user_id", "community__name"),
        PARTNERS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    rows = list(page)
    invited = set(
        Invitation.objects.filter(survey=survey, partner__in=[p.pk for p in rows]).values_list(
            "partner_id", flat=True
        )
    )
    by_hand = list(sending.share_by_hand(survey)[:200])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "surveys/build/send.html",
        _ctx(
            tenant,
            survey=survey,
            community=survey.community,
            filters=filters,
            page=page,
            rows=rows,
            invited=invited,
            matching=page.paginator.count,
            by_hand=by_hand,
            query=query.urlencode(),
            public_url=request.build_absolute_uri(reverse("surveys:answer", args=[survey.token])),
        ),
    )


@org_view
def survey_notice(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    """A printable notice with the link (both languages), to pin up or hand out."""
    survey = access_survey(tenant, pk, "survey.send")
    return render(
        request,
        "surveys/build/notice.html",
        _ctx(
            tenant,
            survey=survey,
            public_url=request.build_absolute_uri(reverse("surveys:answer", args=[survey.token])),
        ),
    )
