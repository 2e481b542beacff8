"""The API in the permission matrix. Anonymous requests get 401 (the token header is the way in),
except the token endpoint (session only: 403) and the schema (public, like the source code)."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.partners.tests.helpers import area, riverside_parent
from cocreate.testing.routes import ORG_MEMBERS, OUTSIDERS, Route


def api(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{suffix}"


def riverside(c, suffix=""):
    return api(c, f"{c.community.slug}/{suffix}")


def partner(c, suffix=""):
    return riverside(c, f"partners/{riverside_parent(c).pk}/{suffix}")


def next_rung(c):
    """A move that always changes something, however many people made one before."""
    from cocreate.partners.models import EngagementLevel

    level = EngagementLevel.objects.filter(partner=riverside_parent(c), area=area(c.community)).first()
    return {
        "area": "co-creation",
        "current": (level.current % 5 + 1) if level else 2,
        "reason": "Joined the group",
    }


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


ROUTES = [
    API("api:communities", api, ORG_MEMBERS),
    API("api:community", riverside, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API("api:partners", lambda c: riverside(c, "partners/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API(
        "api:partners",
        lambda c: riverside(c, "partners/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"name": "Rosa Díaz", "partner_type": "community"},
        allowed_status=201,
    ),
    API("api:partner", partner, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API("api:levels", lambda c: partner(c, "levels/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API(
        "api:levels",
        lambda c: partner(c, "levels/"),
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=next_rung,
        allowed_status=201,
    ),
    API("api:changes", lambda c: partner(c, "changes/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API("api:teams", lambda c: riverside(c, "teams/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    API("api:plan", lambda c: riverside(c, "plan/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    # Anyone signed in manages their own token, members of no organization included.
    Route("api:token", lambda c: "/api/v1/token/", ORG_MEMBERS | OUTSIDERS, anonymous_status=403),
    Route("api:schema", lambda c: "/api/v1/schema/", ORG_MEMBERS | OUTSIDERS, anonymous_status=200),
]
