"""Running a round through the pages: open it, answer alone (in Spanish, on a phone, save and come back),
see who has answered, agree item by item, close it."""

from __future__ import annotations

import datetime
import re

from django.core import mail
from django.utils import timezone

from cocreate.assessments import actions, answering
from cocreate.assessments.models import (
    Administration,
    AdministrationStatus,
    Consensus,
    Invitee,
    Perspective,
    Response,
)
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType

from .helpers import answer, builtin, open_round, team_version

ALL_TWO = {"cc-involved": 2, "cc-plan": 2, "cc-feedback": 2, "lt-team": 2, "lt-roles": 2}


def page(c, path=""):
    return f"/o/{c.org.slug}/c/{c.community.slug}/assessments/{path}"


def adm_page(adm, path=""):
    return f"/o/{adm.organization.slug}/c/{adm.community.slug}/assessments/{adm.pk}/{path}"


def answers_post(values: dict, action="save", **extra):
    data = {f"a-{key}": str(value) for key, value in values.items()}
    data.update(extra)
    data["action"] = action
    return data


def checked(html: str, key: str) -> str | None:
    """The value of the checked radio of item `key`, as the person would see it."""
    match = re.search(rf'name="a-{re.escape(key)}" value="(-?\d+)" checked', html)
    return match.group(1) if match else None


def lived_experience(cast, user):
    partner_actions.do_create_partner(
        cast.community, name=user.name, partner_type=PartnerType.COMMUNITY, lived_experience=True, user=user
    )


# Opening ----------------------------------------------------------------------------------------


def test_it_opens_a_round_for_the_people_chosen(client, cast):
    version = team_version()
    lived_experience(cast, cast.partner)
    client.force_login(cast.lead)
    form = client.get(page(cast, "new/")).content.decode()
    assert "Capacity check (v1)" in form
    assert "Paz Parent · lived experience" in form
    # The community's own people are checked; organization-wide people are there to add on purpose.
    assert re.search(rf'value="{cast.partner.pk}"[^>]*checked', form)
    assert not re.search(rf'value="{cast.funder.pk}"[^>]*checked', form)
    due = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        page(cast, "new/"),
        {
            "version": version.pk,
            "title": "Spring check-in",
            "stage": "installation",
            "due_on": due.isoformat(),
            "invitees": [cast.lead.pk, cast.partner.pk, cast.practitioner.pk],
        },
    )
    adm = Administration.objects.get(title="Spring check-in")
    assert response.status_code == 302 and response["Location"] == adm_page(adm)
    assert adm.due_on == due and not adm.anonymous and adm.opened_by == cast.lead
    assert adm.invitees.get(user=cast.partner).perspective == Perspective.LIVED
    detail = client.get(adm_page(adm)).content.decode()
    assert "3 people have been emailed the link" in detail
    assert "0 of 3 people asked have answered" in detail


def test_it_refuses_a_due_date_in_the_past_and_nobody_invited(client, cast):
    version = team_version()
    client.force_login(cast.lead)
    response = client.post(
        page(cast, "new/"),
        {"version": version.pk, "stage": "installation", "due_on": "2020-01-01"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "The due date is in the past" in text
    assert "Choose at least one person to answer" in text
    assert not Administration.objects.exists()


def test_it_emails_each_invitee_in_their_language(client, cast, django_capture_on_commit_callbacks):
    version = team_version()
    client.force_login(cast.lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            page(cast, "new/"),
            {"version": version.pk, "stage": "installation", "invitees": [cast.lead.pk, cast.partner.pk]},
        )
    adm = Administration.objects.get()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {cast.lead.email, cast.partner.email}
    assert "Revisión de capacidad" in by_person[cast.partner.email].subject
    assert "Capacity check" in by_person[cast.lead.email].subject
    assert adm_page(adm, "answer/") in by_person[cast.partner.email].body


def test_it_invites_more_people_later(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the lead's invitation goes out at once
        adm = open_round(cast, invitees=[cast.lead])
    mail.outbox.clear()
    client.force_login(cast.practitioner)
    detail = client.get(adm_page(adm)).content.decode()
    assert f'value="{cast.partner.pk}"' in detail  # offered; the lead is already invited
    assert f'name="invitees" value="{cast.lead.pk}"' not in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(adm_page(adm, "invite/"), {"invitees": [cast.partner.pk]})
    assert response.status_code == 302
    assert [m.to[0] for m in mail.outbox] == [cast.partner.email]
    assert adm.invitees.filter(user=cast.partner).exists()
    assert "1 more person has been emailed" in client.get(adm_page(adm)).content.decode()


# Answering ----------------------------------------------------------------------------------------


def test_it_lets_a_partner_answer_in_spanish_save_and_come_back(client, cast):
    adm = open_round(cast)
    client.force_login(cast.partner)
    detail = client.get(adm_page(adm)).content.decode()
    assert adm_page(adm, "answer/") in detail  # the way in, up front
    form = client.get(adm_page(adm, "answer/?all=1")).content.decode()  # the whole form on one page
    assert '<html lang="es">' in form
    assert "Los cinco tipos participan" in form and "Existe en parte" in form
    assert 'name="a-cc-involved"' in form and 'name="e-cc-involved"' in form and 'name="r-strengths"' in form

    saved = client.post(
        adm_page(adm, "answer/"),
        answers_post({"cc-involved": 1, "cc-plan": 0}, "save", **{"e-cc-plan": "No hay plan escrito"}),
    )
    assert saved.status_code == 302
    # Coming back later: what was saved is there, and the way in says "continue".
    assert adm.invitees.get(user=cast.partner).draft_saved_at is not None
    again = client.get(adm_page(adm, "answer/")).content.decode()
    assert checked(again, "cc-involved") == "1" and checked(again, "cc-plan") == "0"
    assert checked(again, "cc-feedback") is None
    assert "No hay plan escrito" in again
    assert not Response.objects.exists()

    sent = client.post(adm_page(adm, "answer/"), answers_post(ALL_TWO | {"cc-involved": 1}, "submit"))
    assert sent.status_code == 302
    response = Response.objects.get(administration=adm)
    assert response.language == "es" and response.respondent == cast.partner
    assert response.answers["cc-involved"] == 1
    after = client.get(adm_page(adm, "answer/")).content.decode()
    assert 'name="a-cc-involved"' not in after  # a thank-you instead of the form
    assert adm_page(adm) in after


def test_it_keeps_given_answers_when_some_are_missing(client, cast):
    adm = open_round(cast)
    client.force_login(cast.lead)
    response = client.post(
        adm_page(adm, "answer/"),
        answers_post({"cc-involved": 2, "lt-team": 1}, "submit", **{"e-lt-team": "We meet monthly"}),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "3 questions still need an answer" in text
    assert text.count("Choose an answer for this question.") == 3
    assert checked(text, "cc-involved") == "2" and checked(text, "lt-team") == "1"
    assert "We meet monthly" in text
    assert not Response.objects.exists()
    # Kept as a draft too, in case the page is closed now.
    assert adm.invitees.get(user=cast.lead).draft["answers"] == {"cc-involved": 2, "lt-team": 1}


def test_it_shows_an_invitee_the_wording_for_their_perspective(client, cast):
    lived_experience(cast, cast.partner)
    adm = open_round(cast, builtin("partnership"), invitees=[cast.partner, cast.lead])
    client.force_login(cast.partner)
    form = client.get(adm_page(adm, "answer/")).content.decode()
    assert "¿Siento que se respeta el saber que aporto" in form
    assert "¿Veo la experiencia vivida" not in form
    client.force_login(cast.lead)
    assert "Do I see the lived experience" in client.get(adm_page(adm, "answer/")).content.decode()


def test_it_hides_the_answer_page_from_people_not_invited(client, cast):
    adm = open_round(cast, invitees=[cast.partner])
    for who in (cast.practitioner, cast.lead, cast.admin):
        client.force_login(who)
        assert client.get(adm_page(adm, "answer/")).status_code == 404
        assert client.post(adm_page(adm, "answer/"), answers_post(ALL_TWO, "submit")).status_code == 404
    assert not Response.objects.exists()


# Who has answered ---------------------------------------------------------------------------------


def test_it_shows_who_has_answered_but_not_what_in_an_anonymous_round(client, cast):
    adm = open_round(cast, anonymous=True)
    client.force_login(cast.partner)
    form = client.get(adm_page(adm, "answer/")).content.decode()
    assert 'class="anonymous-notice"' in form
    client.post(adm_page(adm, "answer/"), answers_post(ALL_TWO, "submit"))
    response = Response.objects.get(administration=adm)
    assert response.respondent is None and response.submitted_at is None

    client.force_login(cast.lead)
    detail = client.get(adm_page(adm)).content.decode()
    names = re.findall(r"<li>(.+?)\s+<span class=\"(answered|not-yet)\"", detail)
    assert ("Paz Parent", "answered") in names and ("Lee Lead", "not-yet") in names
    assert str(response.pk) not in detail
    assert "1 of 3 people asked have answered" in detail


def test_it_shows_names_only_to_staff(client, cast):
    adm = open_round(cast)
    answer(adm, cast.lead, 1)
    client.force_login(cast.funder)
    detail = client.get(adm_page(adm)).content.decode()
    assert "1 of 3 people asked have answered" in detail
    assert "Lee Lead" not in detail and "Start the consensus session" not in detail


# The consensus session ----------------------------------------------------------------------------


def consensus_round(cast, **kw):
    adm = open_round(cast, **kw)
    # Wide disagreement on the plan (0 vs 2), some on feedback, none elsewhere.
    answer(adm, cast.lead, ALL_TWO | {"cc-feedback": 1}, evidence={"cc-plan": "The plan is in a binder"})
    answer(adm, cast.partner, ALL_TWO | {"cc-plan": 0}, evidence={"cc-plan": "I have never seen it"})
    answer(adm, cast.practitioner, ALL_TWO)
    actions.do_start_consensus(adm)
    return adm


def test_it_starts_the_conversation_where_ratings_differ_most(client, cast):
    adm = consensus_round(cast)
    client.force_login(cast.practitioner)
    text = client.get(adm_page(adm, "consensus/")).content.decode()
    order = [
        text.index(t) for t in ("A written engagement plan exists", "Data feedback loops run", "Roles are")
    ]
    assert order == sorted(order)
    assert "Where are our answers similar?" in text
    assert "The plan is in a binder" in text and "I have never seen it" in text
    assert "Lee Lead" not in text and "Paz Parent" not in text  # the conversation is about the item


def test_it_withholds_the_spread_of_a_small_anonymous_round(client, cast):
    adm = open_round(cast, anonymous=True)
    answer(adm, cast.partner, ALL_TWO, evidence={"cc-plan": "Only I wrote this"})
    answer(adm, cast.lead, ALL_TWO | {"cc-plan": 0})
    actions.do_start_consensus(adm)
    client.force_login(cast.practitioner)
    text = client.get(adm_page(adm, "consensus/")).content.decode()
    assert "Fewer than 3 people answered" in text
    assert "<progress" not in text and "Only I wrote this" not in text
    assert 'name="value"' in text  # the team can still record what it agrees


def test_it_records_an_agreed_value_with_htmx_in_place(client, cast):
    adm = consensus_round(cast)
    item = adm.version.items.get(key="cc-plan")
    client.force_login(cast.lead)
    response = client.post(
        adm_page(adm, f"consensus/{item.pk}/"),
        {"value": "1", "note": "A draft exists; parents have not seen it"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text and f'id="item-{item.pk}"' in text
    assert "Agreed: 1 · Partly in place" in text
    assert 'id="consensus-progress" hx-swap-oob="true"' in text and "1 of 5 items agreed" in text
    consensus = Consensus.objects.get(administration=adm, item=item)
    assert consensus.value == 1 and consensus.recorded_by == cast.lead
    # Changed later, without JavaScript: back to the same item on the page.
    response = client.post(adm_page(adm, f"consensus/{item.pk}/"), {"value": "0"})
    assert response.status_code == 302 and response["Location"].endswith(f"consensus/#item-{item.pk}")
    consensus.refresh_from_db()
    assert consensus.value == 0
    page_text = client.get(adm_page(adm, "consensus/")).content.decode()
    assert "Agreed: 0 · Not in place" in page_text and "1 of 5 items agreed" in page_text


def test_it_says_what_is_missing_when_no_value_is_chosen(client, cast):
    adm = consensus_round(cast)
    item = adm.version.items.get(key="cc-plan")
    client.force_login(cast.lead)
    response = client.post(adm_page(adm, f"consensus/{item.pk}/"), {"note": "x"}, HTTP_HX_REQUEST="true")
    assert "Choose the value the team agreed on." in response.content.decode()
    assert not Consensus.objects.exists()


def test_it_locks_a_closed_round(client, cast):
    adm = consensus_round(cast)
    item = adm.version.items.get(key="cc-plan")
    client.force_login(cast.lead)
    detail = client.get(adm_page(adm)).content.decode()
    assert "Closing locks the assessment" in detail
    client.post(adm_page(adm, "status/"), {"action": "close"})
    adm.refresh_from_db()
    assert adm.status == AdministrationStatus.CLOSED and adm.closed_at

    refused = client.post(adm_page(adm, f"consensus/{item.pk}/"), {"value": "2"}, follow=True)
    assert "This assessment is closed" in refused.content.decode()
    htmx = client.post(adm_page(adm, f"consensus/{item.pk}/"), {"value": "2"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "This assessment is closed" in htmx.content.decode()
    invited = client.post(adm_page(adm, "invite/"), {"invitees": [cast.admin.pk]}, follow=True)
    assert "This assessment is closed" in invited.content.decode()
    again = client.post(adm_page(adm, "status/"), {"action": "consensus"}, follow=True)
    assert "This assessment is closed" in again.content.decode()
    assert not Consensus.objects.exists() and not adm.invitees.filter(user=cast.admin).exists()
    # The consensus page still reads, without forms.
    closed_page = client.get(adm_page(adm, "consensus/")).content.decode()
    assert 'name="value"' not in closed_page and "A written engagement plan exists" in closed_page


def test_it_refuses_answers_once_the_conversation_started(client, cast):
    adm = open_round(cast)
    answer(adm, cast.lead, 1)
    client.force_login(cast.practitioner)
    started = client.post(adm_page(adm, "status/"), {"action": "consensus"})
    assert started["Location"] == adm_page(adm, "consensus/")
    # The practitioner was invited too, and had not answered.
    response = client.post(adm_page(adm, "answer/"), answers_post(ALL_TWO, "submit"), follow=True)
    text = response.content.decode()
    assert "no longer being collected" in text and 'name="a-cc-plan"' not in text
    assert Response.objects.filter(administration=adm).count() == 1


def test_it_explains_why_the_conversation_cannot_start_yet(client, cast):
    adm = open_round(cast)
    client.force_login(cast.lead)
    response = client.post(adm_page(adm, "status/"), {"action": "consensus"}, follow=True)
    assert "Nobody has answered yet" in response.content.decode()
    adm.refresh_from_db()
    assert adm.status == AdministrationStatus.OPEN


# The lists --------------------------------------------------------------------------------------


def test_it_lists_the_communitys_rounds_and_explains_the_practice_when_empty(client, cast):
    client.force_login(cast.funder)
    empty = client.get(page(cast)).content.decode()
    assert "Then the team meets" in empty and "Open an assessment" not in empty
    adm = open_round(cast, title="Spring check-in")
    answer(adm, cast.lead, 1)
    text = client.get(page(cast)).content.decode()
    assert "Spring check-in" in text and "1 of 3" in text
    assert adm_page(adm, "answer/") not in text  # the funder is not asked to answer
    client.force_login(cast.partner)
    assert adm_page(adm, "answer/") in client.get(page(cast)).content.decode()  # the partner is
    client.force_login(cast.lead)
    assert "Open an assessment" in client.get(page(cast)).content.decode()


def test_it_lists_my_invitations_open_ones_first(client, cast):
    done = open_round(cast, title="Answered round")
    answer(done, cast.partner, 1)
    waiting = open_round(cast, title="Waiting round")
    elsewhere = actions.do_open_administration(
        cast.other_community,
        version=team_version(),
        acting_user=cast.admin,
        invitees=[cast.lead],
        title="Lakeview",
    )
    client.force_login(cast.partner)
    text = client.get(f"/o/{cast.org.slug}/assessments/mine/").content.decode()
    assert text.index("Waiting round") < text.index("Answered round")
    assert adm_page(waiting, "answer/") in text and adm_page(done, "answer/") not in text
    assert "Lakeview" not in text
    assert elsewhere.pk


def test_the_organization_page_links_to_assessments(client, cast):
    client.force_login(cast.partner)
    text = client.get(f"/o/{cast.org.slug}/").content.decode()
    assert f"/o/{cast.org.slug}/assessments/mine/" in text
    assert f"/o/{cast.org.slug}/instruments/" not in text
    client.force_login(cast.lead)
    assert f"/o/{cast.org.slug}/instruments/" in client.get(f"/o/{cast.org.slug}/").content.decode()


# Query counts -----------------------------------------------------------------------------------


def add_people(cast, adm, n, *, answered=True):
    from cocreate.conftest import member
    from cocreate.core.models import Role

    users = [
        member(
            f"person{adm.pk}-{i}@example.org", cast.org, Role.PARTNER, cast.community, name=f"Person {i:02}"
        )
        for i in range(n)
    ]
    actions.do_invite(adm, users=users)
    if answered:
        for user in users:
            answer(adm, user, 1, evidence={"cc-plan": f"note {user.pk}"})
    return users


def test_the_detail_page_query_count_is_flat(client, cast, django_assert_num_queries):
    adm = open_round(cast)
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    # session, user, memberships; community; administration (+version); invitees (+user);
    # invite form: memberships, lived-experience partners, people to offer
    with django_assert_num_queries(9):
        client.get(adm_page(adm))
    add_people(cast, adm, 12)
    with django_assert_num_queries(9):
        response = client.get(adm_page(adm))
    assert "Person 11" in response.content.decode()


def test_the_answer_page_query_count_is_flat(client, cast, django_assert_num_queries):
    adm = open_round(cast)
    client.force_login(cast.partner)
    client.get(f"/o/{cast.org.slug}/me/")
    answering.version_items(adm.version)  # a published version's items are read once per process
    # session, user, memberships; the invitation with its round, version and community; her partner
    # record (her perspective, read as she answers)
    with django_assert_num_queries(5):
        client.get(adm_page(adm, "answer/"))
    add_people(cast, adm, 10)
    client.post(adm_page(adm, "answer/"), answers_post({"cc-plan": 1}, "save"))
    with django_assert_num_queries(5):
        response = client.get(adm_page(adm, "answer/"))
    assert checked(response.content.decode(), "cc-plan") == "1"


def test_sending_answers_costs_the_same_however_many_have_answered(client, cast, django_assert_num_queries):
    adm = open_round(cast, invitees=[cast.lead, cast.practitioner])
    every_item = {key: 1 for key, _section in adm.version.item_keys}
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    answering.version_items(adm.version)  # a published version's items are read once per process
    # session, user, memberships; the invitation with its round; savepoint, the round locked, her
    # partner record (her perspective as she answers), the invitation claimed, the response, the
    # round's count and running sums, release
    with django_assert_num_queries(11):
        response = client.post(adm_page(adm, "answer/"), answers_post(every_item, "submit"))
    assert response.status_code == 302
    add_people(cast, adm, 12)
    client.force_login(cast.practitioner)
    client.get(f"/o/{cast.org.slug}/me/")
    with django_assert_num_queries(11):
        client.post(adm_page(adm, "answer/"), answers_post(every_item, "submit"))
    adm.refresh_from_db()
    assert adm.response_count == 14
    assert adm.scores["sums"]["cc-plan"] == [14, 14]


def test_the_consensus_page_query_count_is_flat(client, cast, django_assert_num_queries):
    adm = open_round(cast)
    answer(adm, cast.lead, 1)
    actions.do_start_consensus(adm)
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    # session, user, memberships; community; administration (+version); items (+sections);
    # responses; agreed values
    with django_assert_num_queries(8):
        client.get(adm_page(adm, "consensus/"))
    adm.status = AdministrationStatus.OPEN
    adm.save(update_fields=["status"])
    add_people(cast, adm, 12)
    actions.do_start_consensus(adm)
    for item in adm.version.items.all()[:3]:
        actions.do_record_consensus(adm, acting_user=cast.lead, item=item, value=1)
    with django_assert_num_queries(8):
        response = client.get(adm_page(adm, "consensus/"))
    assert "13 people answered" in response.content.decode()


def test_the_list_page_query_count_is_flat(client, cast, django_assert_num_queries):
    open_round(cast)
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    # session, user, memberships; community; page count; rounds (+version, counts); versions used
    with django_assert_num_queries(7):
        client.get(page(cast))
    for i in range(8):
        add_people(cast, open_round(cast, title=f"Round {i}"), 2, answered=False)
    with django_assert_num_queries(7):
        response = client.get(page(cast))
    assert "Round 7" in response.content.decode()


def test_the_my_assessments_page_query_count_is_flat(client, cast, django_assert_num_queries):
    open_round(cast)
    client.force_login(cast.partner)
    client.get(f"/o/{cast.org.slug}/me/")
    # session, user, memberships; page count; invitations (+round, community, version)
    with django_assert_num_queries(5):
        client.get(f"/o/{cast.org.slug}/assessments/mine/")
    for i in range(8):
        adm = open_round(cast, title=f"Round {i}")
        if i % 2:
            answer(adm, cast.partner, 1)
    with django_assert_num_queries(5):
        response = client.get(f"/o/{cast.org.slug}/assessments/mine/")
    assert "Round 7" in response.content.decode()
    assert Invitee.objects.filter(user=cast.partner).count() == 9


def test_it_lets_a_person_answer_a_named_round_without_their_name(client, cast):
    from cocreate.assessments.models import Response

    from .helpers import open_round

    adm = open_round(cast)
    client.force_login(cast.lead)
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/assessments/{adm.pk}/answer/"
    assert "Send my answers without my name" in client.get(url + "review/").text
    data = {f"a-{key}": "1" for key in adm.version.items.values_list("key", flat=True)}
    client.post(url, {**data, "action": "submit", "anonymous": "1"})
    response = Response.objects.get(administration=adm)
    assert response.respondent is None and response.submitted_at is None
    assert adm.invitees.get(user=cast.lead).submitted_at is not None
