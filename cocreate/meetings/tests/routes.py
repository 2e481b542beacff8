from django.utils import timezone

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import Route

from .helpers import riverside_decision, riverside_version

TAKE_PART = STAFF | {"partner"}  # "meeting.take_part": the team, partners included


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
]
