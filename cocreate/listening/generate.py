"""Generated focus groups for benchmarks: one community in four has had a listening session (held,
with five accepted questions and notes) and has one planned. Bulk inserts write no history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cocreate.core.generate import Build, Step, insert

from .models import FocusGroup, GroupStatus, GuideQuestion, Kind, QuestionStatus

SHARE = 4  # one community in four
QUESTIONS = [
    "What helps you take part in the program?",
    "What gets in the way?",
    "When did you feel heard by the staff?",
    "What would you change first?",
    "What should we ask other families?",
]


def _chosen(build: Build):
    return [c for i, c in enumerate(build.communities) if i % SHARE == 0]


def create_groups(build: Build) -> Iterator[int]:
    rng, today = build.rng, build.now.date()

    def groups():
        for c in _chosen(build):
            for held in (True, False):
                yield FocusGroup(
                    organization_id=build.org.pk,
                    community_id=c.pk,
                    kind=Kind.LISTENING if held else Kind.FOCUS_GROUP,
                    title="Family listening session" if held else "Focus group on home visits",
                    goals="What families need from the program.",
                    held_on=today + timedelta(days=-rng.randint(5, 120) if held else rng.randint(5, 60)),
                    status=GroupStatus.HELD if held else GroupStatus.PLANNED,
                    helps=["child_care", "food"],
                    created_at=build.now,
                    updated_at=build.now,
                )

    saved: list[FocusGroup] = []
    for batch in insert(build, FocusGroup, groups()):
        saved.extend(batch)
        yield len(batch)
    questions = (
        GuideQuestion(
            organization_id=build.org.pk,
            community_id=g.community_id,
            group_id=g.pk,
            text=text,
            position=i,
            status=QuestionStatus.ACCEPTED,
            notes="Several parents said evenings work better." if g.status == GroupStatus.HELD else "",
            created_at=build.now,
        )
        for g in saved
        for i, text in enumerate(QUESTIONS, start=1)
    )
    for batch in insert(build, GuideQuestion, questions):
        yield len(batch)


STEPS = [
    Step("focus groups", create_groups, lambda b: len(_chosen(b)) * 2 * (1 + len(QUESTIONS))),
]
