"""The staff side of compensation in the permission matrix: everyone in the organization reads the
policy; admin and finance write a new version; Riverside's lead and finance approve Riverside's claims
(Lakeview's lead cannot see them); finance pays, sees the yearly totals and exports."""

from django.utils import timezone

from cocreate.compensation.approvals import do_approve_claim
from cocreate.compensation.models import Claim, ClaimStatus, ExceptionRequest
from cocreate.core.tests.routes import NOT_RIVERSIDE
from cocreate.testing.routes import ORG_MEMBERS, Route

from .staff_helpers import claim_for, exception_for, policy_of

APPROVERS = frozenset({"lead", "finance"})
ANY_APPROVER = APPROVERS | {"other_community_lead"}
FINANCE = frozenset({"finance"})


def pay(c, suffix=""):
    return f"/o/{c.org.slug}/pay/{suffix}"


def riverside_claim(c, approved=False) -> Claim:
    claim = Claim.objects.filter(organization=c.org).first()
    if claim is None:
        claim = claim_for(c)
    if approved and claim.status == ClaimStatus.SUBMITTED:
        claim = do_approve_claim(claim, acting_user=c.finance)
    return claim


def riverside_exception(c) -> ExceptionRequest:
    exception = ExceptionRequest.objects.filter(organization=c.org).first()
    if exception is None:
        exception = exception_for(c, riverside_claim(c))
    return exception


def policy_url(c):
    policy_of(c)
    return pay(c, "policy/")


ROUTES = [
    Route("compensation:policy", policy_url, ORG_MEMBERS),
    Route(
        "compensation:policy_new",
        lambda c: (policy_of(c), pay(c, "policy/new/"))[1],
        frozenset({"admin", "finance"}),
    ),
    Route(
        "compensation:exceptions", lambda c: (riverside_exception(c), pay(c, "exceptions/"))[1], ANY_APPROVER
    ),
    Route(
        "compensation:exception_decide",
        lambda c: pay(c, f"exceptions/{riverside_exception(c).pk}/decide/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"decision": "approve"},
        allowed_status=302,
    ),
    Route("compensation:queue", lambda c: (riverside_claim(c), pay(c, "claims/"))[1], ANY_APPROVER),
    Route(
        "compensation:staff_claim",
        lambda c: pay(c, f"claims/{riverside_claim(c).pk}/review/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "compensation:claim_approve",
        lambda c: pay(c, f"claims/{riverside_claim(c).pk}/approve/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "compensation:claim_return",
        lambda c: pay(c, f"claims/{riverside_claim(c).pk}/return/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"reason": "Add the receipt for parking, please."},
        allowed_status=302,
    ),
    Route(
        "compensation:claim_change",
        lambda c: pay(c, f"claims/{riverside_claim(c, approved=True).pk}/change/"),
        APPROVERS,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "compensation:claim_pay",
        lambda c: pay(c, f"claims/{riverside_claim(c, approved=True).pk}/pay/"),
        FINANCE,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"paid_on": timezone.localdate().isoformat(), "method": "check", "reference": "1042"},
        allowed_status=302,
    ),
    Route("compensation:totals", lambda c: pay(c, f"totals/{timezone.localdate().year}/"), FINANCE),
    Route("compensation:export", lambda c: pay(c, "export/"), FINANCE),
]
