"""Generated data for benchmarks: one organization with N communities, shaped like a real network.

`cocreate generate --communities 1000` and `bench/run.py` call `generate()`. A few initiatives hold the
communities; each community has a stage history of one to four moves, two teams, a team lead and
partners, and a support practitioner whose portfolio covers about ten communities. A network admin, a
funder, an evaluator and a finance officer hold organization-wide roles. Everyone's address ends in
`@<org-slug>.example.org` and everyone shares one password (`PASSWORD`).

Speed comes from `bulk_create` in batches inside one transaction, and from hashing the password once
and giving every person the same hash. The price: `bulk_create` calls no `save()` and sends no signals,
so django-simple-history records no history for these rows. That is acceptable for generated data.
One exception, made on purpose: the community history page lists membership changes from
`Membership.history`, so memberships get their "joined" records written in bulk as well; otherwise the
benchmark would measure that page empty.

The work is a list of steps (`STEPS`). Each capability that needs data adds one: a function that takes
the `Build` (options, random source, what earlier steps made), inserts its rows and yields how many it
made, which drives the progress bar.
"""

from __future__ import annotations

import math
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify
from tqdm import tqdm

from .demo import STAGE_REASONS, STEP_BACK_REASON, TEAMS
from .models import (
    Community,
    Initiative,
    Invitation,
    Membership,
    Organization,
    Role,
    Stage,
    StageChange,
    Team,
)
from .registry import generator_steps

if TYPE_CHECKING:
    from cocreate.accounts.models import User

# accounts is a floor above core: core reaches the user model through the setting, as Django's own apps do.
UserModel = get_user_model()

PASSWORD = "cocreate-bench-2026"
# Base32 secret of the generated network admin's authenticator app (admins must use two-factor).
ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPCOCREATEBENCH2FA"
BATCH_SIZE = 1000
PORTFOLIO_SIZE = 10  # communities one support practitioner covers
PARTNERS_PER_COMMUNITY = 4  # with the practitioner and the team lead: six people per community
COMMUNITIES_PER_INITIATIVE = 100
MAX_INITIATIVES = 12
ORG_WIDE = ("admin", "funder", "evaluator", "finance")  # one person each, with that organization-wide role


class GeneratedDataExists(Exception):
    """The organization slug (or people with its email domain) is taken; pass `replace=True` to rebuild."""


@dataclass(frozen=True)
class Options:
    communities: int
    org_slug: str = "bench"
    seed: int = 1
    partners_per_community: int = 20
    level_changes_per_partner: int = 4

    def __post_init__(self):
        if self.communities < 1:
            raise ValueError("communities must be at least 1")
        if slugify(self.org_slug) != self.org_slug:
            raise ValueError(f"{self.org_slug!r} is not a valid slug (lowercase letters, digits, hyphens)")

    @property
    def initiatives(self) -> int:
        return min(
            self.communities,
            MAX_INITIATIVES,
            max(2, math.ceil(self.communities / COMMUNITIES_PER_INITIATIVE)),
        )

    @property
    def practitioners(self) -> int:
        return math.ceil(self.communities / PORTFOLIO_SIZE)

    @property
    def email_domain(self) -> str:
        return f"{self.org_slug}.example.org"

    def email(self, local: str) -> str:
        return f"{local}@{self.email_domain}"


@dataclass
class Build:
    """Everything one run has made so far; steps read what earlier steps left here."""

    options: Options
    rng: random.Random
    now: datetime
    password_hash: str
    org: Organization = field(init=False)  # set by the first step, like the people below
    initiatives: list[Initiative] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    stage_paths: list[list[Stage]] = field(default_factory=list)  # oldest first, one per community
    stage_dates: list[list[datetime]] = field(default_factory=list)
    admin: User = field(init=False)
    funder: User = field(init=False)
    evaluator: User = field(init=False)
    finance: User = field(init=False)
    practitioners: list[User] = field(default_factory=list)
    leads: list[User] = field(default_factory=list)  # one per community, same order
    partners: list[User] = field(default_factory=list)  # PARTNERS_PER_COMMUNITY per community, in order
    counts: Counter[str] = field(default_factory=Counter)
    extra: dict = field(default_factory=dict)  # what later capabilities' steps hand to each other

    def practitioner_of(self, index: int) -> User:
        return self.practitioners[index // PORTFOLIO_SIZE]

    def partners_of(self, index: int) -> list[User]:
        return self.partners[index * PARTNERS_PER_COMMUNITY : (index + 1) * PARTNERS_PER_COMMUNITY]


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Build], Iterator[int]]  # inserts rows, yields how many after each batch
    total: Callable[[Build], int]  # rows it will make, for the progress bar (asked just before it runs)


def insert(build: Build, model: type[models.Model], objs: Iterable[models.Model]) -> Iterator[list]:
    """`bulk_create` `objs` in batches (an iterator is consumed lazily); yields each saved batch."""
    iterator = iter(objs)
    while batch := list(islice(iterator, BATCH_SIZE)):
        saved = model._default_manager.bulk_create(batch)
        build.counts[model._meta.label] += len(saved)
        yield saved


# Names, places and words, so pages read like a real network.
FIRST_NAMES = (
    "Ana Ben Carmen Dev Elena Farah Gabe Hana Ivan Jada Kofi Lena Marco Nia Omar Paula Quinn Rosa Sam Tara "
    "Uma Victor Wen Ximena Yusuf Zoe"
).split()
LAST_NAMES = (
    "Alvarez Brooks Chen Diaz Evans Flores Garcia Hughes Ibarra Jones Khan Lopez Moore Nguyen Ortiz Patel "
    "Quintero Reyes Smith Torres Underwood Vargas Walker Xu Young Zamora"
).split()
PLACE_PREFIXES = "North South East West Upper Lower Old New Lake Pine Cedar Maple Oak Elm Glen Fair Green Stone Clear Silver".split()
PLACE_NAMES = (
    "Riverside Fairview Springfield Georgetown Franklin Clinton Madison Salem Arlington Ashland Burlington "
    "Centerville Dayton Dover Hudson Kingston Lebanon Marion Milton Newport Oxford Princeton Richmond "
    "Shelby Troy Union Vernon Warren Winchester Auburn Bristol Camden Chester Dalton Easton Fulton "
    "Greenville Hamilton Jackson Lexington Monroe Oakland Plymouth Quincy Somerset Trenton Waverly Weston "
    "Woodland Yorktown"
).split()
COUNTIES = "Adams Baker Clark Douglas Essex Fayette Grant Harris Jefferson Knox Lake Lincoln Marshall Polk Wayne".split()
INITIATIVE_NAMES = [
    "Family Strengths Home Visiting",
    "Youth Mentoring Scale-up",
    "School-based Mental Health",
    "Early Literacy Partnership",
    "Community Health Workers",
    "Positive Parenting Program",
    "Kinship Care Supports",
    "Recovery-Friendly Workplaces",
    "Safe Sleep Campaign",
    "Family Peer Navigators",
    "Trauma-Informed Schools",
    "Neighborhood Food Access",
]
DESCRIPTIONS = [
    "Family resource centres and the county health department deliver the program together.",
    "A city-led rollout with a family advisory group that meets monthly.",
    "A rural partnership of the school district, the clinic and faith communities.",
    "Tribal and county partners co-lead the work with elders and youth.",
    "A metro collaborative of nonprofits; parents with lived experience sit on the implementation team.",
]


def community_name(index: int) -> str:
    """A unique, readable name: 'Riverside', then 'North Riverside', ..., then numbered."""
    base = PLACE_NAMES[index % len(PLACE_NAMES)]
    round_ = index // len(PLACE_NAMES)
    if round_ == 0:
        return base
    if round_ <= len(PLACE_PREFIXES):
        return f"{PLACE_PREFIXES[round_ - 1]} {base}"
    return f"{base} {round_ - len(PLACE_PREFIXES) + 1}"


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def stage_path(rng: random.Random) -> list[Stage]:
    """One to four stages, oldest first: mostly forward, sometimes a step back."""
    order = list(Stage)
    length = rng.choices([1, 2, 3, 4], weights=[3, 3, 3, 2])[0]
    at = 0 if rng.random() < 0.8 else 1
    path = [order[at]]
    while len(path) < length:
        step_back = at == len(order) - 1 or (at > 0 and rng.random() < 0.15)
        at += -1 if step_back else 1
        path.append(order[at])
    return path


# The steps, in order.


def create_organization(build: Build) -> Iterator[int]:
    opts = build.options
    build.org = Organization.objects.create(
        name=f"Bench Network ({opts.org_slug})",
        slug=opts.org_slug,
        description=f"Generated for benchmarks: {opts.communities:,} communities, seed {opts.seed}.",
        created_at=build.now - timedelta(days=4 * 365),
    )
    build.counts[Organization._meta.label] += 1
    yield 1


def create_initiatives(build: Build) -> Iterator[int]:
    today: date = build.now.date()
    rows = []
    for i in range(build.options.initiatives):
        name = INITIATIVE_NAMES[i % len(INITIATIVE_NAMES)]
        if i >= len(INITIATIVE_NAMES):
            name = f"{name} {i // len(INITIATIVE_NAMES) + 1}"
        rows.append(
            Initiative(
                organization=build.org,
                name=name,
                slug=slugify(name),
                description="A program rollout co-created with the communities taking part.",
                starts_on=today - timedelta(days=build.rng.randint(400, 1400)),
                created_at=build.now - timedelta(days=1400),
            )
        )
    for batch in insert(build, Initiative, rows):
        build.initiatives.extend(batch)
        yield len(batch)


def _user(build: Build, local: str, *, language: str = "en") -> User:
    return UserModel(
        email=build.options.email(local),
        name=person_name(build.rng),
        preferred_language=language,
        password=build.password_hash,
        date_joined=build.now,
    )


def people_count(build: Build) -> int:
    n = build.options.communities
    return len(ORG_WIDE) + build.options.practitioners + n + n * PARTNERS_PER_COMMUNITY


def create_people(build: Build) -> Iterator[int]:
    """Everyone, with a verified email address (allauth requires one to sign in by password)."""
    n, width = build.options.communities, len(str(build.options.communities))
    staff = [_user(build, role) for role in ORG_WIDE]
    practitioners = [
        _user(build, f"practitioner-{i:0{width}d}") for i in range(1, build.options.practitioners + 1)
    ]
    leads = [_user(build, f"lead-{i:0{width}d}") for i in range(1, n + 1)]
    partners = [
        # About a third of the partners read the product in Spanish.
        _user(build, f"partner-{i:0{width}d}-{j}", language="es" if build.rng.random() < 0.3 else "en")
        for i in range(1, n + 1)
        for j in range(1, PARTNERS_PER_COMMUNITY + 1)
    ]
    saved: list[User] = []
    for batch in insert(build, UserModel, [*staff, *practitioners, *leads, *partners]):
        saved.extend(batch)
        yield len(batch)
    addresses = (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in saved)
    for batch in insert(build, EmailAddress, addresses):
        yield len(batch)
    build.admin, build.funder, build.evaluator, build.finance = saved[: len(ORG_WIDE)]
    build.practitioners = saved[len(ORG_WIDE) : len(ORG_WIDE) + len(practitioners)]
    first_lead = len(ORG_WIDE) + len(practitioners)
    build.leads = saved[first_lead : first_lead + n]
    build.partners = saved[first_lead + n :]


def create_communities(build: Build) -> Iterator[int]:
    """Communities spread over the initiatives, each at the last stage of its (generated) path."""
    rng = build.rng
    rows = []
    for i in range(build.options.communities):
        path = stage_path(rng)
        # The latest move was 5-150 days ago; earlier ones 2-8 months apart before it.
        when = [build.now - timedelta(days=rng.randint(5, 150), hours=rng.randint(0, 23))]
        for _ in path[1:]:
            when.insert(0, when[0] - timedelta(days=rng.randint(60, 240)))
        build.stage_paths.append(path)
        build.stage_dates.append(when)
        # Every initiative gets at least one community; the rest are spread at random.
        initiative = build.initiatives[i] if i < len(build.initiatives) else rng.choice(build.initiatives)
        name = community_name(i)
        rows.append(
            Community(
                organization=build.org,
                initiative=initiative,
                name=name,
                slug=slugify(name),
                region=f"{rng.choice(COUNTIES)} County",
                description=rng.choice(DESCRIPTIONS),
                stage=path[-1],
                stage_changed_at=when[-1],
                created_at=when[0],
            )
        )
    for batch in insert(build, Community, rows):
        build.communities.extend(batch)
        yield len(batch)


def create_stage_history(build: Build) -> Iterator[int]:
    """The move each community joined at, then each move with who made it and why."""

    def rows():
        for i, community in enumerate(build.communities):
            path, when = build.stage_paths[i], build.stage_dates[i]
            for k, stage in enumerate(path):
                previous = path[k - 1] if k else ""
                back = k > 0 and list(Stage).index(stage) < list(Stage).index(path[k - 1])
                yield StageChange(
                    organization=build.org,
                    community=community,
                    from_stage=previous,
                    to_stage=stage,
                    reason="" if not k else STEP_BACK_REASON if back else STAGE_REASONS[stage],
                    changed_by=build.practitioner_of(i) if k else build.admin,
                    changed_at=when[k],
                )

    for batch in insert(build, StageChange, rows()):
        yield len(batch)


def create_teams(build: Build) -> Iterator[int]:
    rows = (
        Team(organization=build.org, community=c, name=name, purpose=purpose, created_at=c.created_at)
        for c in build.communities
        for name, purpose in TEAMS
    )
    for batch in insert(build, Team, rows):
        yield len(batch)


def membership_count(build: Build) -> int:
    return len(ORG_WIDE) + build.options.communities * (2 + PARTNERS_PER_COMMUNITY)


def create_memberships(build: Build) -> Iterator[int]:
    """Organization-wide roles, then per community: practitioner, team lead, partners (with history)."""
    org = build.org

    def membership(user: User, role: Role, community: Community | None, when: datetime, by: User | None):
        m = Membership(user=user, organization=org, community=community, role=role, created_at=when)
        m._history_date, m._history_user = when, by  # type: ignore[attr-defined]  # read by bulk_history_create
        return m

    def rows():
        start = org.created_at
        yield membership(build.admin, Role.NETWORK_ADMIN, None, start, None)
        yield membership(build.funder, Role.FUNDER, None, start, build.admin)
        yield membership(build.evaluator, Role.EVALUATOR, None, start, build.admin)
        yield membership(build.finance, Role.FINANCE, None, start, build.admin)
        for i, c in enumerate(build.communities):
            practitioner, lead = build.practitioner_of(i), build.leads[i]
            yield membership(practitioner, Role.PRACTITIONER, c, c.created_at, build.admin)
            yield membership(lead, Role.TEAM_LEAD, c, c.created_at + timedelta(days=3), practitioner)
            for j, partner in enumerate(build.partners_of(i)):
                yield membership(partner, Role.PARTNER, c, c.created_at + timedelta(days=10 + 7 * j), lead)

    for batch in insert(build, Membership, rows()):
        history = Membership.history.bulk_history_create(batch, batch_size=BATCH_SIZE)
        build.counts["core.HistoricalMembership"] += len(history)
        yield len(batch)


def create_admin_authenticator(build: Build) -> Iterator[int]:
    """Network admins must have two-factor set up (RequireAdminTwoFactorMiddleware): give ours an app."""
    TOTP.activate(build.admin, ADMIN_TOTP_SECRET)
    build.counts["mfa.Authenticator"] += 1
    yield 1


STEPS: list[Step] = [
    Step("organization", create_organization, lambda b: 1),
    Step("initiatives", create_initiatives, lambda b: b.options.initiatives),
    Step("people", create_people, lambda b: 2 * people_count(b)),  # a user and an email address each
    Step("communities", create_communities, lambda b: b.options.communities),
    Step("stage history", create_stage_history, lambda b: sum(len(p) for p in b.stage_paths)),
    Step("teams", create_teams, lambda b: len(b.communities) * len(TEAMS)),
    Step("memberships", create_memberships, membership_count),
    Step("two-factor", create_admin_authenticator, lambda b: 1),
]


def all_steps() -> list[Step]:
    """The foundation's steps, then each app's, lowest floor first (registered in AppConfig.ready())."""
    return [*STEPS, *(step for entry in generator_steps for step in import_string(entry.steps))]


def delete_generated(options: Options) -> None:
    """Remove a generated organization, its people (by the generated email domain) and its history rows.

    History recording is off meanwhile: a "deleted" record per row would make this slow, and the
    organization's history is purged right after anyway.
    """
    with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        org = Organization.objects.filter(slug=options.org_slug).first()
        if org is not None:
            org_pk = org.pk
            Community.objects.filter(organization=org).delete()  # first: a community PROTECTs its initiative
            org.delete()
            for model in (Initiative, Community, Team, Membership, Invitation):
                model.history.filter(organization_id=org_pk).delete()
            Organization.history.filter(id=org_pk).delete()
        UserModel.objects.filter(email__iendswith="@" + options.email_domain).delete()


def generate(options: Options, *, replace: bool = False, progress: bool = True) -> Build:
    """Build the organization described by `options` in one transaction; returns what was made."""
    taken = Organization.objects.filter(slug=options.org_slug).exists()
    people_left = UserModel.objects.filter(email__iendswith="@" + options.email_domain).exists()
    if (taken or people_left) and not replace:
        what = f"organization {options.org_slug!r}" if taken else f"people @{options.email_domain}"
        raise GeneratedDataExists(
            f"{what} exists already; use --replace to delete it first, or another --org-slug."
        )
    build = Build(
        options=options,
        rng=random.Random(options.seed),
        now=timezone.now(),
        password_hash=make_password(PASSWORD),  # once: hashing per person would take minutes
    )
    with transaction.atomic():
        if taken or people_left:
            delete_generated(options)
        for step in all_steps():
            with tqdm(
                total=step.total(build),
                desc=f"{step.name:>14}",
                unit=" rows",
                file=sys.stderr,
                disable=not progress,
            ) as bar:
                for n in step.run(build):
                    bar.update(n)
    return build


def sign_in_help(build: Build) -> str:
    opts = build.options
    practitioner = build.practitioners[0]
    return "\n".join(
        [
            f"Sign in at /accounts/login/ with password {PASSWORD!r}:",
            f"  support practitioner  {practitioner.email}  ({min(PORTFOLIO_SIZE, opts.communities)} communities)",
            f"  team lead             {build.leads[0].email}",
            f"  partner               {build.partners[0].email}",
            f"  funder                {build.funder.email}",
            f"  network admin         {build.admin.email}  (two-factor: add secret {ADMIN_TOTP_SECRET}"
            " to an authenticator app)",
            f"Then open /o/{opts.org_slug}/",
        ]
    )
