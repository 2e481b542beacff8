"""The support-log API in the permission matrix (anonymous callers get 401: the token is the way in)."""

from django.utils import timezone

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE
from cocreate.support.tests.helpers import riverside_event
from cocreate.testing.routes import Route

LOGGERS = frozenset({"admin", "practitioner"})


def riverside(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/support/{suffix}"


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


ROUTES = [
    API("api:support_events", lambda c: riverside(c, "events/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API(
        "api:support_events",
        lambda c: riverside(c, "events/"),
        LOGGERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {
            "date": timezone.localdate().isoformat(),
            "hours": "1.5",
            "event_type": "coaching",
            "function": "is",
            "modality": "virtual",
        },
        allowed_status=201,
    ),
    API(
        "api:support_event",
        lambda c: riverside(c, f"events/{riverside_event(c).pk}/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    API("api:support_dosage", lambda c: riverside(c, "dosage/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
]
