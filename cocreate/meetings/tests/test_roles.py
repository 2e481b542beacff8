"""The fair rotation of meeting roles (a plain function: no database)."""

from datetime import UTC, datetime, timedelta

from cocreate.meetings.models import MeetingRole
from cocreate.meetings.roles import PastRole, suggest_roles

ROLES = MeetingRole.values  # facilitator, note taker, timekeeper, process observer
DAY = datetime(2026, 1, 5, 18, tzinfo=UTC)


def rotate(people, meetings, chosen_each=None):
    """Plan `meetings` meetings in a row, each taking the suggestion; return the history."""
    history: list[PastRole] = []
    for n in range(meetings):
        suggestion = suggest_roles(ROLES, people, history, (chosen_each or {}).get(n))
        history += [PastRole(who, role, DAY + timedelta(weeks=n)) for role, who in suggestion.items() if who]
    return history


def test_everyone_holds_each_role_once_before_anyone_holds_it_twice():
    people = ["ana", "ben", "cai", "dee"]
    history = rotate(people, 4)
    for role in ROLES:
        holders = [p.person for p in history if p.role == role]
        assert sorted(holders) == people, role  # four meetings, four people: each led once


def test_it_stays_fair_over_many_meetings_with_more_people_than_roles():
    people = ["ana", "ben", "cai", "dee", "eli", "fay"]
    history = rotate(people, 12)
    for role in ROLES:
        counts = [sum(1 for p in history if p.role == role and p.person == who) for who in people]
        assert max(counts) - min(counts) == 0, (role, counts)  # 12 meetings / 6 people: twice each


def test_nobody_gets_two_roles_when_there_are_enough_people():
    suggestion = suggest_roles(ROLES, ["ana", "ben", "cai", "dee"], [])
    assert len(set(suggestion.values())) == 4


def test_with_fewer_people_than_roles_someone_doubles_up_and_no_role_is_left_empty():
    suggestion = suggest_roles(ROLES, ["ana", "ben"], [])
    assert set(suggestion.values()) == {"ana", "ben"}
    assert all(suggestion.values())


def test_nobody_eligible_leaves_every_role_empty():
    assert suggest_roles(ROLES, [], []) == dict.fromkeys(ROLES)


def test_ties_resolve_the_same_way_every_time_in_the_order_given():
    first = suggest_roles(ROLES, ["cai", "ana", "ben", "dee"], [])
    assert first == suggest_roles(ROLES, ["cai", "ana", "ben", "dee"], [])
    assert first["facilitator"] == "cai"  # nobody has held anything: the first in order


def test_least_often_then_least_recently():
    history = [
        PastRole("ana", "facilitator", DAY),
        PastRole("ana", "facilitator", DAY + timedelta(weeks=1)),
        PastRole("ben", "facilitator", DAY + timedelta(weeks=3)),
        PastRole("cai", "facilitator", DAY + timedelta(weeks=2)),
    ]
    suggestion = suggest_roles(["facilitator"], ["ana", "ben", "cai"], history)
    assert suggestion["facilitator"] == "cai"  # ben and cai once each; cai longer ago


def test_the_teams_own_choice_is_kept_and_the_rest_fill_around_it():
    history = [PastRole("ana", "note_taker", DAY)]
    suggestion = suggest_roles(ROLES, ["ana", "ben", "cai", "dee"], history, {"facilitator": "ben"})
    assert suggestion["facilitator"] == "ben"
    assert "ben" not in [suggestion[r] for r in ROLES if r != "facilitator"]
    assert suggestion["note_taker"] != "ana"  # ana took notes last time


def test_an_override_counts_in_the_next_rotation():
    # The team overrode the first meeting: dee facilitated. Next time dee is the last choice for it.
    history = rotate(["ana", "ben", "cai", "dee"], 1, {0: {"facilitator": "dee"}})
    assert [p.person for p in history if p.role == "facilitator"] == ["dee"]
    nxt = suggest_roles(ROLES, ["ana", "ben", "cai", "dee"], history)
    assert nxt["facilitator"] != "dee"
