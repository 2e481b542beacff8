"""Eight approvers (or eight clicks) at once: one approval, one ClaimVersion; eight payments at once:
one Payment. PostgreSQL only (row locks between connections), like core/tests/test_bursts.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from cocreate.compensation import approvals
from cocreate.compensation.models import ClaimStatus, ClaimVersion, Payment
from cocreate.core.tests.test_bursts import burst

from .staff_helpers import claim_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="threads writing at once need PostgreSQL (SQLite's test database is one connection)",
    ),
]


def test_eight_approvals_at_once_make_one_version(cast):
    claim = claim_for(cast)
    results, errors = burst(lambda: approvals.do_approve_claim(claim, acting_user=cast.lead))
    assert not errors and len(results) == 8
    assert ClaimVersion.objects.filter(claim=claim).count() == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED


def test_eight_payments_at_once_make_one_payment(cast):
    claim = claim_for(cast)
    approvals.do_approve_claim(claim, acting_user=cast.lead)
    results, errors = burst(
        lambda: approvals.do_mark_paid(
            claim, acting_user=cast.finance, paid_on=timezone.localdate(), method="check"
        )
    )
    assert not errors and len({p.pk for p in results}) == 1
    assert Payment.objects.filter(claim=claim).count() == 1
