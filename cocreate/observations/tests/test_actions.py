from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError

from cocreate.observations import actions
from cocreate.observations.actions import StepRow
from cocreate.observations.models import Finding, FindingKind, ObservationRecord, ObservationStep
from cocreate.partners.actions import do_create_partner
from cocreate.planning.models import FeedbackItem, FeedbackStatus, PdsaCycle
from cocreate.planning.tests.helpers import make_action, make_goal, riverside_action

from .helpers import (
    make_plan,
    make_record,
    plan_details,
    record_details,
    riverside_finding,
    riverside_plan,
    today,
)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_it_plans_an_observation_with_observers_and_partners(cast):
    parent = do_create_partner(cast.community, name="Rosa Parent", partner_type="community")
    plan = make_plan(cast, observers=[cast.lead, cast.partner], partners=[parent])
    assert plan.organization == cast.org and plan.community == cast.community
    assert set(plan.observers.all()) == {cast.lead, cast.partner}
    assert list(plan.partners.all()) == [parent]
    assert plan.history.first().history_user == cast.lead


def test_it_refuses_a_last_date_before_the_first(cast):
    with pytest.raises(ValidationError) as e:
        make_plan(cast, planned_on=today(), planned_until=today() - timedelta(days=1))
    assert "planned_until" in errors_of(e)


def test_it_refuses_dates_far_off_and_empty_texts(cast):
    with pytest.raises(ValidationError) as e:
        make_plan(cast, planned_on=today() + timedelta(days=3 * 366), aim="  ", starts_where="")
    assert set(errors_of(e)) >= {"planned_on", "aim", "starts_where"}


def test_it_refuses_observers_from_elsewhere(cast):
    with pytest.raises(ValidationError) as e:
        make_plan(cast, observers=[cast.other_community_lead])
    assert "observers" in errors_of(e)
    with pytest.raises(ValidationError) as e:
        make_plan(cast, observers=[])
    assert "observers" in errors_of(e)
    lakeview_partner = do_create_partner(cast.other_community, name="Lake Parent", partner_type="community")
    with pytest.raises(ValidationError) as e:
        make_plan(cast, partners=[lakeview_partner])
    assert "partners" in errors_of(e)


def test_it_lets_a_partner_alone_observe(cast):
    parent = do_create_partner(cast.community, name="Rosa Parent", partner_type="community")
    plan = make_plan(cast, observers=[], partners=[parent])
    assert list(plan.partners.all()) == [parent]


def test_it_records_steps_in_order_and_findings_one_per_line(cast):
    record = make_record(cast)
    steps = list(record.steps.order_by("position"))
    assert [s.expected for s in steps] == ["Clinic sends the referral", "We call the family"]
    assert steps[1].note == "Calls were at work hours"
    changes = record.findings.filter(kind=FindingKind.CHANGE).order_by("position")
    assert [f.text for f in changes] == ["Call in the evening", "Text before calling"]
    assert record.findings.count() == 4


def test_it_needs_at_least_one_step_and_saves_nothing_without(cast):
    plan = riverside_plan(cast)
    with pytest.raises(ValidationError) as e:
        make_record(cast, plan, steps=[StepRow(), StepRow("", "", "only a note")])
    assert "steps" in errors_of(e)
    with pytest.raises(ValidationError) as e:
        make_record(cast, plan, steps=[])
    assert "steps" in errors_of(e)
    assert not ObservationRecord.objects.exists() and not Finding.objects.exists()


def test_it_refuses_an_end_before_the_start_and_a_future_date(cast):
    with pytest.raises(ValidationError) as e:
        make_record(
            cast,
            started_at=time(10, 0),
            ended_at=time(9, 30),
            observed_on=today() + timedelta(days=1),
        )
    assert set(errors_of(e)) == {"ended_at", "observed_on"}


def test_it_keeps_findings_that_stay_and_their_links_when_edited(cast):
    record = make_record(cast)
    kept = record.findings.get(text="Text before calling")
    details = record_details(
        cast,
        steps=[StepRow("Only one step", "As expected")],
        findings={FindingKind.CHANGE: ["Text before calling", "Send a photo of the visitor"]},
    )
    actions.do_update_record(record, acting_user=cast.lead, details=details)
    assert list(record.steps.values_list("expected", flat=True)) == ["Only one step"]
    texts = list(record.findings.order_by("position").values_list("pk", "text"))
    assert texts[0] == (kept.pk, "Text before calling")
    assert texts[1][1] == "Send a photo of the visitor"
    assert record.findings.count() == 2


def test_it_will_not_drop_a_finding_the_team_has_taken_up(cast):
    finding = riverside_finding(cast)
    actions.do_finding_to_feedback(finding, acting_user=cast.lead, said=finding.text)
    record = finding.record
    steps_before = list(ObservationStep.objects.filter(record=record).values_list("expected", flat=True))
    details = record_details(cast, steps=[StepRow("New", "New")], findings={FindingKind.CHANGE: []})
    with pytest.raises(ValidationError) as e:
        actions.do_update_record(record, acting_user=cast.lead, details=details)
    assert "changes" in errors_of(e)
    # nothing half-saved: the steps are the ones from before
    assert (
        list(ObservationStep.objects.filter(record=record).values_list("expected", flat=True)) == steps_before
    )


def test_it_turns_a_finding_into_an_open_feedback_item(cast):
    finding = riverside_finding(cast)
    action = riverside_action(cast)
    item = actions.do_finding_to_feedback(
        finding, acting_user=cast.partner, said="Call in the evening", action=action
    )
    finding.refresh_from_db()
    assert finding.feedback_item == item
    assert item.status == FeedbackStatus.OPEN and item.anonymous
    assert item.said_on == finding.record.observed_on
    assert item.source == actions.FEEDBACK_SOURCE
    assert list(item.observation_findings.all()) == [finding]  # the link back
    with pytest.raises(ValidationError):
        actions.do_finding_to_feedback(finding, acting_user=cast.lead, said="again")
    assert FeedbackItem.objects.count() == 1


def test_it_turns_a_finding_into_a_change_idea_on_an_action(cast):
    finding = riverside_finding(cast)
    action = riverside_action(cast)
    cycle = actions.do_finding_to_change_idea(
        finding,
        acting_user=cast.lead,
        action=action,
        change_idea=finding.text,
        prediction="More families answer",
        measure_name="Families reached",
    )
    finding.refresh_from_db()
    assert finding.cycle == cycle and cycle.action == action and cycle.number == 1
    assert list(cycle.observation_findings.all()) == [finding]


def test_it_refuses_an_action_of_another_community_and_saves_nothing(cast):
    finding = riverside_finding(cast)
    lakeview_action = make_action(make_goal(cast, community=cast.other_community), cast)
    with pytest.raises(ValidationError) as e:
        actions.do_finding_to_change_idea(
            finding,
            acting_user=cast.lead,
            action=lakeview_action,
            change_idea="x",
            prediction="y",
            measure_name="z",
        )
    assert "action" in errors_of(e)
    with pytest.raises(ValidationError) as e:
        actions.do_finding_to_change_idea(
            finding,
            acting_user=cast.lead,
            action=riverside_action(cast),
            change_idea="x",
            prediction="",
            measure_name="",
        )
    assert "prediction" in errors_of(e)
    finding.refresh_from_db()
    assert finding.cycle is None and not PdsaCycle.objects.exists()


def test_plan_details_default_is_valid(cast):
    # The helper's plan is what the route matrix and the demo build on: it must pass every check.
    assert actions.do_create_plan(cast.community, acting_user=cast.lead, details=plan_details(cast)).pk


def test_it_refuses_a_finding_longer_than_a_line_can_hold(cast):
    long_line = "x" * (actions.FINDING_MAX + 1)
    with pytest.raises(ValidationError) as e:
        make_record(cast, findings={FindingKind.BOTTLENECK: [long_line]})
    assert "bottlenecks" in errors_of(e)
    assert not ObservationRecord.objects.exists()
