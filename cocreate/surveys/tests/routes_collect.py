from cocreate.core.tests.routes import NOT_RIVERSIDE, STAFF
from cocreate.surveys import builder
from cocreate.surveys.builder import QuestionDetails
from cocreate.testing.routes import Route

from .helpers_collect import open_survey, riverside_survey

DESIGN = STAFF | {"evaluator"}  # "survey.design"
SEND = STAFF  # "survey.send"
DESIGNS_SOMEWHERE = DESIGN | {"other_community_lead"}
PUBLIC = "a public page (no account, the link is the key): tested in test_answer.py"


def s_url(c, suffix=""):
    return f"/o/{c.org.slug}/surveys/{riverside_survey(c).pk}/{suffix}"


def open_url(c, suffix=""):
    return f"/o/{c.org.slug}/surveys/{open_survey(c).pk}/{suffix}"


def new_question(c):
    return builder.do_add_question(
        riverside_survey(c),
        acting_user=None,
        details=QuestionDetails(kind="number", text="How many children?"),
    ).pk


def first_question(c):
    return riverside_survey(c).questions.order_by("position").first().pk


def state(change):
    return Route(
        "surveys:state",
        lambda c: s_url(c, f"state/{change}/"),
        DESIGN if change in ("pretest", "draft") else SEND,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    )


ROUTES = [
    Route(
        "surveys:list",
        lambda c: f"/o/{c.org.slug}/c/{c.community.slug}/surveys/",
        DESIGN,
        hidden=NOT_RIVERSIDE,
    ),
    Route("surveys:org_list", lambda c: f"/o/{c.org.slug}/surveys/", DESIGNS_SOMEWHERE),
    Route("surveys:create", lambda c: f"/o/{c.org.slug}/surveys/new/", DESIGNS_SOMEWHERE),
    Route(
        "surveys:create",
        lambda c: f"/o/{c.org.slug}/surveys/new/",
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"title": "Evenings", "anonymous": "on", "community": c.community.slug},
        allowed_status=302,
    ),
    Route("surveys:detail", lambda c: s_url(c), DESIGN, hidden=NOT_RIVERSIDE),
    Route("surveys:survey_edit", lambda c: s_url(c, "edit/"), DESIGN, hidden=NOT_RIVERSIDE),
    Route("surveys:question_add", lambda c: s_url(c, "questions/new/"), DESIGN, hidden=NOT_RIVERSIDE),
    Route(
        "surveys:question_add",
        lambda c: s_url(c, "questions/new/"),
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"kind": "number", "text": "How many children?", "scale_min": 1, "scale_max": 5},
        allowed_status=302,
    ),
    Route(
        "surveys:question_edit",
        lambda c: s_url(c, f"questions/{first_question(c)}/"),
        DESIGN,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "surveys:question_delete",
        lambda c: s_url(c, f"questions/{new_question(c)}/delete/"),
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "surveys:question_move",
        lambda c: s_url(c, f"questions/{first_question(c)}/move/"),
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"direction": "down"},
        allowed_status=302,
    ),
    state("pretest"),
    state("draft"),
    state("open"),
    state("close"),
    state("reopen"),
    Route(
        "surveys:pretest_delete",
        lambda c: s_url(c, "pretest-answers/delete/"),
        DESIGN,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("surveys:send", lambda c: open_url(c, "send/"), SEND, hidden=NOT_RIVERSIDE),
    Route("surveys:notice", lambda c: open_url(c, "notice/"), SEND, hidden=NOT_RIVERSIDE),
    Route("surveys:answer", lambda c: f"/s/{open_survey(c).token}/", frozenset(), exempt=PUBLIC),
    Route(
        "surveys:answer_thanks", lambda c: f"/s/{open_survey(c).token}/thanks/", frozenset(), exempt=PUBLIC
    ),
    Route("surveys:answer_personal", lambda c: "/s/i/x/", frozenset(), exempt=PUBLIC),
]
