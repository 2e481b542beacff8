"""Generated community leaders for benchmarks. Steps for `cocreate.core.generate` (see its docstring).

Every partner with lived experience is one of their community's leaders, most with a mentor (the team
lead), an orientation done and a check-in at some point in the last half year. Each community has had
one call for leaders: most closed with their applications decided, one in ten still open with
applications waiting for review. As everywhere in generated data, bulk inserts write no history.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cocreate.core.generate import Build, Step, insert, person_name

from .models import (
    Application,
    ApplicationStatus,
    Call,
    CallQuestion,
    CallStatus,
    Leader,
    OnboardingCompletion,
)
from .questions import DEFAULT_QUESTIONS

ANSWERS = [
    "I organise the parents' group at my children's school.",
    "Evening meetings, with child care, so more parents can come.",
    "I need an interpreter and the bus fare.",
    "I ran the food drive at church for two years.",
]
DECIDED = (
    [ApplicationStatus.ACCEPTED] * 2
    + [ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED]
    + [ApplicationStatus.WITHDRAWN]
)
APPLICATIONS_PER_CALL = 5


def create_leaders(build: Build) -> Iterator[int]:
    rng, today = build.rng, build.now.date()
    index_of = {community.pk: i for i, community in enumerate(build.communities)}
    lived = [p for p in build.extra.get("partners", []) if p.lived_experience]

    def leaders():
        for partner in lived:
            lead = build.leads[index_of[partner.community_id]]
            started = today - timedelta(days=rng.randint(30, 700))
            mentored = rng.random() < 0.7
            yield Leader(
                organization_id=build.org.pk,
                community_id=partner.community_id,
                partner_id=partner.pk,
                started_on=started,
                mentor_id=lead.pk if mentored else None,
                mentor_since=started if mentored else None,
                last_check_in_on=today - timedelta(days=rng.randint(0, 180)) if mentored else None,
                show_recognitions_publicly=rng.random() < 0.3,
                created_at=build.now,
            )

    saved: list[Leader] = []
    for batch in insert(build, Leader, leaders()):
        saved.extend(batch)
        yield len(batch)
    orientations = (
        OnboardingCompletion(
            organization_id=build.org.pk,
            community_id=leader.community_id,
            leader_id=leader.pk,
            completed_on=min(today, leader.started_on + timedelta(days=rng.randint(3, 40))),
        )
        for leader in saved
        if rng.random() < 0.8
    )
    for batch in insert(build, OnboardingCompletion, orientations):
        yield len(batch)


def create_calls(build: Build) -> Iterator[int]:
    rng, today = build.rng, build.now.date()
    calls = []
    for i, community in enumerate(build.communities):
        open_call = i % 10 == 0
        calls.append(
            Call(
                organization_id=build.org.pk,
                community_id=community.pk,
                title="Parent leader for the improvement team",
                involves="Two meetings a month with the team, and a short prep call before each.",
                time_asked="About six hours a month",
                compensation="$25 an hour; child care and travel paid",
                languages=["en", "es"],
                closes_on=today + timedelta(days=20)
                if open_call
                else today - timedelta(days=rng.randint(40, 400)),
                status=CallStatus.OPEN if open_call else CallStatus.CLOSED,
                opened_at=build.now - timedelta(days=30),
                created_by_id=build.leads[i].pk,
                created_at=build.now - timedelta(days=35),
            )
        )
    saved = [call for batch in insert(build, Call, calls) for call in batch]
    yield len(saved)
    questions = (
        CallQuestion(
            organization_id=build.org.pk,
            call_id=call.pk,
            position=n,
            text=text,
            help_text=help_text,
            required=required,
        )
        for call in saved
        for n, (text, help_text, required) in enumerate(DEFAULT_QUESTIONS, start=1)
    )
    question_ids: dict[int, list[int]] = {}
    for batch in insert(build, CallQuestion, questions):
        for q in batch:
            question_ids.setdefault(q.call_id, []).append(q.pk)

    def applications():
        for call in saved:
            for n in range(APPLICATIONS_PER_CALL):
                status = (
                    ApplicationStatus.SUBMITTED if call.status == CallStatus.OPEN else rng.choice(DECIDED)
                )
                spanish = rng.random() < 0.35
                yield Application(
                    organization_id=build.org.pk,
                    community_id=call.community_id,
                    call_id=call.pk,
                    name=person_name(rng),
                    email=f"applicant-{call.pk}-{n}@{build.options.email_domain}",
                    language="es" if spanish else "en",
                    answers={str(q): rng.choice(ANSWERS) for q in question_ids.get(call.pk, [])},
                    available_days=sorted(rng.sample(range(7), rng.randint(1, 3))),
                    meeting_times=[rng.choice(["10-12", "16-18", "18-20"])],
                    access_needs=rng.choice(
                        [[], ["child_care"], ["interpretation"], ["transport", "child_care"]]
                    ),
                    heard_from=rng.choice(["friend", "school", "social_media", "team_member"]),
                    status=status,
                    decided_at=None
                    if status == ApplicationStatus.SUBMITTED
                    else build.now - timedelta(days=20),
                    submitted_at=build.now - timedelta(days=rng.randint(1, 30)),
                )

    for batch in insert(build, Application, applications()):
        yield len(batch)


def _lived_count(build: Build) -> int:
    return sum(1 for p in build.extra.get("partners", []) if p.lived_experience)


STEPS = [
    Step("community leaders", create_leaders, lambda b: 2 * _lived_count(b)),
    Step("calls for leaders", create_calls, lambda b: len(b.communities) * (1 + APPLICATIONS_PER_CALL)),
]
