"""Decisions: accept makes one partner, one leader and one invitation (double clicks included), messages
go out in the applicant's language, and declined or withdrawn applications are anonymised on time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cocreate.core.errors import WriteError
from cocreate.core.models import Invitation, Role
from cocreate.leaders import decisions, rubric
from cocreate.leaders.anonymise import anonymise_due
from cocreate.leaders.models import Application, ApplicationStatus, Leader, LeaderSettings, RubricCriterion
from cocreate.partners.models import Partner

from .factories_review import make_application, make_call

pytestmark = pytest.mark.django_db


def decide_url(call, application):
    return f"/o/{call.organization.slug}/calls/{call.pk}/review/{application.pk}/decide/"


def test_accepting_makes_one_partner_one_leader_and_one_invitation_even_on_a_double_click(
    client, cast, mailoutbox, django_capture_on_commit_callbacks
):
    call = make_call(cast.community)
    application = make_application(call, email="Rosa@Example.net", language="es")
    client.force_login(cast.lead)
    page = client.get(decide_url(call, application) + "?decision=accepted").content.decode()
    assert "Gracias por presentar tu solicitud" in page  # the default message, in her language
    with django_capture_on_commit_callbacks(execute=True):
        for _click in range(2):
            response = client.post(
                decide_url(call, application), {"decision": "accepted", "message": "¡Bienvenida!"}
            )
            assert response.status_code == 302
    partner = Partner.objects.get(community=cast.community, email="rosa@example.net")
    assert Partner.objects.filter(community=cast.community).count() == 1
    assert partner.partner_type == "community" and partner.lived_experience
    assert partner.available_days == [1, 3]
    assert partner.available_times == ["morning", "evening"]  # 10-12 and 18-20
    assert partner.languages == "Spanish"
    assert partner.consent_on == timezone.localdate() and partner.consent_wording
    leader = Leader.objects.get()
    assert leader.partner == partner and leader.application_id == application.pk
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.language) == (
        "rosa@example.net",
        Role.PARTNER,
        "es",
    )
    assert invitation.community == cast.community
    assert invitation.partner_type == "community" and invitation.lived_experience
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and application.partner == partner
    assert [m.to[0].lower() for m in mailoutbox] == ["rosa@example.net"] * 2  # invitation, message
    decision = next(m for m in mailoutbox if "¡Bienvenida!" in m.body)
    assert "Tu solicitud" in decision.subject


def test_the_default_messages_are_in_the_applicants_language(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    call = make_call(cast.community)
    spanish = make_application(call, language="es", email="ana@example.net")
    english = make_application(call, language="en", email="bo@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        decisions.do_decide_application(spanish, acting_user=cast.lead, decision="declined")
        decisions.do_decide_application(english, acting_user=cast.lead, decision="waitlisted")
    by_to = {m.to[0]: m for m in mailoutbox}
    assert "Gracias por presentar tu solicitud" in by_to["ana@example.net"].body
    assert "Tu solicitud" in by_to["ana@example.net"].subject
    assert "wait list" in by_to["bo@example.net"].body
    assert "Your application" in by_to["bo@example.net"].subject


def test_accepting_links_the_partner_who_has_her_email_already(cast):
    call = make_call(cast.community)
    existing = Partner.objects.create(
        organization=cast.org,
        community=cast.community,
        name="Rosa D.",
        partner_type="community",
        email="rosa@example.net",
    )
    application = make_application(call, email="ROSA@example.net")
    result = decisions.do_accept_application(application, acting_user=cast.lead)
    assert result.partner.pk == existing.pk
    assert Partner.objects.filter(community=cast.community).count() == 1
    existing.refresh_from_db()
    assert existing.lived_experience and existing.available_times == ["morning", "evening"]


def test_accepting_without_an_email_waits_for_one_to_invite(client, cast):
    call = make_call(cast.community)
    application = make_application(call, email="")
    client.force_login(cast.lead)
    response = client.post(
        decide_url(call, application), {"decision": "accepted", "message": "Hola"}, follow=True
    )
    assert "She gave no email address" in response.content.decode()
    assert Partner.objects.count() == 1 and Leader.objects.count() == 1 and not Invitation.objects.exists()
    invite = decide_url(call, application).replace("decide/", "invite/")
    assert client.post(invite, {"email": "later@example.net"}).status_code == 302
    assert Invitation.objects.get().email == "later@example.net"
    assert Partner.objects.get().email == "later@example.net"


def test_a_wait_listed_application_can_still_be_accepted_but_a_decision_is_not_undone(cast):
    call = make_call(cast.community)
    application = make_application(call)
    decisions.do_decide_application(application, acting_user=cast.lead, decision="waitlisted")
    again = decisions.do_decide_application(application, acting_user=cast.lead, decision="waitlisted")
    assert again.already
    decisions.do_decide_application(application, acting_user=cast.lead, decision="accepted")
    with pytest.raises(WriteError):
        decisions.do_decide_application(application, acting_user=cast.lead, decision="declined")
    with pytest.raises(WriteError):
        decisions.do_record_withdrawal(application, acting_user=cast.lead)


def test_the_api_decides_for_deciders_only(cast):
    call = make_call(cast.community, reviewers=[cast.practitioner])
    application = make_application(call)
    path = f"/api/v1/orgs/{cast.org.slug}/calls/{call.pk}/applications/{application.pk}/decision/"
    practitioner = APIClient()
    practitioner.force_authenticate(cast.practitioner)
    assert practitioner.post(path, {"decision": "accepted"}, format="json").status_code == 403
    lead = APIClient()
    lead.force_authenticate(cast.lead)
    response = lead.post(path, {"decision": "accepted"}, format="json")
    assert response.status_code == 200
    assert response.json()["partner"] == Partner.objects.get().pk
    assert lead.post(path, {"decision": "accepted"}, format="json").status_code == 200
    assert Partner.objects.count() == 1


def test_declined_and_withdrawn_applications_are_anonymised_after_the_organizations_period(cast):
    LeaderSettings.objects.create(organization=cast.org, anonymise_after_days=30)
    call = make_call(cast.community)
    other_call = make_call(cast.other_org_community)  # the default 180 days
    declined = make_application(call, name="Dora Declined")
    withdrawn = make_application(call, name="Wen Withdrawn")
    waiting = make_application(call, name="Wanda Waiting")
    elsewhere = make_application(other_call, name="Ed Elsewhere")
    Application.objects.filter(pk=declined.pk).update(
        status="declined", decided_at=datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    )
    Application.objects.filter(pk=withdrawn.pk).update(
        status="withdrawn", withdrawn_at=datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
    )
    Application.objects.filter(pk=waiting.pk).update(
        status="waitlisted", decided_at=datetime(2025, 1, 1, tzinfo=UTC)
    )
    Application.objects.filter(pk=elsewhere.pk).update(
        status="declined", decided_at=datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    )
    assert anonymise_due(datetime(2026, 1, 31, 11, 59, tzinfo=UTC)) == 0
    assert anonymise_due(datetime(2026, 1, 31, 12, 0, tzinfo=UTC)) == 1  # 30 days after the decision
    assert anonymise_due(datetime(2026, 2, 9, 9, 0, tzinfo=UTC)) == 1  # 30 days after the withdrawal
    assert anonymise_due(datetime(2026, 6, 30, 12, 0, tzinfo=UTC)) == 1  # the other org: 180 days
    assert anonymise_due(datetime(2027, 1, 1, tzinfo=UTC)) == 0
    declined.refresh_from_db()
    assert declined.name == "Anonymised applicant"
    assert (declined.email, declined.phone, declined.address, declined.answers, declined.access_notes) == (
        "",
        "",
        "",
        {},
        "",
    )
    assert declined.anonymised_at is not None
    waiting.refresh_from_db()
    assert waiting.name == "Wanda Waiting"
    history = Application.history.model
    kept = {f.name for f in history._meta.get_fields()}
    assert not kept & {"name", "email", "phone", "address", "answers", "access_notes"}
    assert not history.objects.filter(pk=declined.pk).exists() or all(
        "Dora" not in str(row.__dict__) for row in history.objects.filter(id=declined.pk)
    )


def test_the_rubric_starts_with_strengths_beyond_credentials_and_can_be_changed(client, cast):
    client.force_login(cast.admin)
    page = client.get(f"/o/{cast.org.slug}/leaders/settings/review/").content.decode()
    assert "Lived experience of the system" in page
    criteria = list(RubricCriterion.objects.filter(organization=cast.org).order_by("position"))
    assert len(criteria) == 5 and sum(c.beyond_credentials for c in criteria) >= 2
    added = rubric.do_add_criterion(cast.org, acting_user=cast.admin, name="Courage to speak up")
    assert added.position == 6
    rubric.do_move_criterion(added, acting_user=cast.admin, direction="up")
    names = list(
        RubricCriterion.objects.filter(organization=cast.org)
        .order_by("position")
        .values_list("name", flat=True)
    )
    assert names[4:] == ["Courage to speak up", "Willingness to learn"]
    with pytest.raises(WriteError):
        rubric.do_add_criterion(cast.org, acting_user=cast.admin, name="courage to speak up")
    rubric.do_set_criterion_active(added, acting_user=cast.admin, active=False)
    assert not RubricCriterion.objects.get(pk=added.pk).active
    response = client.post(
        f"/o/{cast.org.slug}/leaders/settings/review/", {"save_settings": "1", "anonymise_after_days": "90"}
    )
    assert response.status_code == 302
    assert LeaderSettings.objects.get(organization=cast.org).anonymise_after_days == 90
    response = client.post(
        f"/o/{cast.org.slug}/leaders/settings/review/", {"save_settings": "1", "anonymise_after_days": "0"}
    )
    assert response.status_code == 200 and LeaderSettings.objects.get().anonymise_after_days == 90


def test_a_decision_not_offered_is_refused_at_the_field(client, cast):
    call = make_call(cast.community)
    application = make_application(call)
    client.force_login(cast.lead)
    response = client.post(decide_url(call, application), {"decision": "maybe", "message": "Hi"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_the_command_anonymises_what_is_due(cast):
    from io import StringIO

    from django.core.management import call_command

    call = make_call(cast.community)
    old = make_application(call, name="Old Applicant")
    Application.objects.filter(pk=old.pk).update(
        status="declined", decided_at=timezone.now() - timedelta(days=181)
    )
    out = StringIO()
    call_command("anonymise-applications", stdout=out)
    assert "1 application" in out.getvalue()
    assert Application.objects.get(pk=old.pk).name == "Anonymised applicant"
