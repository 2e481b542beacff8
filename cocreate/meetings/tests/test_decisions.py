"""The decision log: proposals, methods, positions, objections and how they were resolved, secret votes."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.core.errors import WriteError
from cocreate.meetings import actions
from cocreate.meetings.models import Decision, Participant

from .helpers import Taking, partner, record


def url(cast, tail=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/decisions/{tail}"


def base_form(**extra):
    return {
        "title": "Hold the listening sessions at the library",
        "proposal": "Move the sessions from the clinic to the public library.",
        "method": "consent",
        "decided_on": timezone.localdate().isoformat(),
        "outcome": "adopted",
        "rationale": "Families said the clinic feels formal.",
        "visible_to_community": "on",
        **extra,
    }


@pytest.fixture
def people(cast):
    """Three partners of Riverside: a parent with lived experience, an agency manager, a researcher."""
    return {
        "rosa": partner(cast, "Rosa Parent", "community", lived_experience=True),
        "sam": partner(cast, "Sam Agency", "agency"),
        "uma": partner(cast, "Uma Research", "research"),
    }


def test_it_records_a_consent_decision_with_one_objection_resolved(client, cast, people):
    rosa, sam, uma = people["rosa"].pk, people["sam"].pk, people["uma"].pk
    client.force_login(cast.lead)
    r = client.post(
        url(cast, "new/"),
        base_form(
            **{
                f"position_p{rosa}": "object",
                f"reason_p{rosa}": "The library closes at 6, too early for working parents.",
                f"resolution_p{rosa}": "We booked the evening room until 8.",
                f"position_p{sam}": "agree",
                f"position_p{uma}": "stand_aside",
            }
        ),
    )
    assert r.status_code == 302
    decision = Decision.objects.get()
    assert decision.outcome == "adopted"
    rows = {p.partner.name: p for p in decision.participants.select_related("partner")}
    assert rows["Rosa Parent"].partner_type == "community"
    assert rows["Rosa Parent"].position == "object"
    assert rows["Uma Research"].position == "stand_aside"
    r = client.get(r["Location"])
    assert "Objections and how they were resolved" in r.text
    assert "We booked the evening room until 8." in r.text
    assert "Researcher or evaluator" in r.text
    assert "By partner type: Service agency 1 · Community member 1 · Researcher or evaluator 1" in r.text
    assert "Stand aside" in r.text


def test_it_blocks_adoption_while_an_objection_is_unresolved(client, cast, people):
    rosa = people["rosa"].pk
    client.force_login(cast.lead)
    r = client.post(
        url(cast, "new/"),
        base_form(**{f"position_p{rosa}": "object", f"reason_p{rosa}": "Too early for working parents."}),
    )
    assert r.status_code == 200
    assert "Rosa Parent objects and the objection is not resolved" in r.text
    assert "record the outcome as not adopted or deferred" in r.text
    assert not Decision.objects.exists()
    # Deferring it is fine: the objection stands, recorded as unresolved.
    r = client.post(
        url(cast, "new/"),
        base_form(
            outcome="deferred",
            **{f"position_p{rosa}": "object", f"reason_p{rosa}": "Too early for working parents."},
        ),
        follow=True,
    )
    assert "Not resolved" in r.text


def test_it_blocks_adoption_in_the_write_too(cast, people):
    details = actions.DecisionDetails(
        title="Evening meetings",
        method="consensus",
        outcome="adopted",
        decided_on=timezone.localdate(),
        participants=[Taking(position="object", partner=people["sam"], reason="Staff overtime.")],
    )
    with pytest.raises(WriteError) as e:
        actions.do_record_decision(cast.community, acting_user=cast.lead, details=details)
    assert "Sam Agency objects" in e.value.message_dict["outcome"][0]


def test_it_lets_a_majority_vote_pass_over_an_unresolved_objection(cast, people):
    decision = record(
        cast,
        method="majority",
        participants=[
            Taking(position="agree", partner=people["sam"]),
            Taking(position="agree", partner=people["uma"]),
            Taking(position="object", partner=people["rosa"], reason="Too far."),
        ],
    )
    assert decision.outcome == "adopted"


def test_it_needs_a_reason_for_an_objection(client, cast, people):
    rosa = people["rosa"].pk
    client.force_login(cast.lead)
    r = client.post(url(cast, "new/"), base_form(outcome="deferred", **{f"position_p{rosa}": "object"}))
    assert r.status_code == 200
    assert "An objection needs a reason" in r.text
    assert not Decision.objects.exists()


def test_it_needs_the_named_person_for_a_delegated_decision(client, cast):
    client.force_login(cast.lead)
    r = client.post(url(cast, "new/"), base_form(method="delegated"))
    assert "Choose the person who decided after consulting the team." in r.text
    r = client.post(
        url(cast, "new/"), base_form(method="delegated", decider=cast.practitioner.pk), follow=True
    )
    assert "Decided by a named person after consultation — Pat Practitioner" in r.text


def test_it_refuses_a_decision_dated_in_the_future(client, cast):
    client.force_login(cast.lead)
    tomorrow = timezone.localdate() + timedelta(days=1)
    r = client.post(url(cast, "new/"), base_form(decided_on=tomorrow.isoformat()))
    assert "this date is in the future" in r.text


def test_it_stores_only_counts_for_a_secret_vote(client, cast, people):
    client.force_login(cast.lead)
    r = client.post(
        url(cast, "new/"),
        base_form(
            method="majority", secret_vote="on", votes_agree="5", votes_stand_aside="1", votes_object="2"
        ),
    )
    assert r.status_code == 302
    decision = Decision.objects.get()
    assert decision.secret_vote and decision.vote_counts == {"agree": 5, "stand_aside": 1, "object": 2}
    assert not Participant.objects.exists()
    assert not Participant.history.exists()  # not even in the audit trail


def test_it_refuses_positions_in_a_secret_vote(client, cast, people):
    client.force_login(cast.lead)
    r = client.post(
        url(cast, "new/"),
        base_form(
            method="majority",
            secret_vote="on",
            votes_agree="2",
            **{f"position_p{people['rosa'].pk}": "agree"},
        ),
    )
    assert r.status_code == 200
    assert "In a secret vote only the counts are recorded" in r.text
    assert not Decision.objects.exists()


def test_it_allows_a_secret_vote_only_for_a_majority_vote(client, cast):
    client.force_login(cast.lead)
    r = client.post(url(cast, "new/"), base_form(secret_vote="on", votes_agree="3"))
    assert "Only a majority vote can be secret." in r.text


def test_it_never_links_a_secret_voter_to_a_choice(client, cast, people):
    """No page shows who voted in a secret vote: the partners' names appear only as people who
    could have taken part in the edit form, never beside a position."""
    decision = record(
        cast,
        "Choose the new meeting day",
        method="majority",
        secret_vote=True,
        votes={"agree": 2, "stand_aside": 0, "object": 1},
    )
    client.force_login(cast.admin)
    for page in (url(cast), url(cast, f"{decision.pk}/"), url(cast, f"{decision.pk}/edit/")):
        text = client.get(page).text
        for person in people.values():
            assert person.name not in text
    detail = client.get(url(cast, f"{decision.pk}/")).text
    assert "only the counts were recorded" in detail
    # Nor does the audit trail of the decision hold anything but counts.
    fields = {f.name for f in Decision.history.model._meta.get_fields()}
    assert not fields & {"participants", "partner", "user"}


def test_it_keeps_a_secret_vote_secret_when_edited(client, cast):
    decision = record(cast, method="majority", secret_vote=True, votes={"agree": 2})
    client.force_login(cast.lead)
    r = client.post(
        url(cast, f"{decision.pk}/edit/"),
        base_form(method="majority", votes_agree="3", votes_object="1"),
    )
    assert r.status_code == 302  # the box is disabled: the vote stays secret
    decision.refresh_from_db()
    assert decision.secret_vote and decision.vote_counts["agree"] == 3


def test_it_corrects_a_decision_and_keeps_its_history(client, cast, people):
    rosa = people["rosa"].pk
    decision = record(
        cast,
        outcome="deferred",
        participants=[Taking(position="object", partner=people["rosa"], reason="Too far.")],
    )
    client.force_login(cast.lead)
    r = client.post(
        url(cast, f"{decision.pk}/edit/"),
        base_form(
            **{
                f"position_p{rosa}": "object",
                f"reason_p{rosa}": "Too far.",
                f"resolution_p{rosa}": "We pay for the bus.",
            }
        ),
    )
    assert r.status_code == 302
    decision.refresh_from_db()
    assert decision.outcome == "adopted"
    assert [h.outcome for h in decision.history.order_by("history_date")] == ["deferred", "adopted"]
    assert decision.participants.get().resolution == "We pay for the bus."


def test_it_lists_decisions_newest_first(client, cast):
    today = timezone.localdate()
    record(cast, "Older decision", decided_on=today - timedelta(days=30))
    record(cast, "Newer decision", decided_on=today)
    client.force_login(cast.partner)
    text = client.get(url(cast)).text
    assert text.index("Newer decision") < text.index("Older decision")


def test_it_hides_staff_only_decisions_from_the_community(client, cast):
    hidden = record(cast, "Budget for the stipends", visible_to_community=False)
    client.force_login(cast.partner)
    assert "Budget for the stipends" not in client.get(url(cast)).text
    assert client.get(url(cast, f"{hidden.pk}/")).status_code == 404
    client.force_login(cast.lead)
    assert "Budget for the stipends" in client.get(url(cast)).text


def test_it_lets_partners_read_but_not_record(client, cast):
    decision = record(cast)
    client.force_login(cast.partner)
    assert client.get(url(cast, f"{decision.pk}/")).status_code == 200
    assert client.get(url(cast, "new/")).status_code == 403
    assert client.post(url(cast, f"{decision.pk}/edit/"), base_form()).status_code == 403


def test_it_keeps_other_organizations_and_communities_out(client, cast):
    decision = record(cast)
    client.force_login(cast.other_org_admin)
    assert client.get(url(cast, f"{decision.pk}/")).status_code == 404
    client.force_login(cast.other_community_lead)
    assert client.get(url(cast, f"{decision.pk}/")).status_code == 404
    lakeview = record(cast, "Lakeview's own", community=cast.other_community)
    client.force_login(cast.lead)
    assert client.get(url(cast, f"{lakeview.pk}/")).status_code == 404


def test_it_refuses_a_partner_of_another_community(cast):
    from cocreate.partners.actions import do_create_partner

    stranger = do_create_partner(cast.other_community, name="Lou Lakeview", partner_type="agency")
    with pytest.raises(WriteError):
        record(cast, participants=[Taking(position="agree", partner=stranger)])


def _grow(cast, n):
    """n more partners, and a decision with every one of them taking part (one objection resolved)."""
    people = [partner(cast, f"Partner {i:03}", "community") for i in range(n)]
    takings = [Taking(position="agree", partner=p) for p in people[1:]]
    takings.append(Taking(position="object", partner=people[0], reason="Why?", resolution="Because."))
    return record(cast, f"Decision with {n}", participants=takings)


def test_it_keeps_the_decision_pages_query_counts_flat(client, cast, django_assert_num_queries):
    small = _grow(cast, 3)
    client.force_login(cast.lead)
    pages = [url(cast), url(cast, f"{small.pk}/"), url(cast, f"{small.pk}/edit/")]
    for page in pages:
        client.get(page)  # warm-up
    # log: session, user, memberships, community, count, page of decisions (+decider, counts annotated),
    # open proposals, their versions in other languages
    # detail: session, user, memberships, community, decision (+decider), asked, participants (+partner,
    # user, recorded by, resolved by), their replies, linked plan actions, the texts' versions in other
    # languages
    # edit: session, user, memberships, community, decision, linked actions (initial), deciders,
    # participants, partners, users, plan actions offered, meetings offered
    budgets = [8, 10, 12]
    for page, budget in zip(pages, budgets, strict=True):
        with django_assert_num_queries(budget):
            client.get(page)
    big = _grow(cast, 30)
    for i in range(10):
        record(cast, f"Another {i}")
    for page, budget in zip(
        [url(cast), url(cast, f"{big.pk}/"), url(cast, f"{big.pk}/edit/")], budgets, strict=True
    ):
        with django_assert_num_queries(budget):
            r = client.get(page)
        assert "Partner 029" in r.text or page == url(cast)


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_exports_the_log_without_naming_secret_voters(client, cast, people):
    record(
        cast,
        "Open decision",
        participants=[
            Taking(position="agree", partner=people["sam"]),
            Taking(position="object", partner=people["rosa"], reason="Too far.", resolution="A bus pass."),
        ],
    )
    record(cast, "Secret decision", method="majority", secret_vote=True, votes={"agree": 4, "object": 1})
    record(cast, "Staff only", visible_to_community=False)
    client.force_login(cast.partner)
    rows = _csv(client.get(url(cast, "export.csv")))
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"Open decision", "Secret decision"}  # the staff-only one stays with staff
    assert by_title["Secret decision"][7:12] == ["4", "0", "1", "", ""]
    assert "Rosa Parent" in by_title["Open decision"][10] and "A bus pass." in by_title["Open decision"][11]
    secret_text = ",".join(by_title["Secret decision"])
    assert not any(p.name in secret_text for p in people.values())


def test_it_keeps_the_export_query_count_flat(client, cast, people, django_assert_num_queries):
    client.force_login(cast.lead)
    _grow(cast, 2)
    client.get(url(cast, "export.csv"))  # warm-up
    # session, user, memberships, community, decisions (+decider), participants (+partner, user),
    # the titles' and rationales' versions in the reader's language
    with django_assert_num_queries(7):
        client.get(url(cast, "export.csv"))
    _grow(cast, 20)
    record(cast, "Secret", method="majority", secret_vote=True, votes={"agree": 3})
    with django_assert_num_queries(7):
        assert len(_csv(client.get(url(cast, "export.csv")))) == 4


def test_it_links_a_decision_to_the_plan_actions_it_set_going(client, cast):
    from cocreate.planning.tests.helpers import make_action, make_goal

    goal = make_goal(cast)
    action = make_action(goal, cast, "Book the library's evening room")
    lakeview_action = make_action(make_goal(cast, community=cast.other_community), cast, "Lakeview's own")
    client.force_login(cast.lead)
    r = client.post(url(cast, "new/"), base_form(plan_actions=[lakeview_action.pk]))
    assert r.status_code == 200 and "Only actions of this community" in r.text
    r = client.post(url(cast, "new/"), base_form(plan_actions=[action.pk]), follow=True)
    assert "Actions it set going" in r.text and "Book the library&#x27;s evening room" in r.text
    decision = Decision.objects.get()
    assert list(decision.plan_actions.all()) == [action]
    # Unticked on edit, the link goes.
    client.post(url(cast, f"{decision.pk}/edit/"), base_form())
    assert not decision.plan_actions.exists()
