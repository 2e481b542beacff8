"""Eight people (or eight clicks) doing the same thing at the same moment: one result, no error.

These need a database that holds row locks between connections, so they run on PostgreSQL
(`DATABASE_URL=postgres://…`); SQLite's test database cannot be shared by threads.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from cocreate.assessments import actions as assessment_actions
from cocreate.assessments.models import AdministrationStatus
from cocreate.assessments.tests.helpers import open_round
from cocreate.core import actions
from cocreate.core.concurrency import StaleEdit
from cocreate.core.models import Stage, StageChange
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import EngagementChange
from cocreate.partners.tests.helpers import area, riverside_parent

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="threads writing at once need PostgreSQL (SQLite's test database is one connection)",
    ),
]

EIGHT = 8


def burst(write, n: int = EIGHT) -> tuple[list, list[BaseException]]:
    """Run `write()` in `n` threads released at the same instant; what they returned and raised."""
    start = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(write())
        except BaseException as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_it_moves_a_community_to_a_stage_once_when_eight_ask_at_once(cast):
    def move():
        return actions.do_change_stage(
            cast.community, to_stage=Stage.FULL, reason="Every site runs it", acting_user=cast.lead
        ).pk

    results, errors = burst(move)
    assert errors == []
    assert len(set(results)) == 1
    assert StageChange.objects.filter(community=cast.community, to_stage=Stage.FULL).count() == 1


def test_it_closes_a_round_once_when_eight_click_close(cast):
    adm = open_round(cast)

    def close():
        return assessment_actions.do_close(type(adm).objects.get(pk=adm.pk)).closed_at

    results, errors = burst(close)
    assert errors == []
    adm.refresh_from_db()
    assert adm.status == AdministrationStatus.CLOSED
    assert set(results) == {adm.closed_at}


def test_it_archives_a_partner_once_when_eight_click_archive(cast):
    partner = riverside_parent(cast)

    results, errors = burst(
        lambda: partner_actions.do_set_archived(type(partner).objects.get(pk=partner.pk), archived=True)
    )
    assert errors == []
    assert len({p.archived_at for p in results}) == 1
    assert partner.history.filter(archived_at__isnull=False).count() == 1


def test_it_records_one_level_change_when_the_same_change_is_sent_eight_times(cast):
    partner = riverside_parent(cast)

    def move():
        return partner_actions.do_set_level(
            partner,
            area(cast.community),
            current=3,
            planned=4,
            reason="Leads the parent group",
            acting_user=cast.lead,
        ).pk

    results, errors = burst(move)
    assert errors == []
    assert len(set(results)) == 1
    assert EngagementChange.objects.filter(partner=partner).count() == 1


def test_it_keeps_one_of_eight_edits_from_the_same_version_and_refuses_the_rest(cast):
    version = cast.team.version

    names = iter(f"Team {n}" for n in range(EIGHT))

    def edit():
        team = type(cast.team).objects.get(pk=cast.team.pk)
        return actions.do_update(team, acting_user=cast.lead, version=version, name=next(names))

    results, errors = burst(edit)
    assert len(results) == 1
    assert len(errors) == EIGHT - 1 and all(isinstance(e, StaleEdit) for e in errors)
    cast.team.refresh_from_db()
    assert (cast.team.name, cast.team.version) == (results[0].name, version + 1)


def test_it_answers_eight_identical_stage_changes_on_the_page_without_a_server_error(cast):
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/stage/"
    data = {"to_stage": Stage.FULL, "reason": "Every site runs it"}

    def post():
        client = Client()
        client.force_login(cast.lead)
        return client.post(url, data).status_code

    results, errors = burst(post)
    assert errors == []
    assert set(results) <= {200, 302} and 302 in results
    assert StageChange.objects.filter(community=cast.community, to_stage=Stage.FULL).count() == 1


def test_it_marks_an_action_done_once_when_eight_send_the_same_note(cast):
    from cocreate.planning import actions as planning_actions
    from cocreate.planning.models import ActionStatus, ProgressNote
    from cocreate.planning.tests.helpers import riverside_action

    action = riverside_action(cast)

    def done():
        return planning_actions.do_add_progress_note(
            type(action).objects.get(pk=action.pk),
            acting_user=cast.lead,
            text="All sites trained",
            status="done",
        ).pk

    results, errors = burst(done)
    assert errors == []
    assert len(set(results)) == 1
    assert ProgressNote.objects.filter(action=action).count() == 1
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
