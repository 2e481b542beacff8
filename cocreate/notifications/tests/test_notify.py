"""notify(): inbox rows at once, one task per batch after commit, each email once, in her language."""

import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.notifications import delivery
from cocreate.notifications.actions import do_set_notification_preferences, notify
from cocreate.notifications.models import EmailState, Notification, NotificationDigestClaim
from cocreate.notifications.tasks import send_notification_emails

from .helpers import tell


def test_it_makes_an_inbox_row_for_each_person_and_emails_after_commit(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            made = tell(cast, [cast.lead, cast.partner, cast.lead, None])
            assert made == 2
            assert mail.outbox == []  # nothing leaves before the write commits
    assert len(callbacks) == 1  # one task for the whole batch
    callbacks[0]()
    assert sorted(m.to[0] for m in mail.outbox) == ["lead@example.org", "parent@example.org"]
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
    cast.lead.refresh_from_db()
    assert cast.lead.unread_notifications == 1


def test_it_never_tells_anyone_twice(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.lead])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert tell(cast, [cast.lead]) == 0  # same key: no new row, no task
    assert callbacks == []
    send_notification_emails.call(cast.org.pk, "sample", "meeting:1:planned")  # the task run again
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_two_runs_of_the_task_send_each_email_once(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        tell(cast, [cast.lead, cast.practitioner])
    callbacks[0]()
    callbacks[0]()
    assert len(mail.outbox) == 2


def test_it_emails_each_person_in_her_language_and_her_organizations_time(
    cast, django_capture_on_commit_callbacks
):
    cast.org.time_zone = "America/Chicago"
    cast.org.save()
    with django_capture_on_commit_callbacks(execute=True):
        tell(
            cast,
            [cast.lead, cast.partner],
            attachments=[("meeting.ics", b"BEGIN:VCALENDAR", "text/calendar")],
        )
    by_person = {m.to[0]: m for m in mail.outbox}
    spanish, english = by_person["parent@example.org"], by_person["lead@example.org"]
    assert english.subject == 'Meeting "Family night" on 10 December, 11:30'
    assert spanish.subject == "Reunión «Family night» el 10 diciembre, 11:30"
    assert spanish.body.startswith("Hola, Paz Parent:")
    assert "Deje de recibir estos correos con un clic" in spanish.body
    assert spanish.attachments == [("meeting.ics", "BEGIN:VCALENDAR", "text/calendar")]
    assert english.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert english.extra_headers["List-Unsubscribe"].startswith("<http")


def test_it_follows_each_persons_choice(cast, django_capture_on_commit_callbacks):
    do_set_notification_preferences(cast.lead, acting_user=cast.lead, choices={"sample": "off"})
    do_set_notification_preferences(cast.partner, acting_user=cast.partner, choices={"sample": "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.lead, cast.partner, cast.practitioner])
    assert [m.to[0] for m in mail.outbox] == ["prac@example.org"]
    states = dict(Notification.objects.values_list("recipient__email", "email_state"))
    assert states == {
        "lead@example.org": EmailState.NONE,
        "parent@example.org": EmailState.DIGEST,
        "prac@example.org": EmailState.SENT,
    }


def test_it_refuses_a_kind_nobody_registered(cast):
    with pytest.raises(ValueError):
        notify(kind="nope", recipients=[cast.lead], organization=cast.org, key="x")


def test_it_leaves_out_people_who_cannot_sign_in(cast, django_capture_on_commit_callbacks):
    User.objects.filter(pk=cast.lead.pk).update(is_active=False)
    cast.lead.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert tell(cast, [cast.lead]) == 0
    assert mail.outbox == []


class Refusing:
    """A mail backend whose server refuses the first `n` messages."""

    refusals = 0

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        if Refusing.refusals > 0:
            Refusing.refusals -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "cocreate.notifications.tests.test_notify.Refusing"
    Refusing.refusals = 0
    return Refusing


def test_it_retries_when_the_mail_server_refuses(cast, refusing, django_capture_on_commit_callbacks):
    refusing.refusals = 1
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.lead])
    n = Notification.objects.get()
    assert (n.email_state, n.attempts) == (EmailState.RETRY, 1)
    assert n.next_attempt_at is not None
    assert n.next_attempt_at > timezone.now() + timedelta(minutes=4)
    call_command("retry-notification-emails", verbosity=0)  # not due yet
    assert mail.outbox == []
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    call_command("retry-notification-emails", verbosity=0)
    call_command("retry-notification-emails", verbosity=0)
    assert [m.to[0] for m in mail.outbox] == ["lead@example.org"]
    n.refresh_from_db()
    assert (n.email_state, n.attempts) == (EmailState.SENT, 2)


def test_it_gives_up_after_the_last_attempt_and_says_so_in_the_inbox(
    cast, client, refusing, django_capture_on_commit_callbacks
):
    refusing.refusals = 100
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.lead])
    for _ in range(delivery.MAX_ATTEMPTS):
        Notification.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        call_command("retry-notification-emails", verbosity=0)
    n = Notification.objects.get()
    assert (n.email_state, n.attempts) == (EmailState.FAILED, delivery.MAX_ATTEMPTS)
    client.force_login(cast.lead)
    assert "We could not email you this one" in client.get("/inbox/").text


def test_the_daily_digest_gathers_a_day_once(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.lead, cast.partner], kind="sample_digest", key="a")
        tell(cast, [cast.partner], kind="sample_digest", key="b")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-notification-digests", verbosity=0)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    spanish = by_person["parent@example.org"]
    assert "2 notificaciones nuevas" in spanish.subject
    assert spanish.body.count("Reunión «Family night»") == 2
    assert spanish.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.partner], kind="sample_digest", key="c")
        call_command("send-notification-digests", verbosity=0)  # the same day: nothing more
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(key="c", email_state=EmailState.DIGEST).exists()


def test_a_refused_digest_is_sent_by_the_next_run(cast, refusing, django_capture_on_commit_callbacks):
    refusing.refusals = 1
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.lead], kind="sample_digest")
        call_command("send-notification-digests", verbosity=0)
    assert mail.outbox == []
    assert not NotificationDigestClaim.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-notification-digests", verbosity=0)
    assert len(mail.outbox) == 1


def test_digest_batches_cover_everyone(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.lead, cast.partner, cast.practitioner, cast.funder], kind="sample_digest")
        assert delivery.enqueue_organization_digests(cast.org, date.today(), batch_size=3) == 4
    assert len(mail.outbox) == 4


def test_notify_reads_a_fixed_number_of_queries(cast, django_assert_num_queries):
    people = [cast.lead, cast.partner]
    # choices, insert, the new rows, the attachment, the unread counters
    with django_assert_num_queries(5):
        tell(cast, people, key="a", attachments=[("x.ics", b"x", "text/calendar")])
    people += [cast.practitioner, cast.funder, cast.evaluator, cast.admin]
    with django_assert_num_queries(5):
        tell(cast, people, key="b", attachments=[("x.ics", b"x", "text/calendar")])
