"""Riverside's demo surveys: a closed one about meetings with fourteen answers in English and Spanish
(results show; the breakdown by kind of partner is hidden for its group of two), two themes of what
people wrote, one of them a "you said, we did" item done and reported back; and an open one with a
few answers, whose page shows only how many answered. A community that has surveys is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community
from cocreate.planning.feedback import do_update_feedback
from cocreate.planning.models import FeedbackStatus

from . import themes
from .feedback import do_feedback_from_survey
from .models import Answer, Survey, SurveyStatus
from .testing import YES_NO, add_responses, choices, make_survey

MEETINGS: list[dict] = [
    {
        "key": "time",
        "kind": "single",
        "text": "Do our meeting times work for your family?",
        "text_es": "¿Le funcionan a su familia los horarios de las reuniones?",
        "choices": YES_NO,
    },
    {
        "key": "helps",
        "kind": "multiple",
        "text": "What would help you come more often?",
        "text_es": "¿Qué le ayudaría a venir más seguido?",
        "choices": choices(
            ("childcare", "Childcare at the meeting", "Cuidado de niños en la reunión"),
            ("evening", "Evening meetings", "Reuniones por la tarde"),
            ("spanish", "Everything in Spanish too", "Todo también en español"),
            ("ride", "A ride or bus fare", "Transporte o pasaje de autobús"),
        ),
    },
    {
        "key": "heard",
        "kind": "scale",
        "text": "How much do you feel heard at meetings?",
        "text_es": "¿Cuánto siente que la escuchan en las reuniones?",
        "low_label": "Not at all",
        "low_label_es": "Nada",
        "high_label": "Completely",
        "high_label_es": "Totalmente",
    },
    {
        "key": "change",
        "kind": "text",
        "text": "What is one thing we should change?",
        "text_es": "¿Qué es una cosa que deberíamos cambiar?",
    },
]
# (language, kind of partner, time, helps, heard, change)
ANSWERS = [
    ("en", "community", "no", ["evening", "childcare"], 3, "Meetings at 10am mean I miss work."),
    ("en", "community", "no", ["evening"], 2, "Please move meetings to after 5."),
    (
        "es",
        "community",
        "no",
        ["spanish", "childcare"],
        2,
        "Necesito las hojas en español antes de la reunión.",
    ),
    ("es", "community", "unsure", ["spanish"], 3, "Que alguien traduzca en vivo."),
    ("en", "agency", "yes", ["ride"], 4, "Start on time."),
    (
        "es",
        "community",
        "no",
        ["childcare", "evening"],
        3,
        "No tengo con quién dejar a mis hijos por la mañana.",
    ),
    ("en", "community", "yes", ["childcare"], 4, "Childcare would let me bring my toddler."),
    ("en", "agency", "yes", [], 5, "Shorter agendas."),
    ("es", "community", "unsure", ["spanish", "ride"], 3, "Todo en español, por favor."),
    ("en", "community", "no", ["evening"], 2, "Evenings are better for working parents."),
    ("en", "research", "yes", ["evening"], 4, ""),
    ("es", "community", "no", ["childcare"], 3, "Cuidado de niños en la sala de al lado."),
    ("en", "research", "unsure", ["ride"], 3, ""),
    ("en", "agency", "yes", [], 5, "Share the notes after."),
]


def seed_survey_results(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    if riverside is None or Survey.objects.filter(community=riverside).exists():
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    lead = people.get("lead")
    org = riverside.organization
    closed = make_survey(
        org,
        riverside,
        title="How are our meetings working for families?",
        title_es="¿Cómo les funcionan nuestras reuniones a las familias?",
        questions=MEETINGS,
    )
    Survey.objects.filter(pk=closed.pk).update(
        goals="Learn what keeps families from coming to team meetings, and what would help.",
        audience="Families in the home visiting program, and the team.",
        opened_at=timezone.now() - timedelta(days=30),
        closed_at=timezone.now() - timedelta(days=12),
        created_by=lead,
    )
    closed.refresh_from_db()
    add_responses(
        closed,
        [
            {
                "language": lang,
                "partner_type": kind,
                "answers": {
                    "time": time,
                    "helps": helps,
                    "heard": heard,
                    **({"change": change} if change else {}),
                },
            }
            for lang, kind, time, helps, heard, change in ANSWERS
        ],
    )
    change = closed.questions.get(key="change")
    written = {a.text: a for a in Answer.objects.filter(question=change).exclude(text="")}
    timing = themes.do_create_theme(
        closed,
        acting_user=lead,
        question=change,
        name="Meeting times",
        summary="Morning meetings clash with work and school runs; several asked for evenings.",
    )
    themes.do_assign_theme(
        timing,
        acting_user=lead,
        add=[written[t] for t in written if any(w in t for w in ("10am", "after 5", "Evenings", "mañana"))],
    )
    language = themes.do_create_theme(
        closed,
        acting_user=lead,
        question=change,
        name="Spanish and childcare",
        summary="Papers in Spanish before the meeting, live interpreting, and childcare next door.",
    )
    themes.do_assign_theme(
        language,
        acting_user=lead,
        add=[
            written[t]
            for t in written
            if any(w in t for w in ("español", "traduzca", "Cuidado", "Childcare"))
        ],
    )
    item, _made = do_feedback_from_survey(
        closed,
        acting_user=lead,
        said="Families told us morning meetings clash with work and school; many asked for evenings.",
        theme=timing,
    )
    today = timezone.localdate()
    do_update_feedback(
        item,
        acting_user=lead,
        status=FeedbackStatus.DONE,
        done_text="Team meetings moved to Thursdays at 6pm, with a light supper.",
        done_on=today - timedelta(days=7),
        reported_on=today - timedelta(days=5),
        reported_how="At the family night, and in the newsletter",
    )
    open_survey = make_survey(
        org,
        riverside,
        title="Which topics should the spring workshops cover?",
        title_es="¿Qué temas deberían tratar los talleres de primavera?",
        status=SurveyStatus.OPEN,
        questions=[
            {
                "key": "topic",
                "kind": "single",
                "text": "Which topic matters most to you?",
                "text_es": "¿Qué tema le importa más?",
                "choices": choices(
                    ("sleep", "Sleep and routines", "Sueño y rutinas"),
                    ("school", "Getting ready for school", "Prepararse para la escuela"),
                    ("stress", "Parent stress", "El estrés de madres y padres"),
                ),
            }
        ],
    )
    add_responses(
        open_survey,
        [
            {"language": lang, "answers": {"topic": t}}
            for lang, t in (("en", "sleep"), ("es", "school"), ("en", "stress"), ("es", "sleep"))
        ],
    )
