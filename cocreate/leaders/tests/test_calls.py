"""Calls for community leaders: the writes, the organization's questions, and the staff pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cocreate.core.concurrency import StaleEdit
from cocreate.core.errors import WriteError
from cocreate.leaders import calls, questions
from cocreate.leaders.models import (
    ApplicationQuestion,
    ApplicationStatus,
    Call,
    CallCriterion,
    CallQuestion,
    CallReviewer,
    CallStatus,
    RubricCriterion,
)

from .helpers_calls import call_details, make_call, submit


def calls_url(cast, community=None, suffix=""):
    community = community or cast.community
    return f"/o/{cast.org.slug}/c/{community.slug}/calls/{suffix}"


# The organization's questions ---------------------------------------------------------------------


def test_it_seeds_the_default_questions_once_in_the_organizations_language(cast):
    cast.org.languages = ["es", "en"]
    cast.org.save()
    assert questions.ensure_default_questions(cast.org)
    assert not questions.ensure_default_questions(cast.org)
    rows = list(questions.questions_of(cast.org))
    assert len(rows) == len(questions.DEFAULT_QUESTIONS) == 6
    assert rows[0].text == "Cuéntenos de una vez que dirigió algo, con pago o sin pago."
    assert [r.position for r in rows] == [1, 2, 3, 4, 5, 6]


def test_it_shows_an_english_default_question_in_the_readers_language(cast):
    questions.ensure_default_questions(cast.org)
    first = questions.questions_of(cast.org).first()
    with translation.override("es"):
        assert questions.shown(first.text).startswith("Cuéntenos")
        assert questions.shown("Our own question") == "Our own question"


def test_it_adds_edits_and_reorders_questions(cast):
    questions.ensure_default_questions(cast.org)
    added = questions.do_add_question(
        cast.org, acting_user=cast.admin, text=" What would you like to learn? "
    )
    assert added.position == 7 and added.text == "What would you like to learn?"
    questions.do_move_question(added, acting_user=cast.admin, up=True)
    assert list(questions.questions_of(cast.org).values_list("pk", flat=True))[5] == added.pk
    questions.do_edit_question(added, acting_user=cast.admin, text="Changed", active=False, required=True)
    added.refresh_from_db()
    assert (added.text, added.active, added.required) == ("Changed", False, True)
    with pytest.raises(WriteError) as error:
        questions.do_add_question(cast.org, acting_user=cast.admin, text="  ")
    assert "text" in error.value.field_errors


def test_the_settings_page_seeds_lists_and_adds(client, cast):
    client.force_login(cast.admin)
    url = f"/o/{cast.org.slug}/leaders/questions/"
    page = client.get(url)
    assert "Tell us about a time you led something" in page.content.decode()
    response = client.post(url, {"text": "What would you like to learn?", "required": "on"})
    assert response.status_code == 302
    assert ApplicationQuestion.objects.filter(
        organization=cast.org, required=True, text__startswith="What would"
    ).exists()
    response = client.post(url, {"text": ""})
    assert response.status_code == 200


def test_only_the_network_admin_changes_the_questions(client, cast):
    client.force_login(cast.lead)
    assert client.get(f"/o/{cast.org.slug}/leaders/questions/").status_code == 403
    client.force_login(cast.other_org_admin)
    questions.ensure_default_questions(cast.org)
    pk = questions.questions_of(cast.org).first().pk
    assert client.get(f"/o/{cast.other_org.slug}/leaders/questions/{pk}/").status_code == 404


# Calls ---------------------------------------------------------------------------------------------


def test_a_call_copies_the_active_questions_and_criteria(cast):
    RubricCriterion.objects.create(organization=cast.org, name="Lived experience", beyond_credentials=True)
    RubricCriterion.objects.create(organization=cast.org, name="Old criterion", active=False)
    questions.ensure_default_questions(cast.org)
    ApplicationQuestion.objects.filter(organization=cast.org, position=6).update(active=False)
    call = calls.do_create_call(
        cast.community, acting_user=cast.lead, details=call_details(reviewers=[cast.practitioner, cast.lead])
    )
    assert call.status == CallStatus.DRAFT and call.created_by == cast.lead
    assert CallQuestion.objects.filter(call=call).count() == 5
    assert list(CallCriterion.objects.filter(call=call).values_list("name", flat=True)) == [
        "Lived experience"
    ]
    assert set(CallReviewer.objects.filter(call=call).values_list("user_id", flat=True)) == {
        cast.practitioner.pk,
        cast.lead.pk,
    }
    # Editing the organization's list later leaves the call's copy alone.
    ApplicationQuestion.objects.filter(organization=cast.org).update(text="Changed")
    assert not CallQuestion.objects.filter(call=call, text="Changed").exists()


def test_it_refuses_bad_calls_field_by_field(cast):
    details = call_details(
        title=" ",
        closes_on=timezone.localdate() - timedelta(days=1),
        languages=["fr"],
        team=None,
        reviewers=[cast.funder, cast.other_org_lead],
    )
    with pytest.raises(WriteError) as error:
        calls.do_create_call(cast.community, acting_user=cast.lead, details=details)
    assert set(error.value.field_errors) == {"title", "closes_on", "languages", "reviewers"}
    assert not Call.objects.exists()


def test_it_refuses_a_team_of_another_community(cast):
    from cocreate.core import actions

    lake_team = actions.do_create_team(cast.other_community, name="Lakeview team")
    with pytest.raises(WriteError) as error:
        calls.do_create_call(cast.community, acting_user=cast.lead, details=call_details(team=lake_team))
    assert "team" in error.value.field_errors


def test_it_edits_with_a_version_check(cast):
    call = make_call(cast, opened=False)
    calls.do_edit_call(call, acting_user=cast.lead, details=call_details(title="New title"), version=1)
    stale = Call.objects.get(pk=call.pk)
    with pytest.raises(StaleEdit):
        calls.do_edit_call(stale, acting_user=cast.lead, details=call_details(title="Other"), version=1)
    assert Call.objects.get(pk=call.pk).title == "New title"


def test_it_opens_and_closes_once(cast):
    call = make_call(cast, opened=False)
    opened = calls.do_open_call(call, acting_user=cast.lead)
    assert opened.status == CallStatus.OPEN and opened.opened_at
    assert calls.do_open_call(opened, acting_user=cast.lead).opened_at == opened.opened_at
    closed = calls.do_close_call(opened, acting_user=cast.lead)
    assert closed.status == CallStatus.CLOSED and closed.closed_at
    with pytest.raises(WriteError):
        calls.do_open_call(closed, acting_user=cast.lead)
    with pytest.raises(WriteError):
        calls.do_edit_call(closed, acting_user=cast.lead, details=call_details(), version=None)


def test_a_withdrawn_application_stays_withdrawn_and_a_decided_one_cannot_be(cast):
    application = submit(make_call(cast))
    withdrawn = calls.do_withdraw_application(application)
    assert calls.do_withdraw_application(withdrawn).withdrawn_at == withdrawn.withdrawn_at
    other = submit(application.call, email="other@example.org")
    type(other).objects.filter(pk=other.pk).update(status=ApplicationStatus.ACCEPTED)
    other.refresh_from_db()
    with pytest.raises(WriteError):
        calls.do_withdraw_application(other)


def test_a_name_blind_call_names_nobody_in_the_notification(cast):
    from cocreate.notifications.models import Notification

    submit(make_call(cast, name_blind=True))
    assert Notification.objects.filter(kind="application_received").first().context["name"] == ""


# Staff pages ----------------------------------------------------------------------------------------


def test_the_lead_makes_opens_and_closes_a_call_from_the_pages(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        calls_url(cast, suffix="new/"),
        {
            "title": "Youth leader",
            "involves": "Meet monthly with the team.",
            "time_asked": "Two hours a month",
            "languages": ["en", "es"],
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "reviewers": [cast.practitioner.pk],
            "name_blind": "on",
        },
    )
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == calls_url(cast, suffix=f"{call.pk}/")
    assert call.name_blind
    client.post(calls_url(cast, suffix=f"{call.pk}/open/"))
    page = client.get(calls_url(cast, suffix=f"{call.pk}/")).content.decode()
    assert f"/join/{call.token}/" in page
    assert f"/o/{cast.org.slug}/calls/{call.pk}/review/" in page  # the reviewers start from here
    client.post(calls_url(cast, suffix=f"{call.pk}/close/"))
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED


def test_the_call_form_shows_a_past_closing_date_at_its_field(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        calls_url(cast, suffix="new/"),
        {
            "title": "Youth leader",
            "involves": "x",
            "time_asked": "y",
            "languages": ["en"],
            "closes_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "The closing date cannot be in the past." in response.content.decode()
    assert not Call.objects.exists()


def test_it_checks_roles_and_ownership(client, cast):
    call = make_call(cast)
    detail = calls_url(cast, suffix=f"{call.pk}/")
    client.force_login(cast.partner)
    assert client.get(detail).status_code == 403
    client.force_login(cast.practitioner)
    assert client.get(detail).status_code == 200
    assert client.get(calls_url(cast, suffix=f"{call.pk}/edit/")).status_code == 403
    client.force_login(cast.other_community_lead)
    assert client.get(detail).status_code == 404
    # Lakeview's lead does not reach Riverside's call through Lakeview's address either.
    assert client.get(calls_url(cast, cast.other_community, f"{call.pk}/")).status_code == 404
    client.force_login(cast.other_org_admin)
    assert client.get(detail).status_code == 404
    assert (
        client.get(f"/o/{cast.other_org.slug}/c/{cast.other_org_community.slug}/calls/{call.pk}/").status_code
        == 404
    )


def test_the_calls_list_counts_applications_in_a_flat_number_of_queries(
    client, cast, django_assert_num_queries
):
    client.force_login(cast.lead)
    url = calls_url(cast)
    first = make_call(cast)
    submit(first)
    client.get(url)  # warm up (session, caches)
    # session, user, memberships, community, calls with their counts by status (and their teams),
    # the calls' versions in other languages
    with django_assert_num_queries(6) as before:
        client.get(url)
    for n in range(5):
        call = make_call(cast, title=f"Call {n}")
        submit(call, email=f"a{n}@example.org", address=f"10.0.0.{n}")
        submit(call, email=f"b{n}@example.org", address=f"10.0.1.{n}")
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url)
    text = response.content.decode()
    assert "Call 4" in text and "2 applications" in text


def test_the_community_page_links_to_the_calls_for_staff_only(client, cast):
    link = calls_url(cast)
    client.force_login(cast.practitioner)
    assert link in client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/").content.decode()
    client.force_login(cast.partner)
    assert link not in client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/").content.decode()


def test_the_demo_has_an_open_call_with_six_applications_and_last_years_closed_call(cast):
    from cocreate.conftest import member
    from cocreate.core.demo import DEMO_DOMAIN
    from cocreate.core.models import Role
    from cocreate.leaders.demo_calls import OPEN_TITLE, seed_calls
    from cocreate.leaders.models import Application

    member(f"lead@{DEMO_DOMAIN}", cast.org, Role.TEAM_LEAD, cast.community, name="Dana Brooks")
    seed_calls({"riverside": cast.community})
    seed_calls({"riverside": cast.community})  # again: nothing more
    open_call = Call.objects.get(title=OPEN_TITLE)
    assert open_call.status == CallStatus.OPEN and open_call.languages == ["en", "es"]
    assert open_call.compensation == "$25 an hour, child care and travel paid"
    applications = Application.objects.filter(call=open_call)
    assert applications.count() == 6
    assert {a.language for a in applications} == {"en", "es"}
    old = Call.objects.exclude(pk=open_call.pk).get()
    assert old.status == CallStatus.CLOSED and old.closes_on < timezone.localdate() - timedelta(days=300)
