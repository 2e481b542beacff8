"""Northfield's compensation policy for the demo: $25.00 an hour (at most 2 h preparation, 3 h
meeting, 1.5 h travel), child care up to $60.00 a day (above it with Dana Brooks's approval), $0.670 a
mile or actual costs with receipts, special events approved by the admin, the notice in both
languages, a $600.00 reporting threshold. In force from a year ago, so the demo's claims fall under
it. Written through `do_create_policy_version`; an organization with a policy is left alone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community

from .models import Basis, Policy
from .policy import DEFAULT_NOTICE_EN, DEFAULT_NOTICE_ES, do_create_policy_version


def seed_policy(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside") or next(iter(communities.values()), None)
    if riverside is None:
        return
    organization = riverside.organization
    if Policy.objects.filter(organization=organization).exists():
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    today = timezone.localdate()
    do_create_policy_version(
        organization,
        acting_user=people.get("finance"),
        backdate=True,
        effective_from=today.replace(month=1, day=1) - timedelta(days=365),
        currency="USD",
        honorarium_basis=Basis.HOUR,
        honorarium_rate=D("25.00"),
        max_prep_hours=D("2"),
        max_meeting_hours=D("3"),
        max_travel_hours=D("1.5"),
        childcare_daily_cap=D("60.00"),
        childcare_exception_approver=people.get("lead"),
        mileage_rate=D("0.670"),
        actual_costs_allowed=True,
        special_event_approver=people.get("admin"),
        notice_en=DEFAULT_NOTICE_EN,
        notice_es=DEFAULT_NOTICE_ES,
        reporting_threshold=D("600.00"),
    )
