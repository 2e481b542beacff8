"""The survey builder's API in the permission matrix (anonymous callers get 401: the token is the way in)."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, STAFF
from cocreate.surveys import builder
from cocreate.surveys.builder import QuestionDetails
from cocreate.surveys.tests.helpers_collect import open_survey, riverside_survey
from cocreate.testing.routes import Route

DESIGN = STAFF | {"evaluator"}
DESIGNS_SOMEWHERE = DESIGN | {"other_community_lead"}


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


def s(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/surveys/{suffix}"


def new_question(c):
    return builder.do_add_question(
        riverside_survey(c), acting_user=None, details=QuestionDetails(kind="text", text="Anything else?")
    ).pk


ROUTES = [
    API("api:surveys", s, DESIGNS_SOMEWHERE),
    API(
        "api:surveys",
        s,
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"title": "Evenings", "community": c.community.slug},
        allowed_status=201,
    ),
    API("api:survey", lambda c: s(c, f"{riverside_survey(c).pk}/"), DESIGN, hidden=NOT_RIVERSIDE),
    API(
        "api:survey_questions",
        lambda c: s(c, f"{riverside_survey(c).pk}/questions/"),
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"kind": "number", "text": "How many children?"},
        allowed_status=201,
    ),
    API(
        "api:survey_question",
        lambda c: s(c, f"{riverside_survey(c).pk}/questions/{new_question(c)}/"),
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="delete",
        allowed_status=204,
    ),
    API(
        "api:survey_state",
        lambda c: s(c, f"{riverside_survey(c).pk}/state/"),
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"change": "pretest"},
    ),
    Route(
        "api:survey_responses",
        lambda c: f"/api/v1/surveys/{open_survey(c).token}/responses/",
        frozenset(),
        method="post",
        exempt="answering needs no account (the link is the key): tested in test_answer.py",
    ),
]
