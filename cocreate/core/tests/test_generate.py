import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command

from cocreate.accounts.models import User
from cocreate.core.access import tenant_for
from cocreate.core.generate import PARTNERS_PER_COMMUNITY, PASSWORD, PORTFOLIO_SIZE
from cocreate.core.models import Community, Initiative, Membership, Organization, Role, StageChange, Team

N = 12  # two practitioners: one covers ten communities, the other two


def generate(**options):
    call_command("generate", communities=N, org_slug="gen", verbosity=0, **options)
    return Organization.objects.get(slug="gen")


def test_it_builds_the_organization(db):
    org = generate()

    communities = Community.objects.filter(organization=org)
    assert communities.count() == N
    assert Initiative.objects.filter(organization=org).count() == 2
    assert Team.objects.filter(organization=org).count() == 2 * N
    assert N <= StageChange.objects.filter(organization=org).count() <= 4 * N
    for community in communities:
        history = list(StageChange.objects.filter(community=community))  # newest first
        assert 1 <= len(history) <= 4
        assert history[0].to_stage == community.stage
        assert history[-1].from_stage == ""

    roles = Membership.objects.filter(organization=org)
    assert roles.filter(community=None).count() == 4  # network admin, funder, evaluator, finance
    assert roles.filter(role=Role.PRACTITIONER).count() == N
    assert roles.filter(role=Role.TEAM_LEAD).count() == N
    assert roles.filter(role=Role.PARTNER).count() == N * PARTNERS_PER_COMMUNITY
    assert Membership.history.filter(organization_id=org.pk).count() == roles.count()

    people = User.objects.filter(email__endswith="@gen.example.org")
    assert people.count() == 4 + 2 + N + N * PARTNERS_PER_COMMUNITY
    assert EmailAddress.objects.filter(user__in=people, verified=True).count() == people.count()


def test_it_gives_everyone_one_usable_password(db):
    generate()
    hashes = set(User.objects.filter(email__endswith="@gen.example.org").values_list("password", flat=True))
    assert len(hashes) == 1
    assert check_password(PASSWORD, hashes.pop())


def test_it_gives_a_practitioner_only_their_portfolio(db):
    org = generate()
    practitioners = User.objects.filter(
        memberships__organization=org, memberships__role=Role.PRACTITIONER
    ).distinct()
    assert practitioners.count() == 2

    seen = {}
    for person in practitioners:
        visible = set(tenant_for(person, "gen").communities().values_list("pk", flat=True))
        assert visible == set(
            Membership.objects.filter(user=person, role=Role.PRACTITIONER).values_list(
                "community_id", flat=True
            )
        )
        seen[person.email] = visible
    assert sorted(len(v) for v in seen.values()) == [N - PORTFOLIO_SIZE, PORTFOLIO_SIZE]
    first, second = seen.values()
    assert not first & second
    assert first | second == set(Community.objects.filter(organization=org).values_list("pk", flat=True))

    admin = User.objects.get(email="admin@gen.example.org")
    assert tenant_for(admin, "gen").communities().count() == N


def test_it_refuses_an_existing_slug_unless_told_to_replace(db):
    org = generate()
    with pytest.raises(CommandError, match="exists already"):
        generate()

    replaced = generate(replace=True, seed=2)
    assert replaced.pk != org.pk
    assert Organization.objects.filter(slug="gen").count() == 1
    assert Community.objects.filter(organization=replaced).count() == N
    assert not Membership.history.filter(organization_id=org.pk).exists()
