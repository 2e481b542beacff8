from django.utils import timezone

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import Route

from .helpers import riverside_event

LOGGERS = frozenset({"admin", "practitioner"})  # "support.log": the intermediary's own staff
EXPORTERS = STAFF | {"funder", "evaluator"}


def base(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}/support"


def event(c):
    return f"{base(c)}/{riverside_event(c).pk}"


def new_session(c):
    return {
        "date": timezone.localdate().isoformat(),
        "hours": "1.5",
        "event_type": "coaching",
        "function": "is",
        "modality": "virtual",
        "domains": ["co-creation"],
    }


ROUTES = [
    Route("support:list", lambda c: f"{base(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("support:create", lambda c: f"{base(c)}/new/", LOGGERS, hidden=NOT_RIVERSIDE),
    Route(
        "support:create",
        lambda c: f"{base(c)}/new/",
        LOGGERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_session,
        allowed_status=302,
    ),
    Route("support:detail", lambda c: f"{event(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("support:edit", lambda c: f"{event(c)}/edit/", LOGGERS, hidden=NOT_RIVERSIDE),
    Route(
        "support:edit",
        lambda c: f"{event(c)}/edit/",
        LOGGERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=new_session,
        allowed_status=302,
    ),
    Route("support:delete", lambda c: f"{event(c)}/delete/", LOGGERS, hidden=NOT_RIVERSIDE),
    Route(
        "support:delete",
        lambda c: f"{event(c)}/delete/",
        LOGGERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    # Sending the interim-outcomes survey opens a round: "assessment.run" (staff). The route's event has
    # no attendees, so it comes back to the event page with a message, as it does once it was sent.
    Route(
        "support:send_survey",
        lambda c: f"{event(c)}/survey/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"anonymous": "on"},
        allowed_status=302,
    ),
    Route("support:outcomes", lambda c: f"{base(c)}/outcomes/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route(
        "support:outcomes_chart",
        lambda c: f"{base(c)}/outcomes/chart.json",
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    Route("support:dosage", lambda c: f"{base(c)}/dosage/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("support:dosage_csv", lambda c: f"{base(c)}/dosage/export.csv", EXPORTERS, hidden=NOT_RIVERSIDE),
    Route("support:dosage_xlsx", lambda c: f"{base(c)}/dosage/export.xlsx", EXPORTERS, hidden=NOT_RIVERSIDE),
    Route(
        "support:dosage_chart",
        lambda c: f"{base(c)}/dosage/charts/hours-by-month.json",
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    # The portfolio is the organization's, not a community's: a member without "support.log" gets 403.
    Route("support:portfolio", lambda c: f"/o/{c.org.slug}/support/portfolio/", LOGGERS),
    Route(
        "support:portfolio_chart",
        lambda c: f"/o/{c.org.slug}/support/portfolio/charts/hours-by-month.json",
        LOGGERS,
    ),
]
