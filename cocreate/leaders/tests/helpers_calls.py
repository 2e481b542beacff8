"""Calls and applications for the tests: Riverside's open call, made once per test."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cocreate.leaders import calls, public
from cocreate.leaders.calls import ApplicationData, CallDetails
from cocreate.leaders.models import Application, Call, CallQuestion

TITLE = "Parent leader for the improvement team"


def call_details(**overrides) -> CallDetails:
    fields: dict[str, Any] = {
        "title": TITLE,
        "involves": "Monthly meetings and testing changes with the team.",
        "time_asked": "Six hours a month",
        "compensation": "$25 an hour, child care and travel paid",
        "closes_on": timezone.localdate() + timedelta(days=14),
        "languages": ["en", "es"],
    }
    fields.update(overrides)
    return CallDetails(**fields)


def make_call(cast, *, community=None, opened: bool = True, **overrides) -> Call:
    call = calls.do_create_call(
        community or cast.community, acting_user=cast.lead, details=call_details(**overrides)
    )
    if opened:
        call = calls.do_open_call(call, acting_user=cast.lead)
    return call


def riverside_call(cast) -> Call:
    """Riverside's open call (the same one however often a route asks for it)."""
    call = Call.objects.filter(community=cast.community, title=TITLE).first()
    return call or make_call(cast)


def answers_for(call: Call, text: str = "I ran the parents' group at my school.") -> dict[str, str]:
    return {str(q.pk): text for q in CallQuestion.objects.filter(call=call)}


def submit(call: Call, *, address: str = "203.0.113.9", **overrides) -> Application:
    data: dict[str, Any] = {
        "name": "Rosa Hernández",
        "email": "rosa@example.org",
        "answers": answers_for(call),
    }
    data.update(overrides)
    return calls.do_submit_application(call, data=ApplicationData(**data), address=address)


def form_data(call: Call, **overrides) -> dict:
    """What the public form posts, filled in as a person would (its stamp ten seconds old)."""
    data = {
        "name": "Rosa Hernández",
        "email": "rosa@example.org",
        "phone": "",
        "address": "",
        "language": "es",
        "available_days": ["1", "3"],
        "meeting_times": ["18-20"],
        "access_needs": ["child_care"],
        "access_notes": "",
        "heard_from": "school",
        "heard_from_detail": "",
        "website": "",
        "stamp": public.form_stamp(time.time() - 10),
    }
    for q in CallQuestion.objects.filter(call=call):
        data[f"q_{q.pk}"] = "Organicé el grupo de madres de la escuela."
    data.update(overrides)
    return data
