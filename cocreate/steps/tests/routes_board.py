from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import Route

from .helpers import rated

RATERS = STAFF | {"partner"}  # "steps.rate"


def steps_url(c, suffix=""):
    return f"/o/{c.org.slug}/c/{c.community.slug}/steps/{suffix}"


def version_of(c, step):
    from cocreate.steps.models import StepRating

    row = StepRating.objects.filter(community=c.community, step=step).first()
    return row.version if row else ""


def rate_url(c):
    rated(c)  # the edit page of an existing rating (a first rating is tested in test_board.py)
    return steps_url(c, "3/")


ROUTES = [
    Route("steps:board", steps_url, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("steps:rate", rate_url, RATERS, hidden=NOT_RIVERSIDE),
    Route(
        "steps:rate",
        lambda c: steps_url(c, "5/"),
        RATERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {
            "rating": "under_way",
            "notes": "Consent for every big decision.",
            "version": version_of(c, 5),
        },
        allowed_status=302,
    ),
    Route("steps:history", lambda c: rate_url(c) + "history/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
]
