"""The public pages of a call: no account, spam refused without a captcha, nothing half-saved."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cocreate.leaders import calls, public
from cocreate.leaders.models import Application, ApplicationStatus, CallQuestion, SubmissionAttempt

from .helpers_calls import form_data, make_call, riverside_call, submit


def join(call, lang=""):
    return f"/join/{call.token}/" + (f"?lang={lang}" if lang else "")


def test_it_shows_an_open_call_to_anyone(client, cast):
    call = riverside_call(cast)
    response = client.get(join(call))
    assert response.status_code == 200
    text = response.content.decode()
    assert call.title in text
    assert "$25 an hour, child care and travel paid" in text
    assert 'name="website"' in text  # the honeypot is there, hidden by CSS
    assert 'name="stamp"' in text
    assert "csrfmiddlewaretoken" in text


def test_it_speaks_spanish_with_lang_es(client, cast):
    response = client.get(join(riverside_call(cast), "es"))
    text = response.content.decode()
    assert '<html lang="es">' in text
    assert "Enviar mi solicitud" in text
    assert "Cuéntenos de una vez que dirigió algo" in text  # a default question, in Spanish


def test_it_follows_the_browser_language(client, cast):
    response = client.get(join(riverside_call(cast)), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in response.content.decode()


def test_it_takes_an_application_and_confirms_it_in_her_language(
    client, cast, django_capture_on_commit_callbacks
):
    call = riverside_call(cast)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join(call, "es"), form_data(call))
    assert response.status_code == 302
    application = Application.objects.get()
    assert response["Location"] == f"/join/a/{application.token}/thanks/?lang=es"
    assert application.language == "es"
    assert application.available_days == [1, 3]
    assert application.meeting_times == ["18-20"]
    assert application.access_needs == ["child_care"]
    assert len(application.answers) == CallQuestion.objects.filter(call=call).count()
    assert SubmissionAttempt.objects.count() == 1
    assert "203.0.113" not in SubmissionAttempt.objects.get().address_hash
    [email] = mail.outbox
    assert email.to == ["rosa@example.org"]
    assert "Recibimos su solicitud" in email.subject
    assert f"/join/a/{application.token}/" in email.body
    thanks = client.get(response["Location"])
    assert "Gracias" in thanks.content.decode()


def test_it_tells_the_reviewers_and_the_lead(cast):
    call = make_call(cast, reviewers=[cast.practitioner])
    submit(call)
    from cocreate.notifications.models import Notification

    told = set(
        Notification.objects.filter(kind="application_received").values_list("recipient_id", flat=True)
    )
    assert told == {cast.practitioner.pk, cast.lead.pk}


def test_it_refuses_a_filled_honeypot(client, cast):
    call = riverside_call(cast)
    response = client.post(join(call), form_data(call, website="http://spam.example"))
    assert response.status_code == 200
    assert "Leave this field empty" in response.content.decode()
    assert not Application.objects.exists()


def test_it_refuses_a_form_sent_too_fast(client, cast):
    call = riverside_call(cast)
    response = client.post(join(call), form_data(call, stamp=public.form_stamp()))
    assert response.status_code == 200
    assert "faster than a person" in response.content.decode()
    assert not Application.objects.exists()


def test_it_refuses_a_forged_or_expired_stamp(client, cast):
    call = riverside_call(cast)
    response = client.post(join(call), form_data(call, stamp="forged"))
    assert "could not read this form" in response.content.decode()
    assert public.stamp_error(public.form_stamp(time.time() - 10), now=time.time() + 2 * 86400)
    assert not Application.objects.exists()


def test_it_throttles_one_address(client, cast, settings):
    settings.APPLICATION_SUBMISSIONS_PER_HOUR = 2
    call = riverside_call(cast)
    for n in range(2):
        assert client.post(join(call), form_data(call, email=f"p{n}@example.org")).status_code == 302
    response = client.post(join(call), form_data(call, email="p3@example.org"))
    assert response.status_code == 200
    assert "several applications from this connection" in response.content.decode()
    assert Application.objects.count() == 2
    # Another address is not held back.
    other = client.post(join(call), form_data(call, email="p4@example.org"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_it_reads_the_first_forwarded_hop_only_behind_a_proxy(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    settings.BEHIND_PROXY = False
    assert public.client_address(request) == "10.0.0.2"
    settings.BEHIND_PROXY = True
    assert public.client_address(request) == "198.51.100.1"


def test_it_refuses_the_same_email_twice_politely(client, cast):
    call = riverside_call(cast)
    submit(call, email="ROSA@example.org")
    response = client.post(join(call), form_data(call))
    assert response.status_code == 200
    assert "already in for this call" in response.content.decode()
    assert Application.objects.count() == 1


def test_it_asks_for_an_email_or_a_phone(client, cast):
    call = riverside_call(cast)
    response = client.post(join(call), form_data(call, email="", phone=""))
    assert "Give an email address or a phone number" in response.content.decode()
    assert client.post(join(call), form_data(call, email="", phone="555-0100")).status_code == 302


def test_it_shows_a_missing_required_answer_at_its_field_and_saves_nothing(client, cast):
    call = riverside_call(cast)
    required = CallQuestion.objects.filter(call=call, required=True).first()
    response = client.post(join(call), form_data(call, **{f"q_{required.pk}": "  "}))
    assert response.status_code == 200
    text = response.content.decode()
    assert f'id="id_q_{required.pk}_error"' in text
    assert "Please answer this question." in text
    assert not Application.objects.exists()
    assert not SubmissionAttempt.objects.exists()


def test_it_answers_a_closed_call_kindly(client, cast):
    draft = make_call(cast, opened=False, title="Draft call")
    closed = calls.do_close_call(make_call(cast, title="Closed call"), acting_user=cast.lead)
    for call in (draft, closed):
        response = client.get(join(call))
        assert response.status_code == 200
        assert "This call is closed" in response.content.decode()
        response = client.post(join(call), form_data(call))
        assert "This call is closed" in response.content.decode()
    assert not Application.objects.exists()
    assert client.get("/join/not-a-token/").status_code == 404


def test_it_lists_the_organizations_open_calls(client, cast):
    open_call = riverside_call(cast)
    make_call(cast, opened=False, title="Draft call")
    response = client.get(f"/join/o/{cast.org.slug}/")
    text = response.content.decode()
    assert open_call.title in text and "Draft call" not in text
    assert client.get("/join/o/nowhere/").status_code == 404


def test_she_sees_her_application_and_withdraws_it(client, cast):
    application = submit(riverside_call(cast))
    page = client.get(f"/join/a/{application.token}/?lang=es")
    assert "Retirar mi solicitud" in page.content.decode()
    response = client.post(f"/join/a/{application.token}/withdraw/?lang=es")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawn_at is not None
    assert client.get("/join/a/unknown/").status_code == 404


def test_a_withdrawn_application_frees_her_email(cast):
    call = riverside_call(cast)
    calls.do_withdraw_application(submit(call))
    assert submit(call).status == ApplicationStatus.SUBMITTED


def test_it_refuses_an_application_after_the_closing_date(cast):
    call = riverside_call(cast)
    later = timezone.now() + timedelta(days=30)
    with pytest.raises(calls.WriteError):
        calls.do_submit_application(
            call, data=calls.ApplicationData(name="X", email="x@example.org"), address="a", now=later
        )


def test_it_shows_the_calls_spanish_version_to_a_spanish_reader(client, cast):
    from cocreate.core.actions import do_save_translation

    call = riverside_call(cast)
    do_save_translation(call, acting_user=cast.lead, field="title", language="es", text="Madre o padre líder")
    spanish = client.get(join(call, "es")).content.decode()
    assert "Madre o padre líder" in spanish
    assert "Madre o padre líder" not in client.get(join(call, "en")).content.decode()


def test_a_refused_confirmation_email_does_not_undo_the_application(
    client, cast, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    call = riverside_call(cast)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(join(call), form_data(call))
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_nobody_else_reads_her_application_without_the_link(client, cast):
    application = submit(riverside_call(cast))
    page = client.get(f"/join/a/{application.token}/").content.decode()
    assert "rosa@example.org" in page
    assert client.get(f"/join/a/x{application.token}/").status_code == 404
