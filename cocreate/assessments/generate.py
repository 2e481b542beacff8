"""Generated assessments for benchmarks: rounds of the implementation capacity assessment, answered by
thirty people each and agreed item by item, plus open rounds for the submission benchmark. Steps for
`cocreate.core.generate` (see its docstring for the contract).

What it makes, with `n` communities:
- `min(5 n, 500)` past rounds of the built-in `capacity` instrument (40 items): 500 at the `state` scale
  and above. Each has 30 respondents (fewer only in an organization with fewer people), their answers,
  the team's agreed value for every item (a few newest rounds are still in the consensus session) and
  the cached scores, computed once per round by `disclosure.cached_results`, as `refresh_scores` would.
- The bench community (the practitioner's community that `bench/run.py` measures: the first
  practitioner's community with the longest stage history) has a history of quarterly rounds over
  three years, its scores rising slowly; the rest are spread over the other communities.
- Open rounds for the submission benchmark: four other communities get `OPEN_ROUNDS` rounds each
  (`QUICK_OPEN_ROUNDS` under 100 communities), to which their team lead and four partners (twenty
  people) are invited and have not answered yet.
- A pending gap ("make this a goal") on each community's latest closed round, and stage-guided
  reflections where the questions file exists.

Respondents are the community's own people first, then people of the neighbouring communities (the
generated network has six people per community; a round needs thirty). As everywhere in generated
data, bulk inserts write no history records.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain

from cocreate.accounts.models import User
from cocreate.core.generate import PORTFOLIO_SIZE, Build, Step, insert

from . import disclosure, scoring
from .models import (
    Administration,
    AdministrationStatus,
    Consensus,
    GapFlag,
    InstrumentVersion,
    Invitee,
    Item,
    Kind,
    Perspective,
    Reflection,
    Response,
    VersionStatus,
)

INSTRUMENT = "capacity"  # the built-in implementation capacity assessment: 40 items
PAST_ROUNDS_PER_COMMUNITY = 5
MAX_PAST_ROUNDS = 500  # reached at the state scale (100 communities)
BENCH_HISTORY = 12  # the bench community: a round every quarter for three years
RESPONDENTS = 30
SUBMIT_COMMUNITIES = 4  # their lead and partners answer the open rounds: twenty people
OPEN_ROUNDS = 50  # per submit community, so each of those people can send fifty responses...
QUICK_OPEN_ROUNDS = 10  # ...or ten below the state scale (the tiny benchmark is a quick check)
ANONYMOUS_SHARE = 0.2
STILL_AGREEING_SHARE = 0.1  # newest rounds still in the consensus session

NOTES = [
    "We rated this lower together once we looked at who actually came to the last three meetings.",
    "Parents on the team said this happens in some centres but not in others.",
    "Agreed after hearing the family advisory group's view; revisit after the spring sessions.",
    "The written plan exists but nobody outside the core team has seen it.",
    "Strong in the county office, weaker in the rural sites.",
]
EVIDENCE = [
    "Minutes of the last implementation team meeting",
    "The partnership engagement plan, second draft",
    "Sign-in sheets from the listening sessions",
    "Coaching log for the last quarter",
]
REFLECTIONS = {
    "strengths": [
        "We listen to families and change things when they tell us something is not working.",
        "The team shows up every month and follows through on what it agrees.",
    ],
    "grow": [
        "Getting more parents into the decisions, not only the listening sessions.",
        "Sharing our data back with the community more often and in plain language.",
    ],
}


@dataclass
class Round:
    """One administration to write, with everything needed to fill it."""

    community: int  # index into build.communities
    opened_at: datetime
    status: str
    anonymous: bool
    respondents: list[User]
    level: dict[str, float] = field(default_factory=dict)  # the section's chance of "in place", 0-1
    title: str = ""


@dataclass
class Plan:
    version: InstrumentVersion
    items: list[Item]
    past: list[Round]
    open: list[Round]
    bench: int  # index of the bench community
    submit: list[int]  # indices of the submit communities

    @property
    def rows(self) -> int:
        n_items = len(self.items)
        past = sum(1 + 2 * len(r.respondents) + n_items for r in self.past)
        return past + sum(1 + len(r.respondents) for r in self.open)


def capacity_version() -> InstrumentVersion:
    """The published built-in capacity instrument (loaded now if `migrate` has not), else another
    built-in team instrument; a clear error when there is none."""
    from .instruments import load_builtin

    builtins = InstrumentVersion.objects.filter(
        instrument__organization=None, status=VersionStatus.PUBLISHED
    ).select_related("instrument")
    version = builtins.filter(instrument__key=INSTRUMENT).first()
    if version is None:
        load_builtin()
        version = builtins.filter(instrument__key=INSTRUMENT).first()
    version = version or builtins.filter(kind=Kind.TEAM).order_by("instrument__key").first()
    if version is None:
        raise RuntimeError(
            f"generate: no built-in '{INSTRUMENT}' instrument (nor any built-in team instrument) is "
            "loaded; run `cocreate load-instruments` and check cocreate/assessments/instruments/."
        )
    return version


def open_rounds(build: Build) -> int:
    return OPEN_ROUNDS if len(build.communities) >= 100 else QUICK_OPEN_ROUNDS


def bench_community(build: Build) -> int:
    """The community bench/run.py measures: the first practitioner's, with the longest stage history
    (then by name) — `targets()` there picks it the same way from the database."""
    portfolio = range(min(PORTFOLIO_SIZE, len(build.communities)))
    return min(portfolio, key=lambda i: (-len(build.stage_paths[i]), build.communities[i].name))


def people_of(build: Build, index: int) -> list[User]:
    return [build.practitioner_of(index), build.leads[index], *build.partners_of(index)]


def respondent_pool(build: Build, index: int, size: int) -> list[User]:
    """The community's own people, then its neighbours', without repeats (practitioners serve several)."""
    n = len(build.communities)
    seen, pool = set(), []
    for k in range(n):
        for user in people_of(build, (index + k) % n):
            if user.pk not in seen:
                seen.add(user.pk)
                pool.append(user)
        if len(pool) >= size:
            break
    return pool


def stage_on(build: Build, index: int, when: datetime) -> str:
    stage = build.stage_paths[index][0]
    for moved_to, moved_at in zip(build.stage_paths[index], build.stage_dates[index], strict=True):
        if moved_at <= when:
            stage = moved_to
    return stage


def season(when: datetime) -> str:
    name = ["Winter", "Spring", "Summer", "Autumn"][(when.month % 12) // 3]
    return f"{name} {when.year}"


def plan_for(build: Build) -> Plan:
    """What to make (cached in `build.extra`); its own random source keeps the other steps' data as is."""
    if "assessment_plan" in build.extra:
        return build.extra["assessment_plan"]
    rng = random.Random(build.options.seed * 7919 + 4)
    version = capacity_version()
    items = list(version.items.select_related("section").order_by("section__position", "position"))
    sections = list(dict.fromkeys(item.section.key for item in items))
    n = len(build.communities)
    bench = bench_community(build)
    others = [i for i in range(n) if i != bench]
    submit = others[::-1][:SUBMIT_COMMUNITIES]

    total = min(PAST_ROUNDS_PER_COMMUNITY * n, MAX_PAST_ROUNDS)
    per_community = dict.fromkeys(range(n), 0)
    per_community[bench] = min(BENCH_HISTORY, total)
    rest = total - per_community[bench]
    if others:
        for i in others:
            per_community[i] = rest // len(others)
        for i in rng.sample(others, rest % len(others)):
            per_community[i] += 1
    else:
        per_community[bench] = total

    size = min(RESPONDENTS, len(build.leads) + len(build.partners) + len(build.practitioners))
    past: list[Round] = []
    for i, count in per_community.items():
        if not count:
            continue
        pool = respondent_pool(build, i, size + 6)
        newest = build.now - timedelta(days=rng.randint(20, 60))
        started = build.stage_dates[i][0]
        spacing = max(20, min(91, (newest - started).days // max(count - 1, 1)))
        base = {key: rng.uniform(0.2, 0.55) for key in sections}
        base[sections[0]] = min(base[sections[0]], 0.35)  # co-creation tends to be the weakest
        growth = rng.uniform(0.015, 0.05)
        for k in range(count):  # oldest first
            opened_at = newest - timedelta(days=spacing * (count - 1 - k) + rng.randint(0, 6))
            still_agreeing = k == count - 1 and rng.random() < STILL_AGREEING_SHARE
            past.append(
                Round(
                    community=i,
                    opened_at=opened_at,
                    status=AdministrationStatus.CONSENSUS if still_agreeing else AdministrationStatus.CLOSED,
                    anonymous=rng.random() < ANONYMOUS_SHARE,
                    respondents=rng.sample(pool, min(size, len(pool))),
                    level={s: min(0.95, b + growth * k + rng.uniform(-0.05, 0.05)) for s, b in base.items()},
                    title=f"Capacity check, {season(opened_at)}",
                )
            )

    waiting: list[Round] = []
    for i in submit:
        invitees = people_of(build, i)
        for k in range(open_rounds(build)):
            opened_at = build.now - timedelta(days=rng.randint(1, 20), minutes=k)
            waiting.append(
                Round(
                    community=i,
                    opened_at=opened_at,
                    status=AdministrationStatus.OPEN,
                    anonymous=k % 4 == 3,
                    respondents=invitees,
                    title=f"Capacity check, team {k + 1}",
                )
            )
    plan = Plan(version, items, past, waiting, bench, submit)
    build.extra["assessment_plan"] = plan
    return plan


def _lived(build: Build) -> set[int]:
    """The first two partners of each community bring lived experience."""
    return {user.pk for i in range(len(build.communities)) for user in build.partners_of(i)[:2]}


def _answers(rng: random.Random, plan: Plan, round_: Round) -> list[dict[str, int]]:
    """Each person's ratings: around the community's level in each domain, with a personal lean."""
    offsets = {item.key: rng.gauss(0, 0.08) for item in plan.items}
    rows = []
    for _ in round_.respondents:
        lean = rng.gauss(0, 0.12)
        row = {}
        for item in plan.items:
            p = min(0.98, max(0.02, round_.level[item.section.key] + lean + offsets[item.key]))
            row[item.key] = (rng.random() < p) + (rng.random() < p)
        rows.append(row)
    return rows


def _agreed(rng: random.Random, plan: Plan, answers: list[dict[str, int]], everything: bool) -> dict:
    """The team's values: mostly the rounded middle of the ratings, sometimes a step away from it."""
    top = max(plan.version.scale_values)
    agreed = {}
    for n, item in enumerate(plan.items):
        if not everything and n % 2:
            continue
        middle = round(statistics.fmean(a[item.key] for a in answers))
        if rng.random() < 0.15:
            middle = min(top, max(0, middle + rng.choice([-1, 1])))
        agreed[item.key] = middle
    return agreed


def create_assessments(build: Build) -> Iterator[int]:
    plan = plan_for(build)
    rng = random.Random(build.options.seed * 7919 + 5)
    version, org = plan.version, build.org
    item_keys = [(item.key, item.section.key) for item in plan.items]
    items_by_key = {item.key: item for item in plan.items}
    maximum = max(version.scale_values)
    target = None if version.target is None else float(version.target)
    prompts = [p["key"] for p in version.definition.get("reflection_prompts", [])]
    lived = _lived(build)

    def administration(r: Round, scores: dict, count: int) -> Administration:
        community = build.communities[r.community]
        closed = r.status == AdministrationStatus.CLOSED
        return Administration(
            organization=org,
            community=community,
            version=version,
            instrument_key=version.instrument.key,
            title=r.title,
            stage=stage_on(build, r.community, r.opened_at),
            due_on=(r.opened_at + timedelta(days=21)).date(),
            anonymous=r.anonymous,
            status=r.status,
            opened_by=build.practitioner_of(r.community),
            opened_at=r.opened_at,
            closed_at=r.opened_at + timedelta(days=rng.randint(30, 45)) if closed else None,
            response_count=count,
            scores=scores,
        )

    # Past rounds, a chunk at a time: answers, agreed values and scores in memory, then four inserts.
    chunk = 50
    latest_closed: dict[int, tuple[Administration, dict]] = {}
    for start in range(0, len(plan.past), chunk):
        rounds = plan.past[start : start + chunk]
        filled = []
        for r in rounds:
            answers = _answers(rng, plan, r)
            agreed = _agreed(rng, plan, answers, r.status == AdministrationStatus.CLOSED)
            cache = disclosure.cached_results(
                status=r.status,
                items=item_keys,
                answers=answers,
                agreed=agreed,
                method=version.scoring,
                maximum=maximum,
                target=target,
            )
            filled.append((r, answers, agreed, cache))
        adms = list(
            chain.from_iterable(
                insert(build, Administration, (administration(r, s, len(a)) for r, a, _, s in filled))
            )
        )
        yield len(adms)
        invitees, responses, consensus = [], [], []
        for adm, (r, answers, agreed, scores) in zip(adms, filled, strict=True):
            if r.status == AdministrationStatus.CLOSED:
                latest_closed[r.community] = (adm, scores)  # oldest first: the last one stays
            for user, values in zip(r.respondents, answers, strict=True):
                sent = r.opened_at + timedelta(days=rng.randint(0, 20), minutes=rng.randint(0, 600))
                perspective = Perspective.LIVED if user.pk in lived else Perspective.PROFESSIONAL
                invitees.append(
                    Invitee(
                        organization=org,
                        administration=adm,
                        user=user,
                        perspective=perspective,
                        invited_at=r.opened_at,
                        submitted_at=sent,
                    )
                )
                evidence = {}
                if rng.random() < 0.15:
                    evidence[rng.choice(plan.items).key] = rng.choice(EVIDENCE)
                reflections = {}
                if prompts and rng.random() < 0.3:
                    key = rng.choice(prompts)
                    reflections[key] = rng.choice(REFLECTIONS.get(key, REFLECTIONS["strengths"]))
                responses.append(
                    Response(
                        organization=org,
                        administration=adm,
                        respondent=None if r.anonymous else user,
                        perspective=perspective,
                        language="es" if user.preferred_language == "es" else "en",
                        answers=values,
                        evidence=evidence,
                        reflections=reflections,
                        submitted_at=None if r.anonymous else sent,
                    )
                )
            recorded_at = r.opened_at + timedelta(days=28)
            for key, value in agreed.items():
                spread = {a[key] for a in answers}
                consensus.append(
                    Consensus(
                        organization=org,
                        administration=adm,
                        item=items_by_key[key],
                        value=value,
                        note=rng.choice(NOTES) if len(spread) == 3 and rng.random() < 0.3 else "",
                        recorded_by=build.leads[r.community],
                        recorded_at=recorded_at,
                    )
                )
        for model, rows in ((Invitee, invitees), (Response, responses), (Consensus, consensus)):
            for batch in insert(build, model, rows):
                yield len(batch)

    # "Make this a goal": the weakest item of each community's latest closed round waits for a goal.
    def flags():
        for i, (adm, scores) in latest_closed.items():
            below = sorted(
                (score, key) for key, score in scores["items"].items() if scoring.below_target(score, target)
            )
            assert adm.closed_at is not None  # the latest closed round
            for score, key in below[: 2 if i == plan.bench else 1]:
                yield GapFlag(
                    organization=org,
                    community=build.communities[i],
                    administration=adm,
                    item=items_by_key[key],
                    score=score,
                    flagged_by=build.leads[i],
                    flagged_at=adm.closed_at,
                )

    for batch in insert(build, GapFlag, flags()):
        yield len(batch)

    # Open rounds for the submission benchmark: invited, nobody has answered yet.
    adms = list(
        chain.from_iterable(insert(build, Administration, (administration(r, {}, 0) for r in plan.open)))
    )
    yield len(adms)
    waiting = (
        Invitee(
            organization=org,
            administration=adm,
            user=user,
            perspective=Perspective.LIVED if user.pk in lived else Perspective.PROFESSIONAL,
            invited_at=r.opened_at,
        )
        for adm, r in zip(adms, plan.open, strict=True)
        for user in r.respondents
    )
    for batch in insert(build, Invitee, waiting):
        yield len(batch)


def create_reflections(build: Build) -> Iterator[int]:
    """Two stage-guided reflections per community for its current stage (when the questions exist)."""
    from .instruments import stage_questions

    try:
        questions = stage_questions()
    except FileNotFoundError:
        return
    rng = random.Random(build.options.seed * 7919 + 6)

    def rows():
        for i, community in enumerate(build.communities):
            stage = build.stage_paths[i][-1]
            asked = [(d, q) for d, stages in questions.items() for q in stages.get(stage, [])]
            for domain, question in rng.sample(asked, min(2, len(asked))):
                yield Reflection(
                    organization=build.org,
                    community=community,
                    domain=domain,
                    stage=stage,
                    question_key=question["key"],
                    answer=rng.choice(REFLECTIONS["strengths"] + REFLECTIONS["grow"]),
                    written_by=build.leads[i],
                    written_at=min(build.now, build.stage_dates[i][-1] + timedelta(days=rng.randint(3, 30))),
                )

    for batch in insert(build, Reflection, rows()):
        yield len(batch)


STEPS = [
    Step("assessments", create_assessments, lambda b: plan_for(b).rows),
    Step("reflections", create_reflections, lambda b: 2 * len(b.communities)),
]
