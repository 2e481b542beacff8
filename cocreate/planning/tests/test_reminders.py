"""Daily action digests: who gets one, what it lists, in which language, in the organization's own
day, a batch at a time, and never twice a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from cocreate.accounts.models import User
from cocreate.conftest import member
from cocreate.core.models import Membership, Organization, Role
from cocreate.partners.actions import do_create_partner
from cocreate.planning import actions
from cocreate.planning.models import ActionStatus, DigestClaim
from cocreate.planning.reminders import digests, enqueue_digests
from cocreate.planning.tasks import send_action_digests

from .helpers import make_action, make_goal, today


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the daily command as cron would, with the queued emails sent (the immediate backend)."""

    def go(day=None):
        with django_capture_on_commit_callbacks(execute=True):
            if day is None:
                call_command("send-action-reminders", verbosity=0)
            else:
                enqueue_digests(day)

    return go


@pytest.fixture
def plan(cast):
    """Lee Lead owns an overdue action and one due soon; Paz Parent owns one through her partner
    record; an action far off, a finished overdue one and another community's stay out of digests."""
    goal = make_goal(cast)
    paz = do_create_partner(
        cast.community, name="Paz (partner record)", partner_type="community", user=cast.partner
    )
    overdue = make_action(goal, cast, "Call every family back", due_in=-3, users=[cast.lead])
    soon = make_action(goal, cast, "Book the library room", due_in=5, users=[cast.lead])
    theirs = make_action(goal, cast, "Bring the flyer in Spanish", due_in=2, partners=[paz])
    make_action(goal, cast, "Plan next year", due_in=60, users=[cast.lead])
    make_action(goal, cast, "Already done", due_in=-10, users=[cast.lead], status=ActionStatus.DONE)
    lake = make_goal(cast, "Lakeview goal", community=cast.other_community)
    make_action(lake, cast, "Lakeview task", due_in=1, users=[cast.other_community_lead])
    cast.other_community_lead.action_reminders = False
    cast.other_community_lead.save()
    return {"goal": goal, "overdue": overdue, "soon": soon, "theirs": theirs, "paz": paz}


def _by_person():
    return {m.to[0]: m for m in mail.outbox}


def _claimed(cast, user) -> set:
    """The days this person's digest from the cast's organization was claimed for."""
    return set(DigestClaim.objects.filter(organization=cast.org, user=user).values_list("day", flat=True))


def test_it_emails_each_person_their_overdue_and_due_soon_actions(cast, plan, run):
    run()

    sent = _by_person()
    assert set(sent) == {cast.lead.email, cast.partner.email}
    lee = sent[cast.lead.email]
    assert lee.subject == "2 of your actions need attention"
    body = lee.body
    assert body.index("Overdue") < body.index("Call every family back") < body.index("Due soon")
    assert body.index("Due soon") < body.index("Book the library room")
    assert "Plan next year" not in body and "Already done" not in body and "Lakeview" not in body
    goal_url = f"/o/sic/c/riverside/planning/goals/{plan['goal'].pk}/#action-{plan['overdue'].pk}"
    assert goal_url in body
    assert "http://" in body or "https://" in body  # absolute links, to be clicked from a mail client
    assert "/profile/" in body  # where to turn it off
    assert "&amp;" not in body and "&#x27;" not in body  # plain text, not HTML-escaped


def test_a_partner_linked_to_a_sign_in_gets_it_in_their_language(cast, plan, run):
    run()

    paz = _by_person()[cast.partner.email]
    assert "Bring the flyer in Spanish" in paz.body
    assert "Call every family back" not in paz.body
    assert _claimed(cast, cast.partner) == {today()}
    # Her language is Spanish: the date is written the Spanish way ("28 de noviembre de 2026").
    with translation.override("es"):
        due_es = date_format(plan["theirs"].due_on, "DATE_FORMAT")
    assert due_es in paz.body


def test_it_sends_at_most_one_digest_a_day(cast, plan, run):
    run()
    run()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.lead.email, cast.partner.email])

    run(today() + timedelta(days=1))  # the next day, they are reminded again
    assert len(mail.outbox) == 4
    assert _claimed(cast, cast.lead) == {today(), today() + timedelta(days=1)}


def test_a_digest_that_could_not_be_sent_goes_out_when_the_command_runs_again(cast, plan, run, monkeypatch):
    from cocreate.planning import tasks

    real_send = tasks.send_mail

    def mail_server_refuses_the_lead(subject, body, sender, to):
        if to == [cast.lead.email]:
            raise ConnectionRefusedError("mail server down")
        return real_send(subject, body, sender, to)

    monkeypatch.setattr(tasks, "send_mail", mail_server_refuses_the_lead)
    run()
    assert [m.to[0] for m in mail.outbox] == [cast.partner.email]
    assert _claimed(cast, cast.lead) == set()  # not counted as reminded today
    monkeypatch.setattr(tasks, "send_mail", real_send)
    run()  # later that day, by hand or by the next cron run
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.partner.email, cast.lead.email])
    assert _claimed(cast, cast.lead) == {today()}


def test_someone_who_turned_reminders_off_gets_nothing(cast, plan, run):
    cast.lead.action_reminders = False
    cast.lead.save()

    run()

    assert cast.lead.email not in _by_person()
    assert _claimed(cast, cast.lead) == set()


def test_nothing_due_means_no_email_and_no_claim(cast, run):
    goal = make_goal(cast)
    make_action(goal, cast, "Far off", due_in=40, users=[cast.lead])
    make_action(goal, cast, "Dropped", due_in=-2, users=[cast.lead], status=ActionStatus.DROPPED)

    run()

    assert mail.outbox == []
    assert _claimed(cast, cast.lead) == set()


def test_nobody_is_reminded_of_a_community_they_left(cast, plan, run):
    Membership.objects.filter(user=cast.lead).delete()

    run()

    assert cast.lead.email not in _by_person()


def test_an_archived_partner_record_is_not_reminded(cast, plan, run):
    plan["paz"].archived_at = timezone.now()
    plan["paz"].save()

    run()

    assert cast.partner.email not in _by_person()


def test_the_task_skips_what_was_finished_after_the_claim(cast, plan, django_capture_on_commit_callbacks):
    # Claimed by the command, but the queue only runs later: by then Lee finished both actions.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert enqueue_digests() == 2
    assert len(queued) == 1  # one batch for both people
    for action in (plan["overdue"], plan["soon"]):
        actions.do_update_action(action, acting_user=cast.lead, status=ActionStatus.DONE)

    sent = send_action_digests.call([cast.lead.pk, cast.partner.pk], today().isoformat(), cast.org.pk)

    assert sent == 1
    assert [m.to[0] for m in mail.outbox] == [cast.partner.email]


def test_the_task_sends_nothing_to_someone_not_claimed_for_that_day(cast, plan):
    # A stray or replayed task for a day nobody was claimed for sends nothing.
    assert send_action_digests.call([cast.lead.pk], today().isoformat(), cast.org.pk) == 0
    assert mail.outbox == []


def test_the_profile_switch_is_on_by_default(cast):
    assert User.objects.get(pk=cast.lead.pk).action_reminders is True


def test_digests_group_by_person_and_dedupe_a_member_named_twice(cast, plan):
    # Lee is also named through a partner record linked to his sign-in on the same action.
    lee_partner = do_create_partner(
        cast.community, name="Lee (partner)", partner_type="community", user=cast.lead
    )
    actions.do_update_action(
        plan["overdue"], acting_user=cast.lead, users=[cast.lead], partners=[lee_partner]
    )

    found = digests(User.objects.filter(pk=cast.lead.pk))

    assert list(found) == [cast.lead.pk]
    assert [a.strategy for a in found[cast.lead.pk].overdue] == ["Call every family back"]
    assert [a.strategy for a in found[cast.lead.pk].due_soon] == ["Book the library room"]


def _people_with_due_actions(cast, goal, n):
    for i in range(n):
        person = member(f"helper{i}@example.org", cast.org, Role.TEAM_LEAD, cast.community, name=f"H {i}")
        make_action(goal, cast, f"Task {i}", due_in=-1 if i % 2 else 3, users=[person])


@pytest.mark.parametrize("people", [2, 10])
def test_the_command_reads_a_fixed_number_of_queries(
    cast, people, run, django_assert_num_queries, django_capture_on_commit_callbacks
):
    goal = make_goal(cast)
    _people_with_due_actions(cast, goal, people)
    # Budget 16, for the cast's two organizations: which organizations, and the claims too old to keep
    # (2); then per organization, each in its own day, one batch each in its own transaction (savepoint
    # and release: 2) with its people's ids (1) and digests (owner rows; memberships when someone has
    # something due: 1-2), and where someone has, the claim (insert; the ids it took: 2): 7 for the
    # cast's, 4 for the other; then the task for the one batch (owner rows; memberships; the people: 3).
    # It was 9 when one query read every organization's people at once: it grows with organizations
    # and batches (REMINDER_BATCH_SIZE people each), never with the people in a batch.
    with django_assert_num_queries(16):
        run()
    assert len(mail.outbox) == people


# 20:00 UTC on 7 December 2026: 09:00 on the 8th in Auckland, noon on the 7th in Los Angeles.
AUCKLAND_MORNING = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)


@pytest.fixture
def two_zones(cast, monkeypatch):
    """The cast's organization works in Auckland, the other one in Los Angeles; each has a lead with an
    action due on 7 December."""
    Organization.objects.filter(pk=cast.org.pk).update(time_zone="Pacific/Auckland")
    Organization.objects.filter(pk=cast.other_org.pk).update(time_zone="America/Los_Angeles")
    monkeypatch.setattr(timezone, "now", lambda: AUCKLAND_MORNING)
    for community, lead in ((cast.community, cast.lead), (cast.other_org_community, cast.other_org_lead)):
        goal = make_goal(cast, community=community)
        make_action(goal, cast, "Send the minutes", due_on=date(2026, 12, 7), users=[lead])


def test_it_reminds_each_organization_in_its_own_day(cast, two_zones, run):
    run()

    sent = _by_person()
    auckland, los_angeles = sent[cast.lead.email].body, sent[cast.other_org_lead.email].body
    # Due on the 7th: overdue on Auckland's 8th, due today (soon, not late) in Los Angeles.
    assert auckland.index("Overdue") < auckland.index("Send the minutes")
    assert "Overdue" not in los_angeles
    assert los_angeles.index("Due soon") < los_angeles.index("Send the minutes")
    claims = dict(DigestClaim.objects.values_list("organization_id", "day"))
    assert claims == {cast.org.pk: date(2026, 12, 8), cast.other_org.pk: date(2026, 12, 7)}


def test_someone_in_two_organizations_gets_each_ones_digest(cast, two_zones, run):
    Membership.objects.create(
        user=cast.lead, organization=cast.other_org, community=cast.other_org_community, role=Role.TEAM_LEAD
    )
    goal = make_goal(cast, "Other goal", community=cast.other_org_community)
    make_action(goal, cast, "Their task", due_on=date(2026, 12, 8), users=[cast.lead])

    run()
    run()

    to_lee = [m.body for m in mail.outbox if m.to == [cast.lead.email]]
    assert len(to_lee) == 2  # one from each organization, once
    assert sum("Their task" in body for body in to_lee) == 1


def test_it_sends_in_batches_and_a_run_stopped_halfway_finishes_without_sending_twice(
    cast, plan, monkeypatch, django_capture_on_commit_callbacks
):
    from cocreate.planning import reminders

    real_claim = reminders._claim_and_enqueue

    def worker_killed_at_the_partner(organization, today, batch):
        if batch == [cast.partner.pk]:
            raise RuntimeError("worker killed")
        return real_claim(organization, today, batch)

    monkeypatch.setattr(reminders, "_claim_and_enqueue", worker_killed_at_the_partner)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        with pytest.raises(RuntimeError):
            enqueue_digests(batch_size=1)
    assert len(queued) == 1  # the lead's batch was claimed and queued before the crash
    assert [m.to[0] for m in mail.outbox] == [cast.lead.email]

    monkeypatch.setattr(reminders, "_claim_and_enqueue", real_claim)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert enqueue_digests(batch_size=1) == 1  # only the partner is left
    assert len(queued) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cast.lead.email, cast.partner.email])


def test_the_batch_size_is_a_setting(cast, plan, settings, django_capture_on_commit_callbacks):
    settings.REMINDER_BATCH_SIZE = 1
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert enqueue_digests() == 2
    assert len(queued) == 2  # one task per person
