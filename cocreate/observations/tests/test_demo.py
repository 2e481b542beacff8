from cocreate.conftest import member
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Role
from cocreate.observations.demo import seed_observations
from cocreate.observations.models import ObservationPlan, ObservationRecord
from cocreate.planning.models import FeedbackItem


def test_it_seeds_one_plan_and_one_record_once(cast):
    member(f"lead@{DEMO_DOMAIN}", cast.org, Role.TEAM_LEAD, cast.community, name="Dana Brooks")
    member(f"parent@{DEMO_DOMAIN}", cast.org, Role.PARTNER, cast.community, name="María López")
    seed_observations({"riverside": cast.community})
    seed_observations({"riverside": cast.community})  # a second run leaves it alone
    plan = ObservationPlan.objects.get()
    assert plan.community == cast.community and plan.observers.count() == 2
    record = ObservationRecord.objects.get()
    assert record.steps.count() == 4 and record.findings.count() == 4
    assert FeedbackItem.objects.get().observation_findings.get().record == record
