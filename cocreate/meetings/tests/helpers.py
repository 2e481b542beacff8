"""Agreements and decisions for the cast's communities, made on demand through the same writes as the pages."""

from __future__ import annotations

from django.utils import timezone

from cocreate.meetings import actions
from cocreate.meetings.actions import DecisionDetails, Taking
from cocreate.meetings.models import AgreementQuestion, AgreementVersion, Decision
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


def riverside_decision(cast) -> Decision:
    return Decision.objects.filter(
        community=cast.community, title="The route-matrix decision."
    ).first() or record(cast, "The route-matrix decision.")


__all__ = [
    "Taking",
    "full_answers",
    "partner",
    "publish",
    "record",
    "riverside_decision",
    "riverside_version",
]
