"""PDSA cycles as a team runs them from an action: plan with a prediction and a measure, do, study,
act; "adapt" leads to the next cycle; data points make a run chart with its median."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from cocreate.planning import pdsa
from cocreate.planning.models import CycleStatus, PdsaCycle

from .helpers import make_action, make_goal, today
from .test_goals import goal_url, plan_url, text
from .test_query_counts import warm

PLAN = {
    "change_idea": "Text parents the day before the meeting",
    "prediction": "Twice as many parents will come",
    "measure_name": "Parents at the meeting",
    "measure_unit": "people",
}


def cycle_url(cycle, suffix=""):
    return f"/o/{cycle.organization.slug}/c/{cycle.community.slug}/planning/cycles/{cycle.pk}/{suffix}"


def start(cast, action=None, **fields):
    action = action or make_action(make_goal(cast), cast)
    return pdsa.do_start_cycle(action, acting_user=cast.lead, **{**PLAN, **fields})


def spec_of(response, cycle) -> dict:
    found = re.search(
        rf'<script id="chart-run-{cycle.pk}-spec" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "the run chart's spec is on the page"
    return json.loads(found.group(1))


def test_it_runs_a_cycle_from_an_action_through_adapt_to_the_next_cycle(client, cast):
    goal = make_goal(cast)
    action = make_action(goal, cast)
    client.force_login(cast.lead)
    page = client.get(goal_url(goal))
    assert f"actions/{action.pk}/cycles/new/" in page.content.decode()  # "Start a cycle" on the action

    response = client.post(plan_url(cast, f"actions/{action.pk}/cycles/new/"), PLAN)
    cycle = PdsaCycle.objects.get(action=action)
    assert response.status_code == 302 and response["Location"] == cycle_url(cycle)
    assert cycle.status == CycleStatus.DOING and cycle.number == 1

    client.post(cycle_url(cycle, "do/"), {"what_happened": "Texts went out to 20 families."})
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.STUDYING
    client.post(cycle_url(cycle, "study/"), {"results": "12 came, up from 6: as predicted."})
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.ACTING

    response = client.post(cycle_url(cycle, "act/"), {"decision": "adapt", "notes": "Try a call too."})
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.ADAPTED and cycle.decided_on == today()
    next_form = response["Location"]
    assert next_form.endswith(f"actions/{action.pk}/cycles/new/?after={cycle.pk}")
    form = client.get(next_form)
    assert "Text parents the day before the meeting" in form.content.decode()  # prefilled from cycle 1

    client.post(next_form, {**PLAN, "change_idea": "Text and call parents"})
    second = PdsaCycle.objects.exclude(pk=cycle.pk).get(action=action)
    assert second.predecessor == cycle and second.number == 2
    assert "Follows cycle 1" in text(client.get(cycle_url(second)))
    page = text(client.get(cycle_url(cycle)))
    assert "Followed by cycle 2" in page and "Adapt: change it and test again" in page
    listing = text(client.get(plan_url(cast, f"actions/{action.pk}/cycles/")))
    assert "Cycle 1: Text parents" in listing and "Cycle 2: Text and call parents" in listing
    assert cycle.history.count() == 4  # planned, done, studied, decided: each change kept, with who
    assert cycle.history.first().history_user == cast.lead


def test_it_draws_the_run_chart_with_a_rule_at_the_median(client, cast):
    cycle = start(cast)
    client.force_login(cast.partner)  # partners enter data points too
    for days, value in ((3, "4"), (2, "9"), (1, "6.5")):
        response = client.post(
            cycle_url(cycle, "points/"), {"measured_on": today() - timedelta(days=days), "value": value}
        )
        assert response.status_code == 302
    client.force_login(cast.lead)
    response = client.get(cycle_url(cycle))
    spec = spec_of(response, cycle)
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert rule["data"]["values"][0]["median"] == 6.5
    label = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert label["data"]["values"][0]["label"] == "Median 6.5"
    line = spec["layer"][0]
    assert [p["value"] for p in line["data"]["values"]] == [4, 9, 6.5]  # in date order
    page = text(response)
    assert "3 values so far; median 6.5." in page
    assert "The numbers" in page  # the table of numbers beside the chart


def test_it_needs_a_number_for_a_data_point_and_says_so_next_to_the_field(client, cast):
    cycle = start(cast)
    client.force_login(cast.lead)
    response = client.post(cycle_url(cycle, "points/"), {"measured_on": today(), "value": "many"})
    assert response.status_code == 200
    assert re.search(r'id="id_value_error"[^>]*>Enter a number, like 12 or 3.5.', response.content.decode())
    response = client.post(cycle_url(cycle, "points/"), {"measured_on": today(), "value": ""})
    assert "Enter a number." in response.content.decode()
    assert not cycle.points.exists()


def test_it_asks_for_the_whole_plan_next_to_each_field(client, cast):
    action = make_action(make_goal(cast), cast)
    client.force_login(cast.lead)
    response = client.post(plan_url(cast, f"actions/{action.pk}/cycles/new/"), {"change_idea": "Idea"})
    page = response.content.decode()
    assert 'id="id_prediction_error"' in page and 'id="id_measure_name_error"' in page
    assert not PdsaCycle.objects.exists()


def test_it_keeps_the_phases_in_order(cast):
    cycle = start(cast)
    with pytest.raises(ValidationError) as error:
        pdsa.do_record_study(cycle, acting_user=cast.lead, results="Looks good")
    assert "results" in error.value.error_dict
    with pytest.raises(ValidationError):
        pdsa.do_record_act(cycle, acting_user=cast.lead, decision="adopt")
    pdsa.do_record_do(cycle, acting_user=cast.lead, what_happened="Done")
    pdsa.do_record_study(cycle, acting_user=cast.lead, results="Good")
    pdsa.do_record_act(cycle, acting_user=cast.lead, decision="adopt")
    pdsa.do_record_do(cycle, acting_user=cast.lead, what_happened="Done, corrected")
    assert cycle.status == CycleStatus.ADOPTED  # correcting an earlier phase does not reopen it


def test_it_does_not_start_a_cycle_after_one_of_another_action(client, cast):
    goal = make_goal(cast)
    first = start(cast, make_action(goal, cast, "First"))
    other = make_action(goal, cast, "Second")
    client.force_login(cast.lead)
    assert client.get(plan_url(cast, f"actions/{other.pk}/cycles/new/?after={first.pk}")).status_code == 404


def test_it_hides_the_phase_forms_from_partners_but_offers_the_data_point_form(client, cast):
    cycle = start(cast)
    client.force_login(cast.partner)
    page = client.get(cycle_url(cycle)).content.decode()
    assert f'action="{cycle_url(cycle, "points/")}"' in page
    assert f'action="{cycle_url(cycle, "do/")}"' not in page
    assert client.post(cycle_url(cycle, "do/"), {"what_happened": "x"}).status_code == 403


def test_it_checks_ownership(client, cast):
    cycle = start(cast)
    client.force_login(cast.other_community_lead)
    assert client.get(cycle_url(cycle)).status_code == 404
    client.force_login(cast.other_org_lead)
    assert client.get(cycle_url(cycle)).status_code == 404


def test_the_cycle_page_query_count_is_flat(client, cast, django_assert_num_queries):
    cycle = start(cast)
    pdsa.do_add_point(cycle, acting_user=cast.lead, measured_on=today(), value=3)
    warm(client, cast, cast.lead)
    url = cycle_url(cycle)
    # session, user, memberships, community, cycle (with action, goal, predecessor), data points (with
    # who entered them), the cycles that follow it, the observation findings it came from
    with django_assert_num_queries(8):
        client.get(url)
    for i in range(30):
        pdsa.do_add_point(
            cycle, acting_user=cast.partner, measured_on=today() - timedelta(days=i), value=i, note=f"n{i}"
        )
    with django_assert_num_queries(8):  # 31 points: same
        response = client.get(url)
    assert "31 values so far" in text(response)


def test_it_shows_a_phase_message_next_to_its_field(client, cast):
    cycle = start(cast)
    client.force_login(cast.lead)
    response = client.post(cycle_url(cycle, "study/"), {"results": "Fewer came than predicted"})
    assert response.status_code == 200
    assert re.search(
        r'id="id_results_error"[^>]*>Record what happened \(Do\) before', response.content.decode()
    )
    response = client.post(cycle_url(cycle, "do/"), {"what_happened": "  "})
    assert 'id="id_what_happened_error"' in response.content.decode()
    assert client.get(cycle_url(cycle, "sideways/")).status_code == 404
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.DOING
