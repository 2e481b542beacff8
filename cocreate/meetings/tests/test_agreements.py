"""The shared agreement: drafted by staff, published as numbered versions, acknowledged by the team."""

import pytest

from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.meetings import actions
from cocreate.meetings.models import Acknowledgement, AgreementVersion

from .helpers import full_answers, publish


def url(cast, tail=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/agreement/{tail}"


def form_data(answers):
    return {f"{q}_{col}": text for q, columns in answers.items() for col, text in columns.items()}


def test_it_publishes_a_draft_as_version_one_from_the_edit_page(client, cast):
    client.force_login(cast.lead)
    r = client.post(url(cast, "edit/"), {**form_data(full_answers("hear every voice")), "publish": "1"})
    assert r.status_code == 302
    r = client.get(url(cast), follow=True)
    assert "Version 1, published on" in r.text
    assert "hear every voice (decide)" in r.text
    assert "How will we make decisions?" in r.text


def test_it_saves_a_draft_without_publishing_it(client, cast):
    v1 = publish(cast, "v1 words")
    client.force_login(cast.practitioner)
    data = form_data(full_answers("draft words"))
    assert client.post(url(cast, "edit/"), {**data, "save": "1"}).status_code == 302
    r = client.get(url(cast))
    assert "v1 words" in r.text and "draft words" not in r.text  # the team still reads version 1
    assert "Publish the draft" in r.text
    # The draft picks up where it was left.
    assert "draft words (conflict)" in client.get(url(cast, "edit/")).text
    assert AgreementVersion.objects.get(community=cast.community, number=1) == v1


def test_it_refuses_to_publish_with_unanswered_questions(client, cast):
    answers = full_answers()
    answers["conflict"] = {"always": "", "sometimes": "  ", "never": ""}
    client.force_login(cast.lead)
    r = client.post(url(cast, "edit/"), {**form_data(answers), "publish": "1"})
    assert r.status_code == 200
    assert "Answer every question before publishing" in r.text
    assert "How will we handle conflict constructively?" in r.text
    # The words typed are kept as a draft, nothing is published.
    assert not AgreementVersion.objects.filter(community=cast.community, number__isnull=False).exists()
    assert AgreementVersion.objects.filter(community=cast.community, number__isnull=True).exists()


def test_it_refuses_answers_that_are_too_long(client, cast):
    client.force_login(cast.lead)
    data = form_data(full_answers())
    data["discuss_never"] = "x" * 2001
    r = client.post(url(cast, "edit/"), {**data, "save": "1"})
    assert r.status_code == 200
    assert "Ensure this value has at most 2000 characters" in r.text
    assert not AgreementVersion.objects.exists()


def test_it_says_when_there_is_no_draft_to_publish(client, cast):
    client.force_login(cast.lead)
    r = client.post(url(cast, "publish/"), follow=True)
    assert "There is no draft to publish" in r.text


def test_it_shows_who_has_acknowledged_and_who_has_not(client, cast):
    english(cast.partner)  # the cast's parent reads Spanish; these assertions are in English
    publish(cast)
    client.force_login(cast.partner)
    r = client.post(url(cast, "acknowledge/"), {"version": "1"}, follow=True)
    assert "acknowledged version 1" in r.text  # Spanish reader: the .po is filled in later
    client.force_login(cast.lead)
    r = client.get(url(cast))
    acked, pending = r.text.split('id="pending-h"')
    assert "Paz Parent" in acked
    assert "Lee Lead" in pending and "Pat Practitioner" in pending
    assert "Paz Parent" not in pending
    assert "I have read and agree" in r.text  # the lead has not yet


def test_it_asks_everyone_again_when_a_new_version_is_published(client, cast):
    english(cast.partner)  # the cast's parent reads Spanish; these assertions are in English
    v1 = publish(cast, "first")
    for person in (cast.lead, cast.partner):
        actions.do_acknowledge_agreement(v1, acting_user=person)
    v2 = publish(cast, "second")
    assert v2.number == 2
    client.force_login(cast.partner)
    r = client.get(url(cast))
    assert "Version 2" in r.text and "second (discuss)" in r.text
    assert "I have read and agree" in r.text
    assert "Acknowledged (0)" in r.text
    # Version 1 stays readable as published, with its place in the list.
    r = client.get(url(cast, "v1/"))
    assert "first (discuss)" in r.text and "kept as it was published" in r.text
    assert Acknowledgement.objects.filter(version=v1).count() == 2


def test_it_refuses_to_acknowledge_an_outdated_version(client, cast):
    english(cast.partner)  # the cast's parent reads Spanish; these assertions are in English
    publish(cast, "first")
    publish(cast, "second")
    client.force_login(cast.partner)
    r = client.post(url(cast, "acknowledge/"), {"version": "1"}, follow=True)
    assert "A newer version of the agreement has been published" in r.text
    assert not Acknowledgement.objects.exists()


def test_it_acknowledges_once(client, cast):
    publish(cast)
    client.force_login(cast.lead)
    client.post(url(cast, "acknowledge/"), {"version": "1"})
    client.post(url(cast, "acknowledge/"), {"version": "1"})
    assert Acknowledgement.objects.count() == 1
    assert "You have read and agreed to this version." in client.get(url(cast)).text


def test_it_shows_nothing_to_acknowledge_to_funders(client, cast):
    publish(cast)
    client.force_login(cast.funder)
    r = client.get(url(cast))
    assert r.status_code == 200
    assert "I have read and agree" not in r.text and "Propose changes" not in r.text
    assert client.post(url(cast, "acknowledge/")).status_code == 403


def test_it_keeps_other_organizations_out(client, cast):
    publish(cast)
    client.force_login(cast.other_org_lead)
    assert client.get(url(cast)).status_code == 404
    assert client.get(url(cast, "v1/")).status_code == 404


def test_it_answers_404_for_a_version_that_does_not_exist(client, cast):
    publish(cast)
    client.force_login(cast.lead)
    assert client.get(url(cast, "v2/")).status_code == 404


def test_it_keeps_each_community_to_its_own_versions(client, cast):
    publish(cast, "riverside")
    publish(cast, "lakeview", community=cast.other_community)
    client.force_login(cast.admin)
    r = client.get(url(cast))
    assert "riverside (discuss)" in r.text and "lakeview" not in r.text


def test_it_links_the_agreement_from_the_community_page(client, cast):
    client.force_login(cast.partner)
    r = client.get(f"/o/{cast.org.slug}/c/{cast.community.slug}/")
    assert url(cast) in r.text


def test_it_keeps_the_history_of_a_draft(cast):
    actions.do_save_agreement_draft(cast.community, acting_user=cast.lead, answers=full_answers("one"))
    draft = actions.do_save_agreement_draft(
        cast.community, acting_user=cast.lead, answers=full_answers("two")
    )
    answer = draft.answers.get(question="discuss")
    assert [h.always for h in answer.history.order_by("history_date")] == ["one (discuss)", "two (discuss)"]


@pytest.mark.parametrize("n", [3, 30])
def test_it_keeps_the_agreement_page_query_count_flat(client, cast, django_assert_num_queries, n):
    v1 = publish(cast)
    for i in range(n):
        person = member(f"p{i}@example.org", cast.org, Role.PARTNER, cast.community, name=f"Partner {i}")
        if i % 2:
            actions.do_acknowledge_agreement(v1, acting_user=person)
    client.force_login(cast.lead)
    client.get(url(cast))  # warm-up
    # session, user, tenant memberships, community, versions, answers, acknowledgements (+users),
    # team members, draft, the answers' versions in other languages; the same with 3 or 30 members.
    with django_assert_num_queries(10):
        r = client.get(url(cast))
    assert f"Acknowledged ({n // 2})" in r.text


def test_it_asks_a_newcomer_to_acknowledge_the_current_version(client, cast):
    publish(cast)
    member("new@example.org", cast.org, Role.PARTNER, cast.community, name="Nia New")
    client.force_login(cast.lead)
    pending = client.get(url(cast)).text.split('id="pending-h"')[1]
    assert "Nia New" in pending


def english(user) -> None:
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])


def test_it_publishes_one_version_when_eight_people_press_publish_together(client, cast):
    """Each saw the page without a version and pressed "Publish the draft": one version 1, no error."""
    actions.do_save_agreement_draft(cast.community, acting_user=cast.lead, answers=full_answers())
    client.force_login(cast.lead)
    page = client.get(url(cast))
    assert 'name="based_on" value="0"' in page.text
    for _ in range(8):
        r = client.post(url(cast, "publish/"), {"based_on": "0"}, follow=True)
        assert r.status_code == 200
        assert "Version 1 published." in r.text
    assert list(
        AgreementVersion.objects.filter(community=cast.community).values_list("number", flat=True)
    ) == [1]


def test_it_refuses_a_save_that_started_before_someone_elses(client, cast):
    client.force_login(cast.lead)
    page = client.get(url(cast, "edit/"))
    token = page.context["form"]["started_from"].value()
    first = {**form_data(full_answers("Dana's words")), "started_from": token, "save": "1"}
    assert client.post(url(cast, "edit/"), first).status_code == 302
    second = {**form_data(full_answers("Priya's words")), "started_from": token, "save": "1"}
    r = client.post(url(cast, "edit/"), second)
    assert r.status_code == 200
    assert "Someone else changed this document while you were editing it." in r.text
    assert "Priya&#x27;s words (decide)" in r.text  # the text is still in the form
    draft = actions.draft_of(cast.community)
    assert draft.answers.get(question="decide").always == "Dana's words (decide)"
    # Saving again, after reading, goes through.
    again = {**second, "started_from": r.context["form"]["started_from"].value()}
    assert client.post(url(cast, "edit/"), again).status_code == 302
    assert actions.draft_of(cast.community).answers.get(question="decide").always == "Priya's words (decide)"
