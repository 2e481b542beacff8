"""Deciding together: a proposal open for positions, each person stating her own from her phone,
objections answered in the open and resolved before the outcome, secret ballots linked to nobody."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from cocreate.conftest import member
from cocreate.core.concurrency import StaleEdit
from cocreate.core.errors import WriteError
from cocreate.core.models import Role
from cocreate.core.registry import waiting_sources
from cocreate.meetings import proposals
from cocreate.meetings.models import Decision, DecisionStatus, HasVoted, Participant, Reply

from .helpers import partner, plan, propose, record


def url(cast, decision=None, tail=""):
    base = f"/o/{cast.org.slug}/c/{cast.community.slug}/decisions/"
    return f"{base}{decision.pk}/{tail}" if decision is not None else f"{base}{tail}"


def state(decision, who, position="agree", reason="", **kw):
    return proposals.do_state_position(decision, acting_user=who, position=position, reason=reason, **kw)


def keys_of(decision):
    return {row.person_key for row in decision.asked.all()}


# Who is asked -------------------------------------------------------------------------------------------


def test_it_asks_the_team_who_can_sign_in_when_the_proposal_has_no_meeting(cast):
    rosa = partner(cast, "Rosa Parent", lived_experience=True)  # no sign-in: a lead records for her
    decision = propose(cast)
    assert keys_of(decision) == {f"u{cast.lead.pk}", f"u{cast.practitioner.pk}", f"u{cast.partner.pk}"}
    assert f"p{rosa.pk}" in proposals.people_to_ask(cast.community)  # she can be added


def test_it_asks_the_meetings_attendees_by_default(cast):
    rosa = partner(cast, "Rosa Parent", lived_experience=True)
    meeting = plan(cast, attendees=[f"p{rosa.pk}", f"u{cast.partner.pk}"])
    decision = propose(cast, meeting=meeting)
    assert keys_of(decision) == {f"p{rosa.pk}", f"u{cast.partner.pk}"}


def test_it_opens_a_proposal_from_the_leads_page_and_lists_it_as_open(client, cast):
    client.force_login(cast.lead)
    page = client.get(url(cast, tail="propose/"))
    assert page.status_code == 200
    closes = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    r = client.post(
        url(cast, tail="propose/"),
        {
            "title": "Meet on Saturdays",
            "method": "consent",
            "closes_at": closes,
            "asked": [f"u{cast.partner.pk}", f"u{cast.lead.pk}"],
        },
    )
    decision = Decision.objects.get()
    assert r.status_code == 302 and r["Location"] == url(cast, decision)
    assert decision.status == DecisionStatus.OPEN and decision.outcome == ""
    assert keys_of(decision) == {f"u{cast.partner.pk}", f"u{cast.lead.pk}"}
    log = client.get(url(cast))
    assert (
        "Open for positions" in log.text and "Meet on Saturdays" in log.text and "0 of 2 answered" in log.text
    )
    past = client.post(
        url(cast, tail="propose/"), {"title": "x", "method": "consent", "closes_at": "2020-01-01T10:00"}
    )
    assert "Choose a closing time in the future." in past.text
    assert Decision.objects.count() == 1


def test_it_keeps_people_who_answered_on_the_proposal_and_asks_people_added_later(cast):
    rosa = partner(cast, "Rosa Parent")
    decision = propose(cast)
    state(decision, cast.partner, "agree")
    people = proposals.people_to_ask(cast.community, decision)
    details = proposals.ProposalDetails(
        title=decision.title, method="consent", closes_at=decision.closes_at, asked=[f"u{cast.lead.pk}"]
    )
    with pytest.raises(WriteError, match="Paz Parent already answered"):
        proposals.do_update_proposal(decision, acting_user=cast.lead, details=details, people=people)
    details.asked = [f"u{cast.lead.pk}", f"u{cast.partner.pk}", f"p{rosa.pk}"]
    proposals.do_update_proposal(decision, acting_user=cast.lead, details=details, people=people)
    assert keys_of(decision) == {f"u{cast.lead.pk}", f"u{cast.partner.pk}", f"p{rosa.pk}"}


# Her own position ------------------------------------------------------------------------------------------


def test_it_lets_the_parent_state_and_change_her_own_position_from_her_phone(client, cast):
    decision = propose(cast)
    client.force_login(cast.partner)  # reads Spanish
    page = client.get(url(cast, decision))
    assert page.status_code == 200
    assert 'name="position"' in page.text and 'value="block"' in page.text  # consent: she may block
    assert 'name="reason"' in page.text
    r = client.post(
        url(cast, decision, "position/"), {"position": "object", "reason": "Los sábados trabajo."}
    )
    assert r.status_code == 302
    mine = Participant.objects.get(decision=decision)
    assert (mine.user, mine.position, mine.reason, mine.recorded_by, mine.on_behalf) == (
        cast.partner,
        "object",
        "Los sábados trabajo.",
        cast.partner,
        False,
    )
    page = client.get(url(cast, decision))
    assert "Los sábados trabajo." in page.text
    assert f'name="version" value="{mine.version}"' in page.text
    client.post(url(cast, decision, "position/"), {"position": "stand_aside", "version": mine.version})
    mine.refresh_from_db()
    assert (mine.position, mine.reason) == ("stand_aside", "")  # withdrawn: no concern left
    assert mine.history.count() == 2


def test_it_lets_only_the_people_asked_state_a_position(client, cast):
    decision = propose(cast)
    with pytest.raises(PermissionDenied):
        state(decision, cast.funder)
    client.force_login(cast.funder)
    assert client.get(url(cast, decision)).status_code == 200  # the community reads it
    assert client.post(url(cast, decision, "position/"), {"position": "agree"}).status_code == 403
    assert not Participant.objects.exists()


def test_it_needs_a_reason_to_object_and_blocks_only_with_consent(cast):
    consent = propose(cast)
    with pytest.raises(WriteError, match="concern"):
        state(consent, cast.partner, "object")
    state(consent, cast.partner, "block", "It leaves out families without a car.")
    consensus = propose(cast, "Share the budget openly", method="consensus")
    with pytest.raises(WriteError, match="consent"):
        state(consensus, cast.partner, "block", "No.")


def test_it_refuses_a_change_started_from_an_older_position(cast):
    decision = propose(cast)
    first = state(decision, cast.partner, "agree")
    state(decision, cast.partner, "stand_aside", version=first.version)
    with pytest.raises(StaleEdit):
        state(decision, cast.partner, "object", "Too far.", version=first.version)
    assert Participant.objects.get().position == "stand_aside"


def test_it_marks_a_position_recorded_on_her_behalf(client, cast):
    rosa = partner(cast, "Rosa Parent", lived_experience=True)
    decision = propose(cast, asked=[f"p{rosa.pk}", f"u{cast.partner.pk}", f"u{cast.lead.pk}"])
    client.force_login(cast.lead)
    manage = client.get(url(cast, decision, "manage/"))
    assert "Record a position given aloud" in manage.text
    r = client.post(url(cast, decision, "record-position/"), {"person": f"p{rosa.pk}", "position": "agree"})
    assert r.status_code == 302
    row = Participant.objects.get(partner=rosa)
    assert row.on_behalf and row.recorded_by == cast.lead
    page = client.get(url(cast, decision))
    assert "recorded on her behalf by Lee Lead" in page.text
    state(decision, cast.partner, "agree")
    assert not Participant.objects.get(user=cast.partner).on_behalf
    # The parent changes what was recorded for her when she signs in? Not a partner without a sign-in:
    with pytest.raises(WriteError, match="people asked"):
        proposals.do_record_position(decision, acting_user=cast.lead, person="p999999", position="agree")


# Objections answered in the open ------------------------------------------------------------------------------


def test_it_answers_an_objection_in_the_open_and_only_the_objector_resolves_it(client, cast):
    decision = propose(cast)
    objection = state(decision, cast.partner, "block", "Saturday mornings I work.")
    client.force_login(cast.lead)
    r = client.post(
        url(cast, decision, f"objections/{objection.pk}/reply/"), {"text": "We could meet at 4 pm."}
    )
    assert r.status_code == 302
    assert Reply.objects.get().author == cast.lead
    assert client.post(url(cast, decision, f"objections/{objection.pk}/resolve/")).status_code == 403
    r = client.post(url(cast, decision, "close/"), {"outcome": "adopted"})
    assert r.status_code == 200 and "not resolved" in r.text
    assert Decision.objects.get().is_open
    client.force_login(cast.funder)  # the community reads the thread
    assert "We could meet at 4 pm." in client.get(url(cast, decision)).text
    client.force_login(cast.partner)
    page = client.get(url(cast, decision))
    assert "We could meet at 4 pm." in page.text and f"objections/{objection.pk}/resolve/" in page.text
    client.post(
        url(cast, decision, f"objections/{objection.pk}/resolve/"), {"resolution": "4 pm works for me."}
    )
    objection.refresh_from_db()
    assert objection.is_resolved and objection.resolved_by == cast.partner
    client.force_login(cast.lead)
    r = client.post(
        url(cast, decision, "close/"), {"outcome": "adopted", "rationale": "Four o'clock suits all."}
    )
    assert r.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.outcome, decision.decided_on) == (
        "closed",
        "adopted",
        timezone.localdate(),
    )
    record = client.get(url(cast, decision)).text  # the full record stays on the decision's page
    for text in (
        "Saturday mornings I work.",
        "We could meet at 4 pm.",
        "4 pm works for me.",
        "Four o&#x27;clock",
    ):
        assert text in record
    assert "stated by herself" in record
    assert "did not answer" in record  # the practitioner never answered


def test_it_refuses_to_adopt_with_consensus_while_an_objection_stands(cast):
    decision = propose(cast, method="consensus")
    state(decision, cast.partner, "object", "Too soon.")
    with pytest.raises(WriteError, match="Paz Parent objects"):
        proposals.do_close_proposal(decision, acting_user=cast.lead, outcome="adopted")
    closed = proposals.do_close_proposal(decision, acting_user=cast.lead, outcome="deferred")
    again = proposals.do_close_proposal(decision, acting_user=cast.lead, outcome="adopted")
    assert closed.outcome == again.outcome == "deferred"  # a second close changes nothing
    with pytest.raises(WriteError, match="closed"):
        state(decision, cast.partner, "agree")


def test_it_lets_a_lead_resolve_only_what_she_recorded_for_someone(cast):
    rosa = partner(cast, "Rosa Parent")
    decision = propose(cast, asked=[f"p{rosa.pk}", f"u{cast.partner.pk}"])
    aloud = proposals.do_record_position(
        decision, acting_user=cast.lead, person=f"p{rosa.pk}", position="object", reason="Too far."
    )
    proposals.do_resolve_objection(aloud, acting_user=cast.lead, resolution="A bus pass.")
    own = state(decision, cast.partner, "object", "Too early.")
    with pytest.raises(PermissionDenied):
        proposals.do_resolve_objection(own, acting_user=cast.lead)


def test_it_refuses_positions_once_the_closing_time_has_passed(cast):
    decision = propose(cast)
    Decision.objects.filter(pk=decision.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(WriteError, match="stopped taking positions"):
        state(decision, cast.partner)


def test_it_keeps_recording_a_decision_after_the_fact(client, cast):
    client.force_login(cast.lead)
    decision = propose(cast)
    assert client.get(url(cast, decision, "edit/"))["Location"] == url(cast, decision, "manage/")


# Secret votes ------------------------------------------------------------------------------------------------


def test_it_counts_a_secret_ballot_once_and_keeps_no_link_to_the_voter(client, cast):
    decision = propose(cast, "Choose the new meeting night", method="majority", secret_vote=True)
    assert state(decision, cast.partner, "object") is None
    with pytest.raises(WriteError, match="once"):
        state(decision, cast.partner, "agree")
    state(decision, cast.lead, "agree")
    decision.refresh_from_db()
    assert (decision.votes_agree, decision.votes_stand_aside, decision.votes_object) == (1, 0, 1)
    assert not Participant.objects.exists()
    assert HasVoted.objects.filter(decision=decision).count() == 2
    client.force_login(cast.practitioner)
    page = client.get(url(cast, decision))
    assert "2 of 3 people asked have voted." in page.text
    assert "The counts are shown when the vote closes." in page.text and "Agree: " not in page.text
    assert client.post(url(cast, decision, "position/"), {"position": "agree"}).status_code == 302
    client.force_login(cast.partner)
    assert 'name="position"' not in client.get(url(cast, decision)).text  # she voted: no second ballot


def test_it_stores_the_tally_with_no_reference_to_a_person():
    tally = {f.name for f in Decision._meta.get_fields() if f.name.startswith("votes_")}
    assert tally == {"votes_agree", "votes_stand_aside", "votes_object"}
    assert all(isinstance(Decision._meta.get_field(name), models.PositiveSmallIntegerField) for name in tally)
    columns = {f.name for f in HasVoted._meta.get_fields()}
    assert columns == {"id", "organization", "community", "decision", "user"}  # no choice, no time
    assert not any(
        f.related_model is HasVoted
        for model in (Decision, Participant)
        for f in model._meta.get_fields()
        if f.is_relation and not f.auto_created
    )
    assert not hasattr(HasVoted, "history")


def test_it_keeps_an_open_secret_votes_counts_out_of_its_history(cast):
    decision = propose(cast, "Choose the new meeting night", method="majority", secret_vote=True)
    before = decision.history.count()
    state(decision, cast.partner, "object")
    # A lead's change between two ballots snapshots the row: the counts must not be in it.
    details = proposals.ProposalDetails(
        title=decision.title,
        method="majority",
        closes_at=timezone.now() + timedelta(days=5),
        asked=sorted(keys_of(decision)),
    )
    proposals.do_update_proposal(
        decision,
        acting_user=cast.lead,
        details=details,
        people=proposals.people_to_ask(cast.community, decision),
    )
    state(decision, cast.lead, "agree")
    state(decision, cast.practitioner, "agree")
    assert decision.history.count() == before + 1  # the lead's change only: no row per ballot
    assert all(h.votes_agree is None and h.votes_object is None for h in decision.history.all())
    proposals.do_close_proposal(decision, acting_user=cast.lead, outcome="adopted")
    last = decision.history.latest()
    assert (last.status, last.votes_agree, last.votes_stand_aside, last.votes_object) == ("closed", 2, 0, 1)


# "For me" and query budgets ------------------------------------------------------------------------------------


def test_it_lists_the_proposals_waiting_for_her_position_in_one_query(cast, django_assert_num_queries):
    source = waiting_sources.get("proposals")
    assert source is not None
    items = proposals.waiting_items
    first = propose(cast, "Meet on Saturdays")
    communities = [cast.community.pk, cast.other_community.pk]
    with django_assert_num_queries(1):
        found = items(cast.partner, communities)
    assert [i.title for i in found] == ["Meet on Saturdays"]
    assert found[0].url == url(cast, first)
    for i in range(6):
        propose(cast, f"Proposal {i}", days=4 + i)
    state(first, cast.partner, "agree")
    secret = propose(cast, "Vote", method="majority", secret_vote=True, days=20)
    state(secret, cast.partner, "agree")
    propose(cast, "Not hers", asked=[f"u{cast.lead.pk}"])
    with django_assert_num_queries(1):
        found = items(cast.partner, communities)
    assert [i.title for i in found] == [f"Proposal {i}" for i in range(6)]  # answered and voted ones gone
    assert items(cast.partner, [cast.other_community.pk]) == []


def test_it_keeps_the_proposal_pages_query_counts_flat(client, cast, django_assert_num_queries):
    def grow(n):
        decision = propose(cast, f"Proposal for {n}")
        for i in range(n):
            someone = member(
                f"p{n}-{i}@example.org", cast.org, Role.PARTNER, cast.community, name=f"P {i:03}"
            )
            partner(cast, f"Rosa {i:02}")  # a partner without a sign-in: offered, not asked by default
            details = proposals.ProposalDetails(
                title=decision.title,
                method="consent",
                closes_at=decision.closes_at,
                asked=[*keys_of(decision), f"u{someone.pk}"],
            )
            proposals.do_update_proposal(
                decision,
                acting_user=cast.lead,
                details=details,
                people=proposals.people_to_ask(cast.community),
            )
            row = state(decision, someone, "object" if i % 2 else "agree", "Too far." if i % 2 else "")
            if i % 2:
                proposals.do_reply_to_objection(row, acting_user=cast.lead, text="A bus pass?")
        return decision

    client.force_login(cast.lead)
    # page: session, user, memberships, community, decision, asked, positions (+people), replies, the
    # proposal's versions in other languages
    # manage: session, user, memberships, community, decision, partners, members (people to ask),
    # asked (added to them), asked (initial), deciders, meetings, positions (+people), replies
    # close: session, user, memberships, community, decision, asked, positions, replies
    # log: session, user, memberships, community, count, page, open proposals (counted), the texts'
    # versions in other languages
    budgets = {"": 9, "manage/": 14, "close/": 8}
    # propose: session, user, memberships, community, partners, members, partners with their sign-in,
    # the team's roles (who is asked by default), deciders, meetings
    propose_budget = 10
    record(cast, "Decided already")
    small = grow(2)
    for tail, budget in budgets.items():
        client.get(url(cast, small, tail))
        with django_assert_num_queries(budget):
            assert client.get(url(cast, small, tail)).status_code == 200
    client.get(url(cast))  # warm-up (content types are cached once per process)
    with django_assert_num_queries(8):
        client.get(url(cast))
    with django_assert_num_queries(propose_budget):
        client.get(url(cast, tail="propose/"))
    big = grow(12)
    for tail, budget in budgets.items():
        with django_assert_num_queries(budget):
            r = client.get(url(cast, big, tail))
        assert "P 011" in r.text
    client.get(url(cast))  # warm-up (content types are cached once per process)
    with django_assert_num_queries(8):
        client.get(url(cast))
    with django_assert_num_queries(propose_budget):
        r = client.get(url(cast, tail="propose/"))
    assert "P 011" in r.text and "Rosa 11" in r.text
