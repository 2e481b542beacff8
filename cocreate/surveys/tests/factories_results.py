"""Surveys with answers for the results' tests (see cocreate/surveys/testing.py)."""

from __future__ import annotations

from cocreate.surveys.models import SurveyStatus
from cocreate.surveys.testing import YES_NO, add_responses, make_survey, standard_questions

__all__ = ["YES_NO", "add_responses", "make_survey", "standard_questions", "yes_no_survey", "cast_survey"]


def yes_no_survey(
    cast,
    answers=("yes", "yes", "yes", "no", "no", "unsure", "unsure"),
    *,
    status=SurveyStatus.CLOSED,
    languages=None,
    community=None,
    org_wide=False,
):
    """A closed survey of one question with the given answers (English unless `languages` says)."""
    survey = make_survey(
        cast.org,
        None if org_wide else (community or cast.community),
        title="Meetings",
        title_es="Reuniones",
        status=status,
        questions=[
            {
                "key": "q",
                "kind": "single",
                "text": "Do meetings suit you?",
                "text_es": "¿Le convienen las reuniones?",
                "choices": YES_NO,
            }
        ],
    )
    languages = languages or ["en"] * len(answers)
    add_responses(
        survey,
        [
            {"language": lang, "answers": {"q": a}, "community": community or cast.community}
            for a, lang in zip(answers, languages, strict=True)
        ],
    )
    return survey


def cast_survey(cast, *, org_wide=False, status=SurveyStatus.CLOSED):
    """The routes' survey: every kind of question, five answers, a theme."""
    from cocreate.surveys.models import Survey, Theme

    found = Survey.objects.filter(organization=cast.org, title="Routes", community__isnull=org_wide).first()
    if found:
        return found
    survey = make_survey(
        cast.org,
        None if org_wide else cast.community,
        title="Routes",
        status=status,
        questions=standard_questions(),
    )
    add_responses(
        survey,
        [
            {
                "answers": {
                    "single": "yes",
                    "multiple": ["food"],
                    "scale": 4,
                    "number": 2,
                    "text": f"More evening meetings {i}",
                }
            }
            for i in range(5)
        ],
    )
    Theme.objects.create(
        organization=cast.org, survey=survey, question=survey.questions.get(key="text"), name="Timing"
    )
    return survey
