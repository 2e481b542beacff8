"""Whoever is responsible for an action moves its status and adds progress, from the page and the
API, even when her role cannot edit the plan (a parent named on an action)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.partners.actions import do_create_partner
from cocreate.planning.access import can_act_on
from cocreate.planning.models import ActionStatus, ProgressNote

from .helpers import make_action, make_goal
from .test_query_counts import warm


def note_url(action):
    return reverse(
        "planning:note_create", args=[action.community.organization.slug, action.community.slug, action.pk]
    )


def api_url(cast, action, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/planning/actions/{action.pk}/{suffix}"


@pytest.fixture
def hers(cast):
    """An action the parent owns as a member, one she owns through her partner record, and the lead's."""
    cast.partner.preferred_language = "en"  # these tests read the English messages
    cast.partner.save(update_fields=["preferred_language"])
    goal = make_goal(cast)
    linked = do_create_partner(cast.community, name="Paz Parent", partner_type="community", user=cast.partner)
    return (
        make_action(goal, cast, "Print the flyers", users=[cast.partner]),
        make_action(goal, cast, "Ask the school for the hall", partners=[linked]),
        make_action(goal, cast, "Call the clinic", users=[cast.lead]),
    )


def test_it_lets_the_owner_mark_her_action_done_from_the_note_page(client, cast, hers):
    mine, as_partner, _theirs = hers
    warm(client, cast, cast.partner)
    for action in (mine, as_partner):
        page = client.get(note_url(action)).content.decode()
        assert 'name="status"' in page
        response = client.post(
            note_url(action), {"status": "done", "noted_on": timezone.localdate().isoformat()}
        )
        assert response.status_code == 302
        action.refresh_from_db()
        assert action.status == ActionStatus.DONE and action.done_on == timezone.localdate()
        note = ProgressNote.objects.get(action=action)
        assert note.status_to == ActionStatus.DONE and note.written_by == cast.partner


def test_it_keeps_the_status_for_staff_and_owners_only(client, cast, hers):
    _mine, _as_partner, theirs = hers
    warm(client, cast, cast.partner)
    page = client.get(note_url(theirs)).content.decode()
    assert 'name="status"' not in page  # she may add a note, not move someone else's action
    client.post(
        note_url(theirs),
        {"text": "I can help", "status": "done", "noted_on": timezone.localdate().isoformat()},
    )
    theirs.refresh_from_db()
    assert theirs.status == ActionStatus.NOT_STARTED
    assert ProgressNote.objects.get(action=theirs).text == "I can help"


def test_a_status_alone_must_change_something(client, cast, hers):
    mine = hers[0]
    warm(client, cast, cast.partner)
    response = client.post(
        note_url(mine), {"status": "not_started", "noted_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 200
    assert "already has this status" in response.content.decode()
    response = client.post(note_url(mine), {"noted_on": timezone.localdate().isoformat()})
    assert "Write what happened before saving." in response.content.decode()


def test_the_rule_is_one_function(cast, hers):
    from cocreate.core.access import tenant_for

    mine, as_partner, theirs = hers
    partner = tenant_for(cast.partner, cast.org.slug)
    assert can_act_on(partner, mine) and can_act_on(partner, as_partner)
    assert not can_act_on(partner, theirs)
    assert can_act_on(tenant_for(cast.lead, cast.org.slug), mine)  # staff change the plan
    assert not can_act_on(tenant_for(cast.funder, cast.org.slug), mine)


def test_a_funder_or_another_community_cannot(client, cast, hers):
    mine = hers[0]
    warm(client, cast, cast.funder)
    assert client.get(note_url(mine)).status_code == 403
    warm(client, cast, cast.other_community_lead)
    assert client.get(note_url(mine)).status_code == 404


# The API --------------------------------------------------------------------------------------------


def test_the_owner_patches_the_status_through_the_api(client, cast, hers):
    mine, as_partner, theirs = hers
    client.force_login(cast.partner)
    for action in (mine, as_partner):
        response = client.patch(
            api_url(cast, action), {"status": "in_progress"}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "in_progress"
    # Only the status: the rest of the plan stays the staff's.
    response = client.patch(
        api_url(cast, mine), {"strategy": "Something else"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.patch(api_url(cast, theirs), {"status": "done"}, content_type="application/json")
    assert response.status_code == 403
    response = client.put(
        api_url(cast, mine), {"strategy": "x", "due_on": "2030-01-01"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_owner_posts_progress_through_the_api(client, cast, hers):
    mine, _as_partner, theirs = hers
    client.force_login(cast.partner)
    response = client.post(
        api_url(cast, mine, "progress/"), {"status": "done"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["status_to"] == "done"
    mine.refresh_from_db()
    assert mine.status == ActionStatus.DONE
    # On someone else's action: a note yes, a status no.
    response = client.post(
        api_url(cast, theirs, "progress/"), {"status": "done"}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.post(
        api_url(cast, theirs, "progress/"), {"text": "I can help"}, content_type="application/json"
    )
    assert response.status_code == 201
    response = client.post(api_url(cast, theirs, "progress/"), {}, content_type="application/json")
    assert response.status_code == 400 and "text" in response.json()
    client.force_login(cast.funder)
    response = client.post(api_url(cast, mine, "progress/"), {"text": "Hi"}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(cast.other_community_lead)
    response = client.post(api_url(cast, mine, "progress/"), {"text": "Hi"}, content_type="application/json")
    assert response.status_code == 404


def test_the_progress_list_query_count_is_flat(client, cast, hers, django_assert_num_queries):
    from cocreate.planning import actions

    mine = hers[0]
    actions.do_add_progress_note(mine, acting_user=cast.lead, text="First")
    warm(client, cast, cast.partner)
    client.get(api_url(cast, mine, "progress/"))
    # session, user, memberships, community, the action, count, the notes (with who wrote them)
    with django_assert_num_queries(7):
        client.get(api_url(cast, mine, "progress/"))
    for i in range(8):
        actions.do_add_progress_note(mine, acting_user=cast.lead, text=f"Note {i}")
    with django_assert_num_queries(7):
        response = client.get(api_url(cast, mine, "progress/"))
    assert response.json()["count"] == 9
