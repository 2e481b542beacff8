"""Support events for the cast's communities, made on demand (the cast itself stays small)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from cocreate.support.actions import do_log_support_event
from cocreate.support.models import SupportEvent


def log(
    cast,
    community=None,
    *,
    by=None,
    day: date | None = None,
    hours: str = "1.5",
    event_type: str = "coaching",
    function: str = "is",
    modality: str = "virtual",
    domains=("co-creation",),
    partners=(),
    users=(),
    facilitators=(),
    headcounts=None,
    summary: str = "Worked on the listening-session format.",
    next_steps: str = "",
) -> SupportEvent:
    """One support event, logged through the same write as the pages (by the practitioner by default)."""
    return do_log_support_event(
        community or cast.community,
        acting_user=by or cast.practitioner,
        date=day or timezone.localdate(),
        hours=Decimal(hours),
        event_type=event_type,
        function=function,
        modality=modality,
        domains=list(domains),
        attendee_partners=list(partners),
        attendee_users=list(users),
        facilitators=list(facilitators),
        headcounts=headcounts,
        summary=summary,
        next_steps=next_steps,
    )


def riverside_event(cast) -> SupportEvent:
    """A coaching session in Riverside (the same one however often it is asked for, made again if deleted)."""
    event = SupportEvent.objects.filter(community=cast.community, summary="The route-matrix session.").first()
    return event or log(cast, summary="The route-matrix session.")
