"""Twenty people stating positions on one proposal at the same moment: every position kept, every
ballot counted once (PostgreSQL: threads need a database that holds row locks between connections)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.core.tests.test_bursts import burst
from cocreate.meetings import proposals
from cocreate.meetings.models import Decision, HasVoted, Participant

from .helpers import propose

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="threads writing at once need PostgreSQL (SQLite's test database is one connection)",
    ),
]

TWENTY = 20


def twenty_asked(cast, **fields) -> tuple[Decision, list]:
    people = [
        member(f"burst{i}@example.org", cast.org, Role.PARTNER, cast.community, name=f"Parent {i:02}")
        for i in range(TWENTY)
    ]
    decision = propose(cast, asked=[f"u{p.pk}" for p in people], **fields)
    return decision, people


def test_it_keeps_every_position_when_twenty_state_theirs_at_once_through_the_page(cast):
    decision, people = twenty_asked(cast)
    queue = list(people)
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/decisions/{decision.pk}/position/"

    def say():
        person = queue.pop()
        client = Client()
        client.force_login(person)
        position = "object" if person.name.endswith(("1", "3")) else "agree"
        return client.post(url, {"position": position, "reason": "Not on Saturdays."}).status_code

    results, errors = burst(say, TWENTY)
    assert errors == []
    assert results == [302] * TWENTY
    assert Participant.objects.filter(decision=decision).count() == TWENTY
    assert Participant.objects.filter(decision=decision, position="object").count() == 4


def test_it_counts_twenty_secret_ballots_cast_at_once(cast):
    decision, people = twenty_asked(cast, method="majority", secret_vote=True)
    queue = list(people)

    def vote():
        person = queue.pop()
        return proposals.do_state_position(
            Decision.objects.get(pk=decision.pk), acting_user=person, position="agree"
        )

    _results, errors = burst(vote, TWENTY)
    assert errors == []
    decision.refresh_from_db()
    assert decision.votes_agree == TWENTY
    assert HasVoted.objects.filter(decision=decision).count() == TWENTY


def test_it_counts_a_ballot_once_when_she_clicks_eight_times(cast):
    decision = propose(cast, method="majority", secret_vote=True)

    def vote():
        try:
            proposals.do_state_position(
                Decision.objects.get(pk=decision.pk), acting_user=cast.partner, position="agree"
            )
        except Exception as refused:  # noqa: BLE001 - the repeats are refused with a message
            return type(refused).__name__
        return "cast"

    results, errors = burst(vote)
    assert errors == []
    assert sorted(results) == ["WriteError"] * 7 + ["cast"]
    decision.refresh_from_db()
    assert decision.votes_agree == 1
