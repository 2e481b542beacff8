"""Who may use the review pages and endpoints: the rubric is the admin's; a call's review is for its
named reviewers (here the practitioner) and those who decide in its community (the lead, the admin);
deciding is the lead's and the admin's. Other communities' people get 404."""

from cocreate.core.tests.routes import NOT_RIVERSIDE
from cocreate.leaders.models import Application, Call, RubricCriterion
from cocreate.leaders.rubric import ensure_default_rubric
from cocreate.testing.routes import Route

from .factories_review import make_application, make_call

REVIEWERS = frozenset({"admin", "lead", "practitioner"})
DECIDERS = frozenset({"admin", "lead"})
ADMIN = frozenset({"admin"})


def riverside_call(c) -> Call:
    found = Call.objects.filter(community=c.community, title="Route call").first()
    return found or make_call(c.community, reviewers=[c.practitioner], title="Route call")


def riverside_application(c) -> Application:
    call = riverside_call(c)
    return call.applications.first() or make_application(call)


def review(c):
    return f"/o/{c.org.slug}/calls/{riverside_call(c).pk}/review/"


def application(c):
    return f"{review(c)}{riverside_application(c).pk}/"


def criterion(c):
    ensure_default_rubric(c.org)
    pk = (
        RubricCriterion.objects.filter(organization=c.org)
        .order_by("position")
        .values_list("pk", flat=True)[1]
    )
    return f"/o/{c.org.slug}/leaders/settings/review/criteria/{pk}/"


def api(c, tail=""):
    return f"/api/v1/orgs/{c.org.slug}/calls/{riverside_call(c).pk}/applications/{tail}"


def api_application(c, tail=""):
    return api(c, f"{riverside_application(c).pk}/{tail}")


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


ROUTES = [
    Route("leaders:review_settings", lambda c: f"/o/{c.org.slug}/leaders/settings/review/", ADMIN),
    Route("leaders:criterion_edit", lambda c: criterion(c) + "edit/", ADMIN),
    Route(
        "leaders:criterion_move",
        lambda c: criterion(c) + "move/",
        ADMIN,
        method="post",
        data=lambda c: {"direction": "down"},
        allowed_status=302,
    ),
    Route(
        "leaders:criterion_active",
        lambda c: criterion(c) + "active/",
        ADMIN,
        method="post",
        data=lambda c: {"active": "1"},
        allowed_status=302,
    ),
    Route("leaders:call_review", review, REVIEWERS, hidden=NOT_RIVERSIDE),
    Route("leaders:application_review", application, REVIEWERS, hidden=NOT_RIVERSIDE),
    Route(
        "leaders:application_decide",
        lambda c: application(c) + "decide/?decision=waitlisted",
        DECIDERS,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "leaders:application_withdraw",
        lambda c: application(c) + "withdraw/",
        DECIDERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("leaders:application_invite", lambda c: application(c) + "invite/", DECIDERS, hidden=NOT_RIVERSIDE),
    API("api:call_applications", api, REVIEWERS, hidden=NOT_RIVERSIDE),
    API("api:call_application", api_application, REVIEWERS, hidden=NOT_RIVERSIDE),
    API(
        "api:call_application_review",
        lambda c: api_application(c, "review/"),
        REVIEWERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"comment": "A first thought, kept as a draft."},
    ),
    API(
        "api:call_application_decision",
        lambda c: api_application(c, "decision/"),
        DECIDERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"decision": "waitlisted"},
    ),
]
