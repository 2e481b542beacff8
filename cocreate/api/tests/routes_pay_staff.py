"""Compensation's staff side in the API in the permission matrix (anonymous callers get 401)."""

from django.utils import timezone

from cocreate.compensation.tests.routes_staff import riverside_claim, riverside_exception
from cocreate.compensation.tests.staff_helpers import policy_of
from cocreate.core.tests.routes import NOT_RIVERSIDE
from cocreate.testing.routes import ORG_MEMBERS, Route

APPROVERS = frozenset({"lead", "finance"})


def pay(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/pay/{suffix}"


def policy(c):
    policy_of(c)
    return pay(c, "policy/")


ROUTES = [
    Route("api:pay_policy", policy, ORG_MEMBERS, anonymous_status=401),
    Route(
        "api:pay_claims",
        lambda c: (riverside_claim(c), pay(c, "claims/"))[1],
        APPROVERS | {"other_community_lead"},
        anonymous_status=401,
    ),
    Route(
        "api:pay_claim",
        lambda c: pay(c, f"claims/{riverside_claim(c).pk}/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
        anonymous_status=401,
    ),
    Route(
        "api:pay_claim_approve",
        lambda c: pay(c, f"claims/{riverside_claim(c).pk}/approve/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        anonymous_status=401,
    ),
    Route(
        "api:pay_claim_return",
        lambda c: pay(c, f"claims/{riverside_claim(c).pk}/return/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"reason": "The parking receipt is missing."},
        anonymous_status=401,
    ),
    Route(
        "api:pay_claim_pay",
        lambda c: pay(c, f"claims/{riverside_claim(c, approved=True).pk}/pay/"),
        frozenset({"finance"}),
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"paid_on": timezone.localdate().isoformat(), "method": "check", "reference": "7"},
        anonymous_status=401,
    ),
    Route(
        "api:pay_exception_decide",
        lambda c: pay(c, f"exceptions/{riverside_exception(c).pk}/decision/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"approve": True},
        anonymous_status=401,
    ),
]
