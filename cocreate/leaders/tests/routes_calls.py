from datetime import timedelta

from django.utils import timezone

from cocreate.core.tests.routes import ADMIN, NOT_RIVERSIDE, STAFF
from cocreate.leaders.models import ApplicationQuestion
from cocreate.leaders.questions import ensure_default_questions
from cocreate.testing.routes import Route

from .helpers_calls import riverside_call, submit

MANAGE = frozenset({"admin", "lead"})  # "call.manage"
PUBLIC = "a public page (no account): tested in test_public_calls.py"


def calls_url(c, suffix=""):
    return f"/o/{c.org.slug}/c/{c.community.slug}/calls/{suffix}"


def call_url(c, suffix=""):
    return calls_url(c, f"{riverside_call(c).pk}/{suffix}")


def first_question(c):
    ensure_default_questions(c.org)
    return ApplicationQuestion.objects.filter(organization=c.org).first().pk


def new_call(c):
    return {
        "title": "Youth leader",
        "involves": "Meet monthly with the team.",
        "time_asked": "Two hours a month",
        "languages": ["en", "es"],
        "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }


def application_token(c):
    from cocreate.leaders.models import Application

    row = Application.objects.filter(call=riverside_call(c)).first()
    return (row or submit(riverside_call(c))).token


ROUTES = [
    Route("leaders:questions", lambda c: f"/o/{c.org.slug}/leaders/questions/", ADMIN),
    Route(
        "leaders:questions",
        lambda c: f"/o/{c.org.slug}/leaders/questions/",
        ADMIN,
        method="post",
        data=lambda c: {"text": "What would you like to learn?"},
        allowed_status=302,
    ),
    Route(
        "leaders:question_edit", lambda c: f"/o/{c.org.slug}/leaders/questions/{first_question(c)}/", ADMIN
    ),
    Route(
        "leaders:question_move",
        lambda c: f"/o/{c.org.slug}/leaders/questions/{first_question(c)}/move/",
        ADMIN,
        method="post",
        data=lambda c: {"direction": "down"},
        allowed_status=302,
    ),
    Route("leaders:calls", lambda c: calls_url(c), STAFF, hidden=NOT_RIVERSIDE),
    Route("leaders:call_create", lambda c: calls_url(c, "new/"), MANAGE, hidden=NOT_RIVERSIDE),
    Route(
        "leaders:call_create",
        lambda c: calls_url(c, "new/"),
        MANAGE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_call,
        allowed_status=302,
    ),
    Route("leaders:call", lambda c: call_url(c), STAFF, hidden=NOT_RIVERSIDE),
    Route("leaders:call_edit", lambda c: call_url(c, "edit/"), MANAGE, hidden=NOT_RIVERSIDE),
    Route(
        "leaders:call_open",
        lambda c: call_url(c, "open/"),
        MANAGE,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "leaders:call_close",
        lambda c: call_url(c, "close/"),
        MANAGE,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("leaders:join", lambda c: f"/join/{riverside_call(c).token}/", frozenset(), exempt=PUBLIC),
    Route("leaders:join_org", lambda c: f"/join/o/{c.org.slug}/", frozenset(), exempt=PUBLIC),
    Route(
        "leaders:application_status", lambda c: f"/join/a/{application_token(c)}/", frozenset(), exempt=PUBLIC
    ),
    Route(
        "leaders:application_thanks",
        lambda c: f"/join/a/{application_token(c)}/thanks/",
        frozenset(),
        exempt=PUBLIC,
    ),
    Route(
        "leaders:application_withdraw",
        lambda c: f"/join/a/{application_token(c)}/withdraw/",
        frozenset(),
        method="post",
        exempt=PUBLIC,
    ),
]
