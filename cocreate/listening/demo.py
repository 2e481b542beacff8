"""The demo's listening session: at Riverside, a session held two weeks ago, facilitated by María
López (the demo parent) with Priya (the practitioner) as co-facilitator and run by the intermediary,
so it is in the support log and counts in the dosage. Five accepted questions with notes, consent
recorded for each person invited, one theme turned into a "you said, we did" item, and a focus group
planned for next month with its guide open for partners' questions. Written through the `do_*`
functions; left alone when it is there already."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community
from cocreate.partners.models import Partner

from . import actions
from .models import ConsentHow, FocusGroup, QuestionStatus

TITLE = "Listening session: evenings with families"
QUESTIONS = [
    (
        "What made it easy, or hard, to come tonight?",
        "¿Qué les facilitó o dificultó venir hoy?",
        "Child care and the meal made the difference; two parents came by bus with the fare paid.",
    ),
    (
        "When have you felt heard by the home visiting staff?",
        "¿Cuándo se han sentido escuchados por el personal de visitas?",
        "When the visitor came back to something said the week before. Less so when visits were rushed.",
    ),
    (
        "What would you change first about the visits?",
        "¿Qué cambiarían primero de las visitas?",
        "Evening or Saturday times; the same visitor each time; materials in Spanish.",
    ),
    (
        "How do you hear about what the program decides?",
        "¿Cómo se enteran de lo que decide el programa?",
        "Mostly from other parents; a short text message would reach more people.",
    ),
    (
        "What should we ask other families next time?",
        "¿Qué deberíamos preguntar a otras familias la próxima vez?",
        "Ask fathers and grandparents too; ask about the waiting list.",
    ),
]


def seed_listening(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    if riverside is None or FocusGroup.objects.filter(community=riverside, title=TITLE).exists():
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    parent, priya, dana = people.get("parent"), people.get("practitioner"), people.get("lead")
    if parent is None or priya is None:
        return
    org = riverside.organization
    maria = Partner.objects.active().filter(organization=org, community=riverside, user=parent).first()
    if maria is None:
        return
    today = timezone.localdate()
    group = actions.do_plan_group(
        riverside,
        acting_user=priya,
        kind="listening",
        title=TITLE,
        goals="How families experience home visits, and what would make taking part easier.",
        hear_from="Parents and caregivers using home visiting, with and without a regular visitor.",
        held_on=today - timedelta(days=14),
        starts_at=time(18, 0),
        duration_minutes=90,
        place="Riverside Family Center, room 2",
        modality="in_person",
        language="es",
        other_languages="English, with interpretation",
        helps=["child_care", "interpretation", "food", "transport"],
        facilitator_partner=maria,
        co_facilitator=priya,
        run_by_intermediary=True,
    )
    actions.do_open_guide(group, acting_user=priya)
    for text, text_es, _notes in QUESTIONS:
        q = actions.do_propose_question(group, acting_user=parent, text=text, text_es=text_es)
        actions.do_set_question_status(q, acting_user=priya, status=QuestionStatus.ACCEPTED)
    others = list(
        Partner.objects.active()
        .filter(organization=org, community=riverside, erased_at__isnull=True)
        .exclude(pk=maria.pk)
        .order_by("pk")[:6]
    )
    invited = actions.do_add_participants(group, acting_user=priya, partners=others)
    for i, row in enumerate(invited):
        came = i != len(invited) - 1  # one could not come
        actions.do_record_consent(
            row,
            acting_user=priya,
            attended=came,
            consent=True if came else None,
            how=ConsentHow.SPOKEN if came else "",
        )
    group = actions.do_mark_held(group, acting_user=priya)
    accepted = list(group.questions.filter(status=QuestionStatus.ACCEPTED).order_by("position"))
    for q, (_t, _es, notes) in zip(accepted, QUESTIONS, strict=True):
        actions.do_record_notes(q, acting_user=parent, notes=notes)
    theme = actions.do_add_theme(
        group,
        acting_user=priya,
        name="Evening and weekend visits",
        summary="Working parents cannot take daytime visits; evenings or Saturdays would keep them in the program.",
        question=accepted[2],
    )
    actions.do_theme_to_feedback(theme, acting_user=priya)
    actions.do_add_theme(
        group,
        acting_user=priya,
        name="Hearing back by text message",
        summary="Parents hear about decisions from each other; a short text would reach more families.",
        question=accepted[3],
    )
    planned = actions.do_plan_group(
        riverside,
        acting_user=dana or priya,
        kind="focus_group",
        title="Focus group: the waiting list",
        goals="What waiting for a home visitor is like, and what would help while families wait.",
        held_on=today + timedelta(days=30),
        starts_at=time(10, 0),
        duration_minutes=75,
        place="Riverside Library",
        modality="in_person",
        language="en",
        helps=["child_care", "food"],
        facilitator_user=priya,
        run_by_intermediary=True,
    )
    actions.do_open_guide(planned, acting_user=priya)
    actions.do_propose_question(planned, acting_user=parent, text="How did you first hear about the program?")
