"""Which goals and actions of the community's plan a session served: the form, the event page, the
exports, the API, and the goal's list of support (for the planning pages)."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cocreate.core.errors import WriteError
from cocreate.planning import actions as planning_actions
from cocreate.planning.models import GoalStatus
from cocreate.planning.tests.helpers import make_action, make_goal
from cocreate.support.actions import do_log_support_event
from cocreate.support.models import SupportEvent, SupportEventAction, SupportEventGoal
from cocreate.support.queries.served import events_serving_goal, goal_support

from .helpers import log
from .test_log import session, url


@pytest.fixture
def plan(cast):
    """Two Riverside goals with an action each, and a Lakeview goal with one."""
    family = make_goal(cast, "Families shape the home-visiting schedule")
    data = make_goal(cast, "Use our own data every quarter")
    lakeview = make_goal(cast, "Lakeview goal", community=cast.other_community)
    return {
        "family": family,
        "family_action": make_action(family, cast, "Hold two evening listening sessions"),
        "data": data,
        "data_action": make_action(data, cast, "Build a one-page dashboard"),
        "lakeview": lakeview,
        "lakeview_action": make_action(lakeview, cast, "Lakeview action"),
    }


def test_the_form_lists_the_goals_with_their_actions_beneath(client, cast, plan):
    client.force_login(cast.practitioner)
    page = client.get(url(cast, "new/")).content.decode()
    assert "Goals or actions served" in page
    family = page.index("Families shape the home-visiting schedule")
    assert family < page.index("Hold two evening listening sessions") < page.index("Use our own data")
    assert "Lakeview goal" not in page and "Lakeview action" not in page


def test_it_logs_the_goal_and_action_a_session_served_and_shows_them(client, cast, plan):
    client.force_login(cast.practitioner)
    response = client.post(
        url(cast, "new/"), session(goals=[plan["family"].pk], actions=[plan["data_action"].pk])
    )
    event = SupportEvent.objects.get()
    assert response.status_code == 302
    assert list(event.goals.all()) == [plan["family"]]
    assert list(event.actions.all()) == [plan["data_action"]]
    row = SupportEventGoal.objects.get()
    assert (row.organization, row.community) == (cast.org, cast.community)
    page = client.get(response["Location"]).content.decode()
    assert "Families shape the home-visiting schedule" in page
    assert "Build a one-page dashboard" in page
    assert "(through its actions)" in page  # the data goal is listed for its action only
    assert f"/planning/goals/{plan['family'].pk}/" in page


@pytest.mark.parametrize(
    "field,other",
    [("goals", "lakeview"), ("actions", "lakeview_action")],
)
def test_a_goal_or_action_of_another_community_is_refused_beside_the_field(client, cast, plan, field, other):
    client.force_login(cast.practitioner)
    response = client.post(url(cast, "new/"), session(**{field: [plan[other].pk]}))
    assert response.status_code == 200
    assert not SupportEvent.objects.exists()
    form = response.context["form"]
    assert list(form.errors) == [field]
    page = response.content.decode()
    assert 'id="id_plan_error"' in page
    assert "Choose among" in page


def test_the_write_refuses_another_communitys_goal_and_action_too(cast, plan):
    with pytest.raises(WriteError) as refused:
        do_log_support_event(
            cast.community,
            acting_user=cast.practitioner,
            date=timezone.localdate(),
            hours=Decimal("1.0"),
            event_type="coaching",
            function="is",
            modality="virtual",
            goals=[plan["lakeview"]],
            actions=[plan["lakeview_action"]],
        )
    assert set(refused.value.message_dict) == {"goals", "actions"}
    assert not SupportEvent.objects.exists()


def test_editing_keeps_a_goal_achieved_since_and_can_untick_it(client, cast, plan):
    event = log(cast)
    client.force_login(cast.practitioner)
    client.post(url(cast, f"{event.pk}/edit/"), session(goals=[plan["family"].pk]))
    planning_actions.do_update_goal(plan["family"], acting_user=cast.lead, status=GoalStatus.ACHIEVED)
    page = client.get(url(cast, f"{event.pk}/edit/")).content.decode()
    assert "Families shape the home-visiting schedule" in page
    assert client.get(url(cast, "new/")).content.decode().count("Families shape") == 0
    client.post(url(cast, f"{event.pk}/edit/"), session(goals=[]))
    assert not SupportEventGoal.objects.filter(event=event).exists()


def test_the_form_says_when_the_plan_has_no_open_goals(client, cast):
    client.force_login(cast.practitioner)
    assert "plan has no open goals yet." in client.get(url(cast, "new/")).content.decode()


def test_a_goals_support_counts_events_served_directly_or_through_its_actions(cast, plan):
    direct = log(cast, hours="1.0")
    _link(direct, goals=[plan["family"]])
    through_action = log(cast, hours="2.0", day=timezone.localdate() - timedelta(days=3))
    _link(through_action, actions=[plan["family_action"]])
    both = log(cast, hours="0.5")
    _link(both, goals=[plan["family"]], actions=[plan["family_action"]])
    _link(log(cast), goals=[plan["data"]])  # another goal's
    assert set(events_serving_goal(plan["family"])) == {direct, through_action, both}
    support = goal_support(plan["family"])
    assert (support.events, support.hours) == (3, Decimal("3.5"))
    assert support.last_on == timezone.localdate()
    assert support.recent[-1] == through_action  # the oldest last
    assert goal_support(plan["lakeview"]).events == 0


def test_a_goals_support_is_two_queries_however_many_events(cast, plan, django_assert_num_queries):
    for _i in range(2):
        _link(log(cast), goals=[plan["family"]])
    with django_assert_num_queries(2):
        support = goal_support(plan["family"])
        [e.url() for e in support.recent]
    for _i in range(20):
        _link(log(cast), actions=[plan["family_action"]])
    with django_assert_num_queries(2):
        support = goal_support(plan["family"])
        [e.url() for e in support.recent]
    assert support.events == 22 and len(support.recent) == 5


def test_the_exports_carry_the_goals_and_actions(client, cast, plan):
    event = log(cast)
    _link(event, goals=[plan["family"]], actions=[plan["data_action"]])
    log(cast)  # served nothing
    client.force_login(cast.evaluator)
    rows = list(
        csv.reader(io.StringIO(client.get(url(cast, "dosage/export.csv")).content.decode("utf-8-sig")))
    )
    column = rows[0].index("events serving the plan")
    assert rows[-1][column] == "1" and rows[-1][2] == "2"
    book = load_workbook(io.BytesIO(client.get(url(cast, "dosage/export.xlsx")).content))
    events = list(book.worksheets[1].values)
    goals, acts = events[0].index("goals served"), events[0].index("actions served")
    served = [r for r in events[1:] if r[goals]]
    assert [(r[goals], r[acts]) for r in served] == [
        ("Families shape the home-visiting schedule", "Build a one-page dashboard")
    ]


def _link(event, *, goals=(), actions=()):
    scope = {"organization_id": event.organization_id, "community_id": event.community_id, "event": event}
    SupportEventGoal.objects.bulk_create(SupportEventGoal(goal=g, **scope) for g in goals)
    SupportEventAction.objects.bulk_create(SupportEventAction(action=a, **scope) for a in actions)


def test_the_goal_page_include_lists_the_support_or_says_there_is_none(cast, plan):
    from django.template.loader import render_to_string

    empty = render_to_string("support/_goal_support.html", {"support": goal_support(plan["family"])})
    assert "No support logged for this goal or its actions yet." in empty
    event = log(cast, hours="1.5")
    _link(event, actions=[plan["family_action"]])
    html = render_to_string("support/_goal_support.html", {"support": goal_support(plan["family"])})
    assert "1 session of support, 1.5 hours" in html
    assert f'href="{event.url()}"' in html
