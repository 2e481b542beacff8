"""Calls for community leaders in the API: read by the community's staff, made by its lead or an admin."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.leaders.models import Call, CallStatus
from cocreate.leaders.tests.helpers_calls import make_call, submit


def url(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/calls/{suffix}"


def new_call(**overrides):
    data = {
        "title": "Youth leader",
        "involves": "Meet monthly with the team.",
        "time_asked": "Two hours a month",
        "languages": ["en", "es"],
        "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def test_it_lists_calls_with_their_counts(client, cast):
    call = make_call(cast)
    submit(call)
    client.force_login(cast.practitioner)
    body = client.get(url(cast)).json()
    [row] = body["results"]
    assert row["id"] == call.pk
    assert row["public_path"] == f"/join/{call.token}/"
    assert row["applications"] == {
        "total": 1,
        "submitted": 1,
        "accepted": 0,
        "waitlisted": 0,
        "declined": 0,
        "withdrawn": 0,
    }


def test_it_makes_a_draft_call_through_the_same_write(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        url(cast), new_call(reviewers=[cast.practitioner.pk]), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == CallStatus.DRAFT
    assert body["reviewers"] == [cast.practitioner.pk]
    assert len(body["questions"]) == 6
    assert Call.objects.get().created_by == cast.lead


def test_it_answers_refusals_at_the_field(client, cast):
    client.force_login(cast.lead)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        url(cast), new_call(closes_on=past, languages=["fr"]), content_type="application/json"
    )
    assert response.status_code == 400
    assert {"closes_on", "languages"} <= set(response.json())
    response = client.post(url(cast), new_call(reviewers=[cast.funder.pk]), content_type="application/json")
    assert response.status_code == 400 and "reviewers" in response.json()
    assert not Call.objects.exists()


def test_it_shows_one_call_to_staff_only(client, cast):
    call = make_call(cast)
    client.force_login(cast.lead)
    body = client.get(url(cast, f"{call.pk}/")).json()
    assert body["title"] == call.title and len(body["questions"]) == 6
    client.force_login(cast.partner)
    assert client.get(url(cast, f"{call.pk}/")).status_code == 403
    client.force_login(cast.other_org_admin)
    assert client.get(url(cast, f"{call.pk}/")).status_code == 404


def test_the_list_stays_flat_as_calls_grow(client, cast, django_assert_num_queries):
    client.force_login(cast.lead)
    make_call(cast)
    client.get(url(cast))
    # session, user, memberships, community, the count, the calls with their counts by status
    with django_assert_num_queries(6) as before:
        client.get(url(cast))
    for n in range(4):
        submit(make_call(cast, title=f"Call {n}"), email=f"x{n}@example.org", address=f"10.1.0.{n}")
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url(cast)).json()["count"] == 5
