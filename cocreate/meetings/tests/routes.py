from datetime import timedelta

from django.utils import timezone

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.meetings import proposals
from cocreate.testing.routes import Route

from .helpers import (
    riverside_decision,
    riverside_meeting,
    riverside_objection,
    riverside_proposal,
    riverside_version,
    when,
)

TAKE_PART = STAFF | {"partner"}  # "meeting.take_part": the team, partners included
# Those asked on a proposal by default: Riverside's team members who sign in (its lead, practitioner
# and partner; the admin works organization-wide, funders and evaluators watch).
ASKED = frozenset({"lead", "practitioner", "partner"})


def base(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}"


def with_version(c):
    riverside_version(c)
    return f"{base(c)}/agreement/"


def decision(c):
    return f"{base(c)}/decisions/{riverside_decision(c).pk}"


def agreement_form(c):
    return {"discuss_always": "Hear every voice before we decide.", "save": "1"}


def new_decision(c):
    return {
        "title": "Hold the listening sessions at the library",
        "method": "consent",
        "decided_on": timezone.localdate().isoformat(),
        "outcome": "adopted",
        "visible_to_community": "on",
    }


def proposal(c):
    return f"{base(c)}/decisions/{riverside_proposal(c).pk}"


def objection(c):
    row = riverside_objection(c)
    return f"{base(c)}/decisions/{row.decision_id}/objections/{row.pk}"


def new_proposal(c):
    closes = timezone.localtime() + timedelta(days=2)
    people = proposals.people_to_ask(c.community)
    return {
        "title": "Meet at the library on Saturdays",
        "method": "consent",
        "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        "asked": proposals.default_asked(c.community, None, people),
    }


def manage_proposal(c):
    decision = riverside_proposal(c)
    closes = timezone.localtime(decision.closes_at) + timedelta(days=1)
    return {
        "title": decision.title,
        "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        "asked": [row.person_key for row in decision.asked.all()],
    }


def on_behalf(c):
    decision = riverside_proposal(c)
    return {"person": decision.asked.first().person_key, "position": "agree"}


def meeting(c):
    return f"{base(c)}/meetings/{riverside_meeting(c).pk}"


def new_meeting(c):
    start, end = when(3)
    return {
        "title": "Planning circle",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "place": "Library",
        "status": "planned",
    }


ROUTES = [
    Route("meetings:agreement", lambda c: f"{base(c)}/agreement/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:agreement_version",
        lambda c: f"{with_version(c)}v1/",
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    Route("meetings:agreement_edit", lambda c: f"{base(c)}/agreement/edit/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:agreement_edit",
        lambda c: f"{base(c)}/agreement/edit/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=agreement_form,
        allowed_status=302,
    ),
    Route(
        "meetings:agreement_publish",
        lambda c: f"{base(c)}/agreement/publish/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "meetings:agreement_acknowledge",
        lambda c: f"{with_version(c)}acknowledge/",
        TAKE_PART,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("meetings:decision_list", lambda c: f"{base(c)}/decisions/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:decision_csv",
        lambda c: f"{base(c)}/decisions/export.csv",
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    Route("meetings:decision_create", lambda c: f"{base(c)}/decisions/new/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:decision_create",
        lambda c: f"{base(c)}/decisions/new/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_decision,
        allowed_status=302,
    ),
    Route("meetings:decision_detail", lambda c: f"{decision(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("meetings:decision_edit", lambda c: f"{decision(c)}/edit/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:decision_edit",
        lambda c: f"{decision(c)}/edit/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_decision,
        allowed_status=302,
    ),
    Route("meetings:proposal_create", lambda c: f"{base(c)}/decisions/propose/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:proposal_create",
        lambda c: f"{base(c)}/decisions/propose/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_proposal,
        allowed_status=302,
    ),
    Route("meetings:decision_detail", lambda c: f"{proposal(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("meetings:proposal_manage", lambda c: f"{proposal(c)}/manage/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:proposal_manage",
        lambda c: f"{proposal(c)}/manage/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=manage_proposal,
        allowed_status=302,
    ),
    Route(
        "meetings:proposal_position",
        lambda c: f"{proposal(c)}/position/",
        ASKED,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"position": "agree"},
        allowed_status=302,
    ),
    Route(
        "meetings:proposal_record_position",
        lambda c: f"{proposal(c)}/record-position/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=on_behalf,
        allowed_status=302,
    ),
    Route(
        "meetings:proposal_reply",
        lambda c: f"{objection(c)}/reply/",
        TAKE_PART,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"text": "Could Sunday afternoons work for you?"},
        allowed_status=302,
    ),
    Route(
        "meetings:proposal_resolve",
        lambda c: f"{objection(c)}/resolve/",
        frozenset({"partner"}),  # the person who objected (her own position, not one recorded for her)
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("meetings:proposal_close", lambda c: f"{proposal(c)}/close/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:proposal_close",
        lambda c: f"{proposal(c)}/close/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"outcome": "deferred", "rationale": "We ask again after the holidays."},
        allowed_status=302,
    ),
    Route("meetings:meeting_list", lambda c: f"{base(c)}/meetings/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("meetings:meeting_create", lambda c: f"{base(c)}/meetings/new/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:meeting_create",
        lambda c: f"{base(c)}/meetings/new/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_meeting,
        allowed_status=302,
    ),
    Route("meetings:meeting_detail", lambda c: f"{meeting(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:meeting_ics", lambda c: f"{meeting(c)}/meeting.ics", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE
    ),
    Route("meetings:meeting_edit", lambda c: f"{meeting(c)}/edit/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:meeting_edit",
        lambda c: f"{meeting(c)}/edit/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_meeting,
        allowed_status=302,
    ),
    Route("meetings:meeting_prep", lambda c: f"{meeting(c)}/prep/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:meeting_prep",
        lambda c: f"{meeting(c)}/prep/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"prep_with": "Two parent leaders", "prep_agenda_agreed": "on"},
        allowed_status=302,
    ),
    Route("meetings:meeting_minutes", lambda c: f"{meeting(c)}/minutes/", TAKE_PART, hidden=NOT_RIVERSIDE),
    Route(
        "meetings:meeting_minutes",
        lambda c: f"{meeting(c)}/minutes/",
        TAKE_PART,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"status": "planned", "minutes": "We met."},
        allowed_status=302,
    ),
    Route(
        "meetings:meeting_feed_regenerate",
        lambda c: f"{base(c)}/meetings/calendar/new-address/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "meetings:meeting_feed",
        lambda c: f"{base(c)}/calendar/not-the-token.ics",
        frozenset(),
        exempt="a token link for calendar apps (no sign-in): tested in test_meetings.py",
    ),
]
