"""Agreements, decisions and meetings through the API: the pages' rules, and a secret vote stays secret."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cocreate.meetings.actions import AgendaLine
from cocreate.meetings.models import Meeting, MeetingStatus
from cocreate.meetings.tests.helpers import Taking, partner, plan, publish, record


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def riverside(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/{suffix}"


@pytest.fixture
def people(cast):
    return {
        "rosa": partner(cast, "Rosa Parent", "community", lived_experience=True),
        "sam": partner(cast, "Sam Agency", "agency"),
    }


def test_the_agreement_is_the_current_version_with_every_answer(cast):
    client = api_as(cast.funder)
    assert client.get(riverside(cast, "agreement/")).status_code == 404  # nothing published yet
    publish(cast, "listen first")
    publish(cast, "listen harder")
    body = client.get(riverside(cast, "agreement/")).json()
    assert body["number"] == 2 and body["acknowledgements"] == 0
    assert len(body["answers"]) == 9
    assert body["answers"][0]["question"] == "discuss"
    assert body["answers"][0]["always"] == "listen harder (discuss)"


def test_decisions_say_who_stood_where_unless_the_vote_was_secret(cast, people):
    open_ = record(
        cast,
        "Meet at the library",
        participants=[
            Taking(position="agree", partner=people["sam"]),
            Taking(position="object", partner=people["rosa"], reason="Too far.", resolution="Bus passes."),
        ],
    )
    secret = record(
        cast, "Pick the logo", method="majority", secret_vote=True, votes={"agree": 4, "object": 1}
    )
    record(cast, "Staff pay", visible_to_community=False)
    client = api_as(cast.evaluator)
    listing = client.get(riverside(cast, "decisions/")).json()
    assert {d["title"] for d in listing["results"]} == {"Meet at the library", "Pick the logo"}
    detail = client.get(riverside(cast, f"decisions/{open_.pk}/")).json()
    assert detail["votes"] is None
    assert [(p["name"], p["position"], p["resolution"]) for p in detail["participants"]] == [
        ("Rosa Parent", "object", "Bus passes."),
        ("Sam Agency", "agree", ""),
    ]
    body = client.get(riverside(cast, f"decisions/{secret.pk}/")).json()
    assert body["votes"] == {"agree": 4, "stand_aside": 0, "object": 1}
    assert body["participants"] == []
    text = json.dumps(body)
    assert "Rosa" not in text and "Sam" not in text  # nothing names a voter
    # Staff see the staff-only one; the community does not, even by its number.
    assert api_as(cast.lead).get(riverside(cast, "decisions/")).json()["count"] == 3
    hidden = [
        d
        for d in api_as(cast.lead).get(riverside(cast, "decisions/")).json()["results"]
        if d["title"] == "Staff pay"
    ][0]
    assert client.get(riverside(cast, f"decisions/{hidden['id']}/")).status_code == 404


def test_meetings_with_people_roles_agenda_and_their_decisions(cast, people):
    rosa, sam, lead = f"p{people['rosa'].pk}", f"p{people['sam'].pk}", f"u{cast.lead.pk}"
    meeting = plan(
        cast,
        "Spring planning",
        attendees=[rosa, sam, lead],
        roles={"facilitator": rosa, "note_taker": lead},
        agenda=[AgendaLine("Welcome", rosa, 10), AgendaLine("Dates")],
    )
    past = plan(cast, "Winter review", days=-20)
    decision = record(cast, "Meet monthly", meeting=past)  # decisions are recorded once it was held
    record(cast, "Staff only", meeting=past, visible_to_community=False)
    client = api_as(cast.partner)
    body = client.get(riverside(cast, f"meetings/{meeting.pk}/")).json()
    assert [a["name"] for a in body["attendees"]] == ["Lee Lead", "Rosa Parent", "Sam Agency"]
    assert [(r["role"], r["name"]) for r in body["roles"]] == [
        ("facilitator", "Rosa Parent"),
        ("note_taker", "Lee Lead"),
    ]
    assert body["agenda"] == [
        {"position": 0, "title": "Welcome", "owner": "Rosa Parent", "minutes": 10},
        {"position": 1, "title": "Dates", "owner": "", "minutes": None},
    ]
    assert body["decisions"] == []
    held = client.get(riverside(cast, f"meetings/{past.pk}/")).json()
    assert held["decisions"] == [decision.pk]  # the staff-only one is not for a partner
    assert body["prep"]["agenda_agreed"] is False and body["debrief"]["worked"] == ""
    upcoming = client.get(riverside(cast, "meetings/?when=upcoming")).json()["results"]
    assert [m["title"] for m in upcoming] == ["Spring planning"]
    assert [m["id"] for m in client.get(riverside(cast, "meetings/?when=past")).json()["results"]] == [
        past.pk
    ]
    assert client.get(riverside(cast, "meetings/?when=someday")).status_code == 400
    assert client.get(riverside(cast, "meetings/999999/")).status_code == 404


def test_an_empty_community_has_empty_lists(cast):
    client = api_as(cast.lead)
    assert client.get(riverside(cast, "meetings/")).json()["results"] == []
    assert client.get(riverside(cast, "decisions/")).json()["results"] == []


def test_another_communitys_meeting_is_not_found(cast):
    elsewhere = plan(cast, "Lakeview", community=cast.other_community)
    assert api_as(cast.lead).get(riverside(cast, f"meetings/{elsewhere.pk}/")).status_code == 404


def test_the_query_counts_are_flat(cast, people, django_assert_num_queries):
    def grow(n):
        for i in range(n):
            p = partner(cast, f"P{Meeting.objects.count()}-{i}")
            m = plan(
                cast,
                f"M{i}",
                days=-(i + 1),
                attendees=[f"p{p.pk}", f"u{cast.lead.pk}"],
                roles={"facilitator": f"p{p.pk}"},
                agenda=[AgendaLine("A", f"u{cast.lead.pk}")],
            )
            Meeting.objects.filter(pk=m.pk).update(status=MeetingStatus.PLANNED)
            record(
                cast,
                f"D{Meeting.objects.count()}-{i}",
                meeting=m,
                participants=[Taking(position="agree", partner=p)],
            )
        return m

    meeting = grow(2)
    client = api_as(cast.lead)
    decision_pk = client.get(riverside(cast, "decisions/")).json()["results"][0]["id"]
    urls = {
        # token, memberships, community, count, page, attendees (+partners, +users), roles (+partners;
        # no member holds one here), agenda (+owner users; no partner owns an item here), decisions
        riverside(cast, "meetings/"): 13,
        # token, memberships, community, meeting check, meeting and the same prefetches as the list
        riverside(cast, f"meetings/{meeting.pk}/"): 13,
        # token, memberships, community, count, page (+decider), participants (+partner, +user), actions
        riverside(cast, "decisions/"): 7,
        # token, memberships, community, decision check, decision (+decider), participants (+partner,
        # +user), actions
        riverside(cast, f"decisions/{decision_pk}/"): 7,
    }
    for url in urls:
        client.get(url)
    for url, budget in urls.items():
        with django_assert_num_queries(budget):
            client.get(url)
    grow(20)
    for url, budget in urls.items():
        with django_assert_num_queries(budget):
            assert client.get(url).status_code == 200
