"""Meetings: plan one (roles suggested in rotation, times suggested from availability), edit, prep,
minutes and debrief, decisions taken in it, and the meetings in calendar apps."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from cocreate.core.errors import WriteError
from cocreate.meetings import actions
from cocreate.meetings.access import meeting_people
from cocreate.meetings.actions import AgendaLine
from cocreate.meetings.ical import escape, fold
from cocreate.meetings.models import Attendee, CalendarFeed, Decision, Meeting, MeetingStatus

from .helpers import partner, plan, record, when


def url(cast, tail="", community=None):
    return f"/o/{cast.org.slug}/c/{(community or cast.community).slug}/meetings/{tail}"


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def people(cast):
    """Three partners of Riverside who said when they are free; Rosa brings lived experience."""
    return {
        "rosa": partner(
            cast,
            "Rosa Parent",
            "community",
            lived_experience=True,
            available_days=[1, 3],
            available_times=["evening"],
        ),
        "sam": partner(cast, "Sam Agency", "agency", available_days=[1, 2], available_times=["evening"]),
        "uma": partner(cast, "Uma Research", "research", available_days=[0], available_times=["morning"]),
    }


def keys(cast, people):
    return {name: f"p{p.pk}" for name, p in people.items()} | {
        "lead": f"u{cast.lead.pk}",
        "prac": f"u{cast.practitioner.pk}",
        "paz": f"u{cast.partner.pk}",
    }


def form(**extra):
    start, end = when(5)
    data = {"title": "Planning circle", "starts_at": local(start), "ends_at": local(end), "place": "Library"}
    data.update(extra)
    return data


def test_the_new_meeting_form_suggests_roles_and_times(client, cast, people):
    k = keys(cast, people)
    client.force_login(cast.lead)
    r = client.get(url(cast, "new/"))
    assert r.status_code == 200
    form_ = r.context["form"]
    assert set(form_.initial["attendees"]) == set(k.values())  # everyone invited to start with
    roles = [
        form_.initial[f"role_{role}"]
        for role in ("facilitator", "note_taker", "timekeeper", "process_observer")
    ]
    assert len(set(roles)) == 4 and all(roles)  # four different people
    # Tuesday evening: Rosa (lived experience, ×2) and Sam → best; with who can come.
    best = r.context["slots"][0]
    assert (best.day, best.part, best.score, best.all_lived) == (1, "evening", 3, True)
    assert "Rosa Parent, Sam Agency" in r.text
    r = client.get(url(cast, "new/?slot=1-evening"))
    start = r.context["form"].initial["starts_at"]
    assert timezone.localtime(start).weekday() == 1 and timezone.localtime(start).hour == 18


def test_it_plans_a_meeting_with_attendees_roles_and_an_ordered_agenda(client, cast, people):
    k = keys(cast, people)
    client.force_login(cast.lead)
    r = client.post(
        url(cast, "new/"),
        form(
            online_link="https://meet.example.org/riverside",
            attendees=[k["rosa"], k["sam"], k["lead"]],
            role_facilitator=k["rosa"],
            role_note_taker=k["lead"],
            **{
                "item-0-title": "Welcome and check-in",
                "item-0-owner": k["rosa"],
                "item-0-duration": "10",
                "item-1-title": "",
                "item-2-title": "Childcare for the spring sessions",
                "item-2-duration": "30",
            },
        ),
    )
    assert r.status_code == 302, r.context["form"].errors
    meeting = Meeting.objects.get()
    assert meeting.status == MeetingStatus.PLANNED and meeting.created_by == cast.lead
    assert {a.person_key for a in meeting.attendees.all()} == {k["rosa"], k["sam"], k["lead"]}
    assert {r.role: r.person_key for r in meeting.roles.all()} == {
        "facilitator": k["rosa"],
        "note_taker": k["lead"],
    }
    items = list(meeting.agenda_items.all())
    assert [(i.position, i.title, i.owner_key, i.duration) for i in items] == [
        (0, "Welcome and check-in", k["rosa"], 10),
        (1, "Childcare for the spring sessions", "", 30),
    ]
    assert meeting.history.latest().history_user == cast.lead
    page = client.get(r["Location"])
    assert "Welcome and check-in" in page.text and "Rosa Parent" in page.text
    assert "40 min" in page.text


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"ends_at": ""}, "ends_at"),
        ({"title": ""}, "title"),
        ({"online_link": "ftp://files.example.org/x"}, "online_link"),
        ({"online_link": "javascript:alert(1)"}, "online_link"),
        ({"place": "", "online_link": ""}, "place"),
        ({"item-0-title": "Intro", "item-0-duration": "0"}, "item-0-duration"),
    ],
)
def test_it_refuses_bad_details_next_to_the_field_and_saves_nothing(client, cast, extra, field):
    client.force_login(cast.lead)
    r = client.post(url(cast, "new/"), form(**extra))
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert 'class="field-error"' in r.text
    assert not Meeting.objects.exists()


def test_it_refuses_an_end_before_the_start(client, cast):
    start, _end = when(5)
    client.force_login(cast.lead)
    r = client.post(url(cast, "new/"), form(ends_at=local(start - timedelta(hours=1))))
    assert r.context["form"].errors["ends_at"] == ["The meeting must end after it starts."]
    assert not Meeting.objects.exists()


def test_a_role_goes_to_someone_invited(client, cast, people):
    k = keys(cast, people)
    client.force_login(cast.lead)
    r = client.post(url(cast, "new/"), form(attendees=[k["sam"]], role_timekeeper=k["uma"]))
    assert "role_timekeeper" in r.context["form"].errors
    assert not Meeting.objects.exists() and not Attendee.objects.exists()


def test_asking_again_suggests_roles_among_those_now_invited_without_saving(client, cast, people):
    k = keys(cast, people)
    client.force_login(cast.lead)
    r = client.post(
        url(cast, "new/"), form(attendees=[k["sam"], k["uma"]], role_facilitator=k["rosa"], suggest="1")
    )
    assert r.status_code == 200 and not Meeting.objects.exists()
    initial = r.context["form"].initial
    assert {initial["role_facilitator"], initial["role_note_taker"]} == {k["sam"], k["uma"]}
    assert initial["title"] == "Planning circle"  # what was typed stays
    assert not r.context["form"].errors


def test_the_roles_rotate_from_one_meeting_to_the_next(client, cast, people):
    k = keys(cast, people)
    invited = [k["rosa"], k["sam"], k["uma"], k["lead"]]
    first = plan(cast, "January", days=-30, attendees=invited, roles={"facilitator": k["lead"]})
    first.status = MeetingStatus.HELD
    first.save()
    client.force_login(cast.lead)
    initial = client.get(url(cast, "new/")).context["form"].initial
    assert initial["role_facilitator"] != k["lead"]  # the lead facilitated last time
    # A cancelled meeting does not count as having held the role.
    Meeting.objects.filter(pk=first.pk).update(status=MeetingStatus.CANCELLED)
    assert actions.suggested_roles(cast.community, [k["lead"], k["rosa"]])["facilitator"] == k["lead"]


def test_editing_changes_people_roles_and_agenda(client, cast, people):
    k = keys(cast, people)
    meeting = plan(
        cast,
        attendees=[k["rosa"], k["sam"]],
        roles={"facilitator": k["rosa"]},
        agenda=[AgendaLine("One"), AgendaLine("Two"), AgendaLine("Three")],
    )
    client.force_login(cast.practitioner)
    edit = client.get(url(cast, f"{meeting.pk}/edit/"))
    assert edit.context["form"].initial["role_facilitator"] == k["rosa"]
    r = client.post(
        url(cast, f"{meeting.pk}/edit/"),
        form(
            status="cancelled",
            attendees=[k["sam"], k["uma"]],
            role_facilitator=k["uma"],
            **{"item-0-title": "Three", "item-1-title": "One"},
        ),
    )
    assert r.status_code == 302, r.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    assert {a.person_key for a in meeting.attendees.all()} == {k["sam"], k["uma"]}
    assert [(r.role, r.person_key) for r in meeting.roles.all()] == [("facilitator", k["uma"])]
    assert [i.title for i in meeting.agenda_items.all()] == ["Three", "One"]


def test_the_list_has_meetings_coming_up_and_past_and_says_when_there_are_none(client, cast):
    client.force_login(cast.funder)
    r = client.get(url(cast))
    assert "No meetings planned." in r.text and "No past meetings yet." in r.text
    assert "Plan a meeting" not in r.text  # funders read
    plan(cast, "Next week", days=7)
    plan(cast, "Last month", days=-30)
    r = client.get(url(cast))
    assert [m.title for m in r.context["upcoming"]] == ["Next week"]
    assert [m.title for m in r.context["past"].object_list] == ["Last month"]


def test_a_partner_records_minutes_and_the_debrief(client, cast):
    future = plan(cast, "Coming up", days=3)
    past = plan(cast, "Last week", days=-7)
    client.force_login(cast.partner)  # a parent can be the note taker
    assert client.get(url(cast, f"{future.pk}/minutes/")).context["form"].initial["status"] == "planned"
    assert client.get(url(cast, f"{past.pk}/minutes/")).context["form"].initial["status"] == "held"
    r = client.post(url(cast, f"{future.pk}/minutes/"), {"status": "held", "minutes": "Too soon"})
    assert r.status_code == 200 and "status" in r.context["form"].errors
    future.refresh_from_db()
    assert future.minutes == ""
    r = client.post(
        url(cast, f"{past.pk}/minutes/"),
        {
            "status": "held",
            "minutes": "We agreed the spring dates.",
            "debrief_worked": "Everyone spoke.",
            "debrief_change": "Start on time.",
            "debrief_follow_ups": "Rosa tells the parents' group by Friday.",
        },
    )
    assert r.status_code == 302
    past.refresh_from_db()
    assert past.status == "held" and past.minutes == "We agreed the spring dates."
    assert past.debrief_follow_ups == "Rosa tells the parents' group by Friday."
    assert past.history.latest().history_user == cast.partner
    client.force_login(cast.lead)
    page = client.get(url(cast, f"{past.pk}/"))
    assert "Start on time." in page.text and "No debrief recorded yet." not in page.text


def test_the_prep_with_community_leaders_shows_on_the_meeting_page(client, cast):
    meeting = plan(cast)
    client.force_login(cast.lead)
    page = client.get(url(cast, f"{meeting.pk}/"))
    assert "No prep recorded yet." in page.text and "No agenda yet." in page.text
    r = client.post(
        url(cast, f"{meeting.pk}/prep/"),
        {
            "prep_with": "Rosa and Lee",
            "prep_on": timezone.localdate().isoformat(),
            "prep_agenda_agreed": "on",
            "prep_childcare": "on",
            "prep_notes": "Spanish interpretation still to book.",
        },
    )
    assert r.status_code == 302
    meeting.refresh_from_db()
    assert meeting.prep_agenda_agreed and meeting.prep_childcare and not meeting.prep_interpretation
    page = client.get(url(cast, f"{meeting.pk}/"))
    assert "Rosa and Lee" in page.text and "Spanish interpretation still to book." in page.text


def test_a_decision_from_the_meeting_links_back_to_it(client, cast):
    meeting = plan(cast, "Budget meeting", days=-2)
    client.force_login(cast.lead)
    page = client.get(url(cast, f"{meeting.pk}/"))
    assert "No decisions recorded for this meeting." in page.text
    assert f"/decisions/new/?meeting={meeting.pk}" in page.text
    new = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/decisions/new/?meeting={meeting.pk}")
    assert new.context["form"].initial["meeting"] == meeting.pk
    assert new.context["form"].initial["decided_on"] == timezone.localdate(meeting.starts_at)
    r = client.post(
        f"/o/{cast.org.slug}/c/{cast.community.slug}/decisions/new/",
        {
            "title": "Fund the bus passes",
            "method": "consent",
            "decided_on": timezone.localdate().isoformat(),
            "outcome": "adopted",
            "meeting": meeting.pk,
            "visible_to_community": "on",
        },
    )
    assert r.status_code == 302
    decision = Decision.objects.get()
    assert decision.meeting == meeting
    assert "Fund the bus passes" in client.get(url(cast, f"{meeting.pk}/")).text
    assert "Budget meeting" in client.get(r["Location"]).text
    # A staff-only decision stays off the meeting page for the community.
    record(cast, "Staff matter", visible_to_community=False, meeting=meeting)
    client.force_login(cast.funder)
    assert "Staff matter" not in client.get(url(cast, f"{meeting.pk}/")).text


def test_a_decision_is_recorded_once_its_meeting_has_been_held(client, cast):
    coming = plan(cast, "Next week", days=7)
    client.force_login(cast.lead)
    page = client.get(url(cast, f"{coming.pk}/")).text
    assert f"?meeting={coming.pk}" not in page and "Once the meeting has been held" in page
    with pytest.raises(WriteError) as caught:
        record(cast, "Too early", meeting=coming)
    assert "once it has been held" in caught.value.message_dict["meeting"][0]
    held = plan(cast, "Two days ago", days=-2)
    with pytest.raises(WriteError) as caught:
        record(cast, "Dated before", meeting=held, decided_on=timezone.localdate() - timedelta(days=5))
    assert "cannot be dated earlier" in caught.value.message_dict["decided_on"][0]
    assert not Decision.objects.exists()  # nothing half-saved
    assert (
        record(cast, "On the day", meeting=held, decided_on=timezone.localdate(held.starts_at)).meeting
        == held
    )


def test_a_decision_cannot_link_another_communitys_meeting(client, cast):
    elsewhere = plan(cast, "Lakeview meeting", community=cast.other_community)
    client.force_login(cast.admin)
    r = client.post(
        f"/o/{cast.org.slug}/c/{cast.community.slug}/decisions/new/",
        {
            "title": "X",
            "method": "consent",
            "decided_on": timezone.localdate().isoformat(),
            "outcome": "adopted",
            "meeting": elsewhere.pk,
        },
    )
    assert r.status_code == 200 and "meeting" in r.context["form"].errors
    assert not Decision.objects.exists()
    with pytest.raises(WriteError):
        record(cast, "Y", meeting=elsewhere)


def test_one_meeting_downloads_as_icalendar(client, cast):
    meeting = plan(cast, "Spring planning; dates, rooms", online_link="https://meet.example.org/x")
    client.force_login(cast.funder)
    r = client.get(url(cast, f"{meeting.pk}/meeting.ics"))
    assert r["Content-Type"].startswith("text/calendar")
    text = r.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Spring planning\\; dates\\, rooms\r\n" in text
    assert f"DTSTART:{meeting.starts_at.astimezone(UTC):%Y%m%dT%H%M%S}Z\r\n" in text
    assert "LOCATION:Riverside library\\, https://meet.example.org/x\r\n" in text
    assert f"UID:meeting-{meeting.pk}@" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_the_community_feed_needs_its_secret_token(client, cast):
    plan(cast, "Coming up")
    cancelled = plan(cast, "Called off", days=9)
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED)
    plan(cast, "Lakeview only", community=cast.other_community)
    client.force_login(cast.partner)
    listing = client.get(url(cast))
    feed = CalendarFeed.objects.get(community=cast.community)
    assert feed.token in listing.context["feed_url"]
    client.logout()  # calendar apps do not sign in
    address = f"/o/{cast.org.slug}/c/{cast.community.slug}/calendar/{feed.token}.ics"
    r = client.get(address)
    assert r.status_code == 200
    text = r.content.decode()
    assert text.count("BEGIN:VEVENT") == 2 and "Lakeview only" not in text
    assert "SUMMARY:Called off\r\nSTATUS:CANCELLED" in text
    assert client.get(address.replace(feed.token, feed.token[:-1] + "x")).status_code == 404
    assert (
        client.get(f"/o/{cast.org.slug}/c/{cast.other_community.slug}/calendar/{feed.token}.ics").status_code
        == 404
    )
    assert client.get(f"/o/other/c/{cast.community.slug}/calendar/{feed.token}.ics").status_code == 404
    client.force_login(cast.lead)
    assert client.post(url(cast, "calendar/new-address/")).status_code == 302
    client.logout()
    assert client.get(address).status_code == 404  # the old address stops working
    feed.refresh_from_db()
    assert (
        client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/calendar/{feed.token}.ics").status_code == 200
    )


def test_icalendar_text_is_escaped_and_folded():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "DESCRIPTION:" + "é" * 100
    folded = fold(long)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == long


def test_meeting_people_are_the_communitys_partners_and_members(cast, people):
    k = keys(cast, people)
    assert set(meeting_people(cast.community)) == set(k.values())
    assert not set(meeting_people(cast.community)) & {f"u{cast.admin.pk}", f"u{cast.other_community_lead.pk}"}


def test_the_meeting_list_query_count_stays_flat(client, cast, django_assert_num_queries):
    for i in range(2):
        plan(cast, f"Upcoming {i}", days=i + 1)
        plan(cast, f"Past {i}", days=-(i + 1))
    client.force_login(cast.lead)
    client.get(url(cast))  # warm-up (makes the feed token)
    # session, user, memberships, community, upcoming meetings (counts annotated), past count, past
    # page, calendar feed, the titles' versions in other languages
    with django_assert_num_queries(9):
        client.get(url(cast))
    for i in range(2, 20):
        plan(cast, f"Upcoming {i}", days=i + 1)
        plan(cast, f"Past {i}", days=-(i + 1))
    with django_assert_num_queries(9):
        r = client.get(url(cast))
    assert len(r.context["upcoming"]) == 20


def test_the_meeting_page_query_count_stays_flat(client, cast, django_assert_num_queries):
    def grow(n):
        made = [partner(cast, f"Partner {i:03}") for i in range(n)]
        keys_ = [f"p{p.pk}" for p in made]
        lead = f"u{cast.lead.pk}"  # a member without a partner record: the user prefetches run too
        return plan(
            cast,
            f"With {n}",
            attendees=[*keys_, lead],
            roles={"facilitator": keys_[0], "note_taker": keys_[1], "timekeeper": lead},
            agenda=[AgendaLine("Welcome", keys_[0], 5), AgendaLine("Plans", lead, 30)],
        )

    small = grow(2)
    client.force_login(cast.lead)
    client.get(url(cast, f"{small.pk}/"))  # warm-up
    # session, user, memberships, community, meeting, attendees (+partners, +users), roles (+partners,
    # +users), agenda (+owner partners, +owner users), decisions, the texts' versions in other languages
    budget = 16
    with django_assert_num_queries(budget):
        client.get(url(cast, f"{small.pk}/"))
    big = grow(20)
    with django_assert_num_queries(budget):
        r = client.get(url(cast, f"{big.pk}/"))
    assert len(r.context["attendees"]) == 21 and "Partner 019" in r.text


def test_a_partner_organization_is_invited_but_not_asked_to_hold_a_role(cast):
    board = partner(cast, "County Board", "funder", is_organization=True)
    person = partner(cast, "Ana Person", "community")
    people = meeting_people(cast.community)
    suggestion = actions.suggested_roles(cast.community, [f"p{board.pk}", f"p{person.pk}"], people=people)
    assert set(suggestion.values()) == {f"p{person.pk}"}


def test_the_forms_and_the_feed_query_counts_stay_flat(client, cast, django_assert_num_queries):
    def grow(n):
        made = [partner(cast, f"P{Meeting.objects.count()}-{i}", available_days=[i % 7]) for i in range(n)]
        keys_ = [f"p{p.pk}" for p in made] + [f"u{cast.lead.pk}"]
        for i in range(n):
            plan(cast, f"M{i}", days=-(i + 1), attendees=keys_, roles={"facilitator": keys_[i]})
        return plan(
            cast, "Next", attendees=keys_, roles={"note_taker": keys_[0]}, agenda=[AgendaLine("A", keys_[0])]
        )

    def check(meeting):
        token = actions.feed_of(cast.community).token
        budgets = {
            # session, user, memberships, community, partners, members, past roles (the rotation)
            url(cast, "new/"): 7,
            # session, user, memberships, community, meeting, who is on it, partners, members, then
            # the form's initial attendees, agenda and roles
            url(cast, f"{meeting.pk}/edit/"): 11,
            # session, user, memberships, community, meeting, those invited (to tick who came)
            url(cast, f"{meeting.pk}/minutes/"): 6,
            # session, user, memberships, community, meeting, attendees (+partners, +users), roles
            # (+partners), agenda (+owner partners); a prefetch with nobody to fetch costs nothing
            url(cast, f"{meeting.pk}/meeting.ics"): 12,
            # feed (+community), meetings, attendees (+partners, +users), roles (+partners), agenda (+owner
            # partners)
            f"/o/{cast.org.slug}/c/{cast.community.slug}/calendar/{token}.ics": 11,
        }
        for page, budget in budgets.items():
            client.get(page)  # warm-up
            with django_assert_num_queries(budget):
                assert client.get(page).status_code == 200

    client.force_login(cast.lead)
    check(grow(2))
    check(grow(20))
