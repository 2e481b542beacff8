"""The one permission layer: who may see what (querysets) and who may do what (`can`).

Every view, API endpoint and export resolves a `Tenant` for the organization in the URL and asks it.
A person with no membership in the organization gets the same 404 as for an organization that does
not exist; objects outside what they may see are 404 as well. A visible object with an action the
person's role does not allow is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Community, Initiative, Invitation, Membership, Organization, Role, Team

ADMIN, PRACTITIONER, LEAD, PARTNER, FUNDER, EVALUATOR, FINANCE = (
    Role.NETWORK_ADMIN,
    Role.PRACTITIONER,
    Role.TEAM_LEAD,
    Role.PARTNER,
    Role.FUNDER,
    Role.EVALUATOR,
    Role.FINANCE,
)
EVERYONE = frozenset(Role)
STAFF = frozenset({ADMIN, PRACTITIONER, LEAD})

# action -> roles that may do it. Organization-wide roles apply in every community.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "organization.view": EVERYONE,
    "organization.change": frozenset({ADMIN}),
    "organization.archive": frozenset({ADMIN}),
    "initiative.view": EVERYONE,
    "initiative.add": frozenset({ADMIN}),
    "initiative.change": frozenset({ADMIN}),
    "community.view": EVERYONE,
    "community.add": frozenset({ADMIN}),
    "community.change": frozenset({ADMIN, LEAD}),
    "community.archive": frozenset({ADMIN}),
    "community.change_stage": STAFF,
    "community.history": EVERYONE,  # stage moves are shared with every partner; membership history is not
    "team.view": EVERYONE,
    "team.change": STAFF,
    "membership.view": frozenset({ADMIN, PRACTITIONER, LEAD, PARTNER}),
    "membership.history": frozenset({ADMIN, PRACTITIONER, LEAD}),
    "membership.invite": STAFF,
    "membership.remove": frozenset({ADMIN}),
    # Partners and engagement. Contact details are for the people who do the engaging, not for
    # funders or evaluators (nor other partners: a parent's phone number is not the whole team's).
    "partner.view": EVERYONE,
    "partner.contact": STAFF,
    "partner.change": STAFF,
    "partner.transfer": STAFF,  # import and export lists
    "partner.privacy": frozenset({ADMIN}),  # everything held about one person; erasure
    "plan.view": EVERYONE,
    "plan.change": STAFF,
    # Assessments. Everyone in a community sees its results (aggregates, never one person's answers);
    # staff run the rounds. Answering needs an invitation, not a role.
    "assessment.view": EVERYONE,
    "assessment.run": STAFF,
    "assessment.export": STAFF | {FUNDER, EVALUATOR},
    "assessment.flag_gap": STAFF,
    "instrument.view": STAFF | {EVALUATOR},
    "instrument.change": frozenset({ADMIN}),
    "reflection.view": EVERYONE,
    "reflection.change": STAFF | {PARTNER},
    # The support log: the intermediary records the support it delivered; every member of the
    # community sees the dosage (the data is fed back to everyone).
    "support.view": EVERYONE,
    "support.log": frozenset({ADMIN, PRACTITIONER}),
    "support.export": STAFF | {FUNDER, EVALUATOR},
    # Planning: staff write goals and actions; every team member, partners included, adds progress
    # notes and their own equity intention (everyone has a hand in the plan).
    "planning.view": EVERYONE,
    "planning.change": STAFF,
    "planning.contribute": STAFF | {PARTNER},
    # Meetings, shared agreements and decisions: the whole team takes part (partners included);
    # staff set them up and record the outcome.
    "meeting.view": EVERYONE,
    "meeting.change": STAFF,
    "meeting.take_part": STAFF | {PARTNER},
    # The intermediary's written support plan for a community: it writes it, everyone may read it.
    "support_plan.view": EVERYONE,
    "support_plan.change": frozenset({ADMIN, PRACTITIONER}),
    # Process observations: anyone on the team may shadow a process (a parent included); what they
    # saw (confusion, frustration, bottlenecks) stays with the team and the evaluators.
    "observation.view": STAFF | {PARTNER, EVALUATOR},
    "observation.change": STAFF | {PARTNER},
    # Versions of the team's texts in the organization's other languages (core.translations): staff,
    # and partners — a team's bilingual members and interpreters are often parents. Every version
    # keeps who wrote it, and the original stays as it was.
    "content.translate": STAFF | {PARTNER},
    # Community leaders (cocreate.leaders). The organization's application questions, rubric and
    # training modules are the admin's; a community's lead (or the admin) opens calls, decides
    # applications and supports its leaders; reviewers are the staff a call names.
    "leaders.settings": frozenset({ADMIN}),
    "leaders.view": STAFF,
    "call.manage": frozenset({ADMIN, LEAD}),
    "application.review": STAFF,  # and named as a reviewer of the call (or able to manage it)
    "application.decide": frozenset({ADMIN, LEAD}),
    "leader.support": STAFF,
    # Peer support networks: leaders join by choice; staff start them and keep them going.
    "network.view": STAFF | {PARTNER},  # partners: the networks' front pages; inside, members only
    "network.manage": frozenset({ADMIN, PRACTITIONER, LEAD}),
    # Compensation (cocreate.compensation). Everyone may read the policy (what is paid, and the
    # notice); amounts of a person's claims are for her, the approvers and finance only.
    "compensation.policy_view": EVERYONE,
    "compensation.policy_change": frozenset({ADMIN, FINANCE}),
    "claim.approve": frozenset({LEAD, FINANCE}),  # never one's own claim
    "claim.pay": frozenset({FINANCE}),
    "claim.export": frozenset({FINANCE}),
    # Toolkit worksheets (cocreate.worksheets): the whole team writes them together — partners edit
    # steps, save drafts and comment; staff start them and publish; the admin adapts the templates.
    "worksheet.view": EVERYONE,
    "worksheet.contribute": STAFF | {PARTNER},
    "worksheet.start": STAFF,
    "worksheet.publish": STAFF,
    "worksheet.template": frozenset({ADMIN}),
    # Surveys (cocreate.surveys): staff and evaluators design them; staff send them and turn what was
    # said into "you said, we did"; everyone sees the results (never one person's answers).
    "survey.view": EVERYONE,
    "survey.design": STAFF | {EVALUATOR},
    "survey.send": STAFF,
    "survey.analyse": STAFF | {EVALUATOR},  # read free-text answers, give them themes
    "survey.feedback": STAFF,  # an answer or theme becomes a "you said, we did" item
    "survey.export": STAFF | {FUNDER, EVALUATOR},
    # Focus groups and listening sessions (cocreate.listening): co-designed — partners propose and
    # edit guide questions, and a parent may facilitate (the facilitator records the notes).
    "listening.view": STAFF | {PARTNER, EVALUATOR},
    "listening.manage": STAFF,
    "listening.contribute": STAFF | {PARTNER},
    # The co-production steps board (cocreate.steps): everyone sees it; the team rates its own steps.
    "steps.view": EVERYONE,
    "steps.rate": STAFF | {PARTNER},
}

# Which roles each inviting role may hand out. Only an admin grants organization-wide roles.
GRANTABLE: dict[Role, frozenset[Role]] = {
    ADMIN: EVERYONE,
    PRACTITIONER: frozenset({LEAD, PARTNER}),
    LEAD: frozenset({LEAD, PARTNER}),
}


@dataclass
class Tenant:
    """What one signed-in person may see and do inside one organization (built once per request)."""

    user: Any  # the signed-in accounts.User (core does not import accounts)
    organization: Organization
    memberships: list[Membership] = field(default_factory=list)

    @cached_property
    def org_roles(self) -> frozenset[Role]:
        return frozenset(Role(m.role) for m in self.memberships if m.community_id is None)

    @cached_property
    def community_roles(self) -> dict[int, frozenset[Role]]:
        roles: dict[int, set[Role]] = {}
        for m in self.memberships:
            if m.community_id is not None:
                roles.setdefault(m.community_id, set()).add(Role(m.role))
        return {pk: frozenset(r) for pk, r in roles.items()}

    @property
    def sees_every_community(self) -> bool:
        return bool(self.org_roles)

    def roles_in(self, community: Community | int | None = None) -> frozenset[Role]:
        """The roles that apply in a community (organization-wide roles always do)."""
        if community is None:
            return self.org_roles
        pk = community if isinstance(community, int) else community.pk
        return self.org_roles | self.community_roles.get(pk, frozenset())

    @property
    def all_roles(self) -> frozenset[Role]:
        return self.org_roles.union(*self.community_roles.values())

    def can(self, action: str, community: Community | int | None = None) -> bool:
        """May this person do `action`, in `community` if given, else organization-wide?"""
        allowed = PERMISSIONS[action]
        return bool(self.roles_in(community) & allowed)

    def can_anywhere(self, action: str) -> bool:
        """Does any of this person's roles, in any community, allow `action`?"""
        return bool(self.all_roles & PERMISSIONS[action])

    def require(self, action: str, community: Community | int | None = None) -> None:
        if not self.can(action, community):
            raise PermissionDenied

    def grantable_roles(self, community: Community | None) -> list[Role]:
        roles: set[Role] = set()
        for held in self.roles_in(community):
            roles |= GRANTABLE.get(held, frozenset())
        if community is None:  # organization-wide invitations
            roles = roles if ADMIN in self.org_roles else set()
        return [r for r in Role if r in roles]

    # Scoped querysets, one per model: everything a page lists goes through these.

    def communities(self) -> QuerySet[Community]:
        qs = Community.objects.filter(organization=self.organization)
        if not self.sees_every_community:
            qs = qs.filter(pk__in=list(self.community_roles))
        return qs

    def initiatives(self) -> QuerySet[Initiative]:
        qs = Initiative.objects.filter(organization=self.organization)
        if not self.sees_every_community:
            qs = qs.filter(communities__pk__in=list(self.community_roles)).distinct()
        return qs

    def teams(self, community: Community) -> QuerySet[Team]:
        self._check_visible(community)
        return Team.objects.filter(organization=self.organization, community=community)

    def memberships_in(self, community: Community | None) -> QuerySet[Membership]:
        """Members of one community (with the organization-wide staff who serve it), or the organization."""
        qs = Membership.objects.filter(organization=self.organization).select_related("user", "community")
        if community is None:
            self.require("membership.view")
            return qs
        self.require("membership.view", community)
        return qs.filter(Q(community=community) | Q(community__isnull=True))

    def invitations_in(self, community: Community | None) -> QuerySet[Invitation]:
        qs = Invitation.objects.filter(organization=self.organization, accepted_at__isnull=True)
        return qs.filter(community=community) if community else qs.filter(community__isnull=True)

    def _check_visible(self, community: Community) -> None:
        if community.organization_id != self.organization.pk or not (
            self.sees_every_community or community.pk in self.community_roles
        ):
            raise Http404


def tenant_for(user, org_slug: str) -> Tenant:
    """Resolve the organization in the URL for this person, or 404 (unknown and not-yours look alike)."""
    if not user.is_authenticated:
        raise Http404
    memberships = list(
        Membership.objects.filter(user=user, organization__slug=org_slug).select_related(
            "organization", "community"
        )
    )
    if not memberships:
        raise Http404
    return Tenant(user=user, organization=memberships[0].organization, memberships=memberships)


def access_community(tenant: Tenant, slug: str, action: str = "community.view") -> Community:
    """A community of the tenant's organization that this person may see; 404 otherwise, 403 for the action."""
    community = (
        Community.objects.filter(organization=tenant.organization, slug=slug)
        .select_related("initiative")
        .first()
    )
    if community is None:
        raise Http404
    tenant._check_visible(community)
    community.organization = community.initiative.organization = tenant.organization  # spare the queries
    tenant.require(action, community)
    return community


def access_initiative(tenant: Tenant, slug: str, action: str = "initiative.view") -> Initiative:
    initiative = tenant.initiatives().filter(slug=slug).first()
    if initiative is None:
        raise Http404
    initiative.organization = tenant.organization
    if action != "initiative.view":
        tenant.require(action)
    return initiative


def access_team(tenant: Tenant, community: Community, pk: int, action: str = "team.view") -> Team:
    team = tenant.teams(community).filter(pk=pk).first()
    if team is None:
        raise Http404
    tenant.require(action, community)
    return team
