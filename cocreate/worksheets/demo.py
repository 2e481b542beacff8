"""Riverside's demo worksheets: a published mission statement (two drafts, a parent's comment, then
version 1) and published core values (three), a perspective prism in progress with one role nobody on
the team holds (the researcher), an ignite talk being written, and goal setting with two statements
not yet in the plan (the lead makes them goals in one click).

Written through `seeding` (a stand-in for the engine's writes; see its docstring). A community that
has worksheets already is left alone, so seeding again changes nothing.
"""

from __future__ import annotations

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community

from . import seeding
from .models import VersionKind, Worksheet

MISSION_DRAFT_1 = (
    "We help Riverside families get the home visiting services they need, working with parents to make "
    "them better."
)
MISSION_DRAFT_2 = (
    "Riverside's families and service staff work side by side so that every family with a young child "
    "can get home visits that fit its life, in its language, and has a say in how they improve."
)
MISSION_FINAL = (
    "Families and service staff in Riverside, working side by side, so that every family with a young "
    "child gets home visits that fit its life and its language — and has a real say in making them better."
)
PARENT_COMMENT = (
    "Me gusta más el borrador 2. Pero “tiene voz” suena a que nos escuchan y ya: quiero que diga que "
    "decidimos juntos. ¿Y podemos nombrar el idioma?"
)
VALUES = [
    {
        "value": "Families lead",
        "meaning": "Parents and caregivers know their children and their neighbourhood best.",
        "behaviour": "We ask families first, share decisions with them and pay them for their time.",
    },
    {
        "value": "Every language welcome",
        "meaning": "Nobody should need English to get help or to help us improve.",
        "behaviour": "Meetings, forms and messages come in Spanish as well as English, with interpreters.",
    },
    {
        "value": "Honest about what we learn",
        "meaning": "We share results with the community, the disappointing ones too.",
        "behaviour": "We tell people what we heard and what we did about it, within a month.",
    },
]
IGNITE_SLIDES = [
    "When my son was born I was nineteen, alone, and I did not speak English. The first letter from the clinic sat on my table for a week.",
    "I was afraid that if I called, somebody would decide I was not a good mother. So I did not call.",
    "In Riverside, one family in three who is offered a home visitor never has a first visit. Nobody asks them why.",
    "I know why. The letter is in English, the phone line closes at four, and the word 'assessment' sounds like a test you can fail.",
    "",
    "",
    "",
    "Imagine a first visit that starts with a neighbour you already know, in your language, at a time that works after your shift.",
]


def _people():
    emails = {f"{who}@{DEMO_DOMAIN}": who for who in ("lead", "parent", "practitioner")}
    return {emails[u.email]: u for u in User.objects.filter(email__in=list(emails))}


def seed_worksheets(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    if riverside is None or Worksheet.objects.filter(community=riverside).exists():
        return
    people = _people()
    lead, parent = people.get("lead"), people.get("parent")
    org = riverside.organization
    _mission(riverside, org, lead, parent)
    _values(riverside, org, lead)
    _prism(riverside, org, lead, parent)
    _ignite(riverside, org, parent)
    _goals(riverside, org, lead)


def _mission(community, org, lead, parent) -> None:
    ws = seeding.start(community, organization=org, key="mission", acting_user=lead, title="Our mission")
    seeding.save_step(
        ws,
        "ask",
        {
            "what_we_do": "Home visits and parent groups for families with children under five.",
            "what_we_make": "Healthier starts, parents who feel confident, services families trust.",
            "for_whom": "Families in Riverside, many of them Spanish-speaking and new to the area.",
        },
        acting_user=lead,
    )
    seeding.save_step(
        ws,
        "narrow",
        {
            "keywords": [
                {"word": "side by side", "why": "Families are partners, not clients."},
                {"word": "in its language", "why": "Half our families speak Spanish at home."},
                {"word": "a real say", "why": "Parents asked for decisions, not only surveys."},
            ]
        },
        acting_user=parent,
    )
    seeding.save_step(
        ws, "drafts", {"candidates": [{"statement": MISSION_DRAFT_1, "author": "Dana"}]}, acting_user=lead
    )
    seeding.snapshot(ws, VersionKind.DRAFT, acting_user=lead, note="First try")
    seeding.save_step(
        ws,
        "drafts",
        {
            "candidates": [
                {"statement": MISSION_DRAFT_1, "author": "Dana"},
                {"statement": MISSION_DRAFT_2, "author": "María"},
            ]
        },
        acting_user=parent,
    )
    draft_2 = seeding.snapshot(ws, VersionKind.DRAFT, acting_user=lead, note="María's wording added")
    seeding.comment(ws, PARENT_COMMENT, author=parent, draft=draft_2, step_key="drafts")
    seeding.save_step(
        ws,
        "review",
        {"heard": "Families want it to say we decide together, and to name language. Staff agreed."},
        acting_user=lead,
    )
    seeding.save_step(ws, "publish", {"final": MISSION_FINAL}, acting_user=lead)
    seeding.snapshot(ws, VersionKind.PUBLISHED, acting_user=lead, note="Agreed at the March team meeting")


def _values(community, org, lead) -> None:
    ws = seeding.start(community, organization=org, key="values", acting_user=lead, title="Our core values")
    seeding.save_step(
        ws,
        "ask",
        {
            "behaviours": "Listening before answering; keeping our word; saying when we got it wrong.",
            "served_say": "“They treated me like I knew my own child.”",
            "less_comfortable": "Dads, and families who do not speak English, should feel expected, not tolerated.",
        },
        acting_user=lead,
    )
    seeding.save_step(ws, "values", {"values": VALUES}, acting_user=lead)
    seeding.snapshot(ws, VersionKind.PUBLISHED, acting_user=lead)


def _prism(community, org, lead, parent) -> None:
    ws = seeding.start(
        community, organization=org, key="prism", acting_user=lead, title="Why families miss the first visit"
    )
    seeding.save_step(
        ws,
        "issue",
        {"issue": "One family in three offered a home visitor never has a first visit."},
        acting_user=lead,
    )
    roles = ws.content["roles"]["roles"]
    notes = {
        "parent": (
            "The letter is in English and sounds like an inspection.",
            "A call from a parent who has done it.",
            "María López",
        ),
        "youth": (
            "Young mums think it is for families who are in trouble.",
            "Hearing it from other young parents.",
            "Tomás Herrera",
        ),
        "frontline": (
            "We get the referral weeks late and the phone number is often wrong.",
            "Referrals the same week.",
            "Dana Brooks",
        ),
        "agency_leader": ("", "", "Riverside County Health Department"),
        "funder": ("We count enrolments, not first visits.", "", "County Children's Services Board"),
        "community_org": ("", "", "Priya Shah"),
    }
    # The template's starting roles, in its order (their row keys may be new ones, made at the start).
    order = ["parent", "youth", "frontline", "agency_leader", "funder", "researcher", "community_org"]
    for row, role in zip(roles, order, strict=False):
        sees, helps, who = notes.get(role, ("", "", ""))
        row.update({"sees": sees, "would_help": helps, "held_by": who})
    # The researcher's role stays with nobody: the prism offers to add that stakeholder.
    seeding.save_step(ws, "roles", {"roles": roles}, acting_user=parent)


def _ignite(community, org, parent) -> None:
    ws = seeding.start(
        community,
        organization=org,
        key="ignite",
        acting_user=parent,
        title="María's story: the letter on the table",
    )
    seeding.save_step(
        ws,
        "story",
        {
            "idea": "Why I never opened the door to the home visitor, and what would have made me open it.",
            "takeaway": "Families are not hard to reach; our first letter is.",
        },
        acting_user=parent,
    )
    slides = ws.content["slides"]["slides"]
    for row, words in zip(slides, IGNITE_SLIDES, strict=False):
        row["words"] = words
    slides[0]["coach"] = "Strong opening. Slow down on “alone”."
    seeding.save_step(ws, "slides", {"slides": slides}, acting_user=parent)


def _goals(community, org, lead) -> None:
    ws = seeding.start(
        community, organization=org, key="goals", acting_user=lead, title="Our goals for family leadership"
    )
    benefits = ws.content["benefits"]
    for rank, row in enumerate(benefits["to_team"][:3], start=1):
        row.update({"matters": "yes", "rank": rank})
    for rank, row in enumerate(benefits["to_community"][1:3], start=1):
        row.update({"matters": "yes", "rank": rank})
    seeding.save_step(ws, "benefits", benefits, acting_user=lead)
    goals = ws.content["goals"]["goals"]
    goals[0].update(
        {
            "statement": "Two more parent leaders join the improvement team, with child care and pay arranged.",
            "actions": "Open a call for parent leaders\nArrange child care for evening meetings",
        }
    )
    goals[1].update(
        {
            "statement": "Parents co-facilitate every monthly team meeting.",
            "actions": "Pair each parent leader with a staff co-facilitator\nShare the agenda a week ahead",
        }
    )
    seeding.save_step(ws, "goals", {"goals": goals[:2]}, acting_user=lead)
