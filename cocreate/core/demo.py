"""The demo network: a believable intermediary, one initiative, four communities, one person per role.

Used by `cocreate seed-demo` (and so by `make run`). Running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import actions
from .models import Community, Organization, Role, Stage, StageChange
from .registry import demo_seeders

if TYPE_CHECKING:
    from cocreate.accounts.models import User

# accounts is a floor above core: core reaches the user model through the setting, as Django's own apps do.
UserModel = get_user_model()


DEMO_PASSWORD = "cocreate-demo-2026"
DEMO_DOMAIN = "demo.cocreate.org"
# Base32 secret for the demo admin's authenticator app (network admins must use two-factor).
DEMO_ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPCOCREATEDEMO2FA7"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    role: Role
    community: str | None  # community slug, or None for organization-wide
    language: str = "en"


PEOPLE = [
    DemoPerson(f"admin@{DEMO_DOMAIN}", "Alex Rivera", Role.NETWORK_ADMIN, None),
    DemoPerson(f"practitioner@{DEMO_DOMAIN}", "Priya Shah", Role.PRACTITIONER, "riverside"),
    DemoPerson(f"lead@{DEMO_DOMAIN}", "Dana Brooks", Role.TEAM_LEAD, "riverside"),
    DemoPerson(f"parent@{DEMO_DOMAIN}", "María López", Role.PARTNER, "riverside", "es"),
    DemoPerson(f"funder@{DEMO_DOMAIN}", "Jordan Kim", Role.FUNDER, None),
    DemoPerson(f"evaluator@{DEMO_DOMAIN}", "Sam Okafor", Role.EVALUATOR, None),
    DemoPerson(f"finance@{DEMO_DOMAIN}", "Morgan Lee", Role.FINANCE, None),
]
# The practitioner's portfolio covers more than one community.
EXTRA_MEMBERSHIPS = [
    (f"practitioner@{DEMO_DOMAIN}", Role.PRACTITIONER, "lakeview"),
    (f"practitioner@{DEMO_DOMAIN}", Role.PRACTITIONER, "pine-hollow"),
]

COMMUNITIES = [
    # slug, name, region, path of stages (oldest first), description
    (
        "riverside",
        "Riverside County",
        "Riverside County, north district",
        [Stage.EXPLORATION, Stage.INSTALLATION, Stage.INITIAL],
        "Three family resource centres and the county health department deliver home visiting together.",
    ),
    (
        "lakeview",
        "Lakeview",
        "City of Lakeview",
        [Stage.EXPLORATION, Stage.INSTALLATION, Stage.INITIAL, Stage.INSTALLATION],
        "A city-led rollout that stepped back to installation to rebuild its coaching system.",
    ),
    (
        "pine-hollow",
        "Pine Hollow",
        "Pine Hollow tribal and rural area",
        [Stage.EXPLORATION],
        "Exploring fit and readiness with families, elders and the local clinic.",
    ),
    (
        "eastgate",
        "Eastgate",
        "Eastgate metro area",
        [Stage.EXPLORATION, Stage.INSTALLATION, Stage.INITIAL, Stage.FULL],
        "Delivering the program at full scale; shares its lessons with the newer sites.",
    ),
]
STAGE_REASONS = {
    Stage.INSTALLATION: "Leadership committed staff time and the family advisory group agreed to the plan.",
    Stage.INITIAL: "First families enrolled; coaching and data reviews are running monthly.",
    Stage.FULL: "Most practitioners deliver the program as intended and outcomes data is reviewed quarterly.",
}
STEP_BACK_REASON = (
    "Two coaches left; the team chose to rebuild the coaching system before enrolling more families."
)
TEAMS = [
    ("Implementation team", "Plans and monitors the rollout; meets monthly."),
    ("Family advisory group", "Parents and caregivers who shape how services are offered."),
]


def _user(person_email: str, name: str, language: str) -> User:
    user = UserModel.objects.filter(email=person_email).first()
    if user is None:
        user = UserModel.objects.create_user(
            person_email, DEMO_PASSWORD, name=name, preferred_language=language
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def seed_demo() -> tuple[Organization, bool]:
    """Build the demo network. Returns the organization and whether anything was created."""
    org = Organization.objects.filter(slug="northfield").first()
    if org is not None:
        _seed_apps(org, again=True)  # a demo loaded before an app existed gets its part now
        return org, False
    org = Organization.objects.create(
        name="Northfield Implementation Support Center",
        slug="northfield",
        description="A statewide intermediary helping communities implement family-support programs well.",
    )
    initiative = actions.do_create_initiative(
        org,
        name="Family Strengths Home Visiting",
        description="A statewide rollout of an evidence-based home-visiting program, co-created with families.",
        starts_on=timezone.localdate() - timedelta(days=720),
    )
    now = timezone.now()
    communities: dict[str, Community] = {}
    for slug, name, region, path, description in COMMUNITIES:
        community = actions.do_create_community(
            initiative, name=name, region=region, description=description, stage=path[0]
        )
        community.slug = slug
        community.save(update_fields=["slug"])
        # Backdate the stage history so the timeline reads like a real one: each community joined at
        # its own time, and the last move happened weeks to months ago.
        days_between = 130 + 17 * len(communities)
        start = now - timedelta(days=days_between * len(path) - 25 * len(communities))
        StageChange.objects.filter(community=community).update(changed_at=start)
        Community.objects.filter(pk=community.pk).update(stage_changed_at=start)
        previous = path[0]
        for i, stage in enumerate(path[1:], start=1):
            back = list(Stage.values).index(stage) < list(Stage.values).index(previous)
            change = actions.do_change_stage(
                community,
                to_stage=stage,
                reason=STEP_BACK_REASON if back else STAGE_REASONS[stage],
                acting_user=None,
            )
            when = start + timedelta(days=days_between * i)
            StageChange.objects.filter(pk=change.pk).update(changed_at=when)
            Community.objects.filter(pk=community.pk).update(stage_changed_at=when)
            previous = stage
        for team_name, purpose in TEAMS:
            actions.do_create_team(community, name=team_name, purpose=purpose)
        communities[slug] = community

    for person in PEOPLE:
        user = _user(person.email, person.name, person.language)
        actions.do_add_membership(
            org, user=user, role=person.role, community=communities.get(person.community or "")
        )
    for email, role, slug in EXTRA_MEMBERSHIPS:
        actions.do_add_membership(
            org, user=UserModel.objects.get(email=email), role=role, community=communities[slug]
        )
    # The practitioner recorded the stage moves, as she would have with each team.
    StageChange.objects.filter(organization=org, from_stage__gt="").update(
        changed_by=UserModel.objects.get(email=f"practitioner@{DEMO_DOMAIN}")
    )
    _seed_apps(org, again=False)
    admin = UserModel.objects.get(email=f"admin@{DEMO_DOMAIN}")
    if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(admin, DEMO_ADMIN_TOTP_SECRET)

    # A second organization, to show that nobody sees another organization's data.
    harbor = Organization.objects.create(
        name="Harbor Prevention Network",
        slug="harbor",
        description="A regional network hub (separate tenant; its people cannot see Northfield).",
    )
    harbor_initiative = actions.do_create_initiative(harbor, name="Youth Mentoring Scale-up")
    actions.do_create_community(harbor_initiative, name="Harbor City", stage=Stage.INSTALLATION)
    actions.do_add_membership(
        harbor, user=_user(f"harbor-lead@{DEMO_DOMAIN}", "Casey Nguyen", "en"), role=Role.NETWORK_ADMIN
    )
    harbor_admin = UserModel.objects.get(email=f"harbor-lead@{DEMO_DOMAIN}")
    TOTP.activate(harbor_admin, DEMO_ADMIN_TOTP_SECRET)
    return org, True


def _seed_apps(org: Organization, *, again: bool) -> None:
    """Each app's part, lowest floor first (registered in each app's AppConfig.ready())."""
    communities = {c.slug: c for c in Community.objects.filter(organization=org)}
    for seeder in demo_seeders:
        if seeder.again or not again:
            import_string(seeder.seed)(communities)


def sign_in_help() -> str:
    lines = [
        f"Demo sign-ins (password for all: {DEMO_PASSWORD})",
        *(f"  {p.role.label:<22} {p.email}" for p in PEOPLE),
        f"  {'Other organization':<22} harbor-lead@{DEMO_DOMAIN}",
        f"Network admins use two-factor: add secret {DEMO_ADMIN_TOTP_SECRET} to an authenticator app,",
        f"or print the current code with: .venv/bin/cocreate demo-totp-code admin@{DEMO_DOMAIN}",
        "Partners can also sign in with an emailed code (printed in this console).",
    ]
    return "\n".join(lines)
