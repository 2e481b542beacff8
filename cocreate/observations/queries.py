"""Checked reads for process observations: same 404 for missing and another community's, 403 for a role
that may not act. Every function takes the community already resolved by `access_community`."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.access import ADMIN, PRACTITIONER, Tenant
from cocreate.core.models import Community, Membership
from cocreate.lib.urls import page_reverser
from cocreate.partners.models import Partner
from cocreate.planning.registry import Source

from .models import Finding, FindingKind, ObservationPlan, ObservationRecord, ObservationStep

# The order the form asks for them, and each kind's heading on the plan page.
KIND_HEADINGS = {
    FindingKind.CONFUSION: _("What was confusing or frustrating"),
    FindingKind.BOTTLENECK: _("Bottlenecks and challenges"),
    FindingKind.CHANGE: _("Changes to try"),
}


def _people():
    return User.objects.only("pk", "name", "email").order_by("name", "email")


def _partners():
    return Partner.objects.only("pk", "name").order_by("name")


def plans_in(community: Community) -> QuerySet[ObservationPlan]:
    """The community's plans, latest planned first, with their observers and how many records each has
    (three queries however many plans)."""
    return (
        ObservationPlan.objects.filter(community=community)
        .annotate(record_count=Count("records"))
        .prefetch_related(Prefetch("observers", _people()), Prefetch("partners", _partners()))
        .order_by("-planned_on", "-pk")
    )


def access_plan(
    tenant: Tenant, community: Community, pk: int, action: str = "observation.view"
) -> ObservationPlan:
    """A plan of this community with its observers (three queries)."""
    plan = (
        ObservationPlan.objects.filter(organization=tenant.organization, community=community, pk=pk)
        .prefetch_related(Prefetch("observers", _people()), Prefetch("partners", _partners()))
        .first()
    )
    if plan is None:
        raise Http404
    tenant.require(action, community)
    plan.community = community
    return plan


def records_of(plan: ObservationPlan) -> list[ObservationRecord]:
    """The plan's records in date order, each with its observers, steps and findings (and what those
    became): five queries however many records."""
    records = list(
        ObservationRecord.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("observers", _people()),
            Prefetch("partners", _partners()),
            Prefetch("steps", ObservationStep.objects.order_by("position", "pk")),
            Prefetch(
                "findings",
                Finding.objects.select_related("feedback_item", "cycle").order_by("position", "pk"),
            ),
        )
        .order_by("observed_on", "started_at", "pk")
    )
    for record in records:
        record.plan = plan
        record.findings_by_kind = findings_by_kind(record)  # type: ignore[attr-defined]  # added to the instance for display
    return records


def findings_by_kind(record: ObservationRecord) -> list[tuple[str | Promise, list[Finding]]]:
    """[(heading, findings)] in the order the form asks for them (from the prefetched findings)."""
    found = list(record.findings.all())
    return [(heading, [f for f in found if f.kind == kind]) for kind, heading in KIND_HEADINGS.items()]


def access_record(
    tenant: Tenant, community: Community, pk: int, action: str = "observation.view"
) -> ObservationRecord:
    """A record of this community with its plan, observers, steps and findings."""
    record = (
        ObservationRecord.objects.filter(organization=tenant.organization, community=community, pk=pk)
        .select_related("plan")
        .prefetch_related(
            Prefetch("observers", _people()),
            Prefetch("partners", _partners()),
            Prefetch("steps", ObservationStep.objects.order_by("position", "pk")),
            Prefetch("findings", Finding.objects.order_by("position", "pk")),
        )
        .first()
    )
    if record is None:
        raise Http404
    tenant.require(action, community)
    record.community = record.plan.community = community
    return record


def access_finding(
    tenant: Tenant, community: Community, pk: int, action: str = "observation.change"
) -> Finding:
    """A finding of this community with its record and plan (one query)."""
    finding = (
        Finding.objects.filter(organization=tenant.organization, community=community, pk=pk)
        .select_related("record__plan")
        .first()
    )
    if finding is None:
        raise Http404
    tenant.require(action, community)
    finding.community = finding.record.community = finding.record.plan.community = community
    return finding


def observer_choices(community: Community) -> QuerySet[User]:
    """Who can be named an observer: anyone in the community, and the staff who serve every community."""
    members = Membership.objects.filter(organization_id=community.organization_id).filter(
        Q(community=community) | Q(community__isnull=True, role__in=[ADMIN, PRACTITIONER])
    )
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("name", "email")


def partner_choices(community: Community) -> QuerySet[Partner]:
    """Partners of the community still at the table (a parent without a sign-in can observe too)."""
    return Partner.objects.active().filter(organization_id=community.organization_id, community=community)


def findings_behind(tenant: Tenant, community: Community, **link) -> list[Source]:
    """The findings that became this feedback item (`feedback_item=`) or PDSA cycle (`cycle=`), for the
    people who may read process observations (one query; none for the others). Registered in
    ObservationsConfig.ready() as a source of planning's feedback and cycle pages."""
    if not tenant.can("observation.view", community):
        return []
    rows = (
        Finding.objects.filter(community=community, **link)
        .select_related("record")
        .only("pk", "text", "record__plan_id", "record__observed_on")
        .order_by("pk")
    )
    url = page_reverser()  # findings share a few observation plans
    org_slug = tenant.organization.slug
    label = str(_("From a process observation"))
    return [
        Source(
            label,
            f.text,
            f"{url('observations:plan', org_slug, community.slug, f.record.plan_id)}#finding-{f.pk}",
            f.record.observed_on,
        )
        for f in rows
    ]
