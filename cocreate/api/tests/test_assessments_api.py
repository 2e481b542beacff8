"""Assessments through the API: the same rules as the pages (results for everyone in the community,
answers by invitation only, never who said what), and query counts that do not grow with the data."""

import pytest
from django.core.management import call_command

from cocreate.assessments import actions
from cocreate.assessments.instruments import copy_to_organization, publish
from cocreate.assessments.models import Administration, Invitee, Perspective, Response
from cocreate.assessments.tests.helpers import answer, builtin, open_round, team_version
from cocreate.conftest import make_user

from .test_api import api_as, riverside

EVERY_ITEM = ["cc-involved", "cc-plan", "cc-feedback", "lt-team", "lt-roles"]


def rounds_url(cast, suffix=""):
    return riverside(cast, f"administrations/{suffix}")


def agreed_round(cast):
    """A closed round: four people rated alone (twice as the lead did, twice as the parent did), then
    the team agreed three items."""
    adm = open_round(cast, title="Spring check")
    extra = make_user(f"extra{Administration.objects.count()}@example.org", name="Ext Ra")
    actions.do_invite(adm, users=[extra])
    lead = {"cc-involved": 2, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 2}
    parent = {"cc-involved": 0, "cc-plan": 1, "cc-feedback": 1, "lt-team": 2, "lt-roles": 1}
    for user, values in (
        (cast.lead, lead),
        (cast.partner, parent),
        (cast.practitioner, lead),
        (extra, parent),
    ):
        answer(adm, user, values)
    actions.do_start_consensus(adm)
    for key, value in (("cc-involved", 0), ("cc-plan", 1), ("lt-team", 2)):
        actions.do_record_consensus(
            adm, acting_user=cast.lead, item=adm.version.items.get(key=key), value=value
        )
    actions.do_close(adm)
    return adm


def add_respondents(adm, n, *, perspective=Perspective.PROFESSIONAL, value=1, start=0):
    """`n` more people invited and answering (`value` for every item)."""
    for i in range(start, start + n):
        user = make_user(f"r-{str(perspective)}-{i}@example.org", name=f"Rater {i}")
        if perspective == Perspective.LIVED:  # read from the partner record when they answer
            from cocreate.partners.actions import do_create_partner
            from cocreate.partners.models import PartnerType

            do_create_partner(
                adm.community,
                name=user.name,
                partner_type=PartnerType.COMMUNITY,
                lived_experience=True,
                user=user,
            )
        actions.do_invite(adm, users=[user])
        answer(adm, user, value)


# Who may ---------------------------------------------------------------------------------------------------


def test_it_hides_rounds_from_people_outside_the_community(cast):
    adm = agreed_round(cast)
    for who in ("other_community_lead", "other_org_admin", "outsider"):
        client = api_as(getattr(cast, who))
        assert client.get(rounds_url(cast)).status_code == 404, who
        assert client.get(rounds_url(cast, f"{adm.pk}/")).status_code == 404, who


def test_it_hides_a_round_of_another_community(cast):
    lakeview = actions.do_open_administration(
        cast.other_community, version=team_version(), acting_user=cast.admin
    )
    assert api_as(cast.lead).get(rounds_url(cast, f"{lakeview.pk}/")).status_code == 404


def test_it_lets_only_invitees_answer(cast):
    adm = open_round(cast, invitees=[cast.partner])
    data = {"answers": dict.fromkeys(EVERY_ITEM, 1)}
    for who in ("lead", "practitioner", "funder", "admin"):  # may see the round, were not invited
        response = api_as(getattr(cast, who)).post(
            rounds_url(cast, f"{adm.pk}/response/"), data, format="json"
        )
        assert response.status_code == 404, who
    assert not Response.objects.filter(administration=adm).exists()


@pytest.mark.parametrize("who, status", [("evaluator", 200), ("other_community_lead", 200), ("partner", 403)])
def test_it_opens_the_instrument_library_to_staff_and_evaluators(cast, who, status):
    client = api_as(getattr(cast, who))
    assert client.get(f"/api/v1/orgs/{cast.org.slug}/instruments/").status_code == status
    assert (
        client.get(f"/api/v1/orgs/{cast.org.slug}/instruments/{builtin('partnership').pk}/").status_code
        == status
    )


def test_it_keeps_another_organizations_instruments_out_of_the_library(cast):
    theirs = copy_to_organization(builtin("partnership"), cast.other_org, cast.other_org_admin)
    publish(theirs)
    client = api_as(cast.practitioner)
    rows = client.get(f"/api/v1/orgs/{cast.org.slug}/instruments/").json()["results"]
    assert theirs.pk not in [row["id"] for row in rows]
    assert client.get(f"/api/v1/orgs/{cast.org.slug}/instruments/{theirs.pk}/").status_code == 404


# What it says ----------------------------------------------------------------------------------------------


def test_it_lists_rounds_with_their_scores_in_the_readers_language(cast):
    adm = agreed_round(cast)
    open_round(cast, title="Autumn check")
    rows = api_as(cast.partner).get(rounds_url(cast), HTTP_ACCEPT_LANGUAGE="es").json()["results"]
    assert [row["title"] for row in rows] == ["Autumn check", "Spring check"]
    spring = rows[1]
    assert spring["id"] == adm.pk
    assert spring["instrument_name"] == "Revisión de capacidad"
    assert spring["instrument_name_en"] == "Capacity check"
    assert (spring["status"], spring["invited_count"], spring["response_count"]) == ("closed", 4, 4)
    assert spring["closed_at"] and spring["version_number"] == 1
    # Agreed: 0, 1, 2; means of the others: 1 and 1.5 -> 5.5 of 10 possible.
    assert spring["scores"] == {
        "total": 55.0,
        "sections": {"co-creation": 33.3, "leadership": 87.5},
        "agreed": 3,
    }
    assert rows[0]["scores"] == {"total": None, "sections": {}, "agreed": 0}


def test_it_shows_a_rounds_results_item_by_item_without_who_said_what(cast):
    adm = agreed_round(cast)
    response = api_as(cast.funder).get(rounds_url(cast, f"{adm.pk}/"))
    got = response.json()
    assert got["target"] == 80.0 and got["scoring"] == "percent"
    assert got["sections"] == [
        {"key": "co-creation", "title": "Co-creation partners", "score": 33.3, "below_target": True},
        {"key": "leadership", "title": "Leadership and teams", "score": 87.5, "below_target": False},
    ]
    items = {row["key"]: row for row in got["items"]}
    assert list(items) == EVERY_ITEM
    assert items["cc-involved"] == {
        "key": "cc-involved",
        "section": "co-creation",
        "text": "All five partner types are involved",
        "value": 0.0,
        "agreed": True,
        "score": 0.0,
        "below_target": True,
        "withheld": False,
    }
    assert items["lt-roles"]["agreed"] is False and items["lt-roles"]["value"] == 1.5
    assert got["alignment"] is None  # not a paired instrument
    text = response.content.decode()
    for person in (cast.lead, cast.partner):
        assert person.email not in text and person.name not in text


def test_it_shows_alignment_only_for_groups_of_three_or_more(cast):
    adm = actions.do_open_administration(
        cast.community, version=builtin("partnership"), acting_user=cast.practitioner
    )
    add_respondents(adm, 3, perspective=Perspective.PROFESSIONAL, value=1)
    add_respondents(adm, 2, perspective=Perspective.LIVED, value=0)
    actions.do_close(adm)
    client = api_as(cast.lead)
    rows = client.get(rounds_url(cast, f"{adm.pk}/")).json()["alignment"]
    assert len(rows) == 5
    # Two people: not shown, nor the professionals' share beside them (the pooled score minus it
    # would give the two away).
    assert rows[0]["shares"] == {"professional": None, "lived": None}
    assert rows[0]["sizes"] == {"professional": None, "lived": None} and rows[0]["gap"] is None
    three = actions.do_open_administration(
        cast.community, version=builtin("partnership"), acting_user=cast.practitioner
    )
    add_respondents(three, 3, perspective=Perspective.PROFESSIONAL, value=1, start=10)
    add_respondents(three, 3, perspective=Perspective.LIVED, value=0, start=10)
    actions.do_close(three)
    rows = client.get(rounds_url(cast, f"{three.pk}/")).json()["alignment"]
    assert rows[0]["shares"] == {"professional": 100.0, "lived": 0.0}
    assert rows[0]["gap"] == 100.0 and rows[0]["flagged"] is True


def test_it_lists_the_library_and_gives_a_full_definition(cast):
    own = copy_to_organization(team_version(), cast.org, cast.admin)
    publish(own)
    client = api_as(cast.practitioner)
    rows = client.get(f"/api/v1/orgs/{cast.org.slug}/instruments/", HTTP_ACCEPT_LANGUAGE="es").json()[
        "results"
    ]
    by_id = {row["id"]: row for row in rows}
    partnership = by_id[builtin("partnership").pk]
    assert (partnership["key"], partnership["builtin"], partnership["paired"]) == ("partnership", True, True)
    assert (partnership["section_count"], partnership["item_count"]) == (1, 5)
    assert (
        partnership["name"] == "Evaluación de la alianza"
        and partnership["name_en"] == "Partnership assessment"
    )
    assert by_id[own.pk]["builtin"] is False and by_id[own.pk]["item_count"] == 5
    definition = client.get(f"/api/v1/orgs/{cast.org.slug}/instruments/{partnership['id']}/").json()
    assert definition["key"] == "partnership" and definition["status"] == "published"
    assert [point["value"] for point in definition["scale"]] == [1, 0]
    item = definition["sections"][0]["items"][0]
    assert item["key"] == "expertise" and set(item["wordings"]["lived"]) == {"en", "es"}


# Answering -------------------------------------------------------------------------------------------------


def test_an_invitee_sends_their_answers(cast):
    adm = open_round(cast)
    data = {
        "answers": {**dict.fromkeys(EVERY_ITEM, 2), "cc-plan": 0},
        "evidence": {"cc-plan": "No written plan yet"},
        "reflections": {"strengths": "We listen to families"},
    }
    response = api_as(cast.partner).post(rounds_url(cast, f"{adm.pk}/response/"), data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json() == {"administration": adm.pk, "anonymous": False, "response_count": 1}
    saved = Response.objects.get(administration=adm)
    assert saved.respondent == cast.partner and saved.answers["cc-plan"] == 0
    assert saved.evidence == {"cc-plan": "No written plan yet"}
    assert saved.reflections == {"strengths": "We listen to families"}
    assert Invitee.objects.get(administration=adm, user=cast.partner).submitted_at is not None
    assert Administration.objects.get(pk=adm.pk).scores["total"] is None  # collecting: nothing shows


def test_an_invitee_may_answer_without_their_name(cast):
    adm = open_round(cast)
    data = {"answers": dict.fromkeys(EVERY_ITEM, 1), "anonymous": True}
    response = api_as(cast.lead).post(rounds_url(cast, f"{adm.pk}/response/"), data, format="json")
    assert response.status_code == 201 and response.json()["anonymous"] is True
    saved = Response.objects.get(administration=adm)
    assert saved.respondent is None and saved.submitted_at is None


def test_it_rejects_missing_and_off_scale_answers_item_by_item(cast):
    adm = open_round(cast)
    answers = {"cc-involved": 1, "cc-plan": 7, "cc-feedback": 1, "lt-team": "x"}
    response = api_as(cast.lead).post(
        rounds_url(cast, f"{adm.pk}/response/"), {"answers": answers}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"answers": {"lt-team": ["A valid integer is required."]}}
    answers["lt-team"] = 2
    response = api_as(cast.lead).post(
        rounds_url(cast, f"{adm.pk}/response/"), {"answers": answers}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "answers": {
            "cc-plan": ["Choose one of the answers offered."],
            "lt-roles": ["Choose an answer for this question."],
        }
    }
    assert not Response.objects.filter(administration=adm).exists()
    assert Invitee.objects.get(administration=adm, user=cast.lead).submitted_at is None


def test_it_refuses_a_second_answer_and_a_round_no_longer_collecting(cast):
    adm = open_round(cast)
    client = api_as(cast.lead)
    data = {"answers": dict.fromkeys(EVERY_ITEM, 1)}
    assert client.post(rounds_url(cast, f"{adm.pk}/response/"), data, format="json").status_code == 201
    adm.refresh_from_db()
    again = client.post(rounds_url(cast, f"{adm.pk}/response/"), data, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["You have already sent your answers for this assessment."]}
    actions.do_start_consensus(adm)
    late = api_as(cast.partner).post(rounds_url(cast, f"{adm.pk}/response/"), data, format="json")
    assert late.status_code == 400
    assert late.json() == {"non_field_errors": ["Answers for this assessment are no longer being collected."]}
    assert Response.objects.filter(administration=adm).count() == 1


# Query budgets: flat however much there is ------------------------------------------------------------------


def test_the_round_list_query_count_is_flat(cast, django_assert_num_queries):
    client = api_as(cast.lead)
    for _ in range(2):
        open_round(cast)
    # token (+user), memberships, community (+initiative), page count, page of rounds (+versions, invitees)
    with django_assert_num_queries(5):
        assert client.get(rounds_url(cast)).json()["count"] == 2
    for _ in range(18):
        open_round(cast)
    with django_assert_num_queries(5):
        rows = client.get(rounds_url(cast)).json()["results"]
    assert len(rows) == 20 and {row["invited_count"] for row in rows} == {3}


def test_the_results_query_count_is_flat(cast, django_assert_num_queries):
    adm = open_round(cast)
    answer(adm, cast.lead, 1)
    answer(adm, cast.partner, 2)
    client = api_as(cast.practitioner)
    # token (+user), memberships, community (+initiative), round (+version, instrument), responses,
    # agreed values, gap flags, this instrument's rounds (the results page's reads), invitee count.
    # A published version's items are read once per process.
    with django_assert_num_queries(9):
        assert client.get(rounds_url(cast, f"{adm.pk}/")).json()["response_count"] == 2
    add_respondents(adm, 28)
    with django_assert_num_queries(9):
        got = client.get(rounds_url(cast, f"{adm.pk}/")).json()
    assert got["response_count"] == 30 and got["invited_count"] == 31


def test_the_library_query_counts_are_flat(cast, django_assert_num_queries):
    client = api_as(cast.evaluator)
    url = f"/api/v1/orgs/{cast.org.slug}/instruments/"
    team_version()  # a built-in (of the tests) to adapt below
    # token (+user), memberships, page count, page of versions (+instruments, counts as subqueries)
    with django_assert_num_queries(4):
        before = client.get(url).json()["count"]
    publish(copy_to_organization(team_version(), cast.org, cast.admin))
    publish(copy_to_organization(builtin("partnership"), cast.org, cast.admin))
    with django_assert_num_queries(4):
        assert client.get(url).json()["count"] == before + 2
    one = f"{url}{builtin('partnership').pk}/"
    # token, memberships, version (+instrument), items, sections
    with django_assert_num_queries(5):
        assert client.get(one).json()["key"] == "partnership"


def test_the_schema_describes_the_assessment_endpoints(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    schema = (tmp_path / "schema.yaml").read_text()
    for path in (
        "/api/v1/orgs/{org}/communities/{slug}/administrations/{id}/response/:",
        "/api/v1/orgs/{org}/instruments/{id}/:",
    ):
        assert path in schema


def test_it_withholds_the_scores_of_a_round_until_it_stops_collecting_answers(cast):
    adm = open_round(cast, anonymous=True)
    answer(adm, cast.lead, 2)
    got = api_as(cast.practitioner).get(rounds_url(cast, f"{adm.pk}/")).json()
    assert all(item["score"] is None and item["value"] is None for item in got["items"])
    assert all(section["score"] is None for section in got["sections"])
    listed = next(
        r for r in api_as(cast.practitioner).get(rounds_url(cast)).json()["results"] if r["id"] == adm.pk
    )
    assert listed["scores"] == {"total": None, "sections": {}, "agreed": 0}
    answer(adm, cast.partner, 1)
    answer(adm, cast.practitioner, 0)
    listed = next(
        r for r in api_as(cast.practitioner).get(rounds_url(cast)).json()["results"] if r["id"] == adm.pk
    )
    assert listed["scores"]["total"] is None  # three answers, but one more could still come
    actions.do_start_consensus(adm)
    listed = next(
        r for r in api_as(cast.practitioner).get(rounds_url(cast)).json()["results"] if r["id"] == adm.pk
    )
    assert listed["scores"]["total"] is not None
