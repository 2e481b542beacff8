"""The REST API as a script or an integration would use it: token in the header, same rules as the pages."""

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cocreate.core import actions as core_actions
from cocreate.partners import actions
from cocreate.partners.models import Agreement, EngagementChange, EngagementLevel, Level, Partner, PartnerType
from cocreate.partners.privacy import do_erase_person
from cocreate.partners.tests.helpers import area, riverside_parent


def api_as(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def riverside(cast, suffix=""):
    return f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/{suffix}"


def add_partners(cast, n, *, start=0):
    for i in range(start, start + n):
        partner = actions.do_create_partner(
            cast.community,
            name=f"Person {i:03d}",
            partner_type=list(PartnerType)[i % 5],
            email=f"p{i}@example.org",
        )
        actions.do_set_level(
            partner, area(cast.community), current=1 + i % 5, planned=5, reason="first talk", acting_user=None
        )
        actions.do_place_on_team(cast.team, partner=partner, title="Member")


# Who may --------------------------------------------------------------------------------------------------


def test_it_asks_anonymous_callers_for_a_token(cast):
    response = APIClient().get(riverside(cast, "partners/"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_refuses_a_wrong_token(cast):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(riverside(cast, "partners/")).status_code == 401


def test_it_answers_the_same_404_for_a_foreign_and_a_missing_organization(cast):
    client = api_as(cast.other_org_admin)
    foreign = client.get(f"/api/v1/orgs/{cast.org.slug}/communities/")
    missing = client.get("/api/v1/orgs/does-not-exist/communities/")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()


def test_it_hides_a_community_the_person_does_not_belong_to(cast):
    client = api_as(cast.other_community_lead)
    assert client.get(riverside(cast, "partners/")).status_code == 404
    assert (
        client.post(riverside(cast, "partners/"), {"name": "X", "partner_type": "agency"}).status_code == 404
    )
    slugs = [
        row["slug"] for row in client.get(f"/api/v1/orgs/{cast.org.slug}/communities/").json()["results"]
    ]
    assert slugs == ["lakeview"]


def test_it_hides_a_partner_of_another_community(cast):
    lakeview_partner = actions.do_create_partner(cast.other_community, name="Lu", partner_type="agency")
    client = api_as(cast.lead)
    assert client.get(riverside(cast, f"partners/{lakeview_partner.pk}/")).status_code == 404


@pytest.mark.parametrize("who", ["funder", "evaluator", "partner"])
def test_it_refuses_writes_to_roles_that_only_read(cast, who):
    parent = riverside_parent(cast)
    client = api_as(getattr(cast, who))
    assert client.get(riverside(cast, f"partners/{parent.pk}/")).status_code == 200
    assert client.patch(riverside(cast, f"partners/{parent.pk}/"), {"name": "Renamed"}).status_code == 403
    assert (
        client.post(riverside(cast, "partners/"), {"name": "New", "partner_type": "agency"}).status_code
        == 403
    )
    move = {"area": "co-creation", "current": 3, "reason": "Asked to"}
    assert client.post(riverside(cast, f"partners/{parent.pk}/levels/"), move).status_code == 403
    parent.refresh_from_db()
    assert parent.name == "Ana Ruiz" and not EngagementChange.objects.filter(partner=parent).exists()


@pytest.mark.parametrize("who", ["funder", "evaluator", "partner"])
def test_it_leaves_contact_details_out_for_roles_that_do_not_engage_partners(cast, who):
    parent = riverside_parent(cast)
    client = api_as(getattr(cast, who))
    listed = client.get(riverside(cast, "partners/")).json()["results"][0]
    one = client.get(riverside(cast, f"partners/{parent.pk}/")).json()
    for row in (listed, one):
        assert row["name"] == "Ana Ruiz"
        assert not {"email", "phone", "notes"} & set(row)
    assert "ana@example.org" not in client.get(riverside(cast, "partners/")).content.decode()


def test_it_shows_contact_details_to_the_people_who_engage_partners(cast):
    riverside_parent(cast)
    row = api_as(cast.lead).get(riverside(cast, "partners/")).json()["results"][0]
    assert row["email"] == "ana@example.org" and row["phone"] == "555-0101"


# What it does ---------------------------------------------------------------------------------------------


def test_it_adds_and_edits_a_partner(cast):
    client = api_as(cast.lead)
    created = client.post(
        riverside(cast, "partners/"),
        {
            "name": "Rosa Díaz",
            "partner_type": "community",
            "lived_experience": True,
            "email": " Rosa@Example.org ",
            "available_days": [0, 5],
            "available_times": ["evening"],
            "consent_on": "2025-03-01",
            "consent_wording": "Texts about meetings",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    rosa = Partner.objects.get(pk=created.json()["id"])
    assert (rosa.community, rosa.email, rosa.available_days) == (cast.community, "rosa@example.org", [0, 5])
    edited = client.patch(riverside(cast, f"partners/{rosa.pk}/"), {"languages": "Spanish"}, format="json")
    assert edited.status_code == 200 and edited.json()["languages"] == "Spanish"
    rosa.refresh_from_db()
    assert rosa.languages == "Spanish" and rosa.name == "Rosa Díaz"


def test_it_rejects_bad_partner_data_field_by_field(cast):
    riverside_parent(cast)
    client = api_as(cast.lead)
    response = client.post(
        riverside(cast, "partners/"),
        {"name": "", "partner_type": "alien", "email": "ANA@example.org", "consent_wording": "Yes"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"name", "partner_type", "email"}
    assert errors["email"] == ["Another partner in this community already uses this email address."]
    response = client.post(
        riverside(cast, "partners/"), {"name": "Rosa", "partner_type": "community", "consent_wording": "Yes"}
    )
    assert response.json() == {"consent_on": ["Say when they agreed, or clear the wording."]}
    assert Partner.objects.filter(community=cast.community).count() == 1


def test_it_moves_a_partner_on_the_ladder_with_a_reason(cast):
    parent = riverside_parent(cast)
    client = api_as(cast.lead)
    url = riverside(cast, f"partners/{parent.pk}/levels/")
    response = client.post(
        url, {"area": "co-creation", "current": 2, "planned": 4, "reason": "Joined the parent panel"}
    )
    assert response.status_code == 201, response.json()
    change = EngagementChange.objects.get(partner=parent)
    assert (change.to_current, change.to_planned, change.reason) == (2, 4, "Joined the parent panel")
    assert change.changed_by == cast.lead and change.area.key == "co-creation"
    assert response.json()["to_current"] == Level.CONSULT and response.json()["changed_by"] == "Lee Lead"

    # Without `planned`, the plan stays where it was.
    client.post(url, {"area": "co-creation", "current": 3, "reason": "Co-facilitated a session"})
    level = EngagementLevel.objects.get(partner=parent, area=area(cast.community))
    assert (level.current, level.planned) == (3, 4)
    levels = client.get(url).json()
    assert levels == [
        {
            "area": {"key": "co-creation", "name": "Co-creation partners and processes"},
            "current": 3,
            "current_label": "Involve",
            "planned": 4,
            "planned_label": "Collaborate",
            "changed_at": levels[0]["changed_at"],
        }
    ]
    history = client.get(riverside(cast, f"partners/{parent.pk}/changes/")).json()["results"]
    assert [row["reason"] for row in history] == ["Co-facilitated a session", "Joined the parent panel"]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"area": "co-creation", "current": 1, "reason": "   "}, "reason", "Please give a reason."),
        (
            {"area": "nowhere", "current": 1, "reason": "x"},
            "area",
            "This community has no area with this key.",
        ),
        ({"area": "co-creation", "current": 9, "reason": "x"}, "current", '"9" is not a valid choice.'),
        (
            {"area": "co-creation", "current": 1, "planned": 1, "reason": "again"},
            "non_field_errors",
            "Nothing changed: choose a different current or planned level.",
        ),
    ],
)
def test_it_rejects_a_bad_move_on_the_ladder(cast, data, field, message):
    parent = riverside_parent(cast)
    actions.do_set_level(parent, area(cast.community), current=1, planned=1, reason="first", acting_user=None)
    response = api_as(cast.practitioner).post(riverside(cast, f"partners/{parent.pk}/levels/"), data)
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert EngagementChange.objects.filter(partner=parent).count() == 1


def test_it_refuses_an_area_of_another_community(cast):
    parent = riverside_parent(cast)
    lakeview_area = core_actions.do_create_community(
        cast.initiative, name="Hillside"
    ).engagement_areas.first()
    lakeview_area.key = "hillside-only"
    lakeview_area.save()
    response = api_as(cast.lead).post(
        riverside(cast, f"partners/{parent.pk}/levels/"),
        {"area": "hillside-only", "current": 2, "reason": "x"},
    )
    assert response.status_code == 400


def test_it_lists_partners_a_page_at_a_time_without_the_erased_or_archived(cast):
    add_partners(cast, 53)
    erased = Partner.objects.get(name="Person 000")
    do_erase_person(erased, acting_user=cast.admin)
    actions.do_set_archived(Partner.objects.get(name="Person 001"), archived=True)
    client = api_as(cast.lead)
    first = client.get(riverside(cast, "partners/")).json()
    assert first["count"] == 51 and len(first["results"]) == 50 and first["next"].endswith("?page=2")
    names = [row["name"] for row in first["results"]]
    assert names[0] == "Person 002" and "Person 001" not in names
    with_archived = client.get(riverside(cast, "partners/?archived=1")).json()
    assert with_archived["count"] == 52
    assert len(client.get(first["next"]).json()["results"]) == 1


def test_it_lists_teams_with_roles_and_the_plan(cast):
    parent = riverside_parent(cast)
    actions.do_place_on_team(
        cast.team, partner=parent, title="Family leader", responsibilities="Co-facilitates"
    )
    plan = cast.community.engagement_plan
    Agreement.objects.create(
        organization=cast.org, plan=plan, with_whom="Parents", what="Meet in the evening"
    )
    plan.entries.create(organization=cast.org, responsible="Lee", partner=parent, strategies="Weekly call")
    client = api_as(cast.funder)
    teams = client.get(riverside(cast, "teams/")).json()["results"]
    assert teams[0]["name"] == "Implementation team"
    assert teams[0]["roles"] == [
        {
            "id": teams[0]["roles"][0]["id"],
            "partner": parent.pk,
            "partner_name": "Ana Ruiz",
            "title": "Family leader",
            "responsibilities": "Co-facilitates",
        }
    ]
    got = client.get(riverside(cast, "plan/")).json()
    assert got["agreements"][0]["what"] == "Meet in the evening"
    assert (
        got["entries"][0]["partner_name"] == "Ana Ruiz" and got["entries"][0]["strategies"] == "Weekly call"
    )


# Query budgets: flat however much there is -----------------------------------------------------------------


@pytest.mark.parametrize(
    "suffix, budget",
    [
        # token (+user), memberships, community (+initiative), page count, page of partners
        ("partners/", 5),
        # token, memberships, community, page count, page of teams, their roles (+partners)
        ("teams/", 6),
        # token, memberships, community, plan (+who updated it), entries (+partners), agreements
        ("plan/", 6),
    ],
)
def test_the_list_query_counts_are_flat(cast, django_assert_num_queries, suffix, budget):
    client = api_as(cast.lead)
    add_partners(cast, 3)
    with django_assert_num_queries(budget):
        assert client.get(riverside(cast, suffix)).status_code == 200
    add_partners(cast, 40, start=3)
    plan = cast.community.engagement_plan
    for partner in Partner.objects.filter(community=cast.community)[:10]:
        plan.entries.create(organization=cast.org, responsible="Lee", partner=partner, strategies="Calls")
        Agreement.objects.create(organization=cast.org, plan=plan, with_whom=partner.name, what="Meet")
    with django_assert_num_queries(budget):
        assert client.get(riverside(cast, suffix)).status_code == 200


def test_the_partner_history_query_counts_are_flat(cast, django_assert_num_queries):
    parent = riverside_parent(cast)
    client = api_as(cast.lead)
    for level in (2, 3):
        actions.do_set_level(
            parent, area(cast.community), current=level, planned=5, reason="r", acting_user=cast.lead
        )
    # token, memberships, community, partner, levels (+areas)
    with django_assert_num_queries(5):
        client.get(riverside(cast, f"partners/{parent.pk}/levels/"))
    # token, memberships, community, partner, page count, page of changes (+areas, who)
    with django_assert_num_queries(6):
        client.get(riverside(cast, f"partners/{parent.pk}/changes/"))
    for key in ("leadership", "workforce", "quality", "media"):
        for level in (2, 3, 4):
            actions.do_set_level(
                parent,
                area(cast.community, key),
                current=level,
                planned=5,
                reason="r",
                acting_user=cast.admin,
            )
    with django_assert_num_queries(5):
        assert len(client.get(riverside(cast, f"partners/{parent.pk}/levels/")).json()) == 5
    with django_assert_num_queries(6):
        assert client.get(riverside(cast, f"partners/{parent.pk}/changes/")).json()["count"] == 14


def test_the_community_list_query_count_is_flat(cast, django_assert_num_queries):
    client = api_as(cast.funder)
    # token, memberships, page count, page of communities (+initiatives)
    with django_assert_num_queries(4):
        client.get(f"/api/v1/orgs/{cast.org.slug}/communities/")
    for i in range(8):
        core_actions.do_create_community(cast.initiative, name=f"Extra {i}")
    with django_assert_num_queries(4):
        assert client.get(f"/api/v1/orgs/{cast.org.slug}/communities/").json()["count"] == 10


# Tokens and the schema -------------------------------------------------------------------------------------


def test_it_gives_a_signed_in_person_a_token_that_the_api_accepts(client, cast):
    client.force_login(cast.lead)
    assert client.get("/api/v1/token/").json() == {"exists": False, "created": None}
    first = client.post("/api/v1/token/").json()["token"]
    assert client.get("/api/v1/token/").json()["exists"] is True
    second = client.post("/api/v1/token/").json()["token"]  # a new token replaces the old one
    assert first != second

    def with_token(key):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return api.get(riverside(cast, "partners/")).status_code

    assert (with_token(first), with_token(second)) == (401, 200)
    assert client.delete("/api/v1/token/").status_code == 204
    assert with_token(second) == 401


def test_a_token_cannot_mint_tokens(cast):
    assert api_as(cast.lead).post("/api/v1/token/").status_code == 403


def test_it_does_not_trade_a_password_for_a_token(cast):
    from cocreate.conftest import PASSWORD

    response = APIClient().post("/api/v1/token/", {"username": cast.lead.email, "password": PASSWORD})
    assert response.status_code == 403
    assert not Token.objects.filter(user=cast.lead).exists()


def test_it_limits_how_often_a_person_gets_a_new_token(client, cast, settings):
    from django.core.cache import cache

    cache.clear()
    client.force_login(cast.practitioner)
    statuses = [client.post("/api/v1/token/").status_code for _ in range(11)]
    assert statuses == [201] * 10 + [429]
    cache.clear()


def test_it_serves_a_valid_openapi_schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/orgs/{org}/communities/{slug}/partners/{id}/levels/" in schema["paths"]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_schema_generates_without_warnings(tmp_path):
    # The same check as `cocreate spectacular --validate --fail-on-warn`: a new endpoint whose schema
    # drf-spectacular has to guess fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
