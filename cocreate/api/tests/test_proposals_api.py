"""Deciding together through the API: open a proposal, state my position, list the positions, close it.
Only the people asked state a position; the community reads; staff open and close; a secret ballot
is counted once and never shown beside a person (nor counted aloud while the vote is open)."""

import json
from datetime import timedelta

from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.meetings import proposals
from cocreate.meetings.models import Decision, Participant
from cocreate.meetings.tests.helpers import propose


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def riverside(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/{suffix}"


def closes(days=3):
    return (timezone.now() + timedelta(days=days)).isoformat()


def test_a_lead_opens_a_proposal_and_the_team_is_asked_by_default(cast):
    r = api_as(cast.lead).post(
        riverside(cast, "proposals/"),
        {"title": "Meet on Saturdays", "method": "consent", "closes_at": closes()},
        format="json",
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["status"], body["outcome"], body["votes"]) == ("open", "", None)
    decision = Decision.objects.get()
    assert {a.person_key for a in decision.asked.all()} == {
        f"u{cast.lead.pk}",
        f"u{cast.practitioner.pk}",
        f"u{cast.partner.pk}",
    }
    refused = api_as(cast.partner).post(
        riverside(cast, "proposals/"),
        {"title": "x", "method": "consent", "closes_at": closes()},
        format="json",
    )
    assert refused.status_code == 403
    past = api_as(cast.lead).post(
        riverside(cast, "proposals/"),
        {"title": "x", "method": "consent", "closes_at": closes(-1), "asked": [f"u{cast.lead.pk}"]},
        format="json",
    )
    assert past.status_code == 400 and "closes_at" in past.json()
    other = api_as(cast.other_community_lead).post(
        riverside(cast, "proposals/"),
        {"title": "x", "method": "consent", "closes_at": closes()},
        format="json",
    )
    assert other.status_code == 404


def test_she_states_and_changes_her_position_with_if_match(cast):
    decision = propose(cast)
    client = api_as(cast.partner)
    r = client.post(
        riverside(cast, f"decisions/{decision.pk}/position/"), {"position": "object"}, format="json"
    )
    assert r.status_code == 400 and "reason" in r.json()
    r = client.post(
        riverside(cast, f"decisions/{decision.pk}/position/"),
        {"position": "block", "reason": "Saturdays I work."},
        format="json",
    )
    assert r.status_code == 200
    first = r.json()
    assert (first["position"], first["on_behalf"], first["recorded_by"]) == ("block", False, "Paz Parent")
    changed = client.post(
        riverside(cast, f"decisions/{decision.pk}/position/"),
        {"position": "stand_aside"},
        format="json",
        HTTP_IF_MATCH=f'"{first["version"]}"',
    )
    assert changed.status_code == 200 and changed["ETag"] == f'"{first["version"] + 1}"'
    stale = client.post(
        riverside(cast, f"decisions/{decision.pk}/position/"),
        {"position": "agree"},
        format="json",
        HTTP_IF_MATCH=f'"{first["version"]}"',
    )
    assert stale.status_code == 412
    assert Participant.objects.get().position == "stand_aside"


def test_only_the_people_asked_state_a_position_and_the_community_reads_them(cast):
    decision = propose(cast, asked=[f"u{cast.partner.pk}"])
    url = riverside(cast, f"decisions/{decision.pk}/position/")
    assert api_as(cast.lead).post(url, {"position": "agree"}, format="json").status_code == 403
    assert api_as(cast.funder).post(url, {"position": "agree"}, format="json").status_code == 403
    assert (
        api_as(cast.other_community_lead).post(url, {"position": "agree"}, format="json").status_code == 404
    )
    assert api_as(cast.other_org_lead).post(url, {"position": "agree"}, format="json").status_code == 404
    proposals.do_state_position(decision, acting_user=cast.partner, position="object", reason="Too far.")
    body = api_as(cast.funder).get(riverside(cast, f"decisions/{decision.pk}/positions/")).json()
    assert (body["asked"], body["answered"], body["not_answered"]) == (1, 1, [])
    assert [(p["name"], p["position"], p["reason"], p["resolved"]) for p in body["positions"]] == [
        ("Paz Parent", "object", "Too far.", False)
    ]


def test_close_refuses_adopting_over_a_standing_objection_and_says_why(cast):
    decision = propose(cast)
    proposals.do_state_position(decision, acting_user=cast.partner, position="object", reason="Too far.")
    url = riverside(cast, f"decisions/{decision.pk}/close/")
    assert api_as(cast.partner).post(url, {"outcome": "deferred"}, format="json").status_code == 403
    r = api_as(cast.lead).post(url, {"outcome": "adopted"}, format="json")
    assert r.status_code == 400 and "Paz Parent objects" in r.json()["outcome"][0]
    r = api_as(cast.lead).post(
        url, {"outcome": "not_adopted", "rationale": "Too far for many."}, format="json"
    )
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["outcome"]) == ("closed", "not_adopted")
    late = api_as(cast.partner).post(
        riverside(cast, f"decisions/{decision.pk}/position/"), {"position": "agree"}, format="json"
    )
    assert late.status_code == 400


def test_a_secret_ballot_is_cast_once_and_never_shown_beside_a_person(cast):
    decision = propose(cast, "Choose the night", method="majority", secret_vote=True)
    url = riverside(cast, f"decisions/{decision.pk}/position/")
    assert api_as(cast.partner).post(url, {"position": "object"}, format="json").status_code == 204
    assert api_as(cast.partner).post(url, {"position": "agree"}, format="json").status_code == 400
    assert api_as(cast.lead).post(url, {"position": "agree"}, format="json").status_code == 204
    reader = api_as(cast.evaluator)
    positions = reader.get(riverside(cast, f"decisions/{decision.pk}/positions/")).json()
    assert (positions["answered"], positions["positions"], positions["not_answered"]) == (2, [], [])
    detail = reader.get(riverside(cast, f"decisions/{decision.pk}/")).json()
    assert detail["votes"] is None and detail["participants"] == []  # no counts while open
    proposals.do_close_proposal(decision, acting_user=cast.lead, outcome="deferred")
    detail = reader.get(riverside(cast, f"decisions/{decision.pk}/")).json()
    assert detail["votes"] == {"agree": 1, "stand_aside": 0, "object": 1}
    text = json.dumps([detail, reader.get(riverside(cast, f"decisions/{decision.pk}/positions/")).json()])
    assert "Paz" not in text and '"user"' not in text and '"partner"' not in text  # nobody named


def test_the_positions_list_keeps_its_query_count_flat(cast, django_assert_num_queries):
    made = iter(range(1000))

    def grow(n):
        decision = propose(cast, f"Proposal {n}")
        people = proposals.people_to_ask(cast.community)
        for _ in range(n):
            k = next(made)
            someone = member(f"api{k}@example.org", cast.org, Role.PARTNER, cast.community, name=f"P {k}")
            people = proposals.people_to_ask(cast.community)
            details = proposals.ProposalDetails(
                title=decision.title,
                method="consent",
                closes_at=decision.closes_at,
                asked=[*(a.person_key for a in decision.asked.all()), f"u{someone.pk}"],
            )
            proposals.do_update_proposal(decision, acting_user=cast.lead, details=details, people=people)
            row = proposals.do_state_position(decision, acting_user=someone, position="object", reason="Hm.")
            assert row is not None
            proposals.do_reply_to_objection(row, acting_user=cast.lead, text="Why?")
        return decision

    client = api_as(cast.funder)
    # token, memberships, community, decision, asked, positions (+people), replies (+authors)
    for decision in (grow(1), grow(8)):
        client.get(riverside(cast, f"decisions/{decision.pk}/positions/"))
        with django_assert_num_queries(7):
            r = client.get(riverside(cast, f"decisions/{decision.pk}/positions/"))
        assert r.status_code == 200
    writer = api_as(cast.partner)
    # token, memberships, community, decision (access), savepoint, lock, asked row, her row, update,
    # history, release, read back (+people), replies
    for decision in (grow(1), grow(8)):
        url = riverside(cast, f"decisions/{decision.pk}/position/")
        writer.post(url, {"position": "agree"}, format="json")
        with django_assert_num_queries(13):
            writer.post(url, {"position": "stand_aside"}, format="json")
