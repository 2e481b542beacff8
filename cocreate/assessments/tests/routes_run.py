from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import ORG_MEMBERS, Route

INVITED = frozenset({"lead", "partner"})


def base(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}/assessments"


def a_round(c, status="open"):
    """A Riverside round with the lead and the partner invited (made once per test, then reused)."""
    from cocreate.assessments import actions
    from cocreate.assessments.models import Administration

    from .helpers import answer, open_round

    title = f"Route check ({status})"
    adm = Administration.objects.filter(community=c.community, title=title).first()
    if adm is None:
        adm = open_round(c, invitees=[c.lead, c.partner], title=title)
        if status != "open":
            answer(adm, c.lead, 1)
        if status == "consensus":
            actions.do_start_consensus(adm)
    return adm


def adm_url(c, status="open"):
    return f"{base(c)}/{a_round(c, status).pk}"


def first_item(c):
    return a_round(c, "consensus").version.items.first().pk


ROUTES = [
    Route("assessments:list", lambda c: f"{base(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("assessments:open", lambda c: f"{base(c)}/new/", STAFF, hidden=NOT_RIVERSIDE),
    Route("assessments:detail", lambda c: f"{adm_url(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route(
        "assessments:invite",
        lambda c: f"{adm_url(c)}/invite/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"invitees": [c.practitioner.pk]},
        allowed_status=302,
    ),
    # Answering is by invitation, not role: everyone else, staff included, gets the same 404.
    Route("assessments:answer", lambda c: f"{adm_url(c)}/answer/", INVITED, hidden=ORG_MEMBERS - INVITED),
    Route(
        "assessments:answer_review",
        lambda c: f"{adm_url(c)}/answer/review/",
        INVITED,
        hidden=ORG_MEMBERS - INVITED,
    ),
    # Following the session is for the people asked to answer too, staff or partner.
    Route(
        "assessments:follow",
        lambda c: f"{adm_url(c, 'consensus')}/follow/",
        INVITED,
        hidden=ORG_MEMBERS - INVITED,
    ),
    Route("assessments:audiences", lambda c: f"{adm_url(c)}/sections/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "assessments:status",
        lambda c: f"{adm_url(c, 'answered')}/status/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"action": "consensus"},
        allowed_status=302,
    ),
    Route(
        "assessments:consensus",
        lambda c: f"{adm_url(c, 'consensus')}/consensus/",
        STAFF,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "assessments:consensus_item",
        lambda c: f"{adm_url(c, 'consensus')}/consensus/{first_item(c)}/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"value": "1", "note": "We agreed"},
        allowed_status=302,
    ),
    Route("assessments:mine", lambda c: f"/o/{c.org.slug}/assessments/mine/", ORG_MEMBERS),
]
