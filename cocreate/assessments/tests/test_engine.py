"""The assessment engine: loading instruments, answering, agreeing, scoring, locking."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cocreate.assessments import actions
from cocreate.assessments.instruments import (
    InstrumentError,
    copy_to_organization,
    load_builtin,
    publish,
    validate,
)
from cocreate.assessments.models import AdministrationStatus, Response, VersionStatus

from .helpers import SMALL_TEAM, answer, builtin, open_round, team_version


def test_it_loads_the_builtins_once(db):
    assert load_builtin() == []  # migrate already loaded them; unchanged files add nothing
    assert builtin("partnership").items.count() == 5


def test_it_names_the_broken_part_of_a_definition():
    broken = {**SMALL_TEAM, "scale": [{"value": 1, "label": {"en": "Only one"}}]}
    with pytest.raises(InstrumentError, match="scale"):
        validate(broken)


def test_it_scores_agreed_values_not_averages(cast):
    adm = open_round(cast)
    answer(adm, cast.lead, 2)
    answer(adm, cast.partner, 0)
    answer(adm, cast.practitioner, 1)
    adm.refresh_from_db()
    assert adm.scores["total"] is None  # nothing shows while answers are collected (disclosure)
    actions.do_start_consensus(adm)
    adm.refresh_from_db()
    assert adm.scores["total"] == 50.0  # individual means until the team agrees
    item = adm.version.items.get(key="cc-involved")
    actions.do_record_consensus(adm, acting_user=cast.lead, item=item, value=0, note="Parents are missing")
    adm.refresh_from_db()
    assert adm.scores["items"]["cc-involved"] == 0.0
    assert adm.scores["agreed"] == 1


def test_it_keeps_anonymous_answers_unlinked(cast):
    adm = open_round(cast, anonymous=True)
    answer(adm, cast.partner, 1)
    response = Response.objects.get(administration=adm)
    assert response.respondent is None and response.submitted_at is None
    assert adm.invitees.get(user=cast.partner).submitted_at is not None


def test_it_refuses_a_second_submission_and_incomplete_answers(cast):
    adm = open_round(cast)
    with pytest.raises(ValidationError):
        answer(adm, cast.lead, {"cc-involved": 1})
    answer(adm, cast.lead, 1)
    with pytest.raises(ValidationError):
        answer(adm, cast.lead, 1)


def test_it_locks_a_closed_round(cast):
    adm = open_round(cast)
    answer(adm, cast.lead, 1)
    actions.do_start_consensus(adm)
    actions.do_close(adm)
    assert adm.status == AdministrationStatus.CLOSED
    with pytest.raises(ValidationError):
        actions.do_record_consensus(adm, acting_user=cast.lead, item=adm.version.items.all()[0], value=2)


def test_it_flags_only_items_below_target(cast):
    adm = open_round(cast)
    for user in (cast.lead, cast.partner, cast.practitioner):
        answer(adm, user, {"cc-involved": 0, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 2})
    with pytest.raises(ValidationError):  # no score to flag while answers are collected
        actions.do_flag_gap(adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead)
    actions.do_start_consensus(adm)
    adm.refresh_from_db()
    flag = actions.do_flag_gap(adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead)
    assert flag.score == Decimal("0")
    with pytest.raises(ValidationError):
        actions.do_flag_gap(adm, item=adm.version.items.get(key="cc-plan"), acting_user=cast.lead)


def test_an_adaptation_is_a_new_draft_and_old_results_stay_on_their_version(cast):
    original = team_version()
    adm = open_round(cast, original)
    draft = copy_to_organization(original, cast.org, cast.admin)
    assert draft.status == VersionStatus.DRAFT and draft.instrument.organization == cast.org
    publish(draft)
    adm.refresh_from_db()
    assert adm.version == original
    assert draft.items.count() == original.items.count()
