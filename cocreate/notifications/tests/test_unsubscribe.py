"""One click in any email stops that kind of email: GET asks, POST (RFC 8058) does it; no sign-in."""

from django.core import mail

from cocreate.notifications.models import EmailState, Notification, NotificationPreference
from cocreate.notifications.render import unsubscribe_token

from .helpers import tell


def link_in(message) -> str:
    return message.extra_headers["List-Unsubscribe"].strip("<>").split("127.0.0.1:8000", 1)[-1]


def test_every_email_carries_a_one_click_unsubscribe(cast, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.partner])
    message = mail.outbox[0]
    url = link_in(message)
    assert url in message.body
    page = client.get(url)  # a phone's browser, not signed in: a page in her language that asks
    assert page.status_code == 200
    assert "Dejaremos de enviar correos a parent@example.org" in page.text
    assert not NotificationPreference.objects.exists()
    done = client.post(url, {"List-Unsubscribe": "One-Click"})  # what a mail program sends
    assert done.status_code == 200
    assert "Listo: no recibirá más estos correos" in done.text
    assert NotificationPreference.objects.get(user=cast.partner).email == "off"


def test_after_unsubscribing_she_still_gets_it_in_the_inbox(cast, client, django_capture_on_commit_callbacks):
    client.post(f"/unsubscribe/{unsubscribe_token(cast.lead, ['sample'])}/")
    with django_capture_on_commit_callbacks(execute=True):
        tell(cast, [cast.lead])
    assert mail.outbox == []
    assert Notification.objects.get().email_state == EmailState.NONE


def test_unsubscribing_drops_emails_still_waiting(cast, client):
    tell(cast, [cast.lead], kind="sample_digest")
    client.post(f"/unsubscribe/{unsubscribe_token(cast.lead, ['sample_digest'])}/")
    assert Notification.objects.get().email_state == EmailState.NONE


def test_a_bad_token_changes_nothing(cast, client):
    token = unsubscribe_token(cast.lead, ["sample"])
    for bad in [token[:-2] + "xx", "nonsense"]:
        assert client.get(f"/unsubscribe/{bad}/").status_code == 400
        response = client.post(f"/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "This link does not work" in response.text
    assert not NotificationPreference.objects.exists()
