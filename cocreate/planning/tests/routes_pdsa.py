from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.planning import feedback, pdsa
from cocreate.planning.models import FeedbackItem, PdsaCycle
from cocreate.testing.routes import Route

from .helpers import riverside_action
from .routes import CONTRIBUTE, plan


def riverside_cycle(c) -> PdsaCycle:
    """One cycle on Riverside's action (the same one however often it is asked for)."""
    action = riverside_action(c)
    cycle = PdsaCycle.objects.filter(action=action).order_by("pk").first()
    if cycle is None:
        cycle = pdsa.do_start_cycle(
            action,
            acting_user=c.lead,
            change_idea="Text parents the day before",
            prediction="More parents come",
            measure_name="Parents at the meeting",
            measure_unit="people",
        )
    return cycle


def riverside_feedback(c) -> FeedbackItem:
    item = FeedbackItem.objects.filter(community=c.community).order_by("pk").first()
    return item or feedback.do_record_feedback(
        c.community, acting_user=c.lead, said="Meetings are too late for parents", anonymous=True
    )


def fb(c, suffix=""):
    return f"{plan(c)}feedback/{suffix}"


def cycles(c, suffix=""):
    return f"{plan(c)}actions/{riverside_action(c).pk}/cycles/{suffix}"


def cycle(c, suffix=""):
    return f"{plan(c)}cycles/{riverside_cycle(c).pk}/{suffix}"


# Everyone in Riverside sees the cycles and their run charts; staff plan cycles and write the phases;
# every team member, partners included, adds data points.
ROUTES = [
    Route("planning:cycles", cycles, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("planning:cycle_create", lambda c: cycles(c, "new/"), STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "planning:cycle_create",
        lambda c: cycles(c, "new/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"change_idea": "Idea", "prediction": "Guess", "measure_name": "Count"},
        allowed_status=302,
    ),
    Route("planning:cycle", cycle, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("planning:cycle_phase", lambda c: cycle(c, "do/"), STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "planning:cycle_phase",
        lambda c: cycle(c, "do/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"what_happened": "We sent the texts."},
        allowed_status=302,
    ),
    Route("planning:point_create", lambda c: cycle(c, "points/"), CONTRIBUTE, hidden=NOT_RIVERSIDE),
    Route(
        "planning:point_create",
        lambda c: cycle(c, "points/"),
        CONTRIBUTE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"measured_on": "2020-01-01", "value": "4"},
        allowed_status=302,
    ),
]

# "You said, we did": everyone in Riverside sees the items; every team member, partners included, records
# what was said; staff record what was done and when it was reported back.
ROUTES += [
    Route("planning:feedback", fb, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("planning:feedback_count", lambda c: fb(c, "count/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("planning:feedback_create", lambda c: fb(c, "new/"), CONTRIBUTE, hidden=NOT_RIVERSIDE),
    Route(
        "planning:feedback_create",
        lambda c: fb(c, "new/"),
        CONTRIBUTE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {
            "said": "More evening slots",
            "anonymous": "on",
            "source": "meeting",
            "said_on": "2020-01-01",
        },
        allowed_status=302,
    ),
    Route(
        "planning:feedback_item",
        lambda c: fb(c, f"{riverside_feedback(c).pk}/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "planning:feedback_edit",
        lambda c: fb(c, f"{riverside_feedback(c).pk}/edit/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "planning:feedback_edit",
        lambda c: fb(c, f"{riverside_feedback(c).pk}/edit/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {
            "said": "Meetings are too late for parents",
            "anonymous": "on",
            "source": "direct",
            "said_on": "2020-01-01",
            "status": "in_progress",
        },
        allowed_status=302,
    ),
]
