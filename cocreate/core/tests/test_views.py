"""Core pages as people use them: the portfolio, a community, its stage and history, teams, members."""

import re

import pytest
from django.core import mail

from cocreate.core import actions
from cocreate.core.access import tenant_for
from cocreate.core.models import Community, Invitation, Membership, Role, Stage, StageChange, Team


def community_url(cast, suffix=""):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/{suffix}"


def add_communities(cast, n, *, members_each=2):
    """More data of every kind the pages list, to show their query counts do not grow with it."""
    for i in range(n):
        community = actions.do_create_community(cast.initiative, name=f"Extra {i}", stage=Stage.INITIAL)
        actions.do_change_stage(
            community, to_stage=Stage.INSTALLATION, reason="Back to basics", acting_user=None
        )
        actions.do_create_team(community, name="Team")
        for j in range(members_each):
            from cocreate.conftest import member

            member(f"extra{i}-{j}@example.org", cast.org, Role.PARTNER, community)


def test_it_sends_a_member_of_one_organization_straight_to_it(client, cast):
    client.force_login(cast.lead)
    assert client.get("/")["Location"] == f"/o/{cast.org.slug}/"


def test_it_tells_someone_without_an_organization_what_to_do_next(client, cast):
    client.force_login(cast.outsider)
    page = client.get("/").content.decode()
    assert "not part of any organization yet" in page
    assert "/orgs/new/" in page


def test_it_lets_anyone_signed_in_start_an_organization_and_makes_them_its_admin(client, cast):
    client.force_login(cast.outsider)
    response = client.post("/orgs/new/", {"name": "Valley Learning Network", "description": ""})
    assert response.status_code == 302
    membership = Membership.objects.get(user=cast.outsider)
    assert membership.role == Role.NETWORK_ADMIN and membership.community is None
    assert response["Location"] == f"/o/{membership.organization.slug}/"


def test_it_refuses_an_organization_without_a_name_next_to_the_field(client, cast):
    client.force_login(cast.outsider)
    response = client.post("/orgs/new/", {"name": ""})
    assert response.status_code == 200
    assert 'id="id_name_error"' in response.content.decode()
    assert not Membership.objects.filter(user=cast.outsider).exists()


def test_it_lists_only_the_practitioners_portfolio(client, cast):
    client.force_login(cast.practitioner)
    page = client.get(f"/o/{cast.org.slug}/").content.decode()
    assert "Riverside" in page
    assert "Lakeview" not in page


def test_it_lists_every_community_for_organization_wide_roles(client, cast):
    client.force_login(cast.funder)
    page = client.get(f"/o/{cast.org.slug}/").content.decode()
    assert "Riverside" in page and "Lakeview" in page


def test_it_filters_communities_by_stage_as_an_htmx_fragment(client, cast):
    client.force_login(cast.admin)
    response = client.get(f"/o/{cast.org.slug}/?stage=installation", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page  # only the table, swapped in place
    assert "Riverside" in page and "Lakeview" not in page


def test_it_says_when_no_community_matches_the_filters(client, cast):
    client.force_login(cast.admin)
    page = client.get(f"/o/{cast.org.slug}/?q=nowhere").content.decode()
    assert "No community matches these filters" in page


def test_it_answers_the_same_404_for_a_missing_and_a_foreign_organization(client, cast):
    client.force_login(cast.other_org_admin)
    missing = client.get("/o/does-not-exist/")
    foreign = client.get(f"/o/{cast.org.slug}/")
    assert missing.status_code == foreign.status_code == 404

    def without_variable_parts(response, path):  # the masked CSRF token and the echoed address
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode().replace(path, ""))

    assert without_variable_parts(missing, "/o/does-not-exist/") == without_variable_parts(
        foreign, f"/o/{cast.org.slug}/"
    )
    assert cast.org.name.encode() not in foreign.content


def test_it_answers_404_for_an_unknown_community(client, cast):
    client.force_login(cast.admin)
    assert client.get(f"/o/{cast.org.slug}/c/nowhere/").status_code == 404


def test_it_changes_the_stage_with_a_reason_and_keeps_the_history(client, cast):
    client.force_login(cast.lead)
    response = client.post(
        community_url(cast, "stage/"), {"to_stage": Stage.INITIAL, "reason": "First families enrolled."}
    )
    assert response.status_code == 302
    cast.community.refresh_from_db()
    assert cast.community.stage == Stage.INITIAL
    history = client.get(community_url(cast, "history/")).content.decode()
    assert "First families enrolled." in history
    assert "Lee Lead" in history


def test_it_lets_a_community_move_back_a_stage_and_marks_it(client, cast):
    client.force_login(cast.practitioner)
    client.post(community_url(cast, "stage/"), {"to_stage": Stage.EXPLORATION, "reason": "Lost our funding."})
    change = StageChange.objects.filter(community=cast.community).first()
    assert change.from_stage == Stage.INSTALLATION and change.is_step_back
    assert "moved back" in client.get(community_url(cast, "history/")).content.decode()


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"to_stage": Stage.INSTALLATION, "reason": "Same"}, "to_stage", "already at this stage"),
        ({"to_stage": Stage.FULL, "reason": "   "}, "reason", "This field is required"),
        ({"to_stage": "nonsense", "reason": "x"}, "to_stage", "Select a valid choice"),
    ],
)
def test_it_rejects_a_bad_stage_change_next_to_the_field(client, cast, data, field, message):
    client.force_login(cast.lead)
    response = client.post(community_url(cast, "stage/"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in page and message in page
    cast.community.refresh_from_db()
    assert cast.community.stage == Stage.INSTALLATION
    assert StageChange.objects.filter(community=cast.community).count() == 1


def test_it_shows_membership_changes_in_the_history_to_staff_only(client, cast):
    actions.do_remove_membership(cast.partner.memberships.get())
    client.force_login(cast.lead)
    assert "Paz Parent" in client.get(community_url(cast, "history/")).content.decode()
    client.force_login(cast.evaluator)
    page = client.get(community_url(cast, "history/")).content.decode()
    assert "Stage changes" in page and "Paz Parent" not in page


def test_it_creates_edits_and_archives_a_team(client, cast):
    client.force_login(cast.lead)
    client.post(community_url(cast, "teams/new/"), {"name": "Family advisory group", "purpose": "Parents"})
    team = Team.objects.get(name="Family advisory group")
    assert team.organization == cast.org and team.community == cast.community
    client.post(
        community_url(cast, f"teams/{team.pk}/edit/"), {"name": "Family council", "purpose": "Parents"}
    )
    client.post(community_url(cast, f"teams/{team.pk}/archive/"))
    team.refresh_from_db()
    assert team.name == "Family council" and team.archived_at is not None
    client.get(community_url(cast))  # the confirmation message names the team once
    assert "Family council" not in client.get(community_url(cast)).content.decode()


def test_it_cannot_edit_another_communitys_team_through_this_community(client, cast):
    other_team = actions.do_create_team(cast.other_community, name="Lakeview team")
    client.force_login(cast.lead)
    assert client.get(community_url(cast, f"teams/{other_team.pk}/edit/")).status_code == 404


def test_it_archives_and_brings_back_a_community(client, cast):
    client.force_login(cast.admin)
    row = f'href="{community_url(cast)}"'
    client.post(community_url(cast, "archive/"), {"archive": "1"})
    assert row not in client.get(f"/o/{cast.org.slug}/").content.decode()
    assert row in client.get(f"/o/{cast.org.slug}/?archived=1").content.decode()
    client.post(community_url(cast, "archive/"), {"archive": "0"})
    assert row in client.get(f"/o/{cast.org.slug}/").content.decode()


def test_it_creates_an_initiative_and_a_community_in_it(client, cast):
    client.force_login(cast.admin)
    client.post(f"/o/{cast.org.slug}/initiatives/new/", {"name": "Parenting Program", "description": ""})
    initiative = cast.org.initiatives.get(name="Parenting Program")
    client.post(
        f"/o/{cast.org.slug}/i/{initiative.slug}/communities/new/",
        {"name": "Hillside", "region": "North", "description": "", "stage": Stage.EXPLORATION},
    )
    community = Community.objects.get(name="Hillside")
    assert community.organization == cast.org and community.initiative == initiative
    assert community.stage_changes.count() == 1  # the history starts when it joins


def test_it_rejects_an_initiative_that_ends_before_it_starts(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        f"/o/{cast.org.slug}/initiatives/new/",
        {"name": "Backwards", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
    )
    assert 'id="id_ends_on_error"' in response.content.decode()
    assert not cast.org.initiatives.filter(name="Backwards").exists()


def test_it_gives_two_communities_with_the_same_name_distinct_addresses(cast):
    a = actions.do_create_community(cast.initiative, name="Twin Falls")
    b = actions.do_create_community(cast.initiative, name="Twin Falls")
    assert a.slug != b.slug


def test_it_invites_only_roles_the_inviter_may_grant(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.lead)
    response = client.post(
        community_url(cast, "members/"),
        {"email": "new@example.org", "role": Role.NETWORK_ADMIN, "language": "en"},
    )
    assert 'id="id_role_error"' in response.content.decode()
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            community_url(cast, "members/"),
            {"email": "new@example.org", "role": Role.PARTNER, "language": "en"},
        )
    assert Invitation.objects.get().community == cast.community
    assert mail.outbox[0].to == ["new@example.org"]


def test_it_does_not_let_an_admin_remove_their_own_admin_role(client, cast):
    client.force_login(cast.admin)
    own = cast.admin.memberships.get()
    client.post(f"/o/{cast.org.slug}/members/{own.pk}/remove/")
    assert Membership.objects.filter(pk=own.pk).exists()


def test_it_scopes_memberships_and_initiatives_to_what_a_person_may_see(cast):
    tenant = tenant_for(cast.other_community_lead, cast.org.slug)
    assert list(tenant.communities()) == [cast.other_community]
    assert list(tenant.initiatives()) == [cast.initiative]
    assert tenant.roles_in(cast.community) == frozenset()
    assert tenant.roles_in(cast.other_community) == {Role.TEAM_LEAD}


# Query budgets. Every page: session, user, the person's memberships in the organization (with the
# organization and communities joined) — then only what the page itself shows.


def _warm(client, cast, who):
    client.force_login(who)
    client.get(f"/o/{cast.org.slug}/me/")  # the once-per-session two-factor check happens here


def test_the_floor_page_costs_three_queries(client, cast, django_assert_num_queries):
    _warm(client, cast, cast.practitioner)
    with django_assert_num_queries(3):  # session, user, memberships
        client.get(f"/o/{cast.org.slug}/me/")


def test_the_portfolio_query_count_is_flat(client, cast, django_assert_num_queries):
    _warm(client, cast, cast.admin)
    # + page count, initiatives with counts, communities with team and member counts,
    # + partner gaps for the page's communities (partners by type, their levels, thin teams)
    # + the "for me" panel: her communities, rounds to answer, her actions, agreements, next meetings,
    #   proposals open for her position, her claims returned to her, surveys sent to her, listening sessions
    with django_assert_num_queries(18):
        client.get(f"/o/{cast.org.slug}/")
    add_communities(cast, 12)
    with django_assert_num_queries(18):
        response = client.get(f"/o/{cast.org.slug}/")
    assert "Extra 11" in response.content.decode()


def test_the_initiative_page_query_count_is_flat(client, cast, django_assert_num_queries):
    _warm(client, cast, cast.admin)
    url = f"/o/{cast.org.slug}/i/{cast.initiative.slug}/"
    with django_assert_num_queries(9):  # + initiative, page count, communities with counts, 3 for gaps
        client.get(url)
    add_communities(cast, 12)
    with django_assert_num_queries(9):
        client.get(url)


def test_the_community_page_query_count_is_flat(client, cast, django_assert_num_queries):
    _warm(client, cast, cast.lead)
    # + community (with initiative), role counts, last stage changes (with who), teams,
    # + the partners' gaps (partners, their levels, teams with their bench). The assessments and plan
    #   panels load after the page (see test_the_panels_load_after_the_page).
    # + the community leaders' recognitions they agreed to show
    # + the published mission and values (worksheets), and for staff where to start the mission
    with django_assert_num_queries(13):
        client.get(community_url(cast))
    for i in range(5):
        actions.do_create_team(cast.community, name=f"Team {i}")
        actions.do_change_stage(
            cast.community,
            to_stage=[Stage.INITIAL, Stage.INSTALLATION][i % 2],
            reason="r",
            acting_user=cast.lead,
        )
    with django_assert_num_queries(13):
        client.get(community_url(cast))


def test_the_panels_load_after_the_page(client, cast):
    client.force_login(cast.lead)
    page = client.get(community_url(cast)).content.decode()
    for name in ("assessments", "plan"):
        assert f'hx-get="{community_url(cast, f"panels/{name}/")}"' in page
    # Without JavaScript the placeholders still lead to the assessments and the plan.
    assert f'href="{community_url(cast, "assessments/")}"' in page
    assert f'href="{community_url(cast, "planning/")}"' in page
    panel = client.get(community_url(cast, "panels/assessments/"))
    assert "Latest results" in panel.content.decode() and b"<html" not in panel.content
    assert "Plan progress" in client.get(community_url(cast, "panels/plan/")).content.decode()
    assert client.get(community_url(cast, "panels/nothing/")).status_code == 404


def test_the_history_page_query_count_is_flat(client, cast, django_assert_num_queries):
    _warm(client, cast, cast.lead)
    url = community_url(cast, "history/")
    with django_assert_num_queries(
        6
    ):  # + community, stage changes (with who), membership history (with whom)
        client.get(url)
    for i in range(6):
        actions.do_change_stage(
            cast.community,
            to_stage=[Stage.INITIAL, Stage.INSTALLATION][i % 2],
            reason="r",
            acting_user=cast.admin,
        )
    add_communities(cast, 1)
    actions.do_remove_membership(cast.partner.memberships.get())
    with django_assert_num_queries(6):
        client.get(url)


def test_the_members_page_query_count_is_flat(client, cast, django_assert_num_queries):
    _warm(client, cast, cast.lead)
    url = community_url(cast, "members/")
    with django_assert_num_queries(6):  # + community, members (with users), open invitations
        client.get(url)
    from cocreate.conftest import member

    for i in range(8):
        member(f"more{i}@example.org", cast.org, Role.PARTNER, cast.community)
        actions.do_invite(
            cast.org,
            email=f"inv{i}@example.org",
            role=Role.PARTNER,
            community=cast.community,
            acting_user=cast.lead,
        )
    with django_assert_num_queries(6):
        client.get(url)


def test_it_lists_changes_to_organization_wide_roles_for_admins(client, cast):
    actions.do_remove_membership(cast.funder.memberships.get())
    client.force_login(cast.admin)
    page = client.get(f"/o/{cast.org.slug}/members/").content.decode()
    assert "Changes to organization-wide roles" in page
    assert "Fran Funder" in page and "left" in page
