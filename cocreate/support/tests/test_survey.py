"""Sending the interim-outcomes survey to the people who attended a session, and seeing where it stands."""

import pytest
from django.core import mail

from cocreate.assessments import actions as assessment_actions
from cocreate.assessments.models import Administration, Invitee
from cocreate.assessments.tests.helpers import answer
from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType
from cocreate.partners.tests.helpers import riverside_parent
from cocreate.support import actions
from cocreate.support.models import EventSurvey
from cocreate.support.queries.surveys import survey_recipients

from .helpers import log


def url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/support/{suffix}"


def paz_record(cast):
    """Paz's partner record, linked to her sign-in (she prefers Spanish)."""
    return partner_actions.do_create_partner(
        cast.community, name="Paz Parent", partner_type=PartnerType.COMMUNITY, user=cast.partner
    )


def session_with_attendees(cast):
    """Paz (a partner linked to her sign-in), Lee (a member) and Ana (a partner with no sign-in)."""
    return log(cast, partners=[paz_record(cast), riverside_parent(cast)], users=[cast.lead])


def test_it_sends_the_survey_to_the_attendees_who_can_sign_in_each_in_their_language(
    client, cast, django_capture_on_commit_callbacks
):
    event = session_with_attendees(cast)
    client.force_login(cast.practitioner)
    page = client.get(url(cast, f"{event.pk}/")).content.decode()
    assert "Send the survey to 2 attendees" in page
    assert "1 partner who attended has no sign-in and is not asked." in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(cast, f"{event.pk}/survey/"), {"anonymous": "on"}, follow=True)

    survey = EventSurvey.objects.get(event=event)
    adm = survey.administration
    assert adm.instrument_key == "interim-outcomes" and adm.anonymous and adm.community == cast.community
    assert adm.opened_by == cast.practitioner and survey.sent_by == cast.practitioner
    assert set(Invitee.objects.filter(administration=adm).values_list("user_id", flat=True)) == {
        cast.partner.pk,
        cast.lead.pk,
    }
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {cast.partner.email, cast.lead.email}
    assert "¿Cómo va el apoyo?" in by_person[cast.partner.email].subject
    assert "How is the support going?" in by_person[cast.lead.email].subject
    page = response.content.decode()
    assert "The interim-outcomes survey is on its way to 2 people, each in their own language." in page
    assert "Answered: 0 of 2 people." in page


def test_it_does_not_send_twice_for_one_session(client, cast):
    event = session_with_attendees(cast)
    client.force_login(cast.practitioner)
    client.post(url(cast, f"{event.pk}/survey/"))
    response = client.post(url(cast, f"{event.pk}/survey/"), follow=True)
    assert "The interim-outcomes survey was already sent for this session." in response.content.decode()
    assert Administration.objects.count() == 1 and EventSurvey.objects.count() == 1
    with pytest.raises(actions.SurveyNotSent):
        actions.do_send_interim_survey(event, acting_user=cast.admin)


def test_nobody_with_a_sign_in_means_nothing_is_sent(client, cast):
    event = log(cast, partners=[riverside_parent(cast)])
    client.force_login(cast.practitioner)
    page = client.get(url(cast, f"{event.pk}/")).content.decode()
    assert "Nobody recorded as attending has a sign-in here" in page
    assert "survey/" not in page  # no button
    response = client.post(url(cast, f"{event.pk}/survey/"), follow=True)
    assert "nobody can be asked" in response.content.decode()
    assert not Administration.objects.exists() and not EventSurvey.objects.exists()


def test_only_people_who_may_open_rounds_can_send_it(client, cast):
    event = session_with_attendees(cast)
    for who in (cast.partner, cast.funder, cast.evaluator):
        client.force_login(who)
        assert client.post(url(cast, f"{event.pk}/survey/")).status_code == 403
        assert "survey/" not in client.get(url(cast, f"{event.pk}/")).content.decode()
    client.force_login(cast.lead)  # team leads run assessments
    assert client.post(url(cast, f"{event.pk}/survey/")).status_code == 302
    assert EventSurvey.objects.filter(event=event).exists()
    assert client.get(url(cast, f"{event.pk}/survey/")).status_code == 405


def test_someone_who_left_the_community_is_not_asked(cast):
    event = session_with_attendees(cast)
    cast.lead.memberships.all().delete()
    assert list(survey_recipients(event)) == [cast.partner]


def test_the_page_shows_how_many_answered_and_links_the_results_once_there_are_some(client, cast):
    event = session_with_attendees(cast)
    survey = actions.do_send_interim_survey(event, acting_user=cast.practitioner, anonymous=False)
    client.force_login(cast.funder)  # sees the status and the results, may not run the round
    page = client.get(url(cast, f"{event.pk}/")).content.decode()
    assert "Answered: 0 of 2 people." in page and "See the results" not in page
    assert "Who has answered" not in page
    answer(survey.administration, cast.lead, 4)
    page = client.get(url(cast, f"{event.pk}/")).content.decode()
    assert "Answered: 1 of 2 people." in page
    assert "results/" not in page  # still collecting answers (assessments.disclosure)
    adm = survey.administration
    third = member("third@example.org", cast.org, Role.PARTNER, cast.community)
    assessment_actions.do_invite(adm, users=[third])
    answer(adm, cast.partner, 3)
    answer(adm, third, 5)
    assessment_actions.do_close(adm)
    page = client.get(url(cast, f"{event.pk}/")).content.decode()
    assert f"assessments/{survey.administration.pk}/results/" in page
    client.force_login(cast.partner)  # Paz reads it in Spanish
    page = client.get(url(cast, f"{event.pk}/")).content.decode()
    assert f"assessments/{survey.administration.pk}/results/" in page and "survey/" not in page


def test_an_anonymous_survey_shows_no_results_link_under_three_answers(client, cast):
    event = session_with_attendees(cast)
    survey = actions.do_send_interim_survey(event, acting_user=cast.practitioner)
    answer(survey.administration, cast.lead, 4)
    client.force_login(cast.practitioner)
    page = client.get(url(cast, f"{event.pk}/")).content.decode()
    assert "Answered: 1 of 2 people." in page
    assert "The scores show once the survey is closed and at least three people have answered" in page
    assert "results/" not in page
    assert f"assessments/{survey.administration.pk}/" in page  # staff: who has answered


def test_the_event_page_with_a_survey_keeps_a_flat_query_count(client, cast, django_assert_num_queries):
    event = session_with_attendees(cast)
    actions.do_send_interim_survey(event, acting_user=cast.practitioner)
    client.force_login(cast.lead)
    client.get(url(cast, f"{event.pk}/"))
    # session, user, memberships, community, event, domains, facilitators, partners, users, goals,
    # actions, the survey with its round, its answered/invited counts, logged by
    with django_assert_num_queries(14):
        client.get(url(cast, f"{event.pk}/"))
    more = [
        partner_actions.do_create_partner(
            cast.community, name=f"Member {i}", partner_type="community", user=_member(cast, i)
        )
        for i in range(12)
    ]
    big = log(cast, partners=more)
    actions.do_send_interim_survey(big, acting_user=cast.practitioner)
    with django_assert_num_queries(14):
        response = client.get(url(cast, f"{big.pk}/"))
    assert "Answered: 0 of 12 people." in response.content.decode()


def _member(cast, i):
    from cocreate.conftest import member
    from cocreate.core.models import Role

    return member(f"m{i}@example.org", cast.org, Role.PARTNER, cast.community, name=f"Member {i}")


def test_the_organizations_own_adaptation_of_the_survey_is_sent_not_another_organizations(cast):
    from cocreate.assessments.tests.helpers import SMALL_TEAM, builtin, team_version
    from cocreate.support.queries.outcomes import interim_version

    assert interim_version(cast.org.pk) == builtin("interim-outcomes")
    adapted = {**SMALL_TEAM, "key": "interim-outcomes", "kind": "survey"}
    team_version(org=cast.other_org, definition=adapted)
    assert interim_version(cast.org.pk) == builtin("interim-outcomes")
    ours = team_version(org=cast.org, definition=adapted)
    assert interim_version(cast.org.pk) == ours
    survey = actions.do_send_interim_survey(session_with_attendees(cast), acting_user=cast.practitioner)
    assert survey.administration.version == ours
