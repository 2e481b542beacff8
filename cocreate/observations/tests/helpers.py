"""Observation plans and records for the cast's communities, made on demand through the same writes as
the pages (the cast itself stays small)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.observations import actions
from cocreate.observations.actions import PlanDetails, RecordDetails, StepRow
from cocreate.observations.models import (
    Finding,
    FindingKind,
    ObservationPlan,
    ObservationRecord,
    ShadowMethod,
)


def today():
    return timezone.localdate()


def plan_details(cast, **fields) -> PlanDetails:
    fields.setdefault("aim", "Learn why families miss their first home visit")
    fields.setdefault("process", "Booking the first home visit")
    fields.setdefault("starts_where", "A family is referred by the clinic")
    fields.setdefault("ends_where", "The first visit takes place")
    fields.setdefault("method", ShadowMethod.FOLLOW)
    fields.setdefault("planned_on", today() + timedelta(days=7))
    fields.setdefault("observers", [cast.lead])
    return PlanDetails(**fields)


def make_plan(cast, *, by=None, community=None, **fields) -> ObservationPlan:
    return actions.do_create_plan(
        community or cast.community, acting_user=by or cast.lead, details=plan_details(cast, **fields)
    )


def record_details(cast, **fields) -> RecordDetails:
    fields.setdefault("observed_on", today())
    fields.setdefault("observers", [cast.lead])
    fields.setdefault(
        "steps",
        [
            StepRow("Clinic sends the referral", "Referral sent by fax, read two days later"),
            StepRow("We call the family", "Three calls before anyone answered", "Calls were at work hours"),
        ],
    )
    fields.setdefault(
        "findings",
        {
            FindingKind.CONFUSION: ["The letter did not say who would visit"],
            FindingKind.BOTTLENECK: ["Referrals wait in the fax tray"],
            FindingKind.CHANGE: ["Call in the evening", "Text before calling"],
        },
    )
    return RecordDetails(**fields)


def make_record(cast, plan=None, *, by=None, **fields) -> ObservationRecord:
    plan = plan or riverside_plan(cast)
    return actions.do_record_observation(
        plan, acting_user=by or cast.lead, details=record_details(cast, **fields)
    )


def riverside_plan(cast) -> ObservationPlan:
    """Riverside's plan (the same one however often it is asked for)."""
    return ObservationPlan.objects.filter(community=cast.community).order_by("pk").first() or make_plan(cast)


def riverside_record(cast) -> ObservationRecord:
    plan = riverside_plan(cast)
    return plan.records.order_by("pk").first() or make_record(cast, plan)


def riverside_finding(cast) -> Finding:
    return riverside_record(cast).findings.filter(kind=FindingKind.CHANGE).order_by("position", "pk")[0]
