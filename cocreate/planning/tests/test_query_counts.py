"""Query budgets: the plan page, a goal, the due lists and the community page read a fixed number of
queries however many goals, actions, owners, notes and intentions there are."""

from __future__ import annotations

from cocreate.assessments import actions as assessment_actions
from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType
from cocreate.planning import actions, feedback
from cocreate.planning.models import Intention

from .helpers import make_action, make_goal
from .test_goals import answered_round, goal_url, plan_url


def warm(client, cast, who):
    client.force_login(who)
    client.get(f"/o/{cast.org.slug}/me/")  # the once-per-session two-factor check happens here


def grow(cast, goals=12, actions_each=4, community=None, person=None):
    """A bigger plan: goals with actions, each action with a partner and a member responsible."""
    community = community or cast.community
    person = person or cast.lead
    partner = partner_actions.do_create_partner(
        community, name="Grow Partner", partner_type=PartnerType.COMMUNITY
    )
    made = []
    for g in range(goals):
        goal = make_goal(cast, f"Goal {g}", community=community, horizon=1 + g % 3)
        for a in range(actions_each):
            make_action(goal, cast, f"Action {g}.{a}", due_in=(a * 5) - 6, partners=[partner], users=[person])
        made.append(goal)
    return made


def test_the_plan_page_query_count_is_flat(client, cast, django_assert_num_queries):
    grow(cast, goals=1, actions_each=1)
    warm(client, cast, cast.partner)
    # session, user, memberships, community, teams (filter), progress by status, page count,
    # goals (with team), their actions, the actions' owners (with partner or user), the goals' and
    # actions' versions in other languages
    with django_assert_num_queries(11):
        client.get(plan_url(cast))
    grow(cast, goals=14, actions_each=5)
    with django_assert_num_queries(11):  # 15 goals, 76 actions, 152 owners: same
        response = client.get(plan_url(cast))
    assert response.content.decode().count('class="plan-goal"') == 10  # a page of goals


def test_the_goal_page_query_count_is_flat(client, cast, django_assert_num_queries):
    adm = answered_round(cast)
    gap = assessment_actions.do_flag_gap(
        adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead
    )
    goal = make_goal(cast, gaps=[gap])
    make_action(goal, cast)
    url = goal_url(goal)
    warm(client, cast, cast.funder)
    # session, user, memberships, community, goal (with team), intentions (with people), linked items
    # (with gap, item, version), later rounds (scores column), their item rows, actions, owners,
    # progress notes (with writers), the goal's history, its actions' history, the support sessions
    # that served it (count and hours, the latest few), the goal's and actions' other languages
    with django_assert_num_queries(17):
        client.get(url)
    second = answered_round(cast)
    answered_round(cast)
    other = assessment_actions.do_flag_gap(
        second, item=second.version.items.get(key="cc-feedback"), acting_user=cast.lead
    )
    actions.do_update_goal(goal, acting_user=cast.lead, gaps=[gap, other], statement="Longer")
    parent = partner_actions.do_create_partner(cast.community, name="P", partner_type=PartnerType.COMMUNITY)
    for i in range(6):
        action = make_action(goal, cast, f"A{i}", partners=[parent], users=[cast.lead, cast.practitioner])
        for j in range(3):
            actions.do_add_progress_note(action, acting_user=cast.partner, text=f"note {j}")
        actions.do_update_action(action, acting_user=cast.lead, status="in_progress")
    for i, intention in enumerate(Intention.values * 2):
        person = member(f"team{i}@example.org", cast.org, Role.PARTNER, cast.community)
        actions.do_record_intention(goal, acting_user=person, intention=intention)
    with django_assert_num_queries(17):
        response = client.get(url)
    assert "note 2" in response.content.decode()


def test_the_due_lists_query_count_is_flat(client, cast, django_assert_num_queries):
    grow(cast, goals=1, actions_each=2)
    warm(client, cast, cast.practitioner)
    my_actions = f"/o/{cast.org.slug}/planning/my-actions/"
    # session, user, memberships, the two counts, the page of actions (with goal and community), owners,
    # the actions' and goals' versions in other languages
    with django_assert_num_queries(7):
        client.get(my_actions)
    # + community
    with django_assert_num_queries(8):
        client.get(plan_url(cast, "due/"))
    grow(cast, goals=10, actions_each=6)
    lakeview_practitioner = member("p2@example.org", cast.org, Role.PRACTITIONER, cast.other_community)
    grow(cast, goals=3, community=cast.other_community, person=cast.other_community_lead)
    with django_assert_num_queries(7):
        response = client.get(my_actions)
    assert "Riverside" in response.content.decode()
    with django_assert_num_queries(8):
        client.get(plan_url(cast, "due/"))
    # An admin choosing a practitioner: + the practitioners for the filter, + whether that one serves
    # every community (an organization-wide membership) or some
    warm(client, cast, cast.admin)
    url = f"{my_actions}?practitioner={lakeview_practitioner.pk}"
    with django_assert_num_queries(9):
        response = client.get(url)
    assert "Lakeview" in response.content.decode()


def test_the_community_page_stays_flat_as_the_plan_grows(client, cast, django_assert_num_queries):
    warm(client, cast, cast.lead)
    community = f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/plan/"  # loaded into the page
    # session, user, memberships, community; actions by status (one grouped query); the newest open
    # feedback items (+ their versions in other languages once there are some, + their count once there
    # are more than are shown)
    with django_assert_num_queries(6):
        client.get(community)
    grow(cast, goals=6, actions_each=5)
    for i in range(5):
        feedback.do_record_feedback(cast.community, acting_user=cast.lead, said=f"Item {i}", anonymous=True)
    with django_assert_num_queries(8):
        response = client.get(community)
    assert "30 actions" in response.content.decode()
    assert "5 things partners raised are still open" in response.content.decode()
