"""Agreements and decisions for the cast's communities, made on demand through the same writes as the pages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.meetings import actions, proposals
from cocreate.meetings.access import meeting_people
from cocreate.meetings.actions import DecisionDetails, MeetingDetails, Taking
from cocreate.meetings.models import AgreementQuestion, AgreementVersion, Decision, Meeting
from cocreate.partners.actions import do_create_partner
from cocreate.partners.models import Partner


def full_answers(words: str = "listen first") -> dict[str, dict[str, str]]:
    """Every question answered (in the "always" column), as the form hands it over."""
    return {q: {"always": f"{words} ({q})", "sometimes": "", "never": ""} for q in AgreementQuestion.values}


def publish(cast, words: str = "listen first", community=None) -> AgreementVersion:
    """Save a complete draft and publish it as the next version (by the lead)."""
    community = community or cast.community
    actions.do_save_agreement_draft(community, acting_user=cast.lead, answers=full_answers(words))
    return actions.do_publish_agreement(community, acting_user=cast.lead)


def riverside_version(cast) -> AgreementVersion:
    """Riverside's version 1 (published the first time it is asked for)."""
    return AgreementVersion.objects.filter(community=cast.community, number=1).first() or publish(cast)


def partner(cast, name: str, partner_type: str = "community", **fields) -> Partner:
    return do_create_partner(cast.community, name=name, partner_type=partner_type, **fields)


def record(cast, title: str = "Meet in the evenings", *, by=None, community=None, **fields) -> Decision:
    """A decision recorded through the page's write (consent, adopted, nobody listed, unless said)."""
    details = DecisionDetails(
        title=title,
        method=fields.pop("method", "consent"),
        outcome=fields.pop("outcome", "adopted"),
        decided_on=fields.pop("decided_on", timezone.localdate()),
        **fields,
    )
    return actions.do_record_decision(
        community or cast.community, acting_user=by or cast.lead, details=details
    )


def when(days: float = 7, hours: float = 1.5):
    """A start `days` from now (negative: in the past) and an end `hours` later."""
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)
    return start, start + timedelta(hours=hours)


def plan(
    cast, title: str = "Team meeting", *, days: float = 7, attendees=None, roles=None, agenda=None, **fields
) -> Meeting:
    """A meeting planned through the page's write (at the library, nobody invited, unless said)."""
    community = fields.pop("community", None) or cast.community
    people = meeting_people(community)
    starts_at, ends_at = when(days)
    details = MeetingDetails(
        title=title,
        starts_at=fields.pop("starts_at", starts_at),
        ends_at=fields.pop("ends_at", ends_at),
        place=fields.pop("place", "Riverside library"),
        attendees=attendees or [],
        roles=roles or {},
        agenda=agenda or [],
        **fields,
    )
    return actions.do_create_meeting(community, acting_user=cast.lead, details=details, people=people)


def riverside_meeting(cast) -> Meeting:
    return Meeting.objects.filter(
        community=cast.community, title="The route-matrix meeting."
    ).first() or plan(cast, "The route-matrix meeting.")


def propose(
    cast, title: str = "Move the parents' circle to Saturdays", *, days: float = 3, **fields
) -> Decision:
    """A proposal opened by the lead (consent, closing in `days`, the default people asked, unless said)."""
    community = fields.pop("community", None) or cast.community
    people = proposals.people_to_ask(community)
    meeting = fields.pop("meeting", None)
    details = proposals.ProposalDetails(
        title=title,
        method=fields.pop("method", "consent"),
        closes_at=timezone.now() + timedelta(days=days),
        asked=fields.pop("asked", None) or proposals.default_asked(community, meeting, people),
        meeting=meeting,
        **fields,
    )
    return proposals.do_open_proposal(community, acting_user=cast.lead, details=details, people=people)


def riverside_proposal(cast) -> Decision:
    return Decision.objects.filter(
        community=cast.community, title="The route-matrix proposal."
    ).first() or propose(cast, "The route-matrix proposal.")


def riverside_objection(cast):
    """The partner's objection (stated by herself) on a proposal of Riverside."""
    decision = Decision.objects.filter(community=cast.community, title="The route-matrix objection.").first()
    if decision is None:
        decision = propose(cast, "The route-matrix objection.")
        proposals.do_state_position(
            decision, acting_user=cast.partner, position="object", reason="Saturdays I work."
        )
    return decision.participants.get(position="object")


def riverside_decision(cast) -> Decision:
    return Decision.objects.filter(
        community=cast.community, title="The route-matrix decision."
    ).first() or record(cast, "The route-matrix decision.")


__all__ = [
    "Taking",
    "full_answers",
    "partner",
    "plan",
    "propose",
    "publish",
    "record",
    "riverside_decision",
    "riverside_meeting",
    "riverside_version",
    "when",
]
