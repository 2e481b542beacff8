"""The partner pages as a team lead and a practitioner use them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.core.models import Stage
from cocreate.partners import actions
from cocreate.partners.coverage import community_gaps, portfolio_gap_counts
from cocreate.partners.models import EngagementChange, Level, Partner, PartnerType

from .helpers import area, riverside_parent


def url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/{suffix}"


def test_it_adds_a_partner_with_availability_and_consent(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        url(cast, "partners/new/"),
        {
            "name": "Rosa Díaz",
            "partner_type": PartnerType.COMMUNITY,
            "lived_experience": "on",
            "languages": "Spanish",
            "email": "Rosa@Example.org",
            "available_days": ["1", "3"],
            "available_times": ["evening"],
            "consent_on": "2026-11-01",
            "consent_wording": "You may email me about the family advisory group.",
        },
    )
    partner = Partner.objects.get(name="Rosa Díaz")
    assert response["Location"] == url(cast, f"partners/{partner.pk}/")
    assert partner.email == "rosa@example.org" and partner.available_days == [1, 3]
    assert partner.organization == cast.org and partner.lived_experience
    page = client.get(response["Location"]).content.decode()
    assert "Tuesday, Thursday" in page and "Evening" in page


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "ana@example.org"}, "email"),
        ({"consent_wording": "Yes please"}, "consent_on"),
        ({"partner_type": "parent"}, "partner_type"),
        ({"name": ""}, "name"),
    ],
)
def test_it_rejects_bad_partner_details_next_to_the_field(client, cast, data, field):
    riverside_parent(cast)
    client.force_login(cast.lead)
    form = {"name": "New person", "partner_type": PartnerType.AGENCY, **data}
    response = client.post(url(cast, "partners/new/"), form)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert Partner.objects.filter(community=cast.community).count() == 1


def test_it_moves_a_partner_up_the_ladder_with_a_reason_and_shows_the_history(client, cast):
    parent = riverside_parent(cast)
    client.force_login(cast.lead)
    co_creation = area(cast.community)
    client.post(
        url(cast, f"partners/{parent.pk}/levels/{co_creation.pk}/"),
        {"current": Level.CONSULT, "planned": Level.COLLABORATE, "reason": "Came to two listening sessions."},
    )
    client.post(
        url(cast, f"partners/{parent.pk}/levels/{co_creation.pk}/"),
        {"current": Level.INVOLVE, "planned": Level.COLLABORATE, "reason": "Joined the planning group."},
    )
    changes = list(EngagementChange.objects.filter(partner=parent))
    assert [(c.from_current, c.to_current) for c in changes] == [
        (Level.CONSULT, Level.INVOLVE),
        (None, Level.CONSULT),
    ]
    assert changes[0].changed_by == cast.lead
    parent.refresh_from_db()
    assert parent.last_engaged_on == timezone.localdate()
    page = client.get(url(cast, f"partners/{parent.pk}/")).content.decode()
    assert "Joined the planning group." in page and "Came to two listening sessions." in page
    assert "planned: Collaborate" in page


def test_it_refuses_a_level_change_that_changes_nothing_or_has_no_reason(client, cast):
    parent = riverside_parent(cast)
    actions.do_set_level(parent, area(cast.community), current=2, planned=3, reason="start", acting_user=None)
    client.force_login(cast.lead)
    target = url(cast, f"partners/{parent.pk}/levels/{area(cast.community).pk}/")
    same = client.post(target, {"current": 2, "planned": 3, "reason": "again"}).content.decode()
    assert "Nothing changed" in same
    blank = client.post(target, {"current": 4, "planned": 4, "reason": "  "}).content.decode()
    assert 'id="id_reason_error"' in blank
    assert EngagementChange.objects.filter(partner=parent).count() == 1


def test_it_shows_contact_details_only_to_the_people_who_engage_partners(client, cast):
    parent = riverside_parent(cast)
    for who, sees in [
        (cast.lead, True),
        (cast.practitioner, True),
        (cast.admin, True),
        (cast.funder, False),
        (cast.evaluator, False),
        (cast.partner, False),
    ]:
        client.force_login(who)
        page = client.get(url(cast, f"partners/{parent.pk}/")).content.decode()
        assert ("555-0101" in page) is sees, who
        assert "Ana Ruiz" in page


def test_the_gap_list_names_missing_types_thin_teams_and_partners_below_plan(cast):
    parent = riverside_parent(cast)
    long_ago = timezone.now() - timedelta(days=90)
    Partner.objects.filter(pk=parent.pk).update(created_at=long_ago)  # at the table for months
    gaps = community_gaps(cast.community)
    assert set(gaps.missing_types) == set(PartnerType) - {PartnerType.COMMUNITY}
    assert gaps.no_level_types == [PartnerType.COMMUNITY]  # no level recorded yet: not "informed"
    assert gaps.inform_only_types == []
    assert [(t.name, n) for t, n in gaps.thin_teams] == [("Implementation team", 0)]
    assert gaps.stale == [parent]  # never engaged

    actions.do_set_level(
        parent,
        area(cast.community),
        current=Level.CONSULT,
        planned=Level.COLLABORATE,
        reason="r",
        acting_user=None,
    )
    actions.do_place_on_team(cast.team, partner=parent, title="Family leader")
    second = actions.do_create_partner(
        cast.community, name="Li Wei", partner_type=PartnerType.COMMUNITY, lived_experience=True
    )
    Partner.objects.filter(pk=second.pk).update(created_at=long_ago)
    actions.do_place_on_team(cast.team, partner=second, title="Family leader")
    gaps = community_gaps(cast.community)
    assert gaps.inform_only_types == [] and gaps.no_level_types == []
    assert gaps.thin_teams == []
    assert gaps.below_plan == [parent]
    assert gaps.stale == [second]


def test_a_partner_engaged_long_ago_counts_as_quiet(cast, settings):
    settings.PARTNER_STALE_DAYS = 30
    parent = riverside_parent(cast)
    actions.do_record_engagement(parent, on=timezone.localdate() - timedelta(days=31))
    assert community_gaps(cast.community).stale == [parent]
    actions.do_record_engagement(parent)
    assert community_gaps(cast.community).stale == []


def test_it_shows_gaps_on_the_community_page_and_in_the_portfolio(client, cast):
    riverside_parent(cast)
    client.force_login(cast.practitioner)
    community_page = client.get(url(cast)).content.decode()
    assert "Not at the table yet" in community_page and "Recruit a bench" in community_page
    portfolio = client.get(f"/o/{cast.org.slug}/").content.decode()
    assert "4 types missing" in portfolio and "1 team needs a bench" in portfolio
    counts = portfolio_gap_counts([cast.community.pk, cast.other_community.pk])
    assert counts[cast.other_community.pk]["missing_types"] == 5


def test_it_filters_partners_below_their_plan_as_a_fragment(client, cast):
    parent = riverside_parent(cast)
    actions.do_create_partner(cast.community, name="Bo Agency", partner_type=PartnerType.AGENCY)
    actions.do_set_level(parent, area(cast.community), current=1, planned=3, reason="r", acting_user=None)
    client.force_login(cast.lead)
    page = client.get(url(cast, "partners/?show=below_plan"), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in page and "Ana Ruiz" in page and "Bo Agency" not in page


def test_a_community_can_add_its_own_area_of_work(client, cast):
    riverside_parent(cast)
    client.force_login(cast.lead)
    client.post(url(cast, "areas/new/"), {"name": "Youth advisory council"})
    assert "Youth advisory council" in client.get(url(cast, "partners/")).content.decode()
    assert cast.community.engagement_areas.count() == 6


def test_it_places_a_partner_on_a_team_once_per_role(client, cast):
    parent = riverside_parent(cast)
    client.force_login(cast.lead)
    data = {"team": cast.team.pk, "title": "Family leader", "responsibilities": "Co-chairs the meetings."}
    client.post(url(cast, f"partners/{parent.pk}/roles/new/"), data)
    again = client.post(url(cast, f"partners/{parent.pk}/roles/new/"), data)
    assert 'id="id_title_error"' in again.content.decode()
    assert parent.team_roles.count() == 1


def test_it_cannot_use_another_communitys_area_or_team(client, cast):
    parent = riverside_parent(cast)
    client.force_login(cast.admin)
    other_area = area(cast.other_community)
    assert client.get(url(cast, f"partners/{parent.pk}/levels/{other_area.pk}/")).status_code == 404
    from cocreate.core.actions import do_create_team
    from cocreate.partners.models import TeamRole

    lake_team = do_create_team(cast.other_community, name="Lakeview team")
    client.post(url(cast, f"partners/{parent.pk}/roles/new/"), {"team": lake_team.pk, "title": "x"})
    assert not TeamRole.objects.exists()


def test_new_communities_start_with_the_five_domains_and_a_plan(cast):
    from cocreate.core.actions import do_create_community

    community = do_create_community(cast.initiative, name="Hillside", stage=Stage.EXPLORATION)
    assert [a.key for a in community.engagement_areas.all()] == [
        "co-creation",
        "leadership",
        "workforce",
        "quality",
        "media",
    ]
    assert community.engagement_plan.version == 1


def add_partners(cast, n):
    for i in range(n):
        p = actions.do_create_partner(cast.community, name=f"Person {i:03}", partner_type=PartnerType.AGENCY)
        actions.do_set_level(p, area(cast.community), current=2, planned=3, reason="r", acting_user=cast.lead)
        actions.do_place_on_team(cast.team, partner=p, title="Member")


def test_the_partner_list_query_count_is_flat(client, cast, django_assert_num_queries):
    riverside_parent(cast)
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    # session, user, memberships; community; areas; page count; partners; their levels
    with django_assert_num_queries(8):
        client.get(url(cast, "partners/"))
    add_partners(cast, 30)
    with django_assert_num_queries(8):
        response = client.get(url(cast, "partners/"))
    assert "Person 023" in response.content.decode()


def test_the_partner_page_query_count_is_flat(client, cast, django_assert_num_queries):
    parent = riverside_parent(cast)
    client.force_login(cast.lead)
    client.get(f"/o/{cast.org.slug}/me/")
    # session, user, memberships; community; partner; areas; levels; changes (with area, who); roles (with team);
    # her record as a community leader
    with django_assert_num_queries(10):
        client.get(url(cast, f"partners/{parent.pk}/"))
    for key in ["co-creation", "leadership", "workforce", "quality", "media"]:
        for level in (2, 3, 4):
            actions.do_set_level(
                parent, area(cast.community, key), current=level, planned=5, reason="r", acting_user=cast.lead
            )
    actions.do_place_on_team(cast.team, partner=parent, title="Family leader")
    with django_assert_num_queries(10):
        client.get(url(cast, f"partners/{parent.pk}/"))


def test_the_charts_page_draws_both_charts_with_their_numbers(client, cast, django_assert_num_queries):
    parent = riverside_parent(cast)
    actions.do_set_level(
        parent, area(cast.community), current=3, planned=4, reason="r", acting_user=cast.lead
    )
    client.force_login(cast.funder)
    client.get(f"/o/{cast.org.slug}/me/")
    # session, user, memberships; community; areas; one query per chart
    with django_assert_num_queries(7):
        page = client.get(url(cast, "partners/charts/?area=co-creation")).content.decode()
    assert 'id="chart-partner-types"' in page and 'id="chart-ladder"' in page
    assert "Community member" in page
    add_partners(cast, 10)
    with django_assert_num_queries(7):
        client.get(url(cast, "partners/charts/"))


def test_it_links_a_partner_to_a_member_of_the_community_only(client, cast):
    client.force_login(cast.lead)
    base = {"name": "Paz", "partner_type": PartnerType.COMMUNITY}
    foreign = client.post(url(cast, "partners/new/"), {**base, "user": cast.other_community_lead.pk})
    assert 'id="id_user_error"' in foreign.content.decode()
    client.post(url(cast, "partners/new/"), {**base, "user": cast.partner.pk})
    partner = Partner.objects.get(name="Paz")
    assert partner.user == cast.partner
    assert "Has a sign-in" in client.get(url(cast, f"partners/{partner.pk}/")).content.decode()
