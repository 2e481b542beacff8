"""The lead is told when someone responsible for an action moves it or adds progress (a parent marking
hers done from her phone or the API); never twice, and not when she does it herself."""

from __future__ import annotations

from django.core import mail
from django.utils import timezone

from cocreate.notifications.models import Notification
from cocreate.planning import actions
from cocreate.planning.models import ActionStatus

from .helpers import make_action, make_goal


def told(cast):
    return list(
        Notification.objects.filter(kind="action_progress").values_list("recipient__email", "context__status")
    )


def test_the_lead_hears_when_the_parent_marks_her_action_done(
    cast, client, django_capture_on_commit_callbacks
):
    action = make_action(make_goal(cast), cast, "Print the flyers", users=[cast.partner])
    client.force_login(cast.partner)
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/planning/actions/{action.pk}/notes/new/"
    data = {"status": "done", "noted_on": timezone.localdate().isoformat()}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
        client.post(url, data)  # a double tap: one note, one notification
    assert told(cast) == [("lead@example.org", "done")]
    assert any("Print the flyers" in m.body for m in mail.outbox)


def test_the_api_status_change_tells_the_lead_too(cast, client):
    action = make_action(make_goal(cast), cast, "Print the flyers", users=[cast.partner])
    client.force_login(cast.partner)
    url = f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/planning/actions/{action.pk}/"
    assert client.patch(url, {"status": "in_progress"}, content_type="application/json").status_code == 200
    assert told(cast) == [("lead@example.org", "in_progress")]


def test_nobody_is_told_when_staff_or_a_non_owner_write(cast):
    action = make_action(make_goal(cast), cast, "Print the flyers", users=[cast.partner])
    actions.do_add_progress_note(
        action, acting_user=cast.lead, text="Booked", status=ActionStatus.IN_PROGRESS
    )
    actions.do_add_progress_note(action, acting_user=cast.practitioner, text="I can help")
    assert told(cast) == []
