"""Assessments for the demo network: Riverside's story of assessing together (DESIGN.md, journey 3).

Five months ago eight people rated Riverside's implementation capacity alone (two in Spanish, one
without their name), then agreed item by item: the co-creation domain landed at 44% against an 80%
target, and the team made its weakest item a goal. A follow-up round a few weeks ago shows the trend.
A partnership assessment compares how professionals and people with lived experience see the
partnership (three or more in each group, so the alignment shows). A coproduction self-assessment is
open now: the lead has answered, María (the demo parent, in Spanish) has not yet: she answers it
section by section, and may say "I don't know". In the capacity rounds some parents said "I don't
know" about leadership items, and the workforce and quality domains were asked of professionals
only. Two stage-guided reflections sit on the community page.

Everything goes through the same `do_*` functions as the pages, then dates are moved back so the
history reads like a real one. Invitations are written without the email a new round sends.
Running it again changes nothing: it stops when Riverside already has assessments.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core import actions as core_actions
from cocreate.core.models import Community, Role, StageChange
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import Partner, PartnerType

from . import actions
from .instruments import load_builtin, stage_questions
from .models import (
    Administration,
    Consensus,
    GapFlag,
    InstrumentVersion,
    Invitee,
    Perspective,
    Reflection,
    Response,
    VersionStatus,
)

# Riverside's team members who rate with the demo people (all sign in with the demo password).
TEAM = [
    # local part, name, language, lived experience
    ("keisha", "Keisha Brown", "en", True),
    ("tomas", "Tomás Herrera", "es", True),
    ("luis", "Luis Ortega", "en", False),
    ("grace", "Grace Liu", "en", False),
    ("ben", "Ben Carter", "en", False),
]

# The values the team agreed, domain by domain, item by item (0 not in place, 1 partially, 2 fully).
FIRST_ROUND = {
    "co-creation": [1, 1, 0, 1, 2, 1, 0, 1],  # 7 of 16: 44%, far from the 80% target
    "leadership": [2, 1, 2, 1, 1, 2, 1, 1],
    "workforce": [1, 1, 1, 2, 0, 1, 1, 1],
    "quality": [1, 0, 1, 1, 1, 0, 1, 2],
    "media": [1, 1, 0, 1, 1, 0, 1, 1],
}
FOLLOW_UP = {
    "co-creation": [2, 1, 1, 1, 2, 1, 1, 1],  # 10 of 16: 62%, better, still below
    "leadership": [2, 2, 2, 1, 1, 2, 1, 1],
    "workforce": [1, 1, 2, 2, 1, 1, 1, 1],
    "quality": [1, 1, 1, 1, 1, 1, 1, 2],
    "media": [1, 1, 1, 1, 1, 0, 1, 1],
}
CONSENSUS_NOTES = {
    # (domain, item position): (what the team said, artifacts)
    ("co-creation", 2): (
        "Staff rated this 2; the parents rated it 0. Families hear about decisions after they are made, "
        "not before. We agreed it is not in place yet.",
        "Agendas of the last six implementation team meetings",
    ),
    ("co-creation", 6): (
        "We collect survey data from families but have never shown it back to them.",
        "Family survey summary, spring",
    ),
    ("co-creation", 4): (
        "The engagement plan is written and María reviewed the Spanish version.",
        "Partnership engagement plan, second draft",
    ),
    ("workforce", 4): ("Coaching stopped when the coach left in March.", ""),
}
REFLECTIONS = {
    "strengths": {
        "en": "We show up every month and follow through on what we agree.",
        "es": "Nos reunimos cada mes y cumplimos lo que acordamos.",
    },
    "grow": {
        "en": "Bringing families into decisions before they are made, not after.",
        "es": "Que las familias participen en las decisiones antes de tomarlas, no después.",
    },
}
# Partnership assessment: 1 yes, 0 no, per item; the lived-experience group answers the mirrored wording.
PARTNERSHIP = {
    "professional": {  # Dana, Priya, Luis, Grace
        "expertise": [1, 1, 1, 1],
        "decisions": [1, 1, 1, 0],
        "equal-weight": [1, 1, 1, 1],
        "unique-contribution": [1, 1, 1, 1],
        "valuing-insight": [1, 1, 0, 1],
    },
    "lived": {  # María, Keisha, Tomás
        "expertise": [1, 1, 0],
        "decisions": [1, 0, 1],
        "equal-weight": [0, 0, 1],  # 33% against 100%: the pair to talk about
        "unique-contribution": [1, 1, 1],
        "valuing-insight": [0, 1, 0],
    },
}


def _version(key: str) -> InstrumentVersion:
    version = InstrumentVersion.objects.filter(
        instrument__organization=None, instrument__key=key, status=VersionStatus.PUBLISHED
    ).first()
    if version is None:
        load_builtin()
        version = InstrumentVersion.objects.get(
            instrument__organization=None, instrument__key=key, status=VersionStatus.PUBLISHED
        )
    return version


def _stage_on(community: Community, when: datetime) -> str:
    change = (
        StageChange.objects.filter(community=community, changed_at__lte=when).order_by("-changed_at").first()
    )
    return change.to_stage if change else community.stage


def invite_quietly(adm: Administration, people: list[tuple[User, str]], when: datetime) -> dict[int, Invitee]:
    """Invitations without the email a new round sends (these rounds are history)."""
    Invitee.objects.bulk_create(
        Invitee(
            organization_id=adm.organization_id,
            administration=adm,
            user=user,
            perspective=perspective,
            invited_at=when,
        )
        for user, perspective in people
    )
    invitees = {}
    for invitee in Invitee.objects.filter(administration=adm).select_related("user"):
        invitee.administration = adm
        invitees[invitee.user_id] = invitee
    return invitees


def submit_as_of(
    invitee: Invitee, answers: dict, when: datetime, *, evidence=None, reflections=None, anonymous=False
):
    user = invitee.user
    response = actions.do_submit_response(
        invitee,
        answers=answers,
        evidence=evidence or {},
        reflections=reflections or {},
        language=user.preferred_language,
        anonymous=anonymous,
    )
    Invitee.objects.filter(pk=invitee.pk).update(submitted_at=when)
    if response.submitted_at is not None:
        Response.objects.filter(pk=response.pk).update(submitted_at=when)
    return response


def _capacity_round(
    community: Community,
    version: InstrumentVersion,
    agreed_by_domain: dict[str, list[int]],
    *,
    title: str,
    opened: datetime,
    people: list[tuple[User, str]],
    facilitator: User,
    recorder: User,
    rng: random.Random,
    anonymous_user: User | None = None,
    notes: dict | None = None,
) -> Administration:
    """A closed capacity round: everyone rates alone around what the team later agrees, then consensus."""
    adm = actions.do_open_administration(
        community,
        version=version,
        acting_user=facilitator,
        title=title,
        stage=_stage_on(community, opened),
        due_on=(opened + timedelta(days=14)).date(),
    )
    invitees = invite_quietly(adm, people, opened)
    items = list(version.items.select_related("section").order_by("section__position", "position"))
    position: dict[str, int] = {}
    agreed = {}
    for item in items:
        n = position[item.section.key] = position.get(item.section.key, -1) + 1
        values = agreed_by_domain.get(item.section.key, [1])
        agreed[item.key] = values[n % len(values)]
    position_in = {item.key: n for n, item in enumerate(i for i in items if i.section.key == "leadership")}
    position_in.update({item.key: -1 for item in items if item.section.key != "leadership"})
    for k, (user, perspective) in enumerate(people):
        answers: dict[str, int | str] = {}
        for item in items:
            value = agreed[item.key] + rng.choice([-1, 0, 0, 0, 1])
            if item.section.key == "co-creation":
                # Staff see co-creation more rosily than the parents do: the conversation starts there.
                value += -1 if perspective == Perspective.LIVED else rng.choice([0, 1])
            answers[item.key] = min(2, max(0, value))
            if (
                perspective == Perspective.LIVED
                and item.allows_dont_know
                and item.section.key == "leadership"
            ):
                # How leaders remove barriers happens out of the parents' sight: some say they don't know.
                if position_in[item.key] >= 6 and k % 2 == 0:
                    answers[item.key] = "dk"
        language = user.preferred_language if user.preferred_language in REFLECTIONS["grow"] else "en"
        reflections = {key: text[language] for key, text in REFLECTIONS.items()} if k % 2 == 0 else {}
        evidence = {items[0].key: "Sign-in sheets from the listening sessions"} if k == 0 else {}
        submit_as_of(
            invitees[user.pk],
            answers,
            opened + timedelta(days=1 + k, hours=k),
            evidence=evidence,
            reflections=reflections,
            anonymous=user == anonymous_user,
        )
    adm.refresh_from_db()
    actions.do_start_consensus(adm)
    position.clear()
    for item in items:
        n = position[item.section.key] = position.get(item.section.key, -1) + 1
        note, artifacts = (notes or {}).get((item.section.key, n), ("", ""))
        actions.do_record_consensus(
            adm, acting_user=recorder, item=item, value=agreed[item.key], note=note, artifacts=artifacts
        )
    actions.do_close(adm)
    closed = opened + timedelta(days=18)
    Administration.objects.filter(pk=adm.pk).update(opened_at=opened, closed_at=closed)
    Consensus.objects.filter(administration=adm).update(recorded_at=closed)
    adm.refresh_from_db()
    return adm


def _team(org, community: Community) -> dict[str, User]:
    """The demo's Riverside team members beyond the six demo people (created once, partner role)."""
    from cocreate.core.demo import DEMO_DOMAIN, _user

    team = {}
    for local, name, language, lived in TEAM:
        user = _user(f"{local}@{DEMO_DOMAIN}", name, language)
        # Keisha and Tomás are at the table already (the partners demo): link their records to these
        # sign-ins first, so joining finds them and each is one partner, listed once in people pickers.
        for partner in Partner.objects.filter(community=community, name=name, user__isnull=True):
            partner_actions.do_update_partner(partner, user=user)
        if not user.memberships.filter(organization=org, community=community).exists():
            core_actions.do_add_membership(
                org,
                user=user,
                role=Role.PARTNER,
                community=community,
                partner_type=PartnerType.COMMUNITY,
                lived_experience=lived,
            )
        team[local] = user
    return team


@transaction.atomic
def seed_assessments(communities: dict[str, Community]) -> bool:
    """Riverside's assessments; returns whether anything was created (nothing when it has some already)."""
    from cocreate.core.demo import DEMO_DOMAIN

    riverside = communities["riverside"]
    if Administration.objects.filter(community=riverside).exists():
        return False
    org = riverside.organization
    now = timezone.now()
    rng = random.Random(2026)
    people = {p.email.split("@")[0]: p for p in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    priya, dana, maria = people["practitioner"], people["lead"], people["parent"]
    team = _team(org, riverside)
    lived = {team["keisha"].pk, team["tomas"].pk, maria.pk}

    def cast(users):
        return [(u, Perspective.LIVED if u.pk in lived else Perspective.PROFESSIONAL) for u in users]

    capacity = _version("capacity")
    raters = [priya, dana, maria, team["keisha"], team["tomas"], team["luis"], team["grace"], team["ben"]]
    first = _capacity_round(
        riverside,
        capacity,
        FIRST_ROUND,
        title="Capacity assessment: first team round",
        opened=now - timedelta(days=150),
        people=cast(raters),
        facilitator=priya,
        recorder=dana,
        rng=rng,
        anonymous_user=team["keisha"],  # answered without her name
        notes=CONSENSUS_NOTES,
    )
    # "Make this a goal": the weakest co-creation item waits for the planning to take it over.
    weakest = min(
        (i for i in capacity.items.select_related("section") if i.section.key == "co-creation"),
        key=lambda i: (first.scores["items"][i.key], i.position),
    )
    flag = actions.do_flag_gap(first, item=weakest, acting_user=dana)
    assert first.closed_at is not None  # closed above
    GapFlag.objects.filter(pk=flag.pk).update(flagged_at=first.closed_at + timedelta(days=1))

    _capacity_round(
        riverside,
        capacity,
        FOLLOW_UP,
        title="Capacity assessment: follow-up",
        opened=now - timedelta(days=40),
        people=cast([r for r in raters if r != team["ben"]]),
        facilitator=priya,
        recorder=dana,
        rng=rng,
    )

    _partnership(
        riverside,
        priya,
        cast([dana, priya, team["luis"], team["grace"], maria, team["keisha"], team["tomas"]]),
    )
    _open_coproduction(riverside, priya, dana, maria, now)
    _reflections(riverside, dana, maria, now)
    return True


def _partnership(community: Community, facilitator: User, people: list[tuple[User, str]]) -> None:
    """A closed partnership survey: four professionals and three people with lived experience."""
    opened = timezone.now() - timedelta(days=70)
    adm = actions.do_open_administration(
        community,
        version=_version("partnership"),
        acting_user=facilitator,
        title="Partnership check-in",
        stage=_stage_on(community, opened),
        due_on=(opened + timedelta(days=10)).date(),
        anonymous=True,
    )
    invitees = invite_quietly(adm, people, opened)
    seen: dict[str, int] = {Perspective.PROFESSIONAL: 0, Perspective.LIVED: 0}
    for k, (user, perspective) in enumerate(people):
        n = seen[perspective]
        seen[perspective] += 1
        answers = {key: values[n] for key, values in PARTNERSHIP[perspective].items()}
        submit_as_of(invitees[user.pk], answers, opened + timedelta(days=1 + k))
    adm.refresh_from_db()
    actions.do_close(adm)
    Administration.objects.filter(pk=adm.pk).update(opened_at=opened, closed_at=opened + timedelta(days=12))


def _open_coproduction(
    community: Community, facilitator: User, lead: User, parent: User, now: datetime
) -> None:
    """Open now: the lead has answered; the parent (and the practitioner) have not yet."""
    version = _version("coproduction")
    opened = now - timedelta(days=4)
    adm = actions.do_open_administration(
        community,
        version=version,
        acting_user=facilitator,
        title="How we coproduce: team self-assessment",
        due_on=(now + timedelta(days=10)).date(),
    )
    invitees = invite_quietly(
        adm,
        [
            (lead, Perspective.PROFESSIONAL),
            (parent, Perspective.LIVED),
            (facilitator, Perspective.PROFESSIONAL),
        ],
        opened,
    )
    values = [3, 2, 4, 3, 2]
    items = version.items.order_by("section__position", "position").values_list("key", flat=True)
    answers = {key: values[n % len(values)] for n, key in enumerate(items)}
    submit_as_of(invitees[lead.pk], answers, now - timedelta(days=2))
    Administration.objects.filter(pk=adm.pk).update(opened_at=opened)


def _reflections(community: Community, lead: User, parent: User, now: datetime) -> None:
    """Two answers to this stage's co-creation questions: one by the lead, one by María in Spanish."""
    questions = stage_questions().get("co-creation", {}).get(community.stage, [])
    answers = [
        (lead, "Parents now co-plan the listening sessions; we still decide the agenda without them.", 20),
        (parent, "Nos invitan a más reuniones, pero todavía nos enteramos tarde de algunas decisiones.", 12),
    ]
    for question, (user, text, days) in zip(questions, answers, strict=False):
        reflection = actions.do_write_reflection(
            community,
            acting_user=user,
            domain="co-creation",
            stage=community.stage,
            question_key=question["key"],
            answer=text,
        )
        Reflection.objects.filter(pk=reflection.pk).update(written_at=now - timedelta(days=days))
