"""A Riverside session for the tests, made on demand: facilitated by the cast's partner (Paz, a parent
who signs in) through her partner record, with the practitioner as co-facilitator."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.listening import actions
from cocreate.listening.models import FocusGroup, GroupStatus, QuestionStatus
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import Partner, PartnerType

TITLE = "Evenings with families"


def paz(cast) -> Partner:
    """The cast's partner user's partner record (a parent)."""
    found = Partner.objects.filter(community=cast.community, user=cast.partner).first()
    return found or partner_actions.do_create_partner(
        cast.community,
        name="Paz Parent",
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
        user=cast.partner,
    )


def other_parents(cast, n: int = 2) -> list[Partner]:
    have = list(Partner.objects.filter(community=cast.community, user__isnull=True).order_by("pk"))
    for i in range(len(have), n):
        have.append(
            partner_actions.do_create_partner(
                cast.community,
                name=f"Parent {i}",
                partner_type=PartnerType.COMMUNITY,
                lived_experience=i % 2 == 0,
            )
        )
    return have[:n]


def group(cast, *, days_ago: int = 3, questions: int = 5, run_by_intermediary: bool = True) -> FocusGroup:
    """The same planned session however often it is asked for."""
    found = FocusGroup.objects.filter(community=cast.community, title=TITLE).first()
    if found is not None:
        return found
    g = actions.do_plan_group(
        cast.community,
        acting_user=cast.lead,
        title=TITLE,
        goals="What makes visits work for families.",
        held_on=timezone.localdate() - timedelta(days=days_ago),
        duration_minutes=90,
        facilitator_partner=paz(cast),
        co_facilitator=cast.practitioner,
        run_by_intermediary=run_by_intermediary,
        helps=["child_care", "food"],
        language="es",
    )
    for i in range(questions):
        q = actions.do_propose_question(
            g, acting_user=cast.lead, text=f"Question {i + 1}?", text_es=f"¿Pregunta {i + 1}?"
        )
        actions.do_set_question_status(q, acting_user=cast.lead, status=QuestionStatus.ACCEPTED)
    return g


def held_group(cast) -> FocusGroup:
    """The session, held, with two parents invited who came and agreed to be noted."""
    g = group(cast)
    if g.status == GroupStatus.PLANNED:
        for row in actions.do_add_participants(g, acting_user=cast.lead, partners=other_parents(cast)):
            actions.do_record_consent(row, acting_user=cast.lead, attended=True, consent=True, how="spoken")
        g = actions.do_mark_held(g, acting_user=cast.practitioner)
    return g


def first_question(g: FocusGroup):
    return g.questions.filter(status=QuestionStatus.ACCEPTED).order_by("position", "pk").first()
