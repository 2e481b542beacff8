"""Generated step ratings for benchmarks. Steps for `cocreate.core.generate` (see its docstring).

About two communities in three have rated their steps: every step, with a rating that tends to be
higher for the early steps than for the late ones, and a short note on some. Rows go in with
`bulk_create` (no history is written)."""

from __future__ import annotations

from collections.abc import Iterator

from cocreate.core.generate import Build, Step, insert

from .models import STEP_COUNT, Rating, StepRating

SHARE_RATED = 2 / 3
NOTES = [
    "",
    "Going well, and we want more parents involved.",
    "Started, but it slips when we are busy.",
    "We talked about this at the last meeting.",
]
LADDER = list(Rating.values)


def _rated(build: Build) -> list[int]:
    chosen = build.extra.get("steps_rated")
    if chosen is None:
        rng = build.rng
        chosen = [i for i in range(len(build.communities)) if rng.random() < SHARE_RATED]
        build.extra["steps_rated"] = chosen
    return chosen


def create_ratings(build: Build) -> Iterator[int]:
    rng = build.rng

    def rows():
        for i in _rated(build):
            community = build.communities[i]
            for step in range(1, STEP_COUNT + 1):
                top = max(0, min(3, 4 - step // 2 + rng.randint(-1, 1)))
                yield StepRating(
                    organization_id=community.organization_id,
                    community=community,
                    step=step,
                    rating=LADDER[rng.randint(0, top)],
                    notes=rng.choice(NOTES),
                    updated_by=build.leads[i] if i < len(build.leads) else None,
                    updated_at=build.now,
                )

    for batch in insert(build, StepRating, rows()):
        yield len(batch)


STEPS = [Step("co-production step ratings", create_ratings, lambda b: STEP_COUNT * len(_rated(b)))]
