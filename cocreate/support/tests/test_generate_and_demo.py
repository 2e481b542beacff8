"""Generated support logs (for the benchmark) and the demo network's."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, F, Max
from django.utils import timezone

from cocreate.core.models import Community, Organization
from cocreate.support.actions import do_log_support_event
from cocreate.support.demo import seed_plan_links
from cocreate.support.generate import EVENTS_PER_COMMUNITY
from cocreate.support.models import (
    PartnerAttendance,
    SupportEvent,
    SupportEventAction,
    SupportEventDomain,
    SupportEventGoal,
    SupportFacilitator,
)
from cocreate.support.queries.dosage import dosage_by_month


def test_it_generates_support_events_for_every_community(db):
    call_command("generate", communities=3, org_slug="gen", verbosity=0)
    org = Organization.objects.get(slug="gen")
    events = SupportEvent.objects.filter(organization=org)
    per_community = events.values("community").annotate(n=Count("pk"))
    assert sorted(row["n"] for row in per_community) == [EVENTS_PER_COMMUNITY] * 3
    assert SupportEventDomain.objects.filter(organization=org).count() >= events.count()
    assert SupportFacilitator.objects.filter(organization=org).count() >= events.count()
    assert PartnerAttendance.objects.filter(organization=org).exists()
    for model in (SupportEventDomain, SupportFacilitator, PartnerAttendance):
        assert not model.objects.filter(organization=org).exclude(community=F("event__community")).exists()
    community = Community.objects.filter(organization=org).first()
    assert community is not None
    months = dosage_by_month(community, months=None)
    assert sum(m.events for m in months) == EVENTS_PER_COMMUNITY
    assert all(m.partner_types_reached for m in months if m.events > 3)
    # The id sequence goes on after the generated ids: the next event logged gets a fresh one.
    top = events.aggregate(top=Max("id"))["top"]
    practitioner = SupportFacilitator.objects.filter(community=community).first().user
    logged = do_log_support_event(
        community,
        acting_user=practitioner,
        date=timezone.localdate(),
        hours=Decimal("1.0"),
        event_type="coaching",
        function="is",
        modality="phone",
    )
    assert logged.pk > top


def test_the_demo_logs_journey_fives_coaching_session_once(db):
    call_command("seed-demo", stdout=StringIO())
    riverside = SupportEvent.objects.filter(community__slug="riverside", organization__slug="northfield")
    assert riverside.count() >= 8
    assert SupportEvent.objects.filter(community__slug="lakeview").exists()
    session = riverside.get(summary__contains="new listening-session format: short rounds")
    assert (session.hours, session.modality, session.function, session.headcount_total) == (
        Decimal("1.5"),
        "virtual",
        "is",
        6,
    )
    assert [d.domain for d in session.domains.all()] == ["co-creation"]
    assert session.headcount_community == 2
    assert session.facilitators.get().email == "practitioner@demo.cocreate.org"
    before = SupportEvent.objects.count()
    call_command("seed-demo", stdout=StringIO())
    assert SupportEvent.objects.count() == before


def test_the_demo_links_riversides_latest_sessions_to_its_plan(db):
    call_command("seed-demo", stdout=StringIO())
    communities = {c.slug: c for c in Community.objects.filter(organization__slug="northfield")}
    seed_plan_links(communities)  # until core/demo.py calls it after the planning demo
    riverside = communities["riverside"]
    linked = SupportEvent.objects.filter(community=riverside, goal_rows__isnull=False).distinct()
    assert linked.count() >= 2
    assert not SupportEventGoal.objects.exclude(community=F("goal__community")).exists()
    assert not SupportEventAction.objects.exclude(community=F("action__community")).exists()
    before = SupportEventGoal.objects.count() + SupportEventAction.objects.count()
    seed_plan_links(communities)
    assert SupportEventGoal.objects.count() + SupportEventAction.objects.count() == before
