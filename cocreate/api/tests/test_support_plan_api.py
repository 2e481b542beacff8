"""The implementation-support plan through the API: published versions only, as the plan page shows
them, in a fixed number of queries."""

from __future__ import annotations

from cocreate.support import plan as support_plan
from cocreate.support.tests.test_plan import activity, publish

from .test_planning_api import api_as


def url(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/support-plan/{suffix}"


def test_it_lists_published_versions_and_serves_one_with_its_activities(cast):
    publish(cast, [activity(title="Monthly coaching", stage="installation", functions=["is"])])
    publish(
        cast, [activity(title="Monthly coaching"), activity(title="Data review", functions=["redl", "is"])]
    )
    support_plan.do_save_support_plan_draft(  # a draft stays with the staff, on the pages
        cast.community,
        acting_user=cast.practitioner,
        purpose="Not yet shared",
        how_we_work="",
        activities=[activity(title="Secret draft activity")],
    )
    client = api_as(cast.partner)
    listing = client.get(url(cast)).json()
    assert [(v["number"], v["activity_count"]) for v in listing["results"]] == [(2, 2), (1, 1)]
    assert listing["results"][0]["published_by"] == cast.practitioner.display_name

    v2 = client.get(url(cast, "2/")).json()
    assert v2["purpose"] and "Secret draft activity" not in str(v2)
    data_review = next(a for a in v2["activities"] if a["title"] == "Data review")
    assert sorted(data_review["functions"]) == ["is", "redl"] and len(data_review["function_labels"]) == 2
    assert data_review["stage_label"] and data_review["providers"]
    assert client.get(url(cast, "3/")).status_code == 404  # the draft has no number


def test_an_empty_plan_is_an_empty_list(cast):
    assert api_as(cast.funder).get(url(cast)).json()["results"] == []


def test_the_query_counts_are_flat(cast, django_assert_num_queries):
    publish(cast, [activity(title="Monthly coaching")])
    client = api_as(cast.lead)
    client.get(url(cast))  # warm-up
    # token, memberships (tenant), community, count, versions with publisher and activity counts
    with django_assert_num_queries(5):
        client.get(url(cast))
    # ... and one version: token, memberships, community, the version, its activities, their providers
    with django_assert_num_queries(6):
        client.get(url(cast, "1/"))
    for n in range(4):
        publish(cast, [activity(title=f"Activity {i}") for i in range(n + 3)])
    with django_assert_num_queries(5):
        assert len(client.get(url(cast)).json()["results"]) == 5
    with django_assert_num_queries(6):
        assert len(client.get(url(cast, "5/")).json()["activities"]) == 6
