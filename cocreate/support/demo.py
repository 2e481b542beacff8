"""Support events for the demo network: four months of support to Riverside and Lakeview.

Riverside's latest coaching session is the one of the product's journey 5 ("Support, counted"):
1.5 hours, virtual, implementation support, the co-creation domain, six people including two parents.
Running it again changes nothing (a community that has support events already is left alone).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community
from cocreate.partners.models import Partner

from .actions import do_log_support_event, survey_title, survey_title_parts
from .models import SupportEvent

PRACTITIONER = "practitioner@demo.cocreate.org"
ADMIN = "admin@demo.cocreate.org"

# days ago, hours, type, function, modality, domains, attendee partners, headcounts (None: count the
# attendee partners), facilitator emails, summary, next steps
RIVERSIDE = [
    (
        118,
        "2.0",
        "listening",
        "pec",
        "in_person",
        ["co-creation"],
        ["María López", "Keisha Brown", "Tomás Herrera"],
        {"community": 9, "agency": 2, "intermediary": 1},
        [PRACTITIONER],
        "Listening session at the family resource centre, in English and Spanish: what families want "
        "from home visiting, and what gets in the way (evening times, child care, trust in agencies).",
        "Share what we heard with the implementation team; ask two parents to join it.",
    ),
    (
        104,
        "1.5",
        "planning",
        "is",
        "in_person",
        ["leadership", "co-creation"],
        ["Dana Brooks", "Riverside County Health Department"],
        None,
        [PRACTITIONER],
        "Planning meeting with the team lead and the health department: roles on the implementation "
        "team, and a seat for family leaders.",
        "Dana drafts the team's terms of reference; Priya shares role descriptions from the toolkit.",
    ),
    (
        90,
        "3.0",
        "training",
        "wfd",
        "in_person",
        ["workforce"],
        ["Dana Brooks"],
        {"agency": 7, "intermediary": 1},
        [PRACTITIONER],
        "Training for the home visitors on the program's core components and the coaching cycle.",
        "Schedule the first coaching sessions for the new home visitors.",
    ),
    (
        76,
        "1.0",
        "consultation",
        "redl",
        "virtual",
        ["quality"],
        ["Dana Brooks"],
        {"agency": 2},
        [PRACTITIONER],
        "Consultation on the monthly data review: which three measures to look at first.",
        "Try the data review at the next team meeting.",
    ),
    (
        61,
        "1.5",
        "coaching",
        "is",
        "virtual",
        ["co-creation"],
        ["María López", "Keisha Brown", "Dana Brooks"],
        {"community": 2, "agency": 2},
        [PRACTITIONER],
        "Coaching session with the team on preparing family leaders before meetings.",
        "Dana meets María before each meeting to go through the agenda in Spanish.",
    ),
    (
        47,
        "2.0",
        "observation",
        "is",
        "in_person",
        ["co-creation", "leadership"],
        ["María López", "Keisha Brown", "Dana Brooks", "Riverside County Health Department"],
        None,
        [PRACTITIONER],
        "Observed the implementation team meeting: who spoke, how decisions were made, where families "
        "were left out of the conversation.",
        "Debrief with Dana; try rotating the facilitator role.",
    ),
    (
        33,
        "1.0",
        "consultation",
        "pf",
        "phone",
        ["leadership"],
        ["County Children's Services Board"],
        None,
        [ADMIN],
        "Call with the county board about paying family leaders for their time from next year's budget.",
        "Send the board the honorarium policy draft.",
    ),
    (
        19,
        "1.5",
        "coaching",
        "is",
        "virtual",
        ["co-creation"],
        ["María López", "Keisha Brown", "Dana Brooks", "County Children's Services Board"],
        {"community": 2, "agency": 3, "funder": 1},
        [PRACTITIONER],
        "Coaching session on the new listening-session format: short rounds, questions sent ahead, "
        "interpretation in Spanish. Six people, two of them parents.",
        "Run the new format in the next listening session and collect the team's reflections.",
    ),
    (
        6,
        "1.0",
        "coaching",
        "is",
        "virtual",
        ["co-creation", "quality"],
        ["Keisha Brown", "Dana Brooks"],
        None,
        [PRACTITIONER],
        "Coaching check-in after the first listening session in the new format.",
        "Keisha shares the family feedback at the monthly meeting.",
    ),
]
LAKEVIEW = [
    (
        112,
        "2.0",
        "consultation",
        "is",
        "in_person",
        ["workforce", "leadership"],
        ["Lakeview Parks and Recreation"],
        {"agency": 4},
        [PRACTITIONER],
        "Consultation on rebuilding the coaching system after two coaches left.",
        "Draft a coaching plan with the city's program manager.",
    ),
    (
        83,
        "4.0",
        "training",
        "wfd",
        "in_person",
        ["workforce"],
        [],
        {"agency": 6, "intermediary": 2},
        [PRACTITIONER, ADMIN],
        "Coach training for the two new coaches and their supervisor.",
        "First observed coaching sessions next month.",
    ),
    (
        55,
        "1.5",
        "planning",
        "redl",
        "hybrid",
        ["quality"],
        ["State University Evaluation Lab"],
        {"research": 2, "agency": 2},
        [PRACTITIONER],
        "Planning the evaluation of the coaching system with the university lab.",
        "The lab proposes three fidelity measures.",
    ),
    (
        26,
        "1.0",
        "listening",
        "pec",
        "in_person",
        ["co-creation"],
        ["Ahmed Hassan"],
        {"community": 7},
        [PRACTITIONER],
        "Listening session with parents at the recreation centre, with an Arabic interpreter.",
        "Invite two parents to the next team meeting.",
    ),
    (
        9,
        "1.5",
        "coaching",
        "is",
        "virtual",
        ["workforce"],
        ["Lakeview Parks and Recreation"],
        {"agency": 3},
        [PRACTITIONER],
        "Coaching the coaches: using observation notes in supervision.",
        "Review the first month of coaching logs together.",
    ),
]


def seed_demo(communities: dict[str, Community]) -> None:
    """The demo's support log, then the interim-outcomes surveys after three sessions."""
    seed_support(communities)
    seed_interim_surveys(communities)  # after the assessments demo: it gives the attendees their sign-ins


def seed_support(communities: dict[str, Community]) -> None:
    """Riverside's and Lakeview's support log (skipped for a community that has one already)."""
    people = {u.email: u for u in User.objects.filter(email__in=[PRACTITIONER, ADMIN])}
    if PRACTITIONER not in people:
        return
    today = timezone.localdate()
    for slug, rows in (("riverside", RIVERSIDE), ("lakeview", LAKEVIEW)):
        community = communities.get(slug)
        if community is None or SupportEvent.objects.filter(community=community).exists():
            continue
        partners = {p.name: p for p in Partner.objects.active().filter(community=community)}
        for days, hours, etype, function, modality, domains, names, headcounts, by, summary, steps in rows:
            facilitators = [people[email] for email in by if email in people]
            event = do_log_support_event(
                community,
                acting_user=facilitators[0],
                date=today - timedelta(days=days),
                hours=Decimal(hours),
                event_type=etype,
                function=function,
                modality=modality,
                domains=domains,
                attendee_partners=[partners[name] for name in names if name in partners],
                attendee_users=[],
                facilitators=facilitators,
                headcounts=headcounts,
                summary=summary,
                next_steps=steps,
            )
            # Logged the evening after the session, as a practitioner would (not when the demo was seeded).
            logged = timezone.make_aware(datetime.combine(event.date + timedelta(days=1), time(18, 0)))
            SupportEvent.objects.filter(pk=event.pk).update(created_at=logged, updated_at=logged)


def seed_plan_links(communities: dict[str, Community]) -> None:
    """Link Riverside's support to its plan: each session since the first goal was set serves the goal
    (or the goal's first action) its summary is closest to. Runs after the planning demo; a community
    whose support is linked already is left alone. The implementation-support plans come first, as they
    did when the planning demo wrote them."""
    seed_support_plans(communities)
    from cocreate.planning.models import Goal

    from .models import SupportEventAction, SupportEventGoal

    community = communities.get("riverside")
    if community is None or SupportEventGoal.objects.filter(community=community).exists():
        return
    goals = list(Goal.objects.filter(community=community).prefetch_related("actions").order_by("pk")[:2])
    if not goals:
        return
    events = list(SupportEvent.objects.filter(community=community).order_by("date", "pk"))
    scope = {"organization_id": community.organization_id, "community_id": community.pk}
    for i, event in enumerate(events[-4:]):  # the latest four sessions, alternating between two goals
        goal = goals[i % len(goals)]
        first_action = next(iter(goal.actions.all()), None)
        if i % 2 == 0 or first_action is None:
            SupportEventGoal.objects.create(event=event, goal=goal, **scope)
        if first_action is not None:
            SupportEventAction.objects.create(event=event, action=first_action, **scope)


# The interim-outcomes survey after three of Riverside's sessions: the session (days ago), what each
# attendee who answered gave (a base value, by the local part of their demo sign-in), and whether the
# round is closed. Trust and follow-through grow as the support goes on; the latest survey is still
# collecting answers (one of two so far, and a round of two never shows its scores: too few to be anonymous).
SURVEYS = [
    (118, {"parent": 3, "keisha": 3, "tomas": 2}, True),
    (47, {"parent": 4, "keisha": 4, "lead": 3}, True),
    (6, {"lead": 4}, False),
]
# Added to a person's base value, item by item (in the survey's order): the support is trusted before
# its ideas show up in the everyday work.
ITEM_SHIFTS = [1, 0, 0, -1, -1, -1, 0, 1]


def seed_interim_surveys(communities: dict[str, Community]) -> None:
    """Riverside's interim-outcomes surveys, sent to the attendees who sign in, as `do_send_interim_survey`
    would but dated after each session and without emails (skipped when Riverside has surveys already)."""
    from cocreate.assessments import actions as assessment_actions
    from cocreate.assessments.actions import perspective_of
    from cocreate.assessments.demo import invite_quietly, submit_as_of
    from cocreate.assessments.models import Administration

    from .models import EventSurvey
    from .queries.outcomes import interim_version
    from .queries.surveys import survey_recipients

    community = communities.get("riverside")
    if community is None or EventSurvey.objects.filter(community=community).exists():
        return
    version = interim_version(community.organization_id)
    practitioner = User.objects.filter(email=PRACTITIONER).first()
    if version is None or practitioner is None:
        return
    items = [key for key, _section in version.item_keys]
    today = timezone.localdate()
    for days, answers, closed in SURVEYS:
        event = SupportEvent.objects.filter(community=community, date=today - timedelta(days=days)).first()
        people = list(survey_recipients(event)) if event else []
        if event is None or not people:
            continue
        opened = timezone.now() - timedelta(days=days - 1)
        adm = assessment_actions.do_open_administration(
            community,
            version=version,
            acting_user=practitioner,
            title=survey_title(event),
            title_parts=survey_title_parts(event),
            due_on=(opened + timedelta(days=14)).date(),
            anonymous=True,
        )
        EventSurvey.objects.create(
            organization_id=community.organization_id,
            community=community,
            event=event,
            administration=adm,
            sent_by=practitioner,
            sent_at=opened,
        )
        invitees = invite_quietly(adm, [(user, perspective_of(user, community)) for user in people], opened)
        for k, user in enumerate(people):
            base = answers.get(user.email.split("@")[0])
            if base is None:
                continue  # has not answered (yet)
            values = {
                key: min(5, max(1, base + ITEM_SHIFTS[i % len(ITEM_SHIFTS)])) for i, key in enumerate(items)
            }
            submit_as_of(invitees[user.pk], values, opened + timedelta(days=1 + k))
        Administration.objects.filter(pk=adm.pk).update(opened_at=opened)
        if closed:
            assessment_actions.do_close(adm)
            Administration.objects.filter(pk=adm.pk).update(closed_at=opened + timedelta(days=14))


# Implementation-support plans ----------------------------------------------------------------------------
# Riverside has two published versions (the second adds a data activity and hands the listening sessions
# to the parents), Lakeview one written after its step back to installation. A community that has a
# support plan (or a draft) already is left alone.

RIVERSIDE_PURPOSE = (
    "Northfield supports Riverside County's team as it builds, step by step, the capacity to deliver home "
    "visiting well on its own: a team that plans with families, home visitors who are trained and "
    "coached, and data the team uses to improve.\n\n"
    "Our aim is to be needed less each year. Every activity below is meant to leave a skill or a routine "
    "behind in the county."
)
RIVERSIDE_HOW = (
    "Priya meets the implementation team on the second Thursday of each month, and is reachable by phone "
    "in between. The team decides what it asks of us; we say plainly what we can and cannot offer.\n\n"
    "Family leaders are at every planning meeting, and we review this plan with the team each quarter. "
    "If an activity is not helping, anyone on the team can say so and we change it."
)


def seed_support_plans(communities: dict[str, Community]) -> None:
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    from . import plan as support_plan
    from .models import SupportPlanVersion
    from .plan import ActivityData as A

    priya, alex = people.get("practitioner"), people.get("admin")
    if priya is None or alex is None:
        return
    riverside, lakeview = communities.get("riverside"), communities.get("lakeview")

    if riverside is not None and not SupportPlanVersion.objects.filter(community=riverside).exists():
        first = [
            A(
                "exploration",
                "Get to know the county's partners and the families they serve",
                ["pec", "is"],
                details="Visits to the three family resource centres and the health department.",
                timing="First two months",
                providers=[priya],
            ),
            A(
                "exploration",
                "Run the implementation capacity assessment with the team",
                ["is", "redl"],
                timing="Once, then every six months",
                providers=[priya],
            ),
            A(
                "installation",
                "Train the first home visitors in the program",
                ["wfd"],
                timing="Two cohorts before enrolment starts",
                providers=[priya],
                provider_name="Certified program trainer",
            ),
            A(
                "installation",
                "Work out how home-visiting time can be billed",
                ["pf"],
                details="With the county's finance office and the state Medicaid contact.",
                providers=[alex],
            ),
            A(
                "initial",
                "Coach the implementation team on its action plan and PDSA cycles",
                ["is"],
                timing="Monthly",
                providers=[priya],
            ),
            A(
                "initial",
                "Co-host listening sessions with families",
                ["pec"],
                timing="Every quarter",
                providers=[priya],
            ),
        ]
        v1 = support_plan.do_save_support_plan_draft(
            riverside,
            acting_user=priya,
            purpose=RIVERSIDE_PURPOSE,
            how_we_work=RIVERSIDE_HOW,
            activities=first,
            publish=True,
        )
        SupportPlanVersion.objects.filter(pk=v1.pk).update(published_at=timezone.now() - timedelta(days=120))
        keys = {a.title: a.key for a in v1.activities.all()}
        second = [
            A(
                a.stage,
                a.title,
                a.functions,
                details=a.details,
                timing=a.timing,
                providers=a.providers,
                provider_name=a.provider_name,
                key=keys[a.title],
            )
            for a in first
            if not a.title.startswith("Co-host")
        ]
        second += [
            A(
                "initial",
                "Support parent leaders to plan and run the listening sessions",
                ["pec", "wfd"],
                details="Two hours of preparation with the parents before each session; child care paid.",
                timing="Every quarter",
                providers=[priya],
                provider_name="Family Voices network",
                key=keys["Co-host listening sessions with families"],
            ),
            A(
                "initial",
                "Look at the enrolment and visit data together, with the families",
                ["redl"],
                timing="Every other month",
                providers=[priya],
                provider_name="University evaluation partner",
            ),
            A(
                "full",
                "Plan how the county will sustain coaching after the grant ends",
                ["pf", "wfd"],
                timing="Next year",
                providers=[alex],
            ),
        ]
        support_plan.do_save_support_plan_draft(
            riverside,
            acting_user=priya,
            purpose=RIVERSIDE_PURPOSE,
            how_we_work=RIVERSIDE_HOW,
            activities=second,
            publish=True,
        )

    if lakeview is not None and not SupportPlanVersion.objects.filter(community=lakeview).exists():
        support_plan.do_save_support_plan_draft(
            lakeview,
            acting_user=priya,
            purpose=(
                "Lakeview stepped back to installation to rebuild its coaching. Our support for the next six "
                "months is about that: every home visitor coached, and coaches who are themselves supported."
            ),
            how_we_work="A short call every two weeks with the city's program manager; a visit each month.",
            activities=[
                A(
                    "installation",
                    "Help recruit and select two new coaches",
                    ["wfd"],
                    providers=[priya],
                    timing="This quarter",
                ),
                A(
                    "installation",
                    "Coach the coaches",
                    ["wfd", "is"],
                    provider_name="Program coach trainer",
                    providers=[priya],
                    timing="Twice a month",
                ),
                A(
                    "installation",
                    "Set up a simple coaching log the team reviews",
                    ["redl"],
                    providers=[priya],
                    timing="Once, then reviewed monthly",
                ),
            ],
            publish=True,
        )
