"""A state change sent twice (a double click, a retry after a timeout) makes one change and no error;
the rules that used to live in views hold for every caller of the write."""

from __future__ import annotations

import pytest

from cocreate.assessments import actions as assessment_actions
from cocreate.assessments.models import AdministrationStatus
from cocreate.assessments.tests.helpers import open_round
from cocreate.core import actions
from cocreate.core.errors import WriteError
from cocreate.core.models import Membership, Stage, StageChange
from cocreate.partners import actions as partner_actions
from cocreate.partners.actions import LevelUnchanged
from cocreate.partners.models import EngagementChange
from cocreate.partners.tests.helpers import area, riverside_parent
from cocreate.planning import actions as planning_actions
from cocreate.planning.models import ProgressNote
from cocreate.planning.tests.helpers import riverside_action


def test_it_moves_a_community_once_when_the_same_move_is_sent_twice(cast):
    def move():
        return actions.do_change_stage(
            cast.community, to_stage=Stage.FULL, reason="All sites", acting_user=cast.lead
        )

    assert move() == move()
    assert StageChange.objects.filter(community=cast.community, to_stage=Stage.FULL).count() == 1


def test_it_still_says_a_community_is_at_that_stage_when_someone_else_asks_again(cast):
    actions.do_change_stage(cast.community, to_stage=Stage.FULL, reason="All sites", acting_user=cast.lead)
    with pytest.raises(WriteError) as refused:
        actions.do_change_stage(cast.community, to_stage=Stage.FULL, reason="Again", acting_user=cast.admin)
    assert refused.value.message_dict == {"to_stage": ["The community is at this stage already."]}


def test_it_closes_a_round_closed_a_moment_ago_without_an_error(cast):
    adm = open_round(cast)
    first = assessment_actions.do_close(adm, acting_user=cast.practitioner).closed_at
    again = assessment_actions.do_close(type(adm).objects.get(pk=adm.pk), acting_user=cast.practitioner)
    assert again.status == AdministrationStatus.CLOSED and again.closed_at == first


def test_it_keeps_the_first_archiving_date_when_archived_twice(cast):
    partner = riverside_parent(cast)
    first = partner_actions.do_set_archived(partner, archived=True).archived_at
    again = partner_actions.do_set_archived(type(partner).objects.get(pk=partner.pk), archived=True)
    assert again.archived_at == first


def test_it_records_one_level_change_for_a_repeated_submit_but_refuses_a_new_one_that_changes_nothing(cast):
    partner, where = riverside_parent(cast), area(cast.community)

    def move(reason, who):
        return partner_actions.do_set_level(
            partner, where, current=3, planned=4, reason=reason, acting_user=who
        )

    assert move("Leads the parent group", cast.lead) == move("Leads the parent group", cast.lead)
    with pytest.raises(LevelUnchanged):
        move("Another reason", cast.admin)
    assert EngagementChange.objects.filter(partner=partner).count() == 1


def test_it_keeps_one_progress_note_when_the_same_note_is_sent_twice(cast):
    action = riverside_action(cast)

    def note():
        return planning_actions.do_add_progress_note(action, acting_user=cast.lead, text="All sites trained")

    assert note() == note()
    assert ProgressNote.objects.filter(action=action).count() == 1


def test_it_refuses_to_remove_your_own_network_admin_role_whoever_calls_the_write(cast):
    own = cast.admin.memberships.get()
    with pytest.raises(WriteError, match="your own network admin role"):
        actions.do_remove_membership(own, acting_user=cast.admin)
    assert Membership.objects.filter(pk=own.pk).exists()
