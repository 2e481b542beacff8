"""The assessment endpoints of the API in the permission matrix (anonymous callers: 401)."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import ORG_MEMBERS

from .routes import API, riverside

INVITED = frozenset({"lead", "partner", "practitioner"})
# The library is for staff and evaluators; team leads read it from their community role.
LIBRARY = STAFF | {"evaluator", "other_community_lead"}


def api_round(c):
    """The round the matrix reads and answers (opened once per test, inviting INVITED)."""
    from cocreate.assessments.models import Administration
    from cocreate.assessments.tests.helpers import open_round

    return Administration.objects.filter(community=c.community, title="API round").first() or open_round(
        c, title="API round", invitees=[getattr(c, who) for who in sorted(INVITED)]
    )


def every_answer(c):
    """Form-encoded answers (`answers.<item key>`), one value on the scale for every item."""
    keys = api_round(c).version.items.values_list("key", flat=True)
    return {f"answers.{key}": 1 for key in keys}


def partnership_pk(c):
    from cocreate.assessments.tests.helpers import builtin

    return builtin("partnership").pk


ROUTES = [
    API(
        "api:administrations",
        lambda c: riverside(c, "administrations/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    API(
        "api:administration",
        lambda c: riverside(c, f"administrations/{api_round(c).pk}/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    # Answering is by invitation: everyone else in the organization gets the 404 of a missing round.
    API(
        "api:administration_response",
        lambda c: riverside(c, f"administrations/{api_round(c).pk}/response/"),
        INVITED,
        hidden=ORG_MEMBERS - INVITED,
        method="post",
        data=every_answer,
        allowed_status=201,
    ),
    API("api:instruments", lambda c: f"/api/v1/orgs/{c.org.slug}/instruments/", LIBRARY),
    API(
        "api:instrument",
        lambda c: f"/api/v1/orgs/{c.org.slug}/instruments/{partnership_pk(c)}/",
        LIBRARY,
    ),
]
