"""Survey results pages: the results everyone in the community sees, the themes of written answers
(staff, evaluators), a "you said, we did" item from a theme or an answer (staff), and the files.

Each page exists for a community's survey (`o/<org>/c/<community>/surveys/<pk>/results/…`) and for an
organization's survey (`o/<org>/surveys/<pk>/results/…`); the views take `slug=None` for the latter.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import WriteError, show_on_form

from . import exports, feedback, results, themes
from .forms_results import AssignForm, SurveyFeedbackForm, ThemeForm
from .models import Question, QuestionKind, Survey, Theme

PER_PAGE = 50
# A breakdown with more groups than this (an organization's survey across hundreds of communities) is
# not drawn on the page, which stays quick however many communities answered: the files have it whole.
GROUPS_ON_PAGE = 25


def access_survey(tenant: Tenant, slug: str | None, pk: int, action: str = "survey.view") -> Survey:
    """A survey of this community (or of the organization, without `slug`): the same 404 for missing
    and another's; 403 for a member who may see it but not do `action`. An organization's survey is
    seen by every member; the other actions need an organization-wide role."""
    org = tenant.organization
    if slug is not None:
        community = access_community(tenant, slug, "survey.view")
        survey = Survey.objects.filter(organization=org, community=community, pk=pk).first()
        if survey is None:
            raise Http404
        survey.community = community
        tenant.require(action, community)
    else:
        survey = Survey.objects.filter(organization=org, community__isnull=True, pk=pk).first()
        if survey is None:
            raise Http404
        if not tenant.can_anywhere("survey.view"):
            raise Http404
        if action != "survey.view":
            tenant.require(action)  # an organization-wide role: the survey spans communities
    survey.organization = org
    return survey


def results_url(survey: Survey, name: str = "results", *args) -> str:
    org = survey.organization.slug
    if survey.community is not None:
        return reverse(f"surveys:{name}", args=[org, survey.community.slug, survey.pk, *args])
    return reverse(f"surveys:{name}", args=[org, survey.pk, *args])


def _can(tenant: Tenant, survey: Survey, action: str) -> bool:
    return tenant.can(action, survey.community) if survey.community_id else tenant.can(action)


def _context(tenant: Tenant, survey: Survey, **extra) -> dict:
    spanish = results.spanish()
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "community": survey.community,
        "survey": survey,
        "survey_title": survey.title_es if spanish and survey.title_es else survey.title,
        "results_url": results_url(survey),
        # The survey's own page (the builder's), for those who may design it.
        "survey_url": reverse("surveys:detail", args=[tenant.organization.slug, survey.pk])
        if _can(tenant, survey, "survey.design")
        else "",
        **extra,
    }


def _question(survey: Survey, pk: int) -> Question:
    question = Question.objects.filter(survey=survey, pk=pk, kind=QuestionKind.TEXT).first()
    if question is None:
        raise Http404
    return question


def _theme(survey: Survey, pk: int) -> Theme:
    theme = Theme.objects.filter(survey=survey, pk=pk).select_related("question").first()
    if theme is None:
        raise Http404
    return theme


def survey_results(request: HttpRequest, tenant: Tenant, pk: int, slug: str | None = None) -> HttpResponse:
    """Per question: how many answered, the counts and percentages, the spread, mean and median, the
    breakdowns, the themes and what was done about them — under the small-group rule."""
    survey = access_survey(tenant, slug, pk)
    found = results.results_for(survey)
    org_slug = tenant.organization.slug
    for q in found.questions:
        for b in q.breakdowns:
            b.too_many = len(b.groups) if len(b.groups) > GROUPS_ON_PAGE else 0  # type: ignore[attr-defined]
        q.themes_url = results_url(survey, "themes", q.question.pk) if q.kind == QuestionKind.TEXT else ""
        for t in q.themes:
            t.make_url = results_url(survey, "feedback_theme", t.theme.pk)
            if t.feedback is not None:
                t.item_url = reverse(
                    "planning:feedback_item", args=[org_slug, t.feedback.community.slug, t.feedback.pk]
                )
    return render(
        request,
        "surveys/results/results.html",
        _context(
            tenant,
            survey,
            found=found,
            can_analyse=_can(tenant, survey, "survey.analyse"),
            can_export=_can(tenant, survey, "survey.export"),
            can_feedback=_can(tenant, survey, "survey.feedback"),
            min_group=results.disclosure.MIN_GROUP,
        ),
    )


def question_themes(
    request: SignedInRequest, tenant: Tenant, pk: int, question: int, slug: str | None = None
) -> HttpResponse:
    """A question's written answers, a page at a time, sorted by their words, with the themes: create
    one, tick answers and add them to a theme (or take them off), or see one theme's answers."""
    survey = access_survey(tenant, slug, pk, "survey.analyse")
    q = _question(survey, question)
    theme_list = list(Theme.objects.filter(survey=survey, question=q).order_by("name", "pk"))
    counts = results.theme_counts(survey, q) if theme_list else {}
    shown = results.written_shown(survey, q)
    only = next((t for t in theme_list if str(t.pk) == request.GET.get("theme")), None)
    answers = results.texts_of(survey, q, theme=only) if shown else results.no_answers()
    page = Paginator(answers, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list.prefetch_related("themes"))  # type: ignore[attr-defined]  # a page of a QuerySet
    assign = AssignForm(
        request.POST or None,
        themes=Theme.objects.filter(survey=survey, question=q),
        answers=results.texts_of(survey, q) if shown else results.no_answers(),
    )
    new_theme = ThemeForm(prefix="new")
    if request.method == "POST" and assign.is_valid():
        theme = assign.cleaned_data["theme"]
        chosen = list(assign.cleaned_data["answers"])
        try:
            if assign.cleaned_data["remove"]:
                themes.do_assign_theme(theme, acting_user=request.user, remove=chosen)
            else:
                themes.do_assign_theme(theme, acting_user=request.user, add=chosen)
        except WriteError as error:
            show_on_form(assign, error)
        else:
            messages.success(request, _("Themes saved."))
            return redirect(request.get_full_path())
    return render(
        request,
        "surveys/results/themes.html",
        _context(
            tenant,
            survey,
            question=q,
            question_text=results.question_text(q),
            themes=[(t, counts.get(t.pk)) for t in theme_list],
            only=only,
            shown=shown,
            page=page,
            rows=rows,
            assign=assign,
            new_theme=new_theme,
            themes_url=results_url(survey, "themes", q.pk),
            can_feedback=_can(tenant, survey, "survey.feedback"),
        ),
    )


def theme_create(
    request: SignedInRequest, tenant: Tenant, pk: int, question: int, slug: str | None = None
) -> HttpResponse:
    survey = access_survey(tenant, slug, pk, "survey.analyse")
    q = _question(survey, question)
    form = ThemeForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}  # a new theme has none
            themes.do_create_theme(survey, acting_user=request.user, question=q, **fields)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Theme added."))
            return redirect(results_url(survey, "themes", q.pk))
    return render(
        request,
        "surveys/results/theme_form.html",
        _context(tenant, survey, form=form, title=_("New theme"), back=results_url(survey, "themes", q.pk)),
    )


def theme_edit(
    request: SignedInRequest, tenant: Tenant, pk: int, theme: int, slug: str | None = None
) -> HttpResponse:
    survey = access_survey(tenant, slug, pk, "survey.analyse")
    t = _theme(survey, theme)
    back = results_url(survey, "themes", t.question_id) if t.question_id else results_url(survey)
    form = ThemeForm(
        request.POST or None, initial={"name": t.name, "summary": t.summary, "version": t.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            themes.do_update_theme(t, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Theme saved."))
            return redirect(back)
    return render(
        request,
        "surveys/results/theme_form.html",
        _context(
            tenant,
            survey,
            form=form,
            theme=t,
            title=_("Change theme"),
            back=back,
            delete_url=results_url(survey, "theme_delete", t.pk),
        ),
    )


def theme_delete(
    request: SignedInRequest, tenant: Tenant, pk: int, theme: int, slug: str | None = None
) -> HttpResponse:
    survey = access_survey(tenant, slug, pk, "survey.analyse")
    t = _theme(survey, theme)
    back = results_url(survey, "themes", t.question_id) if t.question_id else results_url(survey)
    if request.method == "POST":
        themes.do_delete_theme(t, acting_user=request.user)
        messages.success(request, _("Theme deleted. Its answers stay."))
        return redirect(back)
    return render(request, "surveys/results/theme_delete.html", _context(tenant, survey, theme=t, back=back))


def _feedback_page(request, tenant, survey, *, theme=None, answer=None) -> HttpResponse:
    existing = feedback.existing_item(theme=theme, answer=answer)
    if existing is not None:
        messages.info(request, _("This already became a “you said, we did” item."))
        return redirect(
            reverse(
                "planning:feedback_item",
                args=[tenant.organization.slug, existing.community.slug, existing.pk],
            )
        )
    communities = None if survey.community_id else tenant.communities().filter(archived_at__isnull=True)
    form = SurveyFeedbackForm(
        request.POST or None,
        communities=communities,
        initial={"said": feedback.suggested_text(theme=theme, answer=answer)},
    )
    if request.method == "POST" and form.is_valid():
        community = form.cleaned_data.get("community") or survey.community
        if community is not None and not tenant.can("survey.feedback", community):
            form.add_error("community", _("Choose a community you answer for."))
        else:
            try:
                item, _made = feedback.do_feedback_from_survey(
                    survey,
                    acting_user=request.user,
                    said=form.cleaned_data["said"],
                    community=community,
                    theme=theme,
                    answer=answer,
                )
            except WriteError as error:
                show_on_form(form, error)
            else:
                messages.success(
                    request, _("Added to “you said, we did”. Say there what the team does about it.")
                )
                return redirect(
                    reverse(
                        "planning:feedback_item",
                        args=[tenant.organization.slug, item.community.slug, item.pk],
                    )
                )
    return render(
        request,
        "surveys/results/feedback_form.html",
        _context(tenant, survey, form=form, theme=theme, answer=answer),
    )


def feedback_from_theme(
    request: SignedInRequest, tenant: Tenant, pk: int, theme: int, slug: str | None = None
) -> HttpResponse:
    """One step from a theme to a "you said, we did" item (a second time: the item already made)."""
    survey = access_survey(tenant, slug, pk, "survey.feedback")
    return _feedback_page(request, tenant, survey, theme=_theme(survey, theme))


def feedback_from_answer(
    request: SignedInRequest, tenant: Tenant, pk: int, answer: int, slug: str | None = None
) -> HttpResponse:
    """One step from a written answer (quoted or said in other words) to a "you said, we did" item."""
    survey = access_survey(tenant, slug, pk, "survey.feedback")
    row = (
        results.counted_answers(survey).filter(pk=answer).exclude(text="").select_related("question").first()
    )
    if row is None or not results.written_shown(survey, row.question):
        raise Http404
    return _feedback_page(request, tenant, survey, answer=row)


def export_csv(request: HttpRequest, tenant: Tenant, pk: int, slug: str | None = None):
    survey = access_survey(tenant, slug, pk, "survey.export")
    return exports.csv_response(results.results_for(survey))


def export_xlsx(request: HttpRequest, tenant: Tenant, pk: int, slug: str | None = None):
    survey = access_survey(tenant, slug, pk, "survey.export")
    return exports.xlsx_response(results.results_for(survey))
