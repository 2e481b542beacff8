"""Surveys with answers made straight through the models, for the results' tests, the demo, the
generator and the benchmark (the collecting part's pages write answers for real people).

`make_survey` builds a survey and its questions; `add_responses` stores many responses and their answers
in a few `bulk_create`s (a response is a dict: `community`, `language`, `partner_type`, `pretest` and
`answers`: question key -> a choice key, a list of keys, a number or a text).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cocreate.core.models import Community, Organization

from .models import Answer, Question, QuestionKind, Response, Survey, SurveyStatus


def choices(*pairs: tuple[str, str, str]) -> list[dict]:
    return [{"key": k, "en": en, "es": es} for k, en, es in pairs]


YES_NO = choices(("yes", "Yes", "Sí"), ("no", "No", "No"), ("unsure", "Not sure", "No estoy segura"))


def make_survey(
    organization: Organization,
    community: Community | None,
    *,
    title: str = "How are we doing?",
    title_es: str = "",
    status: str = SurveyStatus.CLOSED,
    questions: Sequence[dict] = (),
) -> Survey:
    """A survey with its questions: each a dict of Question fields (`key` included, for the answers)."""
    now = timezone.now()
    survey = Survey.objects.create(
        organization=organization,
        community=community,
        title=title,
        title_es=title_es,
        status=status,
        opened_at=now,
        closed_at=now if status == SurveyStatus.CLOSED else None,
    )
    Question.objects.bulk_create(
        [
            Question(organization=organization, survey=survey, position=i, **fields)
            for i, fields in enumerate(questions)
        ]
    )
    return survey


def standard_questions() -> list[dict]:
    """One of each kind: the keys say which."""
    return [
        {
            "key": "single",
            "kind": QuestionKind.SINGLE,
            "text": "Do meetings suit you?",
            "text_es": "¿Le convienen las reuniones?",
            "choices": YES_NO,
        },
        {
            "key": "multiple",
            "kind": QuestionKind.MULTIPLE,
            "text": "What helps you come?",
            "text_es": "¿Qué le ayuda a venir?",
            "choices": choices(
                ("childcare", "Childcare", "Cuidado de niños"),
                ("evening", "Evening times", "Horario de tarde"),
                ("food", "A meal", "Una comida"),
            ),
        },
        {
            "key": "scale",
            "kind": QuestionKind.SCALE,
            "text": "How welcome do you feel?",
            "text_es": "¿Qué tan bienvenida se siente?",
            "scale_min": 1,
            "scale_max": 5,
        },
        {
            "key": "number",
            "kind": QuestionKind.NUMBER,
            "text": "How many meetings did you attend?",
            "text_es": "¿A cuántas reuniones asistió?",
        },
        {
            "key": "text",
            "kind": QuestionKind.TEXT,
            "text": "What should we change?",
            "text_es": "¿Qué deberíamos cambiar?",
        },
    ]


def add_responses(survey: Survey, responses: Iterable[dict[str, Any]], *, batch: int = 2000) -> int:
    """Store responses and their answers (two bulk inserts per batch); returns how many."""
    questions = {q.key: q for q in survey.questions.all()}
    today = timezone.localdate()
    pending: list[tuple[Response, dict]] = []
    n = 0

    def flush() -> None:
        made = Response.objects.bulk_create([r for r, _a in pending])
        answers = []
        for response, given in zip(made, [a for _r, a in pending], strict=True):
            for key, value in given.items():
                q = questions[key]
                answer = Answer(
                    organization_id=survey.organization_id, survey=survey, response=response, question=q
                )
                if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                    answer.choices = [value] if isinstance(value, str) else list(value)
                elif q.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
                    answer.number = Decimal(value)
                else:
                    answer.text = value
                answers.append(answer)
        Answer.objects.bulk_create(answers, batch_size=5000)
        pending.clear()

    for spec in responses:
        community = spec.get("community", survey.community)
        pending.append(
            (
                Response(
                    organization_id=survey.organization_id,
                    community=community,
                    survey=survey,
                    language=spec.get("language", "en"),
                    partner_type=spec.get("partner_type", ""),
                    pretest=spec.get("pretest", False),
                    submitted_on=today,
                ),
                spec.get("answers", {}),
            )
        )
        n += 1
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return n
