"""Surveys for the builder's and the answering tests."""

from __future__ import annotations

from cocreate.surveys import builder
from cocreate.surveys.builder import QuestionDetails
from cocreate.surveys.models import Question, Survey, SurveyStatus


def add_questions(survey: Survey, *, spanish: bool = True) -> list[Question]:
    es = (lambda text: text) if spanish else (lambda text: "")
    return [
        builder.do_add_question(
            survey,
            acting_user=None,
            details=QuestionDetails(
                kind="single",
                text="How easy is it to get to the program?",
                text_es=es("¿Qué tan fácil es llegar al programa?"),
                required=True,
                choices=[
                    {"en": "Easy", "es": es("Fácil")},
                    {"en": "Hard", "es": es("Difícil")},
                ],
            ),
        ),
        builder.do_add_question(
            survey,
            acting_user=None,
            details=QuestionDetails(
                kind="scale",
                text="How welcome do you feel?",
                text_es=es("¿Qué tan bienvenida se siente?"),
                scale_min=1,
                scale_max=5,
                low_label="Not at all",
                low_label_es=es("Nada"),
                high_label="Very",
                high_label_es=es("Mucho"),
            ),
        ),
        builder.do_add_question(
            survey,
            acting_user=None,
            details=QuestionDetails(
                kind="text", text="What would help?", text_es=es("¿Qué le ayudaría?"), required=True
            ),
        ),
    ]


def make_survey(
    cast, *, status: str = SurveyStatus.DRAFT, anonymous: bool = True, community=True, **kw
) -> Survey:
    survey = builder.do_create_survey(
        cast.org,
        acting_user=cast.lead,
        community=cast.community if community else None,
        title=kw.pop("title", "How are we doing?"),
        title_es=kw.pop("title_es", "¿Cómo lo estamos haciendo?"),
        intro="A few questions about the program.",
        intro_es="Unas preguntas sobre el programa.",
        anonymous=anonymous,
        **kw,
    )
    add_questions(survey)
    if status in (SurveyStatus.PRETEST,):
        builder.do_start_pretest(survey, acting_user=None)
    if status in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
        builder.do_open_survey(survey, acting_user=None)
    if status == SurveyStatus.CLOSED:
        builder.do_close_survey(survey, acting_user=None)
    survey.refresh_from_db()
    return survey


def riverside_survey(cast) -> Survey:
    """A draft survey of Riverside (the same one however often it is asked for)."""
    found = Survey.objects.filter(community=cast.community, title="How are we doing?").first()
    return found or make_survey(cast)


def open_survey(cast) -> Survey:
    found = Survey.objects.filter(community=cast.community, title="Open survey").first()
    return found or make_survey(cast, status=SurveyStatus.OPEN, title="Open survey")


def answers_for(survey: Survey, *, text: str = "Evening visits") -> dict:
    """What a browser sends for a complete answer."""
    q = list(survey.questions.order_by("position"))
    return {f"q_{q[0].pk}": q[0].choices[0]["key"], f"q_{q[1].pk}": "4", f"q_{q[2].pk}": text}
