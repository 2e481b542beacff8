"""Generated action plans: every community has goals with actions and people responsible, the measured
community has the full plan, and the lists have overdue and due-soon rows to show."""

from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from cocreate.core.models import Community, Organization
from cocreate.planning.generate import ACTIONS_PER_GOAL, GOALS_PER_COMMUNITY, QUICK_GOALS
from cocreate.planning.models import OPEN_ACTION_STATUSES, Action, ActionOwner, EquityIntention, Goal


def test_it_generates_a_plan_for_every_community(db):
    call_command("generate", communities=3, org_slug="gen", verbosity=0)
    org = Organization.objects.get(slug="gen")
    goals = Goal.objects.filter(organization=org)
    assert goals.count() == GOALS_PER_COMMUNITY + 2 * QUICK_GOALS  # the measured community: a full plan
    assert Action.objects.filter(organization=org).count() == goals.count() * ACTIONS_PER_GOAL
    for community in Community.objects.filter(organization=org):
        assert goals.filter(community=community).exists()
    assert not Action.objects.filter(organization=org, owners__isnull=True).exists()  # someone owns each
    partner_owners = ActionOwner.objects.filter(organization=org, partner__isnull=False)
    assert not partner_owners.exclude(partner__community=F("action__community")).exists()
    open_actions = Action.objects.filter(organization=org, status__in=OPEN_ACTION_STATUSES)
    assert open_actions.filter(due_on__lt=timezone.localdate()).exists()
    assert EquityIntention.objects.filter(organization=org).count() == goals.count()


def test_the_demo_turns_riversides_gap_into_a_goal_with_owned_actions_once(client, db):
    from io import StringIO

    from cocreate.assessments.models import GapFlag
    from cocreate.core.demo import DEMO_PASSWORD

    call_command("seed-demo", stdout=StringIO())
    riverside = Goal.objects.filter(community__slug="riverside", organization__slug="northfield")
    assert riverside.count() == 3
    goal = riverside.get(items__isnull=False)
    assert GapFlag.objects.get(goal_links__goal=goal).resolved_at is not None
    # three from the gap, and the demo parent's own (planning/demo_for_me.py), all with owners
    assert goal.actions.count() == 4 and not goal.actions.filter(owners__isnull=True).exists()
    assert goal.intentions.count() == 3
    assert Goal.objects.filter(community__slug="lakeview").exists()
    before = Goal.objects.count()
    call_command("seed-demo", stdout=StringIO())
    assert Goal.objects.count() == before
    client.post("/accounts/login/", {"login": "practitioner@demo.cocreate.org", "password": DEMO_PASSWORD})
    page = client.get("/o/northfield/planning/my-actions/").content.decode()
    assert "Schedule a first coaching session" in page and "Report back to the families" in page
