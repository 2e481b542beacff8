from cocreate.core.tests.routes import NOT_RIVERSIDE, STAFF, riverside
from cocreate.listening.models import Participant
from cocreate.testing.routes import Route

from .helpers import first_question, group, held_group

VIEW = STAFF | {"partner", "evaluator"}  # "listening.view"
CONTRIBUTE = STAFF | {"partner"}  # "listening.contribute"
# Staff, and Paz (the cast's partner): she facilitates the session through her partner record.
FACILITATORS = STAFF | {"partner"}


def lst(c, suffix=""):
    return f"{riverside(c)}/listening/{suffix}"


def g(c, suffix=""):
    return lst(c, f"{group(c).pk}/{suffix}")


def h(c, suffix=""):
    return lst(c, f"{held_group(c).pk}/{suffix}")


def new_group(c):
    return {
        "kind": "focus_group",
        "title": "Waiting list",
        "goals": "What waiting is like.",
        "held_on": "2030-01-15",
        "duration_minutes": "60",
        "modality": "in_person",
        "language": "en",
    }


def participant_pk(c):
    return Participant.objects.filter(group=held_group(c)).order_by("pk").first().pk


def theme_pk(c):
    from cocreate.listening import actions

    grp = held_group(c)
    theme = grp.themes.first() or actions.do_add_theme(
        grp, acting_user=c.lead, name="Evenings", summary="Later visits."
    )
    return theme.pk


ROUTES = [
    Route("listening:groups", lambda c: lst(c), VIEW, hidden=NOT_RIVERSIDE),
    Route("listening:group_create", lambda c: lst(c, "new/"), STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "listening:group_create",
        lambda c: lst(c, "new/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_group,
        allowed_status=302,
    ),
    Route("listening:group", lambda c: g(c), VIEW, hidden=NOT_RIVERSIDE),
    Route("listening:group_edit", lambda c: g(c, "edit/"), STAFF, hidden=NOT_RIVERSIDE),
    Route("listening:guide", lambda c: g(c, "guide/"), VIEW, hidden=NOT_RIVERSIDE),
    Route(
        "listening:guide",
        lambda c: g(c, "guide/"),
        CONTRIBUTE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"text": "What helps you come?"},
        allowed_status=302,
    ),
    Route(
        "listening:guide_open",
        lambda c: g(c, "guide/open/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("listening:guide_print", lambda c: g(c, "guide/print/"), VIEW, hidden=NOT_RIVERSIDE),
    Route(
        "listening:question_edit",
        lambda c: g(c, f"guide/{first_question(group(c)).pk}/edit/"),
        STAFF,  # accepted: settled for partners
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "listening:question_state",
        lambda c: g(c, f"guide/{first_question(group(c)).pk}/state/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"do": "down"},
        allowed_status=302,
    ),
    Route("listening:participants", lambda c: h(c, "participants/"), FACILITATORS, hidden=NOT_RIVERSIDE),
    Route(
        "listening:participants",
        lambda c: h(c, "participants/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"partner": []},
        allowed_status=302,
    ),
    Route(
        "listening:participant",
        lambda c: h(c, f"participants/{participant_pk(c)}/"),
        FACILITATORS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {
            f"p{participant_pk(c)}-attended": "yes",
            f"p{participant_pk(c)}-consent": "yes",
            f"p{participant_pk(c)}-how": "written",
        },
        allowed_status=302,
    ),
    Route(
        "listening:held",
        lambda c: g(c, "held/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "listening:close",
        lambda c: h(c, "close/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "listening:notes_start",
        lambda c: h(c, "notes/"),
        FACILITATORS,
        hidden=NOT_RIVERSIDE,
        allowed_status=302,
    ),
    Route(
        "listening:notes",
        lambda c: h(c, f"notes/{first_question(held_group(c)).pk}/"),
        FACILITATORS,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "listening:notes",
        lambda c: h(c, f"notes/{first_question(held_group(c)).pk}/"),
        FACILITATORS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"notes": "Evenings suit working parents."},
        allowed_status=302,
    ),
    Route("listening:themes", lambda c: h(c, "themes/"), VIEW, hidden=NOT_RIVERSIDE),
    Route(
        "listening:themes",
        lambda c: h(c, "themes/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"name": "Evenings", "summary": "Later visits."},
        allowed_status=302,
    ),
    Route(
        "listening:theme_feedback",
        lambda c: h(c, f"themes/{theme_pk(c)}/feedback/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    # The API
    Route(
        "api:listening_groups",
        lambda c: f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/listening/",
        VIEW,
        hidden=NOT_RIVERSIDE,
        anonymous_status=401,
    ),
    Route(
        "api:listening_group",
        lambda c: f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/listening/{group(c).pk}/",
        VIEW,
        hidden=NOT_RIVERSIDE,
        anonymous_status=401,
    ),
    Route(
        "api:listening_questions",
        lambda c: (
            f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/listening/{group(c).pk}/questions/"
        ),
        CONTRIBUTE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"text": "What helps?"},
        allowed_status=201,
        anonymous_status=401,
    ),
    Route(
        "api:listening_notes",
        lambda c: (
            f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/listening/{held_group(c).pk}/questions/{first_question(held_group(c)).pk}/notes/"
        ),
        FACILITATORS,
        hidden=NOT_RIVERSIDE,
        exempt="a JSON PATCH (the matrix sends forms): its roles are tested in test_api.py",
    ),
]
