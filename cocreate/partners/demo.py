"""Partners for the demo network: who is at Riverside's table and Lakeview's, and how that has changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.models import Community, Team

from . import actions
from .models import EngagementArea, Level, PartnerType

# name, type, lived experience, languages, affiliation, email, (current, planned) in co-creation, role on team
RIVERSIDE = [
    (
        "María López",
        PartnerType.COMMUNITY,
        True,
        "Spanish, English",
        "",
        "parent@demo.cocreate.org",
        (Level.CONSULT, Level.COLLABORATE),
        ("Family advisory group", "Family leader"),
    ),
    (
        "Keisha Brown",
        PartnerType.COMMUNITY,
        True,
        "English",
        "",
        "keisha.brown@example.org",
        (Level.INVOLVE, Level.COLLABORATE),
        ("Implementation team", "Parent partner"),
    ),
    (
        "Tomás Herrera",
        PartnerType.COMMUNITY,
        True,
        "Spanish",
        "Youth council",
        "",
        (Level.INFORM, Level.CONSULT),
        None,
    ),
    (
        "Dana Brooks",
        PartnerType.AGENCY,
        False,
        "English",
        "Riverside Family Resource Centre",
        "lead@demo.cocreate.org",
        (Level.CO_LEAD, Level.CO_LEAD),
        ("Implementation team", "Team lead"),
    ),
    (
        "Riverside County Health Department",
        PartnerType.AGENCY,
        False,
        "English, Spanish",
        "",
        "",
        (Level.COLLABORATE, Level.COLLABORATE),
        None,
    ),
    (
        "Priya Shah",
        PartnerType.INTERMEDIARY,
        False,
        "English",
        "Northfield Implementation Support Center",
        "practitioner@demo.cocreate.org",
        (Level.COLLABORATE, Level.COLLABORATE),
        ("Implementation team", "Implementation support practitioner"),
    ),
    (
        "County Children's Services Board",
        PartnerType.FUNDER,
        False,
        "English",
        "",
        "",
        (Level.INFORM, Level.CONSULT),
        None,
    ),
]
LAKEVIEW = [
    (
        "Ahmed Hassan",
        PartnerType.COMMUNITY,
        True,
        "Arabic, English",
        "",
        "",
        (Level.CONSULT, Level.INVOLVE),
        None,
    ),
    (
        "Lakeview Parks and Recreation",
        PartnerType.AGENCY,
        False,
        "English",
        "",
        "",
        (Level.INVOLVE, Level.INVOLVE),
        None,
    ),
    (
        "State University Evaluation Lab",
        PartnerType.RESEARCH,
        False,
        "English",
        "",
        "",
        (Level.CONSULT, Level.COLLABORATE),
        None,
    ),
]
HISTORY_REASONS = [
    "Came to the first listening session and asked to stay involved.",
    "Reviewed the draft family survey and changed two questions.",
    "Joined the monthly planning meeting.",
    "Co-facilitated the community meeting with the team lead.",
]


def seed_demo(communities: dict[str, Community]) -> None:
    """The demo's partners, recorded by its support practitioner (registered in PartnersConfig.ready())."""
    from cocreate.core.demo import DEMO_DOMAIN

    seed_partners(communities, acting_user=User.objects.get(email=f"practitioner@{DEMO_DOMAIN}"))


def seed_partners(communities: dict[str, Community], *, acting_user=None) -> None:
    now = timezone.now()
    for slug, rows in (("riverside", RIVERSIDE), ("lakeview", LAKEVIEW)):
        community = communities[slug]
        co_creation = EngagementArea.objects.get(community=community, key="co-creation")
        leadership = EngagementArea.objects.get(community=community, key="leadership")
        teams = {team.name: team for team in Team.objects.filter(community=community)}
        # A partner who also signs in to this community (the demo's parent, lead and practitioner) has
        # a partner record already, made when she joined: it is completed here, so each person is one
        # partner, listed once in people pickers.
        members = {
            user.email: user
            for user in User.objects.filter(memberships__community=community, is_active=True).distinct()
        }
        joined = {p.user_id: p for p in community.partners.filter(user__isnull=False)}
        for name, ptype, lived, languages, affiliation, email, (current, planned), role in rows:
            user = members.get(email) if email else None
            fields: dict[str, Any] = dict(
                name=name,
                partner_type=ptype,
                lived_experience=lived,
                languages=languages,
                affiliation=affiliation,
                email=email,
                user=user,
                is_organization=" " in name and not lived and not email,
                available_days=[1, 3] if lived else [0, 1, 2, 3, 4],
                available_times=["evening"] if lived else [],
                consent_on=timezone.localdate() - timedelta(days=200) if email else None,
                consent_wording="You may email or text me about the program and its meetings."
                if email
                else "",
            )
            existing = joined.get(user.pk) if user is not None else None
            if existing is not None:
                partner = actions.do_update_partner(existing, acting_user=acting_user, **fields)
            else:
                partner = actions.do_create_partner(community, acting_user=acting_user, **fields)
            # Climb the ladder one step at a time, months apart, so the history reads like a real one.
            steps = list(range(Level.INFORM, current + 1))
            for i, level in enumerate(steps):
                when = now - timedelta(days=40 * (len(steps) - i) + 10)
                actions.do_set_level(
                    partner,
                    co_creation,
                    current=level,
                    planned=planned,
                    reason=HISTORY_REASONS[min(i, len(HISTORY_REASONS) - 1)],
                    acting_user=acting_user,
                    when=when,
                )
            if ptype == PartnerType.AGENCY:
                actions.do_set_level(
                    partner,
                    leadership,
                    current=max(current - 1, 1),
                    planned=current,
                    reason="Leads the agency's part of the rollout.",
                    acting_user=acting_user,
                )
            if role:
                actions.do_place_on_team(teams[role[0]], partner=partner, title=role[1])
    lead = communities["riverside"].memberships.filter(role="team_lead").select_related("user").first()
    seed_plan(communities["riverside"], acting_user=lead.user if lead else acting_user)
    seed_invitation(communities["riverside"], acting_user=lead.user if lead else acting_user)
    # Tomás has not heard from the team in a while: the gap list should say so.
    communities["riverside"].partners.filter(name="Tomás Herrera").update(
        last_engaged_on=timezone.localdate() - timedelta(days=75)
    )


def seed_plan(community: Community, *, acting_user) -> None:
    """Riverside's written engagement plan, as a lead would have drafted it with the team."""
    from . import plan as plans

    plan = community.engagement_plan
    plans.do_update_goals(
        plan,
        participation_goals=(
            "By next summer, parents and caregivers collaborate in co-creation and in leadership: at least "
            "four family leaders on the implementation team, each paid for their time. Agencies keep "
            "co-leading delivery. The county board moves from being informed to being consulted before "
            "each budget decision."
        ),
        acting_user=acting_user,
    )
    lopez = community.partners.get(name="María López")
    plans.do_add_entry(
        plan,
        responsible="Dana Brooks (team lead)",
        partner=lopez,
        strategies="Meets María before each monthly meeting to go over the agenda in Spanish; pays for child care.",
        acting_user=acting_user,
    )
    plans.do_add_entry(
        plan,
        responsible="Keisha Brown (parent partner)",
        partner_type=PartnerType.COMMUNITY,
        strategies="Hosts two listening sessions a year at the family resource centre; shares what was heard.",
        acting_user=acting_user,
    )
    plans.do_add_entry(
        plan,
        responsible="Priya Shah (support practitioner)",
        partner_type=PartnerType.FUNDER,
        strategies="Sends the board a one-page update each quarter and invites a member to the spring review.",
        acting_user=acting_user,
    )
    plans.do_add_agreement(
        plan,
        with_whom="Family advisory group",
        what="Meetings on Tuesday evenings at 6 pm, with dinner and child care; interpretation in Spanish.",
        agreed_on=timezone.localdate() - timedelta(days=60),
        acting_user=acting_user,
    )
    plans.do_add_agreement(
        plan,
        with_whom="Implementation team",
        what="Decisions by consent; drafts go out a week ahead so everyone can prepare.",
        agreed_on=timezone.localdate() - timedelta(days=45),
        acting_user=acting_user,
    )


def seed_invitation(community: Community, *, acting_user) -> None:
    """A parent invited to Riverside's table and not yet joined: when she accepts, she is a community
    member with lived experience at once (the invitation says so)."""
    from cocreate.core.actions import do_invite
    from cocreate.core.models import Role

    do_invite(
        community.organization,
        email="rosa.mendez@example.org",
        role=Role.PARTNER,
        community=community,
        acting_user=acting_user,
        language="es",
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
    )
