"""Versions of a community's texts in other languages through the API: read by everyone who sees the
community, written and listed as needed by translators, staleness told, hidden texts kept hidden."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cocreate.core.actions import do_save_translation
from cocreate.meetings.tests.helpers import record
from cocreate.planning import actions as planning

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def riverside(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/translations/{suffix}"


def test_a_partner_writes_a_version_and_everyone_reads_it(cast):
    decision = record(cast, "Meet on Thursdays")
    body = {"kind": "meetings.decision", "object_id": decision.pk, "field": "title", "language": "es"}
    response = api_as(cast.partner).post(
        riverside(cast), {**body, "text": "Reunirnos los jueves"}, format="json"
    )
    assert response.status_code == 201, response.content
    rows = api_as(cast.funder).get(riverside(cast)).json()["results"]
    assert rows == [
        {**body, "text": "Reunirnos los jueves", "stale": False, "updated_at": rows[0]["updated_at"]}
    ]
    # The original changes: the version is stale.
    decision.title = "Meet on Thursdays at six"
    decision.save()
    assert (
        api_as(cast.funder).get(riverside(cast), {"kind": "meetings.decision"}).json()["results"][0]["stale"]
    )
    # An empty text removes it.
    assert api_as(cast.lead).post(riverside(cast), {**body, "text": ""}, format="json").status_code == 204
    assert api_as(cast.funder).get(riverside(cast)).json()["count"] == 0


def test_it_refuses_what_it_cannot_save(cast):
    goal = planning.do_create_goal(cast.community, acting_user=None, statement="More parents on the team")
    body = {"kind": "planning.goal", "object_id": goal.pk, "field": "statement", "text": "x"}
    client = api_as(cast.lead)
    assert client.post(riverside(cast), {**body, "language": "en"}, format="json").status_code == 400
    assert client.post(riverside(cast), {**body, "language": "de"}, format="json").status_code == 400
    assert (
        client.post(riverside(cast), {**body, "field": "status", "language": "es"}, format="json").status_code
        == 400
    )
    assert (
        client.post(riverside(cast), {**body, "kind": "nope", "language": "es"}, format="json").status_code
        == 404
    )
    assert (
        api_as(cast.funder).post(riverside(cast), {**body, "language": "es"}, format="json").status_code
        == 403
    )


def test_a_staff_only_decision_and_its_versions_stay_with_staff(cast):
    hidden = record(cast, "Staff rota", visible_to_community=False)
    do_save_translation(
        hidden, acting_user=cast.lead, field="title", language="es", text="Turnos del personal"
    )
    assert api_as(cast.lead).get(riverside(cast)).json()["count"] == 1
    assert api_as(cast.partner).get(riverside(cast)).json()["count"] == 0
    needed = api_as(cast.partner).get(riverside(cast, "needed/")).json()
    assert all(row["original"] != "Staff rota" for row in needed["results"])
    body = {
        "kind": "meetings.decision",
        "object_id": hidden.pk,
        "field": "title",
        "language": "es",
        "text": "x",
    }
    assert api_as(cast.partner).post(riverside(cast), body, format="json").status_code == 404


def test_the_needed_list_says_what_is_missing(cast):
    goal = planning.do_create_goal(cast.community, acting_user=None, statement="More parents on the team")
    rows = api_as(cast.partner).get(riverside(cast, "needed/")).json()["results"]
    assert rows == [
        {
            "kind": "planning.goal",
            "object_id": goal.pk,
            "field": "statement",
            "language": "es",
            "original": "More parents on the team",
            "original_language": "en",
            "stale": False,
            "existing": "",
        }
    ]


def test_the_lists_query_counts_are_flat(cast, django_assert_num_queries):
    client = api_as(cast.funder)
    translator = api_as(cast.lead)
    client.get(riverside(cast))
    translator.get(riverside(cast, "needed/"))
    # token (+user), memberships, community; one per kind of text (what she may read, eight), the page
    # count and the versions: none when nothing is written yet. Calls for community leaders are public.
    with django_assert_num_queries(11):
        client.get(riverside(cast))
    with django_assert_num_queries(12):  # token, memberships, community, one per kind, the versions
        translator.get(riverside(cast, "needed/"))
    for i in range(12):
        goal = planning.do_create_goal(cast.community, acting_user=None, statement=f"Goal {i}")
        do_save_translation(goal, acting_user=None, field="statement", language="es", text=f"Meta {i}")
        planning.do_create_goal(cast.community, acting_user=None, statement=f"Untranslated {i}")
    with django_assert_num_queries(13):
        assert client.get(riverside(cast)).json()["count"] == 12
    with django_assert_num_queries(12):
        assert translator.get(riverside(cast, "needed/")).json()["count"] == 12
