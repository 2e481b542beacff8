"""Role descriptions a team starts from: the built-in ones (data, translated) and an organization's own copies.

Built-in descriptions live here rather than in the database so they read in each person's language and
improve with the code. An organization adapts one by copying it into a `RoleTemplate` row of its own
(copied in the language of the person who copies it), which it can then edit freely.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cocreate.core.concurrency import claim_edit
from cocreate.core.models import Organization

from .models import PartnerType, RoleTemplate


@dataclass(frozen=True)
class BuiltinRole:
    """A role description that ships with Cocreate. Text fields hold one point per line."""

    key: str
    title: Promise
    partner_type: str  # the partner type that usually holds it; "" when anyone may
    what_they_bring: Promise
    responsibilities: Promise
    expectations: Promise

    @property
    def is_builtin(self) -> bool:
        return True

    def get_partner_type_display(self) -> str:
        return str(PartnerType(self.partner_type).label) if self.partner_type else ""


BUILTIN_ROLES: tuple[BuiltinRole, ...] = (
    BuiltinRole(
        key="family-leader",
        title=_("Family leader (parent partner)"),
        partner_type=PartnerType.COMMUNITY,
        what_they_bring=_(
            "First-hand knowledge of raising children while using these services: what helps, what gets "
            "in the way, and what other families say when staff are not in the room.\n"
            "Ties to parent groups, neighbors and networks the agencies rarely reach on their own."
        ),
        responsibilities=_(
            "Speak from your own family's experience and from what you hear from other families.\n"
            "Help the team choose what to work on first and how it will know things are better.\n"
            "Read plans, flyers and messages before they go out and say when they would not work for families.\n"
            "Take news of the team's work back to your networks, and bring their questions to the team.\n"
            "Join a workgroup or try out a change when it fits your time."
        ),
        expectations=_(
            "Your time, preparation and travel are paid, and child care is covered, as the partnership policy sets out.\n"
            "Meetings are held when families can come, with papers sent ahead in plain language and in your language.\n"
            "A named staff member checks in with you before and after each meeting.\n"
            "Come when you can and tell the team when you cannot; nobody is dropped for missing a meeting.\n"
            "You may turn down a task, take a break or change your role at any time.\n"
            "Training in the team's methods is offered to you as to everyone else, and it is paid time."
        ),
    ),
    BuiltinRole(
        key="youth-partner",
        title=_("Youth partner"),
        partner_type=PartnerType.COMMUNITY,
        what_they_bring=_(
            "A young person's view of the services and of the places they happen: schools, clinics, online.\n"
            "A sense of which words, channels and times actually reach people their age."
        ),
        responsibilities=_(
            "Tell the team how an idea would land with young people, and say so when it would not.\n"
            "Help design and test materials, surveys and events meant for youth.\n"
            "Invite other young people into listening sessions and share back what they said.\n"
            "Take part in decisions about the work that affects young people."
        ),
        expectations=_(
            "Meetings fit around school or work, and can be joined by phone.\n"
            "Your time is paid like any other partner's, with a parent's or guardian's consent when you are under 18.\n"
            "An adult ally on the team is there to answer questions and to back you up in meetings.\n"
            "You will see what happened with your ideas, including the ones the team did not use."
        ),
    ),
    BuiltinRole(
        key="agency-lead",
        title=_("Agency lead"),
        partner_type=PartnerType.AGENCY,
        what_they_bring=_(
            "Authority to commit staff time, budget and policy changes in the service agency.\n"
            "Knowledge of how the agency works day to day, and of the rules it works under."
        ),
        responsibilities=_(
            "Make sure the agency's part of the plan has the people and money it needs.\n"
            "Remove obstacles the team runs into inside the agency, and say plainly when a change cannot be made.\n"
            "Share leadership of meetings and decisions with community partners instead of holding it alone.\n"
            "Report back to the team on what the agency did with its recommendations."
        ),
        expectations=_(
            "Attend the team's decision meetings, or send someone who can decide in your place.\n"
            "Follow the team's agreements on how decisions are made, including when you disagree.\n"
            "Model the partnership: listen first, and give credit to partners for their ideas."
        ),
    ),
    BuiltinRole(
        key="frontline-staff",
        title=_("Frontline staff representative"),
        partner_type=PartnerType.AGENCY,
        what_they_bring=_(
            "Everyday knowledge of delivering the service: what families ask for, where the process breaks down, "
            "and what is realistic to change.\n"
            "The trust of colleagues who will carry out whatever the team decides."
        ),
        responsibilities=_(
            "Bring colleagues' experience and concerns to the team, and take the team's news back to them.\n"
            "Help test changes in real work and report what happened, good or bad.\n"
            "Point out when a plan would add work without taking any away."
        ),
        expectations=_(
            "Time for the team is counted as part of your job, agreed with your supervisor.\n"
            "What you share about how the work really goes is not used against you or your colleagues.\n"
            "Come to meetings prepared, and tell the facilitator ahead of time when you cannot come."
        ),
    ),
    BuiltinRole(
        key="funder-liaison",
        title=_("Funder liaison"),
        partner_type=PartnerType.FUNDER,
        what_they_bring=_(
            "A line to the state or local funding and policy decisions that shape the services.\n"
            "Knowledge of what funding can and cannot pay for, and of timelines and reporting."
        ),
        responsibilities=_(
            "Keep the team informed about funding, policy and reporting changes early enough to act on them.\n"
            "Carry what the team learns, including what families say, back to funders and policymakers.\n"
            "Look for flexibility in funding rules when they block fair participation (for example, paying partners)."
        ),
        expectations=_(
            "Join the team at agreed points in the year, not only when reports are due.\n"
            "Treat the team's data as shared work in progress, not only as a compliance check.\n"
            "Be open about constraints, so the team plans with real numbers."
        ),
    ),
    BuiltinRole(
        key="evaluator-partner",
        title=_("Evaluator partner"),
        partner_type=PartnerType.RESEARCH,
        what_they_bring=_(
            "Skills in choosing measures, collecting data fairly and making sense of results.\n"
            "Knowledge of what research says about similar efforts elsewhere."
        ),
        responsibilities=_(
            "Work with the whole team, families included, to decide what to measure and why.\n"
            "Turn data into short summaries and charts everyone on the team can read.\n"
            "Bring results back to the team and the community quickly, including the disappointing ones.\n"
            "Protect the privacy of the people whose information is used."
        ),
        expectations=_(
            "Questions and findings are shared with the team before they are published.\n"
            "Community partners are named and credited for their part in the work.\n"
            "Data collection is kept light, and never takes the place of listening to people."
        ),
    ),
    BuiltinRole(
        key="implementation-support-practitioner",
        title=_("Implementation support practitioner"),
        partner_type=PartnerType.INTERMEDIARY,
        what_they_bring=_(
            "Experience helping communities build what it takes to put a program into practice and keep it going.\n"
            "Tools for assessment, planning, coaching and improvement cycles, and links to peers in other communities."
        ),
        responsibilities=_(
            "Coach the team through assessing its capacity, setting goals and testing changes.\n"
            "Help the team plan who engages each partner and how, and keep that plan current.\n"
            "Log support given so the team and the intermediary can see what helped.\n"
            "Build the team's own skills, so it relies less on outside support over time."
        ),
        expectations=_(
            "Support is shaped to what the community asks for, not to a fixed package.\n"
            "Be available between meetings by agreed means, and say in advance when you are away.\n"
            "Share your notes and observations with the team openly."
        ),
    ),
    BuiltinRole(
        key="purveyor-representative",
        title=_("Program developer representative"),
        partner_type=PartnerType.INTERMEDIARY,
        what_they_bring=_(
            "Deep knowledge of the program being put in place: its core parts, its training and its fidelity checks.\n"
            "Lessons from other places that have used the program."
        ),
        responsibilities=_(
            "Explain which parts of the program must stay as they are, and which can be adapted locally.\n"
            "Work with families and staff to make materials fit the community's languages and cultures.\n"
            "Help the team read fidelity and outcome data and plan what to do about it."
        ),
        expectations=_(
            "Adaptation requests from the community are taken seriously and answered with reasons.\n"
            "Training and materials are offered in the languages the community needs."
        ),
    ),
    BuiltinRole(
        key="team-facilitator",
        title=_("Team facilitator"),
        partner_type="",
        what_they_bring=_(
            "The ability to run a meeting where every voice is heard, including the quiet ones.\n"
            "Any partner can take this role; it rotates so leadership is shared."
        ),
        responsibilities=_(
            "Prepare the agenda with the team lead and a community partner, and send it out ahead of time.\n"
            "Open the meeting with the team's shared agreements, and keep to time.\n"
            "Make sure each decision says how it was made and who will act on it.\n"
            "Check in with community partners after the meeting about how it went for them."
        ),
        expectations=_(
            "The role changes hands at each meeting or on a schedule the team agrees.\n"
            "Preparation time is paid for community partners who facilitate.\n"
            "Anyone new to facilitating is offered a practice run and a co-facilitator."
        ),
    ),
)

BUILTIN_BY_KEY: dict[str, BuiltinRole] = {role.key: role for role in BUILTIN_ROLES}


def lines(text: str | Promise) -> list[str]:
    """The points of a description, one per non-empty line (bullets typed by people are dropped)."""
    return [line.strip().lstrip("-•*").strip() for line in str(text).splitlines() if line.strip()]


def organization_templates(org: Organization):
    return RoleTemplate.objects.filter(organization=org).order_by("title", "pk")


@transaction.atomic
def do_copy_builtin_role(org: Organization, *, key: str, acting_user=None) -> RoleTemplate:
    """An organization's own, editable copy of a built-in role, in the current language."""
    builtin = BUILTIN_BY_KEY[key]
    return RoleTemplate.objects.create(
        organization=org,
        title=str(builtin.title),
        partner_type=builtin.partner_type,
        what_they_bring=str(builtin.what_they_bring),
        responsibilities=str(builtin.responsibilities),
        expectations=str(builtin.expectations),
    )


@transaction.atomic
def do_update_role_template(
    template: RoleTemplate, *, acting_user=None, version: int | None = None, **fields
) -> RoleTemplate:
    """Change an organization's own role description; an edit started from an older `version` raises
    StaleEdit (a built-in one cannot be edited: copy it first)."""
    if template.organization_id is None:
        raise ValueError("built-in role templates cannot be edited; copy one first")
    claim_edit(template, version)
    for key, value in fields.items():
        setattr(template, key, value)
    template.save(update_fields=[*fields, "version"])
    return template


@transaction.atomic
def do_delete_role_template(template: RoleTemplate, *, acting_user=None) -> None:
    """Roles already given from this template keep their text: a TeamRole holds its own copy."""
    if template.organization_id is None:
        raise ValueError("built-in role templates cannot be deleted")
    template.delete()
