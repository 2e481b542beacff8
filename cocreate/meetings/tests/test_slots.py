"""Suggested meeting times from partners' stated availability (a plain function: no database)."""

from dataclasses import dataclass, field

from cocreate.meetings.slots import suggest_slots
from cocreate.partners.models import Weekday

MON, TUE, WED, THU, SAT = (
    Weekday.MONDAY,
    Weekday.TUESDAY,
    Weekday.WEDNESDAY,
    Weekday.THURSDAY,
    Weekday.SATURDAY,
)


@dataclass
class P:
    name: str
    lived_experience: bool = False
    available_days: list = field(default_factory=list)
    available_times: list = field(default_factory=list)


def test_the_slot_most_people_can_make_comes_first_with_who_can_come():
    partners = [
        P("Ana", available_days=[MON, TUE], available_times=["evening"]),
        P("Ben", available_days=[TUE], available_times=["evening", "morning"]),
        P("Cai", available_days=[TUE], available_times=["evening"]),
    ]
    best = suggest_slots(partners)[0]
    assert (best.day, best.part) == (TUE, "evening")
    assert [p.name for p in best.people] == ["Ana", "Ben", "Cai"]
    assert best.score == 3


def test_lived_experience_counts_double():
    partners = [
        P("Rosa", lived_experience=True, available_days=[SAT], available_times=["morning"]),
        P("Sam", available_days=[MON], available_times=["morning"]),
        P("Uma", available_days=[MON], available_times=["afternoon"]),
    ]
    slots = suggest_slots(partners)
    assert (slots[0].day, slots[0].part, slots[0].score) == (SAT, "morning", 2)


def test_a_tie_goes_to_the_slot_every_lived_experience_partner_can_make():
    # Monday morning: two staff (1 + 1 = 2). Thursday evening: one parent (2). Same score.
    partners = [
        P("Rosa", lived_experience=True, available_days=[THU], available_times=["evening"]),
        P("Sam", available_days=[MON], available_times=["morning"]),
        P("Uma", available_days=[MON], available_times=["morning"]),
    ]
    slots = suggest_slots(partners)
    assert (slots[0].day, slots[0].part) == (THU, "evening")
    assert slots[0].all_lived and not slots[1].all_lived


def test_days_without_times_mean_all_day_and_no_days_means_not_said():
    partners = [P("Ana", available_days=[WED]), P("Ben", available_times=["morning"])]
    slots = suggest_slots(partners, top=5)
    assert [(s.day, s.part) for s in slots] == [(WED, "morning"), (WED, "afternoon"), (WED, "evening")]
    assert all([p.name for p in s.people] == ["Ana"] for s in slots)


def test_nobody_said_when_they_are_free():
    assert suggest_slots([P("Ana"), P("Ben")]) == []
    assert suggest_slots([]) == []


def test_ties_are_deterministic_earlier_in_the_week_first():
    partners = [P("Ana", available_days=[THU, MON], available_times=["evening"])]
    assert [(s.day, s.part) for s in suggest_slots(partners)] == [(MON, "evening"), (THU, "evening")]


def test_junk_in_the_stated_availability_is_ignored():
    partners = [P("Ana", available_days=["x", 9, "2"], available_times=["night", "morning"])]
    assert [(s.day, s.part) for s in suggest_slots(partners)] == [(WED, "morning")]
