"""Northfield's demo process observation: Riverside follows how a referred family gets its first home
visit, with one record made by the lead and a parent. One of its findings is already on the "you said,
we did" list. Written through the `do_*` functions; a community that has a plan already is left alone.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community

from . import actions
from .actions import PlanDetails, RecordDetails, StepRow
from .models import FindingKind, ObservationPlan, ShadowMethod


def seed_observations(communities: dict[str, Community]) -> None:
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    riverside = communities.get("riverside")
    if riverside is None or "lead" not in people:
        return
    if ObservationPlan.objects.filter(community=riverside).exists():
        return
    _riverside(riverside, people)


def _riverside(community: Community, people: dict[str, User]) -> None:
    dana, maria = people["lead"], people.get("parent")
    observers = [dana] + ([maria] if maria else [])
    today = timezone.localdate()
    plan = actions.do_create_plan(
        community,
        acting_user=dana,
        details=PlanDetails(
            aim="Understand why one referred family in three never has a first home visit.",
            process="From a clinic referral to the first home visit",
            starts_where="The clinic nurse suggests home visiting to a new parent",
            ends_where="The home visitor sits down with the family for the first time",
            method=ShadowMethod.FOLLOW,
            method_notes="María follows one referral with the family's permission; Dana sits in at intake.",
            planned_on=today - timedelta(days=12),
            planned_until=today - timedelta(days=5),
            observers=observers,
        ),
    )
    record = actions.do_record_observation(
        plan,
        acting_user=dana,
        details=RecordDetails(
            observed_on=today - timedelta(days=8),
            started_at=time(9, 0),
            ended_at=time(11, 30),
            observers=observers,
            present=(
                "Clinic nurse — makes the referral\n"
                "Intake coordinator — calls the family and books the visit\n"
                "The parent, with a four-week-old baby"
            ),
            steps=[
                StepRow(
                    "The nurse sends the referral the same day", "Sent by fax; read at intake two days later"
                ),
                StepRow(
                    "Intake calls the family within a week",
                    "Three calls during office hours before the mother answered",
                    "She works mornings",
                ),
                StepRow("The family gets a letter with the visit date", "The letter came in English only"),
                StepRow("", "The mother called the clinic to ask who would come to her home"),
            ],
            surprises="The mother thought the visit was a check by child protection.",
            findings={
                FindingKind.CONFUSION: ["The letter does not say who will visit, or why"],
                FindingKind.BOTTLENECK: ["Referrals wait in the fax tray for two days"],
                FindingKind.CHANGE: [
                    "Call families in the evening as well",
                    "Send the letter in the family's language, with a photo of the home visitor",
                ],
            },
        ),
    )
    letter = record.findings.get(kind=FindingKind.CONFUSION)
    actions.do_finding_to_feedback(letter, acting_user=dana, said=letter.text)
