"""A stage change can be dated in the past — never in the future, never before the previous one —
with its reason; the community's stage and its history read in that order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.core import actions
from cocreate.core.errors import WriteError
from cocreate.core.models import Stage, StageChange


def _joined_long_ago(cast, days=100):
    StageChange.objects.filter(community=cast.community).update(
        changed_at=timezone.now() - timedelta(days=days)
    )


def stage_url(cast) -> str:
    return cast.community.url("community_stage")


def test_the_form_offers_today_and_records_a_move_made_earlier(client, cast):
    _joined_long_ago(cast)
    client.force_login(cast.lead)
    page = client.get(stage_url(cast)).text
    assert 'type="date"' in page and f'value="{timezone.localdate().isoformat()}"' in page
    three_weeks_ago = timezone.localdate() - timedelta(days=21)
    response = client.post(
        stage_url(cast),
        {"to_stage": Stage.INITIAL, "reason": "First families enrolled.", "changed_on": three_weeks_ago},
    )
    assert response.status_code == 302
    change = StageChange.objects.filter(community=cast.community).first()
    assert timezone.localdate(change.changed_at) == three_weeks_ago
    assert change.reason == "First families enrolled."
    cast.community.refresh_from_db()
    assert cast.community.stage == Stage.INITIAL and cast.community.stage_changed_at == change.changed_at


def test_an_empty_date_means_now(client, cast):
    client.force_login(cast.lead)
    client.post(stage_url(cast), {"to_stage": Stage.INITIAL, "reason": "Now.", "changed_on": ""})
    change = StageChange.objects.filter(community=cast.community).first()
    assert timezone.now() - change.changed_at < timedelta(minutes=1)


def test_it_refuses_a_date_in_the_future_next_to_the_field(client, cast):
    client.force_login(cast.lead)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        stage_url(cast), {"to_stage": Stage.INITIAL, "reason": "x", "changed_on": tomorrow}
    )
    assert response.status_code == 200
    assert 'id="id_changed_on_error"' in response.text and "future" in response.text
    assert StageChange.objects.filter(community=cast.community).count() == 1


def test_it_refuses_a_date_before_the_previous_change(client, cast):
    _joined_long_ago(cast, days=10)
    client.force_login(cast.lead)
    response = client.post(
        stage_url(cast),
        {"to_stage": Stage.INITIAL, "reason": "x", "changed_on": timezone.localdate() - timedelta(days=30)},
    )
    assert 'id="id_changed_on_error"' in response.text and "previous stage change" in response.text
    cast.community.refresh_from_db()
    assert cast.community.stage == Stage.INSTALLATION
    with pytest.raises(WriteError):
        actions.do_change_stage(
            cast.community,
            to_stage=Stage.FULL,
            reason="x",
            acting_user=None,
            on=timezone.localdate() - timedelta(days=30),
        )


def test_two_moves_on_the_same_past_day_keep_their_order(cast):
    _joined_long_ago(cast)
    day = timezone.localdate() - timedelta(days=5)
    first = actions.do_change_stage(
        cast.community, to_stage=Stage.INITIAL, reason="a", acting_user=None, on=day
    )
    second = actions.do_change_stage(
        cast.community, to_stage=Stage.FULL, reason="b", acting_user=None, on=day
    )
    assert first.changed_at < second.changed_at
    assert list(StageChange.objects.filter(community=cast.community)[:2]) == [second, first]
