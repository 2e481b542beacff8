"""Support over time: the checklist, mentors and check-ins, the 60-day list, recognitions and who sees
a leader's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.core.errors import WriteError
from cocreate.meetings.models import Attendee, Meeting
from cocreate.notifications.models import Notification

from .. import support
from ..models import Leader, OnboardingCompletion, TrainingModule
from .factories_support import make_leader, make_partner


def today():
    return timezone.localdate()


def url(c, leader=None, suffix=""):
    base = f"/o/{c.org.slug}/c/{c.community.slug}/leaders/"
    return base + (f"{leader.pk}/" if leader else "") + suffix


# The 60-day list -------------------------------------------------------------------------------------


def test_the_needs_support_list_is_worked_out_with_dates(cast):
    t = today()
    no_mentor = make_leader(cast.community, "Ana No Mentor", started_on=t - timedelta(days=10))
    stale = make_leader(
        cast.community, "Bea Stale", mentor=cast.lead, last_check_in_on=t - timedelta(days=61)
    )
    make_leader(cast.community, "Cara Recent", mentor=cast.lead, last_check_in_on=t - timedelta(days=59))
    make_leader(cast.community, "Cleo Sixty", mentor=cast.lead, last_check_in_on=t - timedelta(days=60))
    never = make_leader(cast.community, "Dee Never", mentor=cast.lead, started_on=t - timedelta(days=100))
    new = make_leader(cast.community, "Eve New", mentor=cast.lead, started_on=t - timedelta(days=20))
    gone = make_leader(cast.community, "Fay Gone", started_on=t - timedelta(days=300))
    gone.ended_on = t
    gone.save()
    make_leader(cast.other_community, "Gil Lakeview")  # another community's

    listed = list(support.needing_support(cast.community, t))

    # Longest without a check-in first (counting from the day she started when there has been none);
    # exactly 60 days ago is still within the 60 days.
    assert listed == [never, stale, no_mentor]
    assert new not in listed
    # The next day, Cleo's check-in is 61 days old.
    assert [x.partner.name for x in support.needing_support(cast.community, t + timedelta(days=1))][:3] == [
        "Dee Never",
        "Bea Stale",
        "Cleo Sixty",
    ]


def test_the_leaders_page_lists_them_with_progress_and_the_overdue_first(client, cast):
    support.do_add_default_modules(cast.org, acting_user=None)
    leader = make_leader(cast.community, "Ana Leader", mentor=cast.lead, last_check_in_on=today())
    support.do_record_completion(leader, acting_user=cast.lead, module=None, completed_on=today())
    make_leader(cast.community, "Bea Alone")
    client.force_login(cast.lead)
    page = client.get(url(cast)).content.decode()
    assert "Ana Leader" in page and "1 of 6" in page
    needing = page.split('id="needs-support"')[1].split("</section>")[0]
    assert "Bea Alone" in needing and "Ana Leader" not in needing


def test_the_leaders_list_query_count_is_flat(client, cast, django_assert_num_queries):
    support.do_add_default_modules(cast.org, acting_user=None)
    make_leader(cast.community, "First", mentor=cast.lead)
    client.force_login(cast.lead)
    client.get(url(cast))  # warm up
    with django_assert_num_queries(8) as first:
        client.get(url(cast))
    for i in range(8):
        leader = make_leader(cast.community, f"Leader {i}", mentor=cast.practitioner)
        support.do_record_completion(leader, acting_user=cast.lead, module=None, completed_on=today())
        support.do_add_recognition(leader, acting_user=cast.lead, title="Well done")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url(cast))


# Who sees a leader's page -----------------------------------------------------------------------------


def test_she_reads_her_own_page_and_another_partner_cannot(client, cast):
    herself = make_leader(cast.community, "Paz Parent", user=cast.partner)
    someone = make_leader(cast.community, "Other Leader")
    support.do_add_check_in(herself, acting_user=cast.lead, on=today(), notes="Private note for Paz")
    client.force_login(cast.partner)
    response = client.get(url(cast, herself))
    assert response.status_code == 200
    assert "Private note for Paz" in response.content.decode()
    assert client.get(url(cast, someone)).status_code == 403
    # Read-only: she does not record her own check-ins or completions.
    assert client.post(url(cast, herself, "check-ins/"), {"on": today().isoformat()}).status_code == 403
    assert (
        client.post(
            url(cast, herself, "checklist/"), {"item": "orientation", "completed_on": today()}
        ).status_code
        == 403
    )
    # Another community's leader is not found at all.
    lakeview = make_leader(cast.other_community, "Lake Leader")
    assert client.get(url(cast, lakeview)).status_code == 404


def test_she_chooses_herself_to_show_her_recognitions(client, cast):
    herself = make_leader(cast.community, "Paz Parent", user=cast.partner)
    support.do_add_recognition(herself, acting_user=cast.lead, title="Ran the family fair")
    client.force_login(cast.lead)
    community_page = f"/o/{cast.org.slug}/c/{cast.community.slug}/"
    assert "Ran the family fair" not in client.get(community_page).content.decode()
    client.force_login(cast.partner)
    assert client.post(url(cast, herself, "public/"), {"show": "on"}).status_code == 302
    herself.refresh_from_db()
    assert herself.show_recognitions_publicly
    assert "Ran the family fair" in client.get(community_page).content.decode()
    client.force_login(cast.funder)
    assert "Ran the family fair" in client.get(community_page).content.decode()


def test_staff_show_them_only_with_her_agreement(client, cast):
    leader = make_leader(cast.community, "Rosa")
    client.force_login(cast.lead)
    response = client.post(url(cast, leader, "public/"), {"show": "on"})
    assert response.status_code == 400
    leader.refresh_from_db()
    assert not leader.show_recognitions_publicly
    assert client.post(url(cast, leader, "public/"), {"show": "on", "agreed": "on"}).status_code == 302
    leader.refresh_from_db()
    assert leader.show_recognitions_publicly


def test_recognitions_show_on_her_partner_page(client, cast):
    leader = make_leader(cast.community, "Rosa")
    support.do_add_recognition(leader, acting_user=cast.lead, title="Co-led the data review", on=today())
    client.force_login(cast.evaluator)
    page = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/partners/{leader.partner.pk}/")
    assert "Co-led the data review" in page.content.decode()


# The writes ------------------------------------------------------------------------------------------


def test_check_ins_move_the_last_check_in_on_and_never_back(cast):
    leader = make_leader(cast.community)
    support.do_add_check_in(leader, acting_user=cast.lead, on=today() - timedelta(days=3))
    support.do_add_check_in(leader, acting_user=cast.lead, on=today() - timedelta(days=30))
    leader.refresh_from_db()
    assert leader.last_check_in_on == today() - timedelta(days=3)
    with pytest.raises(WriteError):
        support.do_add_check_in(leader, acting_user=cast.lead, on=today() + timedelta(days=1))
    assert leader.check_ins.count() == 2


def test_a_completion_is_dated_not_in_the_future_and_can_be_undone(cast):
    leader = make_leader(cast.community)
    module = TrainingModule.objects.create(organization=cast.org, title="Reading data")
    with pytest.raises(WriteError) as error:
        support.do_record_completion(
            leader, acting_user=cast.lead, module=module, completed_on=today() + timedelta(days=2)
        )
    assert "completed_on" in error.value.field_errors
    row = support.do_record_completion(leader, acting_user=cast.lead, module=module, completed_on=today())
    again = support.do_record_completion(
        leader, acting_user=cast.lead, module=module, completed_on=today() - timedelta(days=1)
    )
    assert again.pk == row.pk and OnboardingCompletion.objects.filter(leader=leader).count() == 1
    support.do_undo_completion(again, acting_user=cast.lead)
    assert not OnboardingCompletion.objects.filter(leader=leader).exists()


def test_the_mentor_is_one_of_the_staff_and_she_is_told(cast):
    leader = make_leader(cast.community, user=cast.partner)
    leader.community = cast.community
    with pytest.raises(WriteError):
        support.do_set_mentor(leader, acting_user=cast.lead, mentor=cast.funder)
    support.do_set_mentor(leader, acting_user=cast.lead, mentor=cast.practitioner, mentor_since=today())
    leader.refresh_from_db()
    assert leader.mentor == cast.practitioner
    assert Notification.objects.filter(recipient=cast.partner, kind="mentor_assigned").count() == 1
    support.do_add_recognition(leader, acting_user=cast.lead, title="Great facilitation")
    assert Notification.objects.filter(recipient=cast.partner, kind="recognition_added").count() == 1


def test_making_a_leader_needs_lived_experience_and_steps_down_keep_the_record(cast):
    professional = make_partner(cast.community, "Pro", lived=False)
    with pytest.raises(WriteError):
        support.do_make_leader(professional, acting_user=cast.lead)
    parent = make_partner(cast.community, "Parent")
    leader = support.do_make_leader(parent, acting_user=cast.lead)
    with pytest.raises(WriteError):
        support.do_make_leader(parent, acting_user=cast.lead)
    with pytest.raises(WriteError):
        support.do_end_leadership(
            leader, acting_user=cast.lead, ended_on=leader.started_on - timedelta(days=1)
        )
    support.do_end_leadership(leader, acting_user=cast.lead, ended_on=today())
    assert not support.active_leaders(cast.community).exists()
    again = support.do_make_leader(parent, acting_user=cast.lead)
    assert again.pk == leader.pk and Leader.objects.get(pk=leader.pk).ended_on is None


def test_her_page_lists_the_meetings_prepared_or_debriefed_with_her(client, cast):
    leader = make_leader(cast.community, "Paz Parent", user=cast.partner)
    start = timezone.now() - timedelta(days=7)

    def meeting(title, **fields):
        m = Meeting.objects.create(
            organization=cast.org,
            community=cast.community,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            **fields,
        )
        Attendee.objects.create(
            organization=cast.org, community=cast.community, meeting=m, partner=leader.partner
        )
        return m

    meeting("Prepared together", prep_on=today() - timedelta(days=9))
    meeting("Debriefed together", debrief_worked="Everyone spoke")
    meeting("Plain meeting")
    names = [m.title for m in support.prep_meetings(leader)]
    assert sorted(names) == ["Debriefed together", "Prepared together"]
    client.force_login(cast.partner)
    page = client.get(url(cast, leader)).content.decode()
    assert "Prepared together" in page and "Plain meeting" not in page


def test_the_training_settings_start_from_the_suggested_modules(client, cast):
    client.force_login(cast.admin)
    base = f"/o/{cast.org.slug}/leaders/settings/training/"
    assert client.get(base).status_code == 200
    modules = list(support.modules_of(cast.org))
    assert len(modules) == 5
    client.get(base)  # a second visit adds nothing
    assert support.modules_of(cast.org).count() == 5
    client.post(f"{base}{modules[0].pk}/move/", {"direction": "down"})
    assert list(support.modules_of(cast.org))[1] == modules[0]
    client.post(f"{base}{modules[1].pk}/edit/", {"title": "Reading our data"})  # "active" unticked: off
    modules[1].refresh_from_db()
    assert modules[1].title == "Reading our data" and not modules[1].active
    assert support.checklist_size(cast.org) == 5
