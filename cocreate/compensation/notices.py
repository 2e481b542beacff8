"""What the staff side of compensation tells a community leader (`cocreate.notifications`): her
exception decided, her claim approved or returned, her claim paid.

The kinds are registered in `CompensationConfig.ready()`; titles and email texts are the templates
`compensation/notifications/<kind>.txt` and `<kind>_body.txt`, rendered in her language. Every payment
notice carries the policy's notice about taxes and benefits in her language (the issue asks for it on
each one): the context holds both versions and the template picks hers.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.notifications.actions import notify
from cocreate.notifications.registry import IMMEDIATELY, NotificationKind, notification_kinds

from .models import Claim, ExceptionRequest, Payment
from .money import format_money

KINDS = [
    NotificationKind(
        "pay_exception_decided",
        140,
        _("Your exception request is decided"),
        "compensation/notifications/pay_exception_decided",
        default_email=IMMEDIATELY,
    ),
    NotificationKind(
        "pay_claim_approved",
        141,
        _("Your claim is approved"),
        "compensation/notifications/pay_claim_approved",
    ),
    NotificationKind(
        "pay_claim_returned",
        142,
        _("Your claim is returned to you"),
        "compensation/notifications/pay_claim_returned",
        default_email=IMMEDIATELY,
    ),
    NotificationKind(
        "pay_claim_paid",
        143,
        _("Your claim is paid"),
        "compensation/notifications/pay_claim_paid",
        default_email=IMMEDIATELY,
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


def _claim_url(claim: Claim) -> str:
    """Her own claim's page."""
    return reverse("compensation:my_claim", args=[claim.organization.slug, claim.pk])


def exception_decided(exception: ExceptionRequest) -> int:
    user = exception.partner.user
    return notify(
        kind="pay_exception_decided",
        recipients=[user],
        organization=exception.organization,
        community=exception.community,
        key=f"pay-exception:{exception.pk}:{exception.status}",
        url=exception.organization.get_absolute_url(),
        context={
            "event": exception.event_title,
            "event_date": exception.event_date.isoformat(),
            "kind": exception.kind,
            "approved": exception.status == "approved",
            "amount": format_money(exception.amount),
            "note": exception.decision_note,
        },
    )


def claim_approved(claim: Claim) -> int:
    return notify(
        kind="pay_claim_approved",
        recipients=[claim.partner.user],
        organization=claim.organization,
        community=claim.community,
        key=f"pay-claim:{claim.pk}:approved",
        url=_claim_url(claim),
        context={
            "event": claim.event_title,
            "event_date": claim.event_date.isoformat(),
            "total": format_money(claim.total, claim.policy.currency),
        },
    )


def claim_returned(claim: Claim) -> int:
    return notify(
        kind="pay_claim_returned",
        recipients=[claim.partner.user],
        organization=claim.organization,
        community=claim.community,
        key=f"pay-claim:{claim.pk}:returned:v{claim.version}",
        url=_claim_url(claim),
        context={
            "event": claim.event_title,
            "event_date": claim.event_date.isoformat(),
            "reason": claim.return_reason,
        },
    )


def claim_paid(payment: Payment) -> int:
    claim = payment.claim
    policy = claim.policy
    return notify(
        kind="pay_claim_paid",
        recipients=[claim.partner.user],
        organization=claim.organization,
        community=claim.community,
        key=f"pay-claim:{claim.pk}:paid",
        url=_claim_url(claim),
        context={
            "event": claim.event_title,
            "event_date": claim.event_date.isoformat(),
            "amount": format_money(payment.amount, policy.currency),
            "paid_on": payment.paid_on.isoformat(),
            "method": payment.method,
            "reference": payment.reference,
            "notice_en": policy.notice("en"),
            "notice_es": policy.notice("es"),
        },
    )
