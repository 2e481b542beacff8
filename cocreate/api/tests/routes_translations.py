"""The translations API in the permission matrix: everyone who sees the community reads the versions
written; translators (staff and partners) see what is needed and write."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, TRANSLATORS
from cocreate.meetings.tests.helpers import riverside_decision
from cocreate.testing.routes import Route


def riverside(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/{suffix}"


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


def a_version(c):
    return {
        "kind": "meetings.decision",
        "object_id": riverside_decision(c).pk,
        "field": "title",
        "language": "es",
        "text": "La decisión de la matriz",
    }


ROUTES = [
    API("api:translations", lambda c: riverside(c, "translations/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API(
        "api:translations",
        lambda c: riverside(c, "translations/"),
        TRANSLATORS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=a_version,
        allowed_status=201,
    ),
    API(
        "api:translations_needed",
        lambda c: riverside(c, "translations/needed/"),
        TRANSLATORS,
        hidden=NOT_RIVERSIDE,
    ),
]
