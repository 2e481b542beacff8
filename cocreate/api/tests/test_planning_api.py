"""Goals, actions and PDSA cycles through the API: same rules and same writes as the planning pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cocreate.assessments import actions as assessment_actions
from cocreate.core.actions import do_create_team
from cocreate.partners.actions import do_create_partner
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.planning import pdsa
from cocreate.planning.models import Action, ActionStatus, DataPoint, Goal, GoalStatus, PdsaCycle
from cocreate.planning.tests.helpers import make_action, make_goal, today
from cocreate.planning.tests.test_goals import answered_round


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def riverside(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/planning/{suffix}"


def days(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


def start_cycle(cast, action) -> PdsaCycle:
    return pdsa.do_start_cycle(
        action,
        acting_user=cast.lead,
        change_idea="Text parents the day before",
        prediction="More parents come",
        measure_name="Parents at the meeting",
        measure_unit="people",
    )


# Goals --------------------------------------------------------------------------------------------------------


def test_it_sets_a_goal_from_a_gap_through_the_same_write_as_the_pages(cast):
    adm = answered_round(cast)
    gap = assessment_actions.do_flag_gap(
        adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead
    )

    response = api_as(cast.lead).post(
        riverside(cast, "goals/"),
        {
            "statement": "Families sit on the implementation team",
            "horizon": 1,
            "gaps": [gap.pk],
            "domains": ["co-creation"],
            "why_community": "Parents want a say",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["horizon_label"] == "Right away" and body["status"] == "active"
    assert body["target_on"] == days(30)  # the horizon suggests the date when none is given
    assert body["items"][0]["gap"] == gap.pk and body["items"][0]["item_key"] == "cc-involved"
    goal = Goal.objects.get()
    assert goal.history.latest().history_user == cast.lead
    gap.refresh_from_db()
    assert gap.resolved_at is not None  # taken up by a goal: no longer pending, as on the pages


@pytest.mark.parametrize(
    "data, field",
    [
        ({"statement": ""}, "statement"),
        ({"horizon": 9}, "horizon"),
        ({"domains": ["cooking"]}, "domains"),
        ({"status": "someday"}, "status"),
    ],
)
def test_it_rejects_a_bad_goal_field_by_field(cast, data, field):
    response = api_as(cast.lead).post(
        riverside(cast, "goals/"), {"statement": "A goal", **data}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Goal.objects.exists()


def test_it_refuses_a_team_or_a_gap_of_another_community(cast):
    lake_team = do_create_team(cast.other_community, name="Lakeview team")
    client = api_as(cast.admin)
    response = client.post(riverside(cast, "goals/"), {"statement": "A", "team": lake_team.pk}, format="json")
    assert response.status_code == 400
    assert "this community's teams" in str(response.json()["team"])
    assert (
        client.post(riverside(cast, "goals/"), {"statement": "A", "gaps": [999]}, format="json").status_code
        == 400
    )
    assert not Goal.objects.exists()


def test_it_lists_goals_and_filters_them_by_status(cast):
    make_goal(cast, "Now", horizon=1)
    make_goal(cast, "Later", horizon=3)
    make_goal(cast, "Done", horizon=1, status=GoalStatus.ACHIEVED)
    make_goal(cast, "Lakeview's own", community=cast.other_community)
    client = api_as(cast.partner)

    rows = client.get(riverside(cast, "goals/")).json()["results"]
    assert [r["statement"] for r in rows] == ["Now", "Done", "Later"]  # nearest horizon first
    open_rows = client.get(riverside(cast, "goals/"), {"status": "open"}).json()["results"]
    assert [r["statement"] for r in open_rows] == ["Now", "Later"]
    achieved = client.get(riverside(cast, "goals/"), {"status": "achieved"}).json()["results"]
    assert [r["statement"] for r in achieved] == ["Done"]
    assert client.get(riverside(cast, "goals/"), {"status": "soon"}).status_code == 400


def test_an_empty_plan_lists_nothing(cast):
    body = api_as(cast.lead).get(riverside(cast, "goals/")).json()
    assert (body["count"], body["results"]) == (0, [])
    assert api_as(cast.lead).get(riverside(cast, "actions/")).json()["results"] == []
    assert api_as(cast.lead).get(riverside(cast, "cycles/")).json()["results"] == []


def test_it_changes_a_goal_and_keeps_who_did_it(cast):
    goal = make_goal(cast, "Old words")
    make_action(goal, cast, "First step")
    url = riverside(cast, f"goals/{goal.pk}/")

    response = api_as(cast.practitioner).patch(url, {"status": "achieved"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "achieved"
    assert response.json()["statement"] == "Old words"  # PATCH leaves the rest alone
    assert [a["strategy"] for a in response.json()["actions"]] == ["First step"]
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED
    assert goal.history.latest().history_user == cast.practitioner

    put = api_as(cast.lead).put(url, {"statement": "New words", "horizon": 3}, format="json")
    assert put.status_code == 200 and put.json()["statement"] == "New words"
    assert api_as(cast.lead).put(url, {"horizon": 3}, format="json").status_code == 400  # PUT needs it all


@pytest.mark.parametrize("who", ["partner", "funder", "evaluator"])
def test_only_staff_change_goals_and_actions(cast, who):
    goal = make_goal(cast)
    action = make_action(goal, cast)
    client = api_as(getattr(cast, who))
    for url, data in (
        (riverside(cast, f"goals/{goal.pk}/"), {"statement": "Mine now"}),
        (riverside(cast, f"actions/{action.pk}/"), {"strategy": "Mine now"}),
    ):
        assert client.get(url).status_code == 200
        assert client.patch(url, data, format="json").status_code == 403
        assert client.put(url, data, format="json").status_code == 403
    goal.refresh_from_db()
    action.refresh_from_db()
    assert goal.statement != "Mine now" and action.strategy != "Mine now"


def test_it_hides_another_communitys_goal_action_and_cycle(cast):
    lake_goal = make_goal(cast, community=cast.other_community)
    lake_action = make_action(lake_goal, cast)
    lake_cycle = start_cycle(cast, lake_action)
    client = api_as(cast.admin)  # sees both communities, but asks through Riverside
    for url in (
        riverside(cast, f"goals/{lake_goal.pk}/"),
        riverside(cast, f"actions/{lake_action.pk}/"),
        riverside(cast, f"cycles/{lake_cycle.pk}/"),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.patch(riverside(cast, f"goals/{lake_goal.pk}/"), {"statement": "x"}, format="json").status_code
        == 404
    )
    assert (
        client.post(
            riverside(cast, f"cycles/{lake_cycle.pk}/points/"), {"measured_on": days(0), "value": 1}
        ).status_code
        == 404
    )


# Actions -------------------------------------------------------------------------------------------------------


def test_it_adds_an_action_with_the_people_responsible(cast):
    goal = make_goal(cast)
    parent = riverside_parent(cast)

    response = api_as(cast.lead).post(
        riverside(cast, "actions/"),
        {
            "goal": goal.pk,
            "strategy": "Hold a listening session",
            "starts_on": days(1),
            "due_on": days(10),
            "partners": [parent.pk],
            "users": [cast.lead.pk],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert sorted(o["name"] for o in body["owners"]) == sorted([parent.name, "Lee Lead"])
    assert (body["status"], body["overdue"], body["due_soon"]) == ("not_started", False, True)
    action = Action.objects.get()
    assert action.history.latest().history_user == cast.lead


@pytest.mark.parametrize(
    "data, field",
    [
        ({"due_on": days(1), "starts_on": days(5)}, "due_on"),  # the rule in do_add_action
        ({"due_on": "soon"}, "due_on"),
        ({"status": "someday"}, "status"),
        ({"strategy": ""}, "strategy"),
    ],
)
def test_it_rejects_a_bad_action_field_by_field(cast, data, field):
    goal = make_goal(cast)
    payload = {"goal": goal.pk, "strategy": "Do it", "due_on": days(3), **data}
    response = api_as(cast.lead).post(riverside(cast, "actions/"), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Action.objects.exists()


def test_it_refuses_people_and_goals_from_elsewhere(cast):
    goal = make_goal(cast)
    lake_goal = make_goal(cast, community=cast.other_community)
    lakeview_partner = do_create_partner(cast.other_community, name="Lu", partner_type="agency")
    client = api_as(cast.lead)
    base = {"goal": goal.pk, "strategy": "Do it", "due_on": days(3)}
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"partners": [lakeview_partner.pk]}, "partners", "Choose partners of this community."),
        ({"users": [cast.other_community_lead.pk]}, "users", "members of this community"),
        ({"users": [cast.other_org_lead.pk]}, "users", "members of this community"),
        ({"goal": lake_goal.pk}, "goal", "this community's goals"),
        ({"goal": None}, "goal", ""),
    ]
    for extra, field, message in cases:
        response = client.post(riverside(cast, "actions/"), {**base, **extra}, format="json")
        assert response.status_code == 400, extra
        assert message in str(response.json()[field])
    assert not Action.objects.exists()


def test_it_changes_an_action_and_its_owners(cast):
    goal = make_goal(cast)
    parent = riverside_parent(cast)
    action = make_action(goal, cast, users=[cast.lead], partners=[parent])
    url = riverside(cast, f"actions/{action.pk}/")
    client = api_as(cast.practitioner)

    # Only users given: the partners stay as they were.
    response = client.patch(url, {"users": [cast.practitioner.pk], "status": "done"}, format="json")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert sorted(o["name"] for o in body["owners"]) == sorted([parent.name, "Pat Practitioner"])
    assert body["status"] == "done" and body["done_on"] == today().isoformat()
    # Everyone removed; a goal cannot be changed.
    assert client.patch(url, {"users": [], "partners": []}, format="json").json()["owners"] == []
    assert client.patch(url, {"goal": make_goal(cast, "Other").pk}, format="json").status_code == 400
    action.refresh_from_db()
    assert action.goal_id == goal.pk
    assert action.history.latest().history_user == cast.practitioner


def test_it_lists_actions_by_status_overdue_and_due_soon(cast):
    goal = make_goal(cast)
    make_action(goal, cast, "Late", due_in=-2)
    make_action(goal, cast, "Soon", due_in=5, status=ActionStatus.IN_PROGRESS)
    make_action(goal, cast, "Later", due_in=40)
    make_action(goal, cast, "Late but done", due_in=-5, status=ActionStatus.DONE)
    other = make_goal(cast, "Second goal")
    make_action(other, cast, "Other goal's", due_in=3)
    make_action(make_goal(cast, community=cast.other_community), cast, "Lakeview's", due_in=-1)
    client = api_as(cast.funder)

    def names(**params):
        response = client.get(riverside(cast, "actions/"), params)
        assert response.status_code == 200
        return [r["strategy"] for r in response.json()["results"]]

    assert names() == ["Late", "Soon", "Later", "Late but done", "Other goal's"]
    assert names(overdue=1) == ["Late"]
    assert names(due_soon=1) == ["Late", "Other goal's", "Soon"]  # the due list: soonest first
    assert names(status="done") == ["Late but done"]
    assert names(goal=other.pk) == ["Other goal's"]
    rows = {r["strategy"]: r for r in client.get(riverside(cast, "actions/")).json()["results"]}
    assert (rows["Late"]["overdue"], rows["Late"]["due_soon"]) == (True, False)
    assert (rows["Late but done"]["overdue"], rows["Soon"]["due_soon"]) == (False, True)
    assert client.get(riverside(cast, "actions/"), {"status": "someday"}).status_code == 400
    assert client.get(riverside(cast, "actions/"), {"goal": "x"}).status_code == 400


# Cycles and data points ----------------------------------------------------------------------------------------


def test_it_reads_a_cycle_with_its_points_and_median(cast):
    action = make_action(make_goal(cast), cast)
    cycle = start_cycle(cast, action)
    for day, value in ((3, 4.0), (2, 9.0), (1, 6.0)):
        pdsa.do_add_point(
            cycle, acting_user=cast.lead, measured_on=today() - timedelta(days=day), value=value
        )
    client = api_as(cast.evaluator)

    body = client.get(riverside(cast, f"cycles/{cycle.pk}/")).json()

    assert [p["value"] for p in body["points"]] == [4.0, 9.0, 6.0]  # date order
    assert body["median"] == 6.0
    assert body["points"][0]["entered_by"] == "Lee Lead"
    assert (body["status"], body["measure_name"], body["number"]) == ("doing", "Parents at the meeting", 1)
    rows = client.get(riverside(cast, "cycles/"), {"action": action.pk}).json()["results"]
    assert [r["id"] for r in rows] == [cycle.pk]
    assert client.get(riverside(cast, "cycles/"), {"status": "adopted"}).json()["results"] == []


def test_a_cycle_without_points_has_no_median(cast):
    cycle = start_cycle(cast, make_action(make_goal(cast), cast))
    body = api_as(cast.lead).get(riverside(cast, f"cycles/{cycle.pk}/")).json()
    assert (body["points"], body["median"]) == ([], None)


def test_a_partner_adds_a_data_point(cast):
    cycle = start_cycle(cast, make_action(make_goal(cast), cast))

    response = api_as(cast.partner).post(
        riverside(cast, f"cycles/{cycle.pk}/points/"),
        {"measured_on": days(0), "value": "7.5", "note": "Rainy day"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["value"] == 7.5 and response.json()["entered_by"] == "Paz Parent"
    point = DataPoint.objects.get()
    assert (point.cycle_id, point.entered_by_id, point.note) == (cycle.pk, cast.partner.pk, "Rainy day")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"value": "many"}, "value"),
        ({"value": ""}, "value"),
        ({"measured_on": ""}, "measured_on"),
        ({"value": "NaN"}, "value"),
    ],
)
def test_it_needs_a_date_and_a_number_for_a_data_point(cast, data, field):
    cycle = start_cycle(cast, make_action(make_goal(cast), cast))
    payload = {"measured_on": days(0), "value": "3", **data}
    response = api_as(cast.lead).post(riverside(cast, f"cycles/{cycle.pk}/points/"), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not DataPoint.objects.exists()


def test_funders_and_evaluators_read_cycles_but_add_no_points(cast):
    cycle = start_cycle(cast, make_action(make_goal(cast), cast))
    for who in (cast.funder, cast.evaluator):
        client = api_as(who)
        assert client.get(riverside(cast, f"cycles/{cycle.pk}/")).status_code == 200
        response = client.post(
            riverside(cast, f"cycles/{cycle.pk}/points/"), {"measured_on": days(0), "value": 1}
        )
        assert response.status_code == 403
    assert not DataPoint.objects.exists()


# Query counts --------------------------------------------------------------------------------------------------


def add_plan(cast, goals: int):
    parent = riverside_parent(cast)
    adm = answered_round(cast) if not Goal.objects.exists() else None
    gap = (
        assessment_actions.do_flag_gap(
            adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead
        )
        if adm
        else None
    )
    for i in range(goals):
        goal = make_goal(cast, f"Goal {i}", gaps=[gap] if gap and i == 0 else ())
        for j in range(2):
            action = make_action(
                goal, cast, f"Action {i}.{j}", due_in=j * 3 - 1, users=[cast.lead], partners=[parent]
            )
            cycle = start_cycle(cast, action)
            for k in range(3):
                pdsa.do_add_point(cycle, acting_user=cast.lead, measured_on=today(), value=float(k))


def test_the_query_counts_are_flat(cast, django_assert_num_queries):
    add_plan(cast, 2)
    client = api_as(cast.lead)
    cycle = PdsaCycle.objects.order_by("pk").first()
    assert cycle is not None
    action = Action.objects.order_by("pk").first()
    goal = Goal.objects.order_by("pk").first()
    urls = {
        # token, memberships, community, count, page, items, actions
        riverside(cast, "goals/"): 7,
        # token, memberships, community, goal check, goal, items, actions
        riverside(cast, f"goals/{goal.pk}/"): 7,
        # token, memberships, community, count, page, owners
        riverside(cast, "actions/"): 6,
        riverside(cast, "actions/") + "?due_soon=1": 6,
        # token, memberships, community, action check, action, owners
        riverside(cast, f"actions/{action.pk}/"): 6,
        # token, memberships, community, count, page
        riverside(cast, "cycles/"): 5,
        # token, memberships, community, cycle, points
        riverside(cast, f"cycles/{cycle.pk}/"): 5,
    }
    for url in urls:
        client.get(url)
    for url, budget in urls.items():
        with django_assert_num_queries(budget):
            assert client.get(url).status_code == 200
    add_plan(cast, 12)
    for url, budget in urls.items():
        with django_assert_num_queries(budget):
            assert client.get(url).status_code == 200
    for _ in range(5):  # more points on the one cycle
        pdsa.do_add_point(cycle, acting_user=cast.lead, measured_on=timezone.localdate(), value=1.0)
    with django_assert_num_queries(5):
        assert len(client.get(riverside(cast, f"cycles/{cycle.pk}/")).json()["points"]) == 8
