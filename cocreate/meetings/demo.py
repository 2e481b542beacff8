"""Riverside's demo meetings: three past team meetings (roles taken in rotation, minutes, a debrief,
one decision taken in the last) and the next one, planned with the suggested roles and a prep note.
Written through the `do_*` functions and the rotation the pages suggest. A community that has meetings
already is left alone.

Wiring (in `cocreate/core/demo.py`, beside `_seed_planning`): call `seed_meetings({c.slug: c ...})`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community

from . import actions
from .access import meeting_people
from .actions import AgendaLine, DecisionDetails, MeetingDetails
from .models import Meeting, MeetingStatus

AGENDA = [
    ("Welcome and a round of check-ins", 10),
    ("What families told us this month", 25),
    ("Next steps on the plan", 30),
    ("What we will tell families after this meeting", 10),
]
MINUTES = (
    "Parents reported that the Tuesday sessions clash with school pick-up. The team agreed to try "
    "Thursday evenings for a month and to ask again."
)


def _tuesday_evening(weeks_from_now: int) -> datetime:
    today = timezone.localdate()
    tuesday = today + timedelta(days=(1 - today.weekday()) % 7, weeks=weeks_from_now)
    return timezone.make_aware(datetime.combine(tuesday, time(18)))


def seed_meetings(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    lead = User.objects.filter(email=f"lead@{DEMO_DOMAIN}").first()
    if riverside is None or lead is None or Meeting.objects.filter(community=riverside).exists():
        return
    people = meeting_people(riverside)
    # One key per name (the demo has members and partner records of the same person, unlinked).
    names: dict[str, str] = {}
    for key, (name, _partner, _user) in people.items():
        names.setdefault(name, key)
    invited = list(names.values())[:8]
    for weeks in (-12, -8, -4):
        start = _tuesday_evening(weeks)
        title = f"Team meeting, {timezone.localtime(start):%B %-d}"
        roles = actions.suggested_roles(riverside, invited, before=start, people=people)
        meeting = actions.do_create_meeting(
            riverside,
            acting_user=lead,
            people=people,
            details=MeetingDetails(
                title=title,
                starts_at=start,
                ends_at=start + timedelta(hours=1, minutes=30),
                place="Riverside public library, community room",
                attendees=invited,
                roles={r: k for r, k in roles.items() if k},
                agenda=[AgendaLine(t, "", d) for t, d in AGENDA],
            ),
        )
        actions.do_record_minutes(
            meeting,
            acting_user=lead,
            minutes=MINUTES,
            status=MeetingStatus.HELD,
            debrief_worked="Everyone spoke at least once; the interpreter made a real difference.",
            debrief_change="Send the agenda a week ahead, not the day before.",
            debrief_follow_ups="The parent leaders share the summary at the next parents' circle.",
        )
    actions.do_record_decision(
        riverside,
        acting_user=lead,
        details=DecisionDetails(
            title="Try Thursday evening sessions for a month",
            method="consent",
            outcome="adopted",
            decided_on=timezone.localdate(meeting.starts_at),
            rationale="Tuesday clashes with school pick-up for most parents.",
            meeting=meeting,
        ),
    )
    start = _tuesday_evening(1)
    # The parent is invited to the next meeting, so that she finds it in her notifications (with its .ics).
    parent = User.objects.filter(email=f"parent@{DEMO_DOMAIN}").first()
    for key, (_name, partner, user) in people.items():
        if parent is not None and parent in (user, partner and partner.user) and key not in invited:
            invited.append(key)
            break
    roles = actions.suggested_roles(riverside, invited, people=people)
    upcoming = actions.do_create_meeting(
        riverside,
        acting_user=lead,
        people=people,
        details=MeetingDetails(
            title=f"Team meeting, {timezone.localtime(start):%B %-d}",
            starts_at=start,
            ends_at=start + timedelta(hours=1, minutes=30),
            place="Riverside public library, community room",
            online_link="https://meet.example.org/riverside-team",
            attendees=invited,
            roles={r: k for r, k in roles.items() if k},
            agenda=[AgendaLine(t, "", d) for t, d in AGENDA],
        ),
    )
    actions.do_save_prep(
        upcoming,
        acting_user=lead,
        prep_with="The facilitator and two parent leaders",
        prep_on=timezone.localdate(),
        prep_agenda_agreed=True,
        prep_childcare=True,
        prep_notes="Spanish interpretation to confirm by Friday.",
    )


PROPOSAL_TITLE = "Hold the parents' circle on Saturday mornings, with childcare"


def seed_proposals(communities: dict[str, Community]) -> None:
    """A proposal the lead opened in Riverside for everyone's position (consent, closing in four days):
    the practitioner has agreed already; a partner without a sign-in gave hers aloud, recorded by the
    lead; the parent has not answered yet, so it waits on her "for me" list. Seeded once."""
    from datetime import timedelta

    from . import proposals
    from .models import Decision

    riverside = communities.get("riverside")
    lead = User.objects.filter(email=f"lead@{DEMO_DOMAIN}").first()
    practitioner = User.objects.filter(email=f"practitioner@{DEMO_DOMAIN}").first()
    if (
        riverside is None
        or lead is None
        or Decision.objects.filter(community=riverside, title=PROPOSAL_TITLE).exists()
    ):
        return
    people = proposals.people_to_ask(riverside)
    asked = proposals.default_asked(riverside, None, people)
    without_sign_in = next(
        (key for key, (_n, partner, _u) in people.items() if partner is not None and partner.user_id is None),
        None,
    )
    if without_sign_in:
        asked.append(without_sign_in)
    closes = timezone.localtime() + timedelta(days=4)
    decision = proposals.do_open_proposal(
        riverside,
        acting_user=lead,
        people=people,
        details=proposals.ProposalDetails(
            title=PROPOSAL_TITLE,
            proposal=(
                "From next month the parents' circle meets on Saturdays from 10 to 12 at the library, "
                "with childcare in the next room. Weekday evenings stay for the team meeting."
            ),
            method="consent",
            closes_at=closes.replace(hour=18, minute=0, second=0, microsecond=0),
            asked=asked,
        ),
    )
    if practitioner is not None and proposals.asked_row(decision, practitioner) is not None:
        proposals.do_state_position(decision, acting_user=practitioner, position="agree")
    if without_sign_in:
        proposals.do_record_position(
            decision,
            acting_user=lead,
            person=without_sign_in,
            position="stand_aside",
        )
