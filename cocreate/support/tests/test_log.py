"""Logging support right after a session, reading the log, correcting and deleting an event."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.partners import actions as partner_actions
from cocreate.partners.models import Partner, PartnerType
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.support.models import SupportEvent

from .helpers import log


def url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/support/{suffix}"


def session(**overrides):
    data = {
        "date": timezone.localdate().isoformat(),
        "hours": "1.5",
        "event_type": "coaching",
        "function": "is",
        "modality": "virtual",
        "domains": ["co-creation"],
        "summary": "Tried the new listening-session format.",
    }
    data.update(overrides)
    return data


def riverside_agency(cast) -> Partner:
    return partner_actions.do_create_partner(
        cast.community, name="Riverside Family Centre", partner_type=PartnerType.AGENCY, is_organization=True
    )


# Logging ---------------------------------------------------------------------------------------------------


def test_it_logs_a_coaching_session_with_six_people_two_of_them_parents(client, cast):
    parent = riverside_parent(cast)
    client.force_login(cast.practitioner)
    response = client.post(
        url(cast, "new/"),
        session(
            attendee_partners=[parent.pk, riverside_agency(cast).pk],
            headcount_community="2",
            headcount_agency="3",
            headcount_intermediary="1",
        ),
    )
    event = SupportEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == url(cast, f"{event.pk}/")
    assert (event.hours, event.event_type, event.function, event.modality) == (
        Decimal("1.5"),
        "coaching",
        "is",
        "virtual",
    )
    assert [d.domain for d in event.domains.all()] == ["co-creation"]
    assert event.headcount_total == 6 and event.headcount_community == 2
    assert list(event.facilitators.all()) == [cast.practitioner]  # left empty: the person logging
    page = client.get(response["Location"]).content.decode()
    assert "Logged: 1.5 hours of coaching." in page
    assert "Ana Ruiz" in page and "Pat Practitioner" in page


def test_it_counts_the_ticked_partners_when_headcounts_are_left_empty(client, cast):
    client.force_login(cast.practitioner)
    client.post(
        url(cast, "new/"), session(attendee_partners=[riverside_parent(cast).pk, riverside_agency(cast).pk])
    )
    event = SupportEvent.objects.get()
    assert event.headcounts == {"agency": 1, "funder": 0, "intermediary": 0, "community": 1, "research": 0}


def test_it_offers_today_one_hour_and_what_this_person_logged_last(client, cast):
    client.force_login(cast.practitioner)
    first = client.get(url(cast, "new/")).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in first and 'value="1.0"' in first
    log(
        cast,
        event_type="training",
        function="wfd",
        modality="phone",
        day=timezone.localdate() - timedelta(days=3),
    )
    form = client.get(url(cast, "new/")).context["form"]
    assert (form["event_type"].value(), form["function"].value(), form["modality"].value()) == (
        "training",
        "wfd",
        "phone",
    )
    assert form["facilitators"].value() == [cast.practitioner.pk]
    # Someone else's last session does not change my defaults.
    log(cast, by=cast.admin, event_type="observation", function="pf", modality="hybrid")
    assert client.get(url(cast, "new/")).context["form"]["event_type"].value() == "training"


@pytest.mark.parametrize(
    "hours, message",
    [
        ("0", "Enter more than 0 hours."),
        ("25", "A support event lasts 24 hours at most."),
        ("1.25", "Use one decimal at most"),
        ("", "This field is required."),
        ("an hour", "Enter the hours as a number"),
    ],
)
def test_it_rejects_hours_it_cannot_count_beside_the_field(client, cast, hours, message):
    client.force_login(cast.practitioner)
    response = client.post(url(cast, "new/"), session(hours=hours))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["hours"])
    page = response.content.decode()
    error_at = page.index('id="id_hours_error"')
    assert message.split(" ")[0] in page[error_at : error_at + 200]
    assert page.index('id="id_hours"') < error_at < page.index('name="event_type"')
    assert not SupportEvent.objects.exists()


def test_it_rejects_an_attendee_from_another_community(client, cast):
    lakeview = partner_actions.do_create_partner(
        cast.other_community, name="Lu Lake", partner_type="community"
    )
    client.force_login(cast.practitioner)
    response = client.post(url(cast, "new/"), session(attendee_partners=[lakeview.pk]))
    assert response.status_code == 200
    assert "Only partners of this community" in str(response.context["form"].errors["attendee_partners"])
    assert not SupportEvent.objects.exists()


def test_it_rejects_a_session_in_the_future(client, cast):
    client.force_login(cast.practitioner)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url(cast, "new/"), session(date=tomorrow))
    assert "in the future" in str(response.context["form"].errors["date"])
    assert not SupportEvent.objects.exists()


def test_it_refuses_a_facilitator_who_does_not_serve_the_community(client, cast):
    client.force_login(cast.practitioner)
    response = client.post(url(cast, "new/"), session(facilitators=[cast.lead.pk]))
    assert "facilitators" in response.context["form"].errors
    assert not SupportEvent.objects.exists()


def test_attending_a_session_counts_as_being_engaged(cast):
    parent = riverside_parent(cast)
    day = timezone.localdate() - timedelta(days=2)
    log(cast, day=day, partners=[parent])
    parent.refresh_from_db()
    assert parent.last_engaged_on == day
    log(cast, day=day - timedelta(days=30), partners=[parent])  # an older session does not move it back
    parent.refresh_from_db()
    assert parent.last_engaged_on == day


# Reading -----------------------------------------------------------------------------------------------


def test_it_lists_events_newest_first_and_filters_them(client, cast):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=10)
    log(cast, day=last_month, event_type="training", function="wfd", summary="Old training")
    log(cast, day=today, event_type="coaching", function="is", summary="Fresh coaching")
    log(cast, cast.other_community, by=cast.admin, summary="Lakeview only")
    client.force_login(cast.partner)  # partners see the support their community received
    page = client.get(url(cast)).content.decode()
    assert page.index("Fresh coaching") < page.index("Old training")
    assert "Lakeview only" not in page
    assert "Log support" not in page  # partners do not log support
    by_month = client.get(url(cast), {"month": last_month.strftime("%Y-%m")}).content.decode()
    assert "Old training" in by_month and "Fresh coaching" not in by_month
    by_type = client.get(url(cast), {"type": "coaching"}).content.decode()
    assert "Fresh coaching" in by_type and "Old training" not in by_type
    by_function = client.get(url(cast), {"function": "wfd"}).content.decode()
    assert "Old training" in by_function and "Fresh coaching" not in by_function


def test_it_hides_an_event_of_another_community_behind_this_communitys_address(client, cast):
    lakeview_event = log(cast, cast.other_community, by=cast.admin)
    client.force_login(cast.admin)
    assert client.get(url(cast, f"{lakeview_event.pk}/")).status_code == 404
    assert client.post(url(cast, f"{lakeview_event.pk}/delete/")).status_code == 404
    assert SupportEvent.objects.filter(pk=lakeview_event.pk).exists()


# Correcting and deleting ---------------------------------------------------------------------------------


def test_it_corrects_an_event_and_keeps_what_it_was(client, cast):
    event = log(cast, hours="1.0")
    client.force_login(cast.admin)
    form = client.get(url(cast, f"{event.pk}/edit/")).context["form"]
    assert form["hours"].value() == Decimal("1.0") and form["domains"].value() == ["co-creation"]
    response = client.post(
        url(cast, f"{event.pk}/edit/"),
        session(hours="2.0", domains=["workforce", "quality"], facilitators=[]),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.hours == Decimal("2.0")
    assert sorted(d.domain for d in event.domains.all()) == ["quality", "workforce"]
    assert [h.hours for h in event.history.order_by("history_date")] == [Decimal("1.0"), Decimal("2.0")]
    assert event.history.latest().history_user == cast.admin


def test_it_asks_before_deleting_and_keeps_the_history(client, cast):
    event = log(cast)
    client.force_login(cast.practitioner)
    confirm = client.get(url(cast, f"{event.pk}/delete/"))
    assert "Delete this support event?" in confirm.content.decode()
    assert SupportEvent.objects.filter(pk=event.pk).exists()
    response = client.post(url(cast, f"{event.pk}/delete/"))
    assert response["Location"] == url(cast)
    assert not SupportEvent.objects.filter(pk=event.pk).exists()
    deleted = SupportEvent.history.filter(id=event.pk).latest()
    assert deleted.history_type == "-" and deleted.history_user == cast.practitioner


# Query budgets -----------------------------------------------------------------------------------------------


def add_events(cast, n, *, start_days=0):
    parent = riverside_parent(cast)
    for i in range(n):
        log(
            cast,
            day=timezone.localdate() - timedelta(days=start_days + i * 3),
            event_type=["coaching", "training", "listening"][i % 3],
            domains=[["co-creation"], ["workforce", "quality"]][i % 2],
            partners=[parent],
            facilitators=[cast.practitioner, cast.admin],
        )


def test_the_list_query_count_is_flat(client, cast, django_assert_num_queries):
    add_events(cast, 2)
    client.force_login(cast.lead)
    client.get(url(cast))  # warm-up: session and content types
    # session, user, memberships, community, count, page of events, their domains, their facilitators
    with django_assert_num_queries(8):
        client.get(url(cast))
    add_events(cast, 30, start_days=1)
    with django_assert_num_queries(8):
        response = client.get(url(cast))
    assert response.context["page"].paginator.count == 32


def test_the_detail_query_count_is_flat(client, cast, django_assert_num_queries):
    event = log(cast, partners=[riverside_parent(cast)], facilitators=[cast.practitioner])
    client.force_login(cast.lead)
    client.get(url(cast, f"{event.pk}/"))
    # session, user, memberships, community, event, domains, facilitators, partners, users, goals,
    # actions, its survey (none), who can be sent one (a count: the lead may open rounds), logged by
    with django_assert_num_queries(14):
        client.get(url(cast, f"{event.pk}/"))
    more = [
        partner_actions.do_create_partner(cast.community, name=f"P{i}", partner_type="community")
        for i in range(12)
    ]
    big = log(
        cast, partners=more, facilitators=[cast.practitioner, cast.admin], domains=["co-creation", "media"]
    )
    with django_assert_num_queries(14):
        response = client.get(url(cast, f"{big.pk}/"))
    assert "P11" in response.content.decode()


def test_the_form_query_count_is_flat(client, cast, django_assert_num_queries):
    client.force_login(cast.practitioner)
    client.get(url(cast, "new/"))
    # session, user, memberships, community, last used, partners, members, facilitators, goals, actions
    with django_assert_num_queries(10):
        client.get(url(cast, "new/"))
    for i in range(15):
        partner_actions.do_create_partner(cast.community, name=f"P{i}", partner_type="agency")
    add_events(cast, 5)
    with django_assert_num_queries(10):
        client.get(url(cast, "new/"))


def test_dates_are_kept_as_entered(cast):
    event = log(cast, day=date(2025, 3, 31))
    event.refresh_from_db()
    assert event.date == date(2025, 3, 31)
