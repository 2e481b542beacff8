"""Generated surveys for benchmarks. Steps for `cocreate.core.generate` (see its docstring).

One organization's survey, closed, that went to every community: `RESPONSES_PER_COMMUNITY` answers in
each (two in three in English, a kind of partner each), to a question of each kind; a tenth of the
responses wrote something. Bulk inserts: no history, as everywhere in generated data.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cocreate.core.generate import Build, Step, insert

from .models import Answer, Question, Response, Survey, SurveyStatus
from .testing import standard_questions

RESPONSES_PER_COMMUNITY = 20
KINDS = ["community", "community", "community", "agency", "research"]
WRITTEN = [
    "Evening meetings, please.",
    "Childcare would help.",
    "Everything in Spanish too.",
    "Start on time.",
]


def create_org_survey(build: Build) -> Iterator[int]:
    rng = build.rng
    survey = Survey.objects.create(
        organization=build.org,
        title="How are our meetings working for families?",
        title_es="¿Cómo les funcionan nuestras reuniones a las familias?",
        status=SurveyStatus.CLOSED,
        opened_at=build.now,
        closed_at=build.now,
        created_at=build.now,
    )
    questions = Question.objects.bulk_create(
        [
            Question(organization=build.org, survey=survey, position=i, **q)
            for i, q in enumerate(standard_questions())
        ]
    )
    build.extra["org_survey"] = survey
    yield 1 + len(questions)
    by_key = {q.key: q for q in questions}
    choice_keys = {key: [c["key"] for c in by_key[key].choices] for key in ("single", "multiple")}

    def responses():
        for community in build.communities:
            for _ in range(RESPONSES_PER_COMMUNITY):
                yield Response(
                    organization_id=build.org.pk,
                    community_id=community.pk,
                    survey_id=survey.pk,
                    language="es" if rng.random() < 0.33 else "en",
                    partner_type=rng.choice(KINDS),
                    submitted_on=build.now.date(),
                )

    for batch in insert(build, Response, responses()):
        answers = []
        for r in batch:
            common = {"organization_id": build.org.pk, "survey_id": survey.pk, "response_id": r.pk}
            answers.append(
                Answer(question=by_key["single"], choices=[rng.choice(choice_keys["single"])], **common)
            )
            answers.append(
                Answer(
                    question=by_key["multiple"],
                    choices=rng.sample(choice_keys["multiple"], rng.randint(1, 2)),
                    **common,
                )
            )
            answers.append(Answer(question=by_key["scale"], number=Decimal(rng.randint(1, 5)), **common))
            answers.append(Answer(question=by_key["number"], number=Decimal(rng.randint(0, 12)), **common))
            if rng.random() < 0.1:
                answers.append(Answer(question=by_key["text"], text=rng.choice(WRITTEN), **common))
        for saved in insert(build, Answer, answers):
            yield len(saved)
        yield len(batch)


STEPS = [
    Step(
        "an organization's survey",
        create_org_survey,
        lambda b: 1 + len(standard_questions()) + len(b.communities) * RESPONSES_PER_COMMUNITY * 5,
    ),
]
