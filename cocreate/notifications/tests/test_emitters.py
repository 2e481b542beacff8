"""The kinds the apps send: meetings (planned, changed, cancelled, reminder, agreement), planning (an
action's owner, "you said, we did" reported back), assessments (a round waiting for her)."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cocreate.assessments.tests.helpers import open_round
from cocreate.meetings import actions as meeting_actions
from cocreate.meetings.access import meeting_people
from cocreate.meetings.actions import MeetingDetails
from cocreate.meetings.tests.helpers import partner, plan, publish
from cocreate.notifications.models import Notification
from cocreate.planning import feedback
from cocreate.planning.tests.helpers import make_action, make_goal


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def linked_parent(cast):
    """A partner of Riverside whose record is linked to the cast's parent."""
    return partner(cast, "Paz Parent", user=cast.partner)


def test_a_planned_meeting_tells_the_community_with_its_calendar_file(
    cast, django_capture_on_commit_callbacks
):
    linked_parent(cast)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(cast, "Family night")
    # nobody invited yet: the community's members and partners with a sign-in, but not the lead who planned it
    assert told("meeting_planned") == {"prac@example.org", "parent@example.org"}
    spanish = next(m for m in mail.outbox if m.to == ["parent@example.org"])
    assert spanish.subject.startswith("Nueva reunión: Family night")
    assert "Riverside library" in spanish.body
    name, ics, content_type = spanish.attachments[0]
    assert (name, content_type) == (f"meeting-{meeting.pk}.ics", "text/calendar")
    assert "SUMMARY:Family night" in ics


def test_a_meeting_tells_only_those_invited_when_some_are(cast, django_capture_on_commit_callbacks):
    paz = linked_parent(cast)
    with django_capture_on_commit_callbacks(execute=True):
        plan(cast, "Small group", attendees=[f"p{paz.pk}"])
    assert told("meeting_planned") == {"parent@example.org"}


def change(cast, meeting, **fields):
    details = MeetingDetails(
        title=meeting.title,
        starts_at=fields.get("starts_at", meeting.starts_at),
        ends_at=fields.get("ends_at", meeting.ends_at),
        place=fields.get("place", meeting.place),
        status=fields.get("status", meeting.status),
    )
    return meeting_actions.do_update_meeting(
        meeting, acting_user=cast.lead, details=details, people=meeting_people(cast.community)
    )


def test_a_changed_or_cancelled_meeting_tells_them_again(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(cast, "Family night")
        change(cast, meeting)  # nothing about when or where: no news
    assert told("meeting_changed") == set()
    with django_capture_on_commit_callbacks(execute=True):
        change(cast, meeting, place="Community centre")
    assert told("meeting_changed") == {"prac@example.org", "parent@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        change(cast, meeting, status="cancelled")
    assert told("meeting_cancelled") == {"prac@example.org", "parent@example.org"}
    cancelled = next(m for m in mail.outbox if m.to == ["prac@example.org"] and "cancelled" in m.subject)
    assert "STATUS:CANCELLED" in cancelled.attachments[0][1]


def test_the_reminder_comes_the_day_before_once(cast, django_capture_on_commit_callbacks):
    tomorrow = timezone.localtime() + timedelta(days=1)
    starts = tomorrow.replace(hour=18, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        plan(cast, "Family night", starts_at=starts, ends_at=starts + timedelta(hours=1))
        plan(cast, "Later", days=5)
    call_command("send-meeting-reminders", verbosity=0)
    call_command("send-meeting-reminders", verbosity=0)
    reminders = Notification.objects.filter(kind="meeting_reminder")
    assert {n.context["title"] for n in reminders} == {"Family night"}
    assert reminders.count() == 3  # the lead, the practitioner, the parent: once each


def test_a_published_agreement_asks_the_team_to_acknowledge(cast, client):
    publish(cast)
    assert told("agreement_published") == {"prac@example.org", "parent@example.org"}
    n = Notification.objects.get(kind="agreement_published", recipient=cast.partner)
    client.force_login(cast.partner)
    assert client.get(f"/inbox/{n.pk}/")["Location"] == "/o/sic/c/riverside/agreement/"
    publish(cast, "second words")
    assert Notification.objects.filter(kind="agreement_published", recipient=cast.partner).count() == 2


def test_the_person_named_for_an_action_is_told(cast, django_capture_on_commit_callbacks):
    paz = linked_parent(cast)
    goal = make_goal(cast)
    with django_capture_on_commit_callbacks(execute=True):
        action = make_action(
            goal, cast, "Invite families to the fair", partners=[paz], users=[cast.practitioner]
        )
    assert told("action_owner") == {"parent@example.org", "prac@example.org"}
    spanish = next(m for m in mail.outbox if m.to == ["parent@example.org"])
    assert spanish.subject == "Usted es responsable de: Invite families to the fair"
    n = Notification.objects.get(kind="action_owner", recipient=cast.partner)
    assert n.url.endswith(f"/planning/goals/{goal.pk}/#action-{action.pk}")


def test_those_who_raised_an_item_hear_it_was_reported_back(cast):
    paz = linked_parent(cast)
    item = feedback.do_record_feedback(
        cast.community, acting_user=cast.lead, said="Meetings are too late", partners=[paz], anonymous=False
    )
    assert told("feedback_reported") == set()
    feedback.do_update_feedback(
        item,
        acting_user=cast.lead,
        status="done",
        done_text="Meetings start at 5 now",
        done_on=timezone.localdate(),
        reported_on=timezone.localdate(),
        reported_how="At the family night",
    )
    assert told("feedback_reported") == {"parent@example.org"}


def test_an_assessment_invitation_is_one_notification_and_one_email(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        adm = open_round(cast, invitees=[cast.lead, cast.partner])
    assert told("assessment_invited") == {"lead@example.org", "parent@example.org"}
    assert sorted(m.to[0] for m in mail.outbox) == ["lead@example.org", "parent@example.org"]
    spanish = next(m for m in mail.outbox if m.to == ["parent@example.org"])
    assert spanish.subject.startswith("Necesitamos su opinión:")
    assert f"{adm.get_absolute_url()}answer/" in spanish.body
