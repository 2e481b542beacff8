"""Answering that fits a phone: "I don't know" (counted, never scored), one section per page saved as
she goes, sections asked of some people only, the perspective read when she answers, and following the
consensus session beside her own answers."""

from __future__ import annotations

import copy
import re

import pytest

from cocreate.assessments import actions, answering, editing, scoring
from cocreate.assessments.instruments import InstrumentError, validate
from cocreate.assessments.models import Audience, Invitee, Perspective, Response
from cocreate.conftest import member
from cocreate.core.errors import WriteError
from cocreate.core.models import Role
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import Partner, PartnerType

from .helpers import SMALL_TEAM, answer, builtin, open_round, team_version

# The small team instrument, with "I don't know" on the co-creation section and on one leadership item.
UNSURE = copy.deepcopy(SMALL_TEAM)
UNSURE["key"] = "capacity-unsure"
UNSURE["sections"][0]["dont_know"] = True
UNSURE["sections"][1]["items"][1]["dont_know"] = True  # lt-roles


def unsure_version():
    return team_version(definition=UNSURE)


def adm_page(adm, path=""):
    return f"/o/{adm.organization.slug}/c/{adm.community.slug}/assessments/{adm.pk}/{path}"


def lived(cast, user, flag=True) -> Partner:
    partner = Partner.objects.filter(community=cast.community, user=user).first()
    if partner is None:
        return partner_actions.do_create_partner(
            cast.community,
            name=user.name,
            partner_type=PartnerType.COMMUNITY,
            lived_experience=flag,
            user=user,
        )
    return partner_actions.do_update_partner(partner, lived_experience=flag)


# "I don't know" -----------------------------------------------------------------------------------

# Worked out by hand (scale 0–2, percent of the maximum, each item the mean of those who rated it).
# Four people, so that every item has three values (disclosure: no figure from fewer than 3 people),
# and the round is closed before anything is read (disclosure: nothing while answers come in):
#   cc-involved  lead 2, partner "I don't know", practitioner 1, admin 2  → 5/3   → 83.3%
#   cc-plan      1, 2, 2, 2                                               → 7/4   → 87.5%
#   cc-feedback  0, 1, 2, 1                                               → 1     → 50.0%
#   lt-team      2, 1, 0, 1                                               → 1     → 50.0%
#   lt-roles     1, "I don't know", 2, 2                                  → 5/3   → 83.3%
#   co-creation  (5/3 + 7/4 + 1) / (2 × 3) = 53/72                       → 73.6%
#   leadership   (1 + 5/3) / (2 × 2) = 2/3                                → 66.7%
#   total        (5/3 + 7/4 + 1 + 1 + 5/3) / (2 × 5) = 85/120            → 70.8%
# Counting "I don't know" as 0 would give cc-involved 5/4 → 62.5% and a total of 6.25/10 → 62.5%.
LEAD = {"cc-involved": 2, "cc-plan": 1, "cc-feedback": 0, "lt-team": 2, "lt-roles": 1}
PARTNER = {"cc-involved": "dk", "cc-plan": 2, "cc-feedback": 1, "lt-team": 1, "lt-roles": "dk"}
PRACTITIONER = {"cc-involved": 1, "cc-plan": 2, "cc-feedback": 2, "lt-team": 0, "lt-roles": 2}
ADMIN = {"cc-involved": 2, "cc-plan": 2, "cc-feedback": 1, "lt-team": 1, "lt-roles": 2}


def four_answers(cast):
    """The round above, answered by four people and closed (so its figures may be shown)."""
    adm = open_round(
        cast, unsure_version(), invitees=[cast.lead, cast.partner, cast.practitioner, cast.admin]
    )
    answer(adm, cast.lead, LEAD)
    response = answer(adm, cast.partner, PARTNER)
    answer(adm, cast.practitioner, PRACTITIONER)
    answer(adm, cast.admin, ADMIN)
    actions.do_close(adm)
    return adm, response


def test_it_leaves_i_dont_know_out_of_the_scores_to_the_decimal(cast):
    adm, response = four_answers(cast)
    assert response.answers == {"cc-plan": 2, "cc-feedback": 1, "lt-team": 1}
    assert sorted(response.dont_know) == ["cc-involved", "lt-roles"]

    results = actions.compute_results(adm)
    assert {k: r.score for k, r in results.items.items()} == {
        "cc-involved": 83.3,
        "cc-plan": 87.5,
        "cc-feedback": 50.0,
        "lt-team": 50.0,
        "lt-roles": 83.3,
    }
    assert results.sections == {"co-creation": 73.6, "leadership": 66.7}
    assert results.total == 70.8
    # The scores the round caches once closed agree with a full recount.
    adm.refresh_from_db()
    assert adm.scores["total"] == 70.8 and adm.scores["items"]["cc-involved"] == 83.3


def test_it_scores_means_without_i_dont_know_to_the_cent():
    answers = [
        {"a": 2, "b": 1},
        {"b": 2},  # "I don't know" on a: never in the answers
        {"a": 1, "b": 2},
    ]
    results = scoring.results(
        items=[("a", "s"), ("b", "s")], answers=answers, agreed={}, method="mean", maximum=2, target=None
    )
    # a: (2 + 1) / 2 = 1.5; b: (1 + 2 + 2) / 3 = 1.6667; section and total: (1.5 + 1.6667) / 2 = 1.5833
    assert results.items["a"].score == 1.5 and results.items["b"].score == 1.67
    assert results.total == 1.58 and results.sections == {"s": 1.58}


def test_it_counts_i_dont_know_per_item_on_the_results_page(client, cast):
    adm, _response = four_answers(cast)
    client.force_login(cast.lead)
    text = client.get(adm_page(adm, "results/")).content.decode()
    assert text.count("1 said “I don't know” (not in the score)") == 2
    assert "70.8%" in text


def test_it_refuses_i_dont_know_where_the_item_does_not_offer_it(cast):
    adm = open_round(cast)  # the plain small team: no "I don't know" anywhere
    with pytest.raises(WriteError) as refused:
        answer(adm, cast.lead, {**LEAD, "cc-plan": "dk"})
    assert "cc-plan" in refused.value.message_dict
    assert not Response.objects.exists()


def test_it_reads_dont_know_and_audience_from_instrument_data():
    definition = validate(UNSURE)
    first, second = definition["sections"]
    assert [i["dont_know"] for i in first["items"]] == [True, True, True]
    assert [i["dont_know"] for i in second["items"]] == [False, True]
    broken = copy.deepcopy(UNSURE)
    broken["sections"][1]["audience"] = "funders"
    with pytest.raises(InstrumentError, match="audience"):
        validate(broken)


def test_the_shipped_instruments_offer_i_dont_know_and_ask_professionals_their_sections(cast):
    capacity = builtin("capacity")
    assert len(capacity.dont_know_keys) == 40
    audiences = dict(capacity.sections.values_list("key", "audience"))
    assert audiences["workforce"] == Audience.PROFESSIONAL and audiences["co-creation"] == Audience.EVERYONE
    assert builtin("coproduction").dont_know_keys


def test_an_editor_turns_i_dont_know_on_and_chooses_who_is_asked_a_section(cast):
    from cocreate.assessments.instruments import copy_to_organization

    draft = copy_to_organization(team_version(), cast.org, cast.admin)
    item = draft.items.get(key="cc-plan")
    assert editing.do_update_item(item, text=item.text, allows_dont_know=True)
    item.refresh_from_db()
    assert item.allows_dont_know
    section = draft.sections.get(key="leadership")
    assert editing.do_rename_section(section, title=section.title, audience=Audience.PROFESSIONAL)
    section.refresh_from_db()
    assert section.audience == Audience.PROFESSIONAL
    with pytest.raises(WriteError):
        editing.do_rename_section(section, title=section.title, audience="nobody")


# Section by section --------------------------------------------------------------------------------


def step_post(number, values, action="next", **extra):
    data = {f"a-{key}": str(value) for key, value in values.items()}
    return {"step": str(number), "action": action, **data, **extra}


def checked(html: str, key: str) -> str | None:
    match = re.search(rf'name="a-{re.escape(key)}" value="(\w+)" checked', html)
    return match.group(1) if match else None


def test_she_answers_one_section_per_page_and_comes_back_where_she_left_off(client, cast):
    adm = open_round(cast, unsure_version())
    client.force_login(cast.lead)
    first = client.get(adm_page(adm, "answer/")).content.decode()
    assert "Section 1 of 2" in first and "0 of 5 questions answered" in first
    assert 'name="a-cc-involved"' in first and 'name="a-lt-team"' not in first
    assert 'value="dk"' in first  # "I don't know" offered on this section

    went_on = client.post(
        adm_page(adm, "answer/"),
        step_post(1, {"cc-involved": "dk", "cc-plan": 2}, **{"e-cc-plan": "The plan is on the wiki"}),
    )
    assert went_on.status_code == 302 and went_on["Location"].endswith("answer/?s=2")
    draft = Invitee.objects.get(administration=adm, user=cast.lead).draft
    assert draft["answers"] == {"cc-plan": 2} and draft["dont_know"] == ["cc-involved"]
    assert draft["evidence"] == {"cc-plan": "The plan is on the wiki"} and draft["at"] == 2

    # She leaves; coming back, she lands on section 2, and section 1 still holds her answers.
    again = client.get(adm_page(adm, "answer/")).content.decode()
    assert "Section 2 of 2" in again and "2 of 5 questions answered" in again
    back = client.get(adm_page(adm, "answer/?s=1")).content.decode()
    assert checked(back, "cc-involved") == "dk" and checked(back, "cc-plan") == "2"
    assert "The plan is on the wiki" in back

    # Saving section 2 keeps section 1; the last page leads to the review.
    reviewed = client.post(adm_page(adm, "answer/"), step_post(2, {"lt-team": 1}, "review"))
    assert reviewed["Location"].endswith("answer/review/")
    draft = Invitee.objects.get(administration=adm, user=cast.lead).draft
    assert draft["answers"] == {"cc-plan": 2, "lt-team": 1} and draft["dont_know"] == ["cc-involved"]


def test_an_autosave_on_change_is_a_real_save(client, cast):
    adm = open_round(cast, unsure_version())
    client.force_login(cast.lead)
    saved = client.post(
        adm_page(adm, "answer/"), step_post(1, {"cc-feedback": 1}, "autosave"), HTTP_HX_REQUEST="true"
    )
    assert saved.status_code == 200
    assert 'id="autosave-status"' in saved.content.decode() and "1 of 5 questions answered" in saved.text
    assert Invitee.objects.get(administration=adm, user=cast.lead).draft["answers"] == {"cc-feedback": 1}


def test_it_shows_a_bad_answer_where_she_gave_it_and_keeps_the_rest(client, cast):
    adm = open_round(cast, unsure_version())
    client.force_login(cast.lead)
    response = client.post(adm_page(adm, "answer/"), step_post(2, {"lt-team": 9, "lt-roles": 1}))
    text = response.content.decode()
    assert response.status_code == 200 and "Section 2 of 2" in text
    assert re.search(r'id="q-lt-team"[^>]*aria-describedby="q-lt-team-error"', text)
    assert "Choose one of the answers offered." in text
    assert checked(text, "lt-roles") == "1"
    # "I don't know" is refused where the item does not offer it (lt-team), the same way.
    refused = client.post(adm_page(adm, "answer/"), step_post(2, {"lt-team": "dk"}))
    assert refused.status_code == 200 and "Choose one of the answers offered." in refused.text
    assert not Invitee.objects.get(administration=adm, user=cast.lead).draft


def test_the_review_lists_what_is_unanswered_and_sends_all_at_once(client, cast):
    adm = open_round(cast, unsure_version())
    client.force_login(cast.lead)
    client.post(adm_page(adm, "answer/"), step_post(1, {"cc-involved": "dk", "cc-plan": 2, "cc-feedback": 1}))
    client.post(adm_page(adm, "answer/"), step_post(2, {"lt-team": 1}, "review"))
    review = client.get(adm_page(adm, "answer/review/")).content.decode()
    assert "4 of 5 questions answered" in review and "1 question still needs an answer" in review
    assert "answer/?s=2&amp;check=1#q-lt-roles" in review

    refused = client.post(adm_page(adm, "answer/review/"), {"action": "submit", "r-strengths": "We listen"})
    assert refused.status_code == 200 and "1 question still needs an answer" in refused.text
    assert not Response.objects.exists()
    assert Invitee.objects.get(administration=adm, user=cast.lead).draft["reflections"] == {
        "strengths": "We listen"
    }
    # The link from the review shows the missing question's error where she answers it.
    there = client.get(adm_page(adm, "answer/?s=2&check=1")).content.decode()
    assert 'id="q-lt-roles-error"' in there and 'id="q-lt-team-error"' not in there

    client.post(adm_page(adm, "answer/"), step_post(2, {"lt-team": 1, "lt-roles": 2}, "review"))
    sent = client.post(adm_page(adm, "answer/review/"), {"action": "submit", "r-strengths": "We listen"})
    assert sent.status_code == 302
    response = Response.objects.get(administration=adm)
    assert response.answers == {"cc-plan": 2, "cc-feedback": 1, "lt-team": 1, "lt-roles": 2}
    assert response.dont_know == ["cc-involved"] and response.reflections == {"strengths": "We listen"}
    invitee = Invitee.objects.get(administration=adm, user=cast.lead)
    assert invitee.submitted_at and invitee.draft == {}
    assert client.get(adm_page(adm, "answer/review/")).status_code == 302  # nothing more to send


def test_the_one_page_form_is_still_there_with_i_dont_know(client, cast):
    adm = open_round(cast, unsure_version())
    client.force_login(cast.lead)
    form = client.get(adm_page(adm, "answer/?all=1")).content.decode()
    assert 'name="a-cc-involved"' in form and 'name="a-lt-roles"' in form and 'name="r-strengths"' in form
    data = {f"a-{k}": str(v) for k, v in PARTNER.items()} | {"action": "submit"}
    assert client.post(adm_page(adm, "answer/"), data).status_code == 302
    assert sorted(Response.objects.get().dont_know) == ["cc-involved", "lt-roles"]


# Sections for some people only ------------------------------------------------------------------------


def lived_people(cast, n: int) -> list:
    """`n` more partners with lived experience in the community (each perspective group shown needs 3)."""
    users = [member(f"lived{i}@example.org", cast.org, Role.PARTNER, cast.community) for i in range(n)]
    for user in users:
        lived(cast, user)
    return users


def test_a_round_asks_partners_with_lived_experience_only_their_sections(client, cast):
    lived(cast, cast.partner)
    others = lived_people(cast, 2)
    people = [cast.lead, cast.partner, cast.practitioner, cast.admin, *others]
    adm = open_round(cast, unsure_version(), invitees=people)
    client.force_login(cast.lead)
    page = client.get(adm_page(adm, "sections/")).content.decode()
    assert "Who is asked which sections" in page
    saved = client.post(adm_page(adm, "sections/"), {"co-creation": "everyone", "leadership": "professional"})
    assert saved.status_code == 302
    adm.refresh_from_db()
    assert adm.audiences == {"leadership": Audience.PROFESSIONAL}

    client.force_login(cast.partner)
    mine = client.get(adm_page(adm, "answer/")).content.decode()
    assert 'name="a-lt-team"' not in mine and "Sección 1 de 1" in mine  # one section: hers
    client.post(adm_page(adm, "answer/"), step_post(1, {"cc-involved": 1, "cc-plan": 1, "cc-feedback": 1}))
    client.post(adm_page(adm, "answer/review/"), {"action": "submit"})
    response = Response.objects.get(respondent=cast.partner)
    assert response.perspective == Perspective.LIVED and response.sections == ["co-creation"]
    assert response.answers == {"cc-involved": 1, "cc-plan": 1, "cc-feedback": 1}

    answer(adm, cast.lead, LEAD)
    lead_response = Response.objects.get(respondent=cast.lead)
    assert lead_response.sections == []  # asked everything

    # Once someone has answered, who is asked what stays as it was.
    with pytest.raises(WriteError):
        actions.do_set_audiences(adm, acting_user=cast.lead, audiences={"leadership": "everyone"})
    client.force_login(cast.lead)
    refused = client.post(adm_page(adm, "sections/"), {"co-creation": "everyone", "leadership": "everyone"})
    assert refused.status_code == 302
    adm.refresh_from_db()
    assert adm.audiences == {"leadership": Audience.PROFESSIONAL}

    # Three in each perspective answer, and the round closes: only then are figures and counts shown.
    answer(adm, cast.practitioner, PRACTITIONER)
    answer(adm, cast.admin, ADMIN)
    for user in others:
        answer(adm, user, {"cc-involved": 2, "cc-plan": 2, "cc-feedback": 2})
    actions.do_close(adm)
    # The results say who was asked what; leadership is scored on the three professionals' answers:
    # lt-team (2 + 0 + 1) / 3 = 1, lt-roles (1 + 2 + 2) / 3 = 5/3, (1 + 5/3) / (2 × 2) = 2/3 → 66.7%.
    results = client.get(adm_page(adm, "results/")).content.decode()
    assert "asked of 6 people" in results and "asked of 3 people" in results
    assert actions.compute_results(adm).sections["leadership"] == 66.7


def test_only_staff_choose_who_is_asked_what(client, cast):
    adm = open_round(cast)
    client.force_login(cast.partner)
    assert client.get(adm_page(adm, "sections/")).status_code == 403


# The perspective when she answers --------------------------------------------------------------------


def test_her_perspective_is_read_when_she_answers_and_a_later_change_is_noted(client, cast):
    version = builtin("partnership")
    others = lived_people(cast, 2)  # with her, three with lived experience: the counts may be shown
    people = [cast.lead, cast.partner, cast.practitioner, cast.admin, *others]
    adm = open_round(cast, version, invitees=people)
    invitee = Invitee.objects.get(administration=adm, user=cast.partner)
    assert invitee.perspective == Perspective.PROFESSIONAL  # no partner record when the round opened

    partner = lived(cast, cast.partner)  # recorded after the round opened, before she answers
    client.force_login(cast.partner)
    form = client.get(adm_page(adm, "answer/")).content.decode()
    assert "¿Siento que se respeta el saber que aporto" in form  # the lived-experience wording
    items = [key for key, _s in version.item_keys]
    answer(adm, cast.partner, dict.fromkeys(items, 1))
    assert Response.objects.get(respondent=cast.partner).perspective == Perspective.LIVED
    assert Invitee.objects.get(pk=invitee.pk).perspective == Perspective.LIVED
    for user in (cast.lead, cast.practitioner, cast.admin, *others):
        answer(adm, user, dict.fromkeys(items, 0))
    actions.do_close(adm)  # counts are shown once the round stops collecting answers

    client.force_login(cast.lead)
    assert "partner record changed" not in client.get(adm_page(adm, "results/")).content.decode()
    partner_actions.do_update_partner(partner, lived_experience=False)
    assert answering.perspective_changes(adm) == 1
    text = client.get(adm_page(adm, "results/")).content.decode()
    assert "Since answering, 1 person's partner record changed" in text
    assert cast.partner.name not in text.split("Since answering")[1].split("</p>")[0]
    # Her answers stay counted under the perspective she had.
    assert Response.objects.get(respondent=cast.partner).perspective == Perspective.LIVED


# Following the consensus session ----------------------------------------------------------------------


def in_consensus(cast, *, anonymous=False):
    adm = open_round(cast, unsure_version(), anonymous=anonymous)
    answer(adm, cast.lead, LEAD)
    answer(adm, cast.partner, {**PRACTITIONER, "cc-involved": "dk"})
    actions.do_start_consensus(adm)
    item = adm.version.items.get(key="cc-plan")
    actions.do_record_consensus(adm, acting_user=cast.lead, item=item, value=1, note="Half written")
    return adm


def test_a_partner_follows_the_agreed_values_beside_her_own_answers_only(client, cast):
    adm = in_consensus(cast)
    client.force_login(cast.partner)
    detail = client.get(adm_page(adm)).content.decode()
    assert adm_page(adm, "follow/") in detail
    page = client.get(adm_page(adm, "follow/")).content.decode()
    assert "1 de 5" in page  # items agreed so far, in her language
    row = page.split('id="f-cc-plan"')[1].split("</li>")[0]
    assert "Existe en parte" in row and "Half written" in row  # agreed: 1, "partly in place"
    assert "Existe" in row  # her own answer: 2
    involved = page.split('id="f-cc-involved"')[1].split("</li>")[0]
    assert "No sé" in involved
    assert 'hx-trigger="every 5s"' in page  # refreshes itself during the session
    # Nothing of the lead's answers: the lead rated cc-feedback 0 ("No existe"), she rated it 2.
    feedback = page.split('id="f-cc-feedback"')[1].split("</li>")[0]
    assert "No existe" not in feedback

    polled = client.get(adm_page(adm, "follow/?poll=1"), HTTP_HX_REQUEST="true")
    assert polled.text.lstrip().startswith('<div id="follow-rows"')


def test_an_answer_sent_without_her_name_is_not_shown_even_to_her(client, cast):
    adm = in_consensus(cast, anonymous=True)
    client.force_login(cast.partner)
    page = client.get(adm_page(adm, "follow/")).content.decode()
    assert 'id="f-cc-plan"' in page
    assert "Your answer" not in page and "Tu respuesta" not in page


def test_following_is_only_for_the_people_asked(client, cast):
    adm = in_consensus(cast)
    client.force_login(cast.admin)  # staff, not invited: the consensus page is theirs instead
    assert client.get(adm_page(adm, "follow/")).status_code == 404


# Query budgets ----------------------------------------------------------------------------------------


def more_people(cast, adm, n):
    from .test_run_views import add_people

    return add_people(cast, adm, n)


def test_the_section_page_and_its_save_cost_the_same_however_many_answered(
    client, cast, django_assert_num_queries
):
    adm = open_round(cast, unsure_version())
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    answering.version_items(adm.version)  # a published version's items are read once per process
    # session, user, memberships; the invitation with its round; her partner record
    with django_assert_num_queries(5):
        client.get(adm_page(adm, "answer/?s=2"))
    # ... + savepoint, the invitation locked, the draft saved, release
    with django_assert_num_queries(9):
        client.post(adm_page(adm, "answer/"), step_post(1, {"cc-plan": 1}))
    more_people(cast, adm, 6)
    with django_assert_num_queries(5):
        client.get(adm_page(adm, "answer/?s=2"))
    with django_assert_num_queries(9):
        client.post(adm_page(adm, "answer/"), step_post(1, {"cc-plan": 2}))


def test_the_review_page_query_count_is_flat(client, cast, django_assert_num_queries):
    adm = open_round(cast, unsure_version())
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    answering.version_items(adm.version)
    # session, user, memberships; the invitation with its round; her partner record
    with django_assert_num_queries(5):
        client.get(adm_page(adm, "answer/review/"))
    more_people(cast, adm, 6)
    with django_assert_num_queries(5):
        client.get(adm_page(adm, "answer/review/"))


def test_the_follow_page_query_count_is_flat(client, cast, django_assert_num_queries):
    adm = in_consensus(cast)
    client.force_login(cast.partner)
    client.get(f"/o/{cast.org.slug}/me/")
    answering.version_items(adm.version)
    # session, user, memberships; the invitation with its round; the agreed values; her own response
    with django_assert_num_queries(6):
        client.get(adm_page(adm, "follow/"))
    for item in adm.version.items.all():
        actions.do_record_consensus(adm, acting_user=cast.lead, item=item, value=2)
    with django_assert_num_queries(6):
        response = client.get(adm_page(adm, "follow/"))
    assert "5 de 5" in response.text or "5 of 5" in response.text


def test_the_sections_page_query_count_is_flat(client, cast, django_assert_num_queries):
    adm = open_round(cast, unsure_version())
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    # session, user, memberships; the community; the round; its sections
    with django_assert_num_queries(6):
        client.get(adm_page(adm, "sections/"))
    Invitee.objects.filter(administration=adm).delete()
    with django_assert_num_queries(6):
        client.get(adm_page(adm, "sections/"))


def test_the_api_takes_i_dont_know_beside_the_answers(cast):
    from cocreate.api.tests.test_api import api_as

    adm = open_round(cast, unsure_version())
    url = f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/administrations/{adm.pk}/response/"
    data = {
        "answers": {"cc-plan": 2, "cc-feedback": 1, "lt-team": 1, "lt-roles": 0},
        "dont_know": ["cc-involved"],
    }
    response = api_as(cast.lead).post(url, data, format="json")
    assert response.status_code == 201, response.json()
    assert Response.objects.get(administration=adm).dont_know == ["cc-involved"]
