"""The steps board in the API: read the board, rate a step with the version read (stale refused)."""

import pytest

from cocreate.steps.models import StepRating
from cocreate.steps.tests.helpers import rated

pytestmark = pytest.mark.django_db


def url(c, suffix=""):
    return f"/api/v1/orgs/{c.org.slug}/communities/{c.community.slug}/steps/{suffix}"


def test_it_reads_the_board(client, cast):
    rated(cast, 3, notes="Agreement drafted")
    client.force_login(cast.funder)
    body = client.get(url(cast)).json()
    assert [s["number"] for s in body["steps"]] == list(range(1, 9))
    third = body["steps"][2]
    assert (third["rating"], third["notes"], third["version"]) == ("starting", "Agreement drafted", 1)
    assert (
        third["facts"] and third["suggestions"][0]["text"] == "No shared agreement yet: draft one together."
    )
    assert {row["rating"]: row["count"] for row in body["summary"]} == {
        "not_started": 7,
        "starting": 1,
        "under_way": 0,
        "strong": 0,
    }


def test_it_rates_a_step_and_refuses_a_stale_version(client, cast):
    client.force_login(cast.partner)
    first = client.patch(
        url(cast, "2/"), {"rating": "under_way", "version": 0}, content_type="application/json"
    )
    assert first.status_code == 200 and first.json()["version"] == 1
    again = client.patch(url(cast, "2/"), {"notes": "Late", "version": 0}, content_type="application/json")
    assert again.status_code == 409
    ok = client.patch(
        url(cast, "2/"),
        {"notes": "Met the funder"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert ok.status_code == 200 and ok.json()["rating"] == "under_way"
    stale = client.patch(
        url(cast, "2/"), {"notes": "Mine"}, content_type="application/json", headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412 and stale.json()["current_version"] == 2
    row = StepRating.objects.get(community=cast.community, step=2)
    assert (row.notes, row.version) == ("Met the funder", 2)


def test_it_lets_only_the_team_rate(client, cast):
    client.force_login(cast.funder)
    assert (
        client.patch(url(cast, "2/"), {"rating": "strong"}, content_type="application/json").status_code
        == 403
    )
    client.force_login(cast.partner)
    assert (
        client.patch(url(cast, "9/"), {"rating": "strong"}, content_type="application/json").status_code
        == 404
    )


def test_the_board_query_count_is_flat(client, cast, django_assert_num_queries):
    client.force_login(cast.partner)
    client.get(url(cast))  # the first request of a session also saves the session
    # session, user, memberships, the community, the ratings, every figure at once
    with django_assert_num_queries(6):
        client.get(url(cast))
    for step in range(1, 9):
        rated(cast, step)
    with django_assert_num_queries(6):
        client.get(url(cast))
