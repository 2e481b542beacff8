"""Her claims in the API: hers alone (every other member of the organization has none: 403)."""

from django.utils import timezone

from cocreate.compensation.tests.routes_claims import HERS, a_claim, her_partner, meeting, policy, upcoming
from cocreate.testing.routes import Route


def me(c, suffix=""):
    her_partner(c)
    return f"/api/v1/orgs/{c.org.slug}/me/pay/{suffix}"


def API(name, url, allowed, **kw):
    return Route(name, url, frozenset(allowed), anonymous_status=401, **kw)


def new_claim(c):
    policy(c)
    return {"meeting": meeting(c).pk, "prep_hours": "1", "meeting_hours": "1.5"}


def new_exception(c):
    policy(c)
    return {"meeting": upcoming(c).pk, "kind": "childcare", "amount": "90", "reason": "Three children"}


ROUTES = [
    API("api:my_claims", lambda c: me(c, "claims/"), HERS),
    API("api:my_claims", lambda c: me(c, "claims/"), HERS, method="post", data=new_claim, allowed_status=201),
    API("api:my_claim", lambda c: me(c, f"claims/{a_claim(c).pk}/"), HERS),
    API("api:my_exceptions", lambda c: me(c, "exceptions/"), HERS),
    API(
        "api:my_exceptions",
        lambda c: me(c, "exceptions/"),
        HERS,
        method="post",
        data=new_exception,
        allowed_status=201,
    ),
    API("api:my_statement", lambda c: me(c, f"statements/{timezone.localdate().year}/"), HERS),
]
