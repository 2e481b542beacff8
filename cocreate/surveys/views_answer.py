"""Answering a survey without an account: `/s/<token>/` (anonymous, and the pre-test of any survey),
`/s/i/<token>/` (a personal link, answered once), and the thank-you page.

The page's language follows `?lang=`, else the browser; a switch at the top changes it. Nothing here
logs the token or the address; a response to an anonymous survey keeps only the date.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.core.errors import show_on_form
from cocreate.core.models import Community

from . import builder
from .answering import AnswerForm, do_submit_response, in_language, known_partner_type, throttle
from .models import Invitation, Question, Survey, SurveyStatus


def page_language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        translation.activate(wanted)
        request.LANGUAGE_CODE = wanted
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language.split("-")[0]


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    language = page_language(request)
    survey = context.get("survey")
    switch = [(code, name) for code, name in settings.LANGUAGES if code != language]
    extra = {"language_switch": switch, "page_language": language}
    if survey is not None:
        extra["title"] = in_language(survey, "title", language)
        extra["intro"] = in_language(survey, "intro", language)
    response = render(request, template, {**context, **extra}, status=status)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # the link is the key: never pass it to another site
    return response


def _survey(token: str) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("organization", "community"), token=token)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404
    return survey


def _communities(survey: Survey) -> list[Community] | None:
    if survey.community_id is not None:
        return None
    return list(
        Community.objects.filter(organization_id=survey.organization_id, archived_at__isnull=True)
        .order_by("name")
        .only("pk", "name")
    )


def _answer(request: HttpRequest, survey: Survey, invitation: Invitation | None) -> HttpResponse:
    language = page_language(request)
    with timezone.override(survey.organization.time_zone):
        builder.close_if_due(survey)
        if survey.status == SurveyStatus.CLOSED:
            return _page(request, "surveys/answer/closed.html", {"survey": survey})
        known = known_partner_type(survey, request.user, invitation)
        questions = list(Question.objects.filter(survey=survey).order_by("position", "pk"))
        communities = _communities(survey)
        form = AnswerForm(
            request.POST or None,
            survey=survey,
            questions=questions,
            language=language,
            ask_type=not known,
            communities=communities,
        )
        if request.method == "POST":
            if form.is_robot:  # a robot filled the hidden field: thank it and keep nothing
                return redirect(_thanks_url(survey, language))
            if throttle().exceeded(request):
                form.add_error(
                    None,
                    _(
                        "Many answers came from this connection in the last hour, so we paused it. "
                        "Nothing was saved: please try again later."
                    ),
                )
            elif form.is_valid():
                try:
                    do_submit_response(
                        survey,
                        answers=form.answers(),
                        language=language,
                        partner_type=known or form.cleaned_data.get("describe", ""),
                        community=form.cleaned_data.get("community"),
                        invitation=invitation,
                    )
                except ValidationError as error:
                    show_on_form(form, error)
                else:
                    throttle().record(request)
                    return redirect(_thanks_url(survey, language))
        return _page(
            request,
            "surveys/answer/form.html",
            {
                "survey": survey,
                "form": form,
                "communities": communities or [],
                "pretest": survey.status == SurveyStatus.PRETEST,
            },
        )


def _thanks_url(survey: Survey, language: str) -> str:
    return reverse("surveys:answer_thanks", args=[survey.token]) + f"?lang={language}"


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The survey's one link: anonymous surveys while open, any survey during its pre-test."""
    survey = _survey(token)
    if not survey.anonymous and survey.status != SurveyStatus.PRETEST:
        return _page(request, "surveys/answer/closed.html", {"survey": survey, "personal_only": True})
    return _answer(request, survey, None)


def answer_personal(request: HttpRequest, token: str) -> HttpResponse:
    """One person's link to a personal survey: answered once."""
    invitation = get_object_or_404(Invitation.objects.select_related("survey"), token=token)
    survey = _survey(invitation.survey.token)
    if survey.anonymous:  # the link was sent for an anonymous survey: its one link it is
        return redirect(reverse("surveys:answer", args=[survey.token]))
    if invitation.answered:
        return _page(request, "surveys/answer/already.html", {"survey": survey})
    return _answer(request, survey, invitation)


def answer_thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey = _survey(token)
    return _page(
        request,
        "surveys/answer/thanks.html",
        {"survey": survey, "pretest": survey.status == SurveyStatus.PRETEST},
    )
