"""The practitioner's portfolio: the communities they support, recent hours, and what they delivered."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from cocreate.core import actions as core_actions
from cocreate.core.models import Role

from .helpers import log

TODAY = timezone.localdate


def url(cast):
    return f"/o/{cast.org.slug}/support/portfolio/"


def row_for(response, community):
    return next(row for row in response.context["rows"] if row.community == community)


def test_it_shows_recent_support_per_community_and_what_i_facilitated(client, cast):
    log(cast, hours="1.5", day=TODAY() - timedelta(days=5))
    log(cast, by=cast.admin, hours="2.0", day=TODAY() - timedelta(days=10))  # the admin's, in my community
    log(cast, hours="3.0", day=TODAY() - timedelta(days=120))  # too old for "last 90 days"
    client.force_login(cast.practitioner)
    response = client.get(url(cast))
    assert [row.community for row in response.context["rows"]] == [cast.community]
    riverside = row_for(response, cast.community)
    assert (riverside.recent_hours, riverside.recent_events, riverside.my_recent_hours) == (
        Decimal("3.5"),
        2,
        Decimal("1.5"),
    )
    assert riverside.last_event == TODAY() - timedelta(days=5)
    page = response.content.decode()
    assert "Your support portfolio" in page and "Descriptive, not evidence of effect." in page
    # The months: only what I facilitated (1.5 + 3.0 hours; the 120-day-old session is within 12 months).
    assert (response.context["total_events"], response.context["total_hours"]) == (2, "4.5")


def test_it_adds_communities_where_i_facilitated_without_serving_them(client, cast):
    log(cast, cast.other_community, by=cast.admin, facilitators=[cast.practitioner], hours="1.0")
    client.force_login(cast.admin)
    response = client.get(url(cast), {"who": cast.practitioner.pk})
    rows = {row.community: row for row in response.context["rows"]}
    assert set(rows) == {cast.community, cast.other_community}
    assert rows[cast.community].serves and not rows[cast.other_community].serves
    assert rows[cast.other_community].my_recent_hours == Decimal("1.0")
    page = response.content.decode()
    assert "Support portfolio of Pat Practitioner" in page and "(facilitated only)" in page
    # The practitioner does not see Lakeview: a community they cannot open stays out of their portfolio.
    client.force_login(cast.practitioner)
    own = client.get(url(cast))
    assert [row.community for row in own.context["rows"]] == [cast.community]


def test_only_network_admins_choose_whose_portfolio(client, cast):
    client.force_login(cast.practitioner)
    response = client.get(url(cast), {"who": cast.admin.pk})
    assert response.context["owner"] == cast.practitioner
    assert response.context["practitioners"] == []
    client.force_login(cast.admin)
    assert client.get(url(cast), {"who": cast.lead.pk}).status_code == 404  # not a practitioner
    assert client.get(url(cast), {"who": "nobody"}).status_code == 404
    assert client.get(url(cast), {"who": cast.practitioner.pk}).status_code == 200
    assert cast.practitioner in client.get(url(cast)).context["practitioners"]


def test_the_portfolio_query_count_is_flat(client, cast, django_assert_num_queries):
    log(cast)
    client.force_login(cast.admin)
    client.get(url(cast), {"who": cast.practitioner.pk})
    # session, user, memberships, the practitioner chosen, the portfolio's communities, recent support per
    # community, the support they facilitated by month, the practitioners to choose from
    with django_assert_num_queries(8):
        client.get(url(cast), {"who": cast.practitioner.pk})
    for i in range(6):
        community = core_actions.do_create_community(cast.initiative, name=f"Extra {i}")
        core_actions.do_add_membership(
            cast.org, user=cast.practitioner, role=Role.PRACTITIONER, community=community
        )
        for k in range(5):
            log(cast, community, day=TODAY() - timedelta(days=11 * k), domains=["co-creation", "media"])
    with django_assert_num_queries(8):
        response = client.get(url(cast), {"who": cast.practitioner.pk})
    assert len(response.context["rows"]) == 7


def test_the_chart_of_what_i_facilitated_comes_with_the_hours_by_function(client, cast):
    log(cast, hours="1.5", function="pec")
    log(cast, by=cast.admin, hours="2.0", function="is")  # not mine
    client.force_login(cast.practitioner)
    page = client.get(url(cast)).content.decode()
    assert 'data-chart-spec-url="/o/sic/support/portfolio/charts/hours-by-month.json"' in page
    spec = client.get(f"{url(cast)}charts/hours-by-month.json").json()
    assert [(row["function"], row["hours"]) for row in spec["data"]["values"]] == [
        ("Partnership and engagement", 1.5)
    ]
    client.force_login(cast.admin)
    theirs = client.get(f"{url(cast)}charts/hours-by-month.json", {"who": cast.practitioner.pk}).json()
    assert [row["hours"] for row in theirs["data"]["values"]] == [1.5]
