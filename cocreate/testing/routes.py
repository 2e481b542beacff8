"""Every URL pattern is declared here-or-in-an-app with who may use it; a test checks them all.

Each app lists its routes in `cocreate/<app>/tests/routes.py` as `ROUTES = [Route(...), ...]`.
`test_url_coverage` fails when a named URL pattern has no Route, and runs every Route against the
whole cast: anonymous (sent to sign in), another organization's people (404, same as missing), the
roles that may (200, or a redirect after a POST), and the roles that may not (403 inside a place
they can see, 404 for a community they cannot see).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ORG_MEMBERS = frozenset(
    {"admin", "practitioner", "lead", "partner", "funder", "evaluator", "finance", "other_community_lead"}
)
OUTSIDERS = frozenset({"other_org_admin", "other_org_lead", "outsider"})


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" of the URL pattern
    url: Callable  # cast -> path
    allowed: frozenset[str]  # cast members who may use it
    hidden: frozenset[str] = frozenset()  # members of the organization who cannot even see the object (404)
    method: str = "get"
    data: Callable | None = None  # cast -> POST data
    allowed_status: int = 200
    anonymous_status: int = 302  # sent to the sign-in page
    # Routes outside the tenant (token links, public pages) say why the matrix does not apply.
    exempt: str = ""
    extra: dict = field(default_factory=dict)

    def expected(self, who: str) -> int:
        if who in self.allowed:
            return self.allowed_status
        if who in OUTSIDERS or who in self.hidden:
            return 404
        return 403
