"""Role descriptions: the built-in ones, an organization's adapted copies, and placing a partner from one."""

import pytest
from django.utils.functional import Promise

from cocreate.core import actions as core_actions
from cocreate.partners import actions
from cocreate.partners.models import PartnerType, RoleTemplate, TeamRole
from cocreate.partners.role_templates import BUILTIN_BY_KEY, BUILTIN_ROLES, do_copy_builtin_role, lines

from .helpers import riverside_parent
from .test_plan import warm

REQUIRED = [
    "family-leader",
    "youth-partner",
    "agency-lead",
    "frontline-staff",
    "funder-liaison",
    "evaluator-partner",
    "implementation-support-practitioner",
    "team-facilitator",
]


def templates_url(cast, suffix=""):
    return f"/o/{cast.org.slug}/role-templates/{suffix}"


def place_url(cast, query=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/roles/from-template/{query}"


def test_it_ships_a_complete_translatable_description_for_each_role_a_team_needs():
    assert set(REQUIRED) <= set(BUILTIN_BY_KEY)
    assert len({role.key for role in BUILTIN_ROLES}) == len(BUILTIN_ROLES)
    for role in BUILTIN_ROLES:
        for part in (role.title, role.what_they_bring, role.responsibilities, role.expectations):
            assert isinstance(part, Promise), (
                role.key
            )  # marked for translation, read in each person's language
        assert len(lines(role.responsibilities)) >= 3 and len(lines(role.expectations)) >= 2, role.key
        assert role.partner_type in {"", *PartnerType.values}
    assert BUILTIN_BY_KEY["family-leader"].partner_type == PartnerType.COMMUNITY


def test_it_lists_the_builtin_and_the_organizations_own_descriptions_to_everyone_in_it(client, cast):
    RoleTemplate.objects.create(
        organization=cast.org, title="Parent co-chair", responsibilities="Chair meetings."
    )
    RoleTemplate.objects.create(organization=cast.other_org, title="Their secret role")
    client.force_login(cast.funder)
    page = client.get(templates_url(cast)).content.decode()
    assert (
        "Parent co-chair" in page and "Family leader (parent partner)" in page and "Team facilitator" in page
    )
    assert "Their secret role" not in page
    assert "/copy/" not in page and "/edit/" not in page  # reading only


def test_it_copies_a_builtin_into_the_organization_and_lets_staff_adapt_it(client, cast):
    client.force_login(cast.lead)
    response = client.post(templates_url(cast, "builtin/family-leader/copy/"))
    copy = RoleTemplate.objects.get(organization=cast.org)
    assert response["Location"] == templates_url(cast, f"{copy.pk}/edit/")
    assert copy.title == "Family leader (parent partner)"
    assert copy.expectations == str(BUILTIN_BY_KEY["family-leader"].expectations)
    edit = client.get(response["Location"]).content.decode()
    assert "Adapt “Family leader (parent partner)”" in edit

    client.post(
        templates_url(cast, f"{copy.pk}/edit/"),
        {
            "title": "Riverside parent partner",
            "partner_type": PartnerType.COMMUNITY,
            "what_they_bring": copy.what_they_bring,
            "responsibilities": "Co-chair the Thursday meeting.",
            "expectations": "Paid $25 an hour.",
        },
    )
    copy.refresh_from_db()
    assert (copy.title, copy.responsibilities) == (
        "Riverside parent partner",
        "Co-chair the Thursday meeting.",
    )
    assert "Riverside parent partner" in client.get(templates_url(cast)).content.decode()


def test_a_lead_of_another_community_in_the_organization_may_adapt_them_too(client, cast):
    client.force_login(cast.other_community_lead)
    client.post(templates_url(cast, "builtin/youth-partner/copy/"))
    assert RoleTemplate.objects.filter(organization=cast.org, title="Youth partner").exists()


def test_it_rejects_a_description_without_a_title_next_to_the_field(client, cast):
    template = do_copy_builtin_role(cast.org, key="agency-lead")
    client.force_login(cast.practitioner)
    response = client.post(
        templates_url(cast, f"{template.pk}/edit/"), {"title": "", "responsibilities": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_title_error"' in page
    assert "Adapt “Agency lead”" in page  # the heading keeps the stored title
    template.refresh_from_db()
    assert template.title == "Agency lead" and template.responsibilities != "x"


def test_it_answers_404_for_an_unknown_builtin_and_another_organizations_description(client, cast):
    theirs = RoleTemplate.objects.create(organization=cast.other_org, title="Theirs")
    client.force_login(cast.admin)
    assert client.post(templates_url(cast, "builtin/astronaut/copy/")).status_code == 404
    assert client.get(templates_url(cast, f"{theirs.pk}/edit/")).status_code == 404
    assert client.post(templates_url(cast, f"{theirs.pk}/remove/")).status_code == 404
    assert RoleTemplate.objects.filter(pk=theirs.pk).exists()


def test_removing_a_description_keeps_the_roles_given_from_it(client, cast):
    template = do_copy_builtin_role(cast.org, key="family-leader")
    role = actions.do_place_on_team(
        cast.team,
        partner=riverside_parent(cast),
        title=template.title,
        responsibilities=template.responsibilities,
    )
    client.force_login(cast.lead)
    client.post(templates_url(cast, f"{template.pk}/remove/"))
    assert not RoleTemplate.objects.filter(pk=template.pk).exists()
    role.refresh_from_db()
    assert role.responsibilities == template.responsibilities


def test_it_prefills_the_role_from_a_builtin_description(client, cast):
    parent = riverside_parent(cast)
    client.force_login(cast.lead)
    page = client.get(
        place_url(cast, f"?template=builtin:family-leader&partner={parent.pk}")
    ).content.decode()
    assert 'value="Family leader (parent partner)"' in page
    assert "Take news of the team&#x27;s work back to your networks" in page
    assert f'<option value="{parent.pk}" selected>' in page
    assert "Expectations of the partnership" in page  # shown beside the form, to share with the partner


def test_it_places_a_partner_on_a_team_from_an_adapted_description(client, cast):
    template = RoleTemplate.objects.create(
        organization=cast.org, title="Parent co-chair", responsibilities="Chair meetings.\nSet the agenda."
    )
    parent = riverside_parent(cast)
    client.force_login(cast.practitioner)
    page = client.get(place_url(cast, f"?template={template.pk}")).content.decode()
    assert 'value="Parent co-chair"' in page and "Set the agenda." in page
    response = client.post(
        place_url(cast),
        {
            "template": str(template.pk),
            "partner": parent.pk,
            "team": cast.team.pk,
            "title": "Parent co-chair",
            "responsibilities": "Chair meetings.\nSet the agenda with Lee.",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/plan/#roles")
    role = TeamRole.objects.get()
    assert (role.partner, role.team, role.organization, role.community) == (
        parent,
        cast.team,
        cast.org,
        cast.community,
    )
    assert role.responsibilities == "Chair meetings.\nSet the agenda with Lee."
    plan_page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Parent co-chair" in plan_page and "Set the agenda with Lee." in plan_page


@pytest.mark.parametrize("field", ["partner", "team"])
def test_it_refuses_a_partner_or_team_of_another_community(client, cast, field):
    elsewhere = {
        "partner": actions.do_create_partner(
            cast.other_community, name="Lakeview parent", partner_type="community"
        ).pk,
        "team": core_actions.do_create_team(cast.other_community, name="Lakeview team").pk,
    }
    data = {
        "partner": riverside_parent(cast).pk,
        "team": cast.team.pk,
        "title": "Member",
        "responsibilities": "",
    }
    data[field] = elsewhere[field]
    client.force_login(cast.lead)
    response = client.post(place_url(cast), data)
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not TeamRole.objects.exists()


def test_it_refuses_the_same_role_twice_next_to_the_title(client, cast):
    parent = riverside_parent(cast)
    actions.do_place_on_team(cast.team, partner=parent, title="Family leader")
    client.force_login(cast.lead)
    data = {"partner": parent.pk, "team": cast.team.pk, "title": "Family leader", "responsibilities": ""}
    response = client.post(place_url(cast), data)
    assert 'id="id_title_error"' in response.content.decode()
    assert TeamRole.objects.count() == 1


def test_it_says_to_create_a_team_or_add_partners_first(client, cast):
    client.force_login(cast.lead)
    assert "No partners recorded yet" in client.get(place_url(cast)).content.decode()
    riverside_parent(cast)
    core_actions.do_set_archived(cast.team, archived=True)
    page = client.get(place_url(cast)).content.decode()
    assert "no team yet" in page and f"/c/{cast.community.slug}/teams/new/" in page


def test_the_template_pages_query_counts_are_flat(client, cast, django_assert_num_queries):
    riverside_parent(cast)
    warm(client, cast, cast.lead)
    # list: session, user, memberships; the organization's descriptions
    with django_assert_num_queries(4):
        client.get(templates_url(cast))
    # placing: + community; the organization's descriptions; are there teams, partners; teams, partners
    with django_assert_num_queries(9):
        client.get(place_url(cast, "?template=builtin:family-leader"))
    for i in range(12):
        do_copy_builtin_role(cast.org, key="family-leader")
        core_actions.do_create_team(cast.community, name=f"Team {i}")
        actions.do_create_partner(cast.community, name=f"Person {i}", partner_type="agency")
    with django_assert_num_queries(4):
        client.get(templates_url(cast))
    with django_assert_num_queries(9):
        client.get(place_url(cast, "?template=builtin:family-leader"))
