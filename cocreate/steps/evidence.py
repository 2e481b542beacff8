"""What the product already knows about each of the eight steps in one community, and what to do next.

Every figure is a count or a yes/no read from the other apps, all in ONE query: the community row with
one correlated subquery per figure, so the board costs the same however much the community holds.
Nothing here reads anyone's answers (no survey or assessment results): only how many rounds and surveys
were closed. `facts_for` turns the figures into short sentences, each with a link to where the
thing lives; `suggestions_for` says what is missing, in plain words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.assessments.models import Administration, AdministrationStatus, Invitee
from cocreate.compensation.models import Claim, ClaimStatus, Policy
from cocreate.core.access import Tenant
from cocreate.core.models import Community, StageChange, Team
from cocreate.leaders.models import Leader, NetworkMember, OnboardingCompletion, Recognition
from cocreate.listening.models import FocusGroup, GroupStatus
from cocreate.meetings.models import (
    NO_OBJECTION_METHODS,
    Acknowledgement,
    AgreementVersion,
    Decision,
    DecisionStatus,
    RoleAssignment,
)
from cocreate.partners.models import PARTNER_TYPE_SHORT, EngagementLevel, Level, Partner, PlanEntry, TeamRole
from cocreate.planning.models import (
    OPEN_FEEDBACK_STATUSES,
    Action,
    ActionStatus,
    FeedbackItem,
    FeedbackStatus,
    Goal,
    GoalStatus,
    PdsaCycle,
)
from cocreate.support.models import SupportEvent, SupportPlanVersion, SupportType
from cocreate.surveys.models import Survey, SurveyStatus
from cocreate.worksheets.models import Kind, Worksheet

# --- The figures: one subquery each ---------------------------------------------------------------


class _Count(Func):
    """COUNT(...) with no GROUP BY: inside a correlated subquery it counts the rows the filter keeps."""

    function = "COUNT"
    output_field = IntegerField()


class _CountDistinct(_Count):
    template = "COUNT(DISTINCT %(expressions)s)"


def _count(rows: QuerySet, *, path: str = "community", of: str = "pk", distinct: bool = False) -> Any:
    counted = _CountDistinct(F(of)) if distinct else _Count(F(of))
    sub = rows.filter(**{path: OuterRef("pk")}).order_by().annotate(n=counted).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def _figures() -> dict[str, Any]:
    partners = Partner.objects.active()
    lived = partners.filter(lived_experience=True)
    figures: dict[str, Any] = {
        # 1 mindset
        "onboarding": _count(OnboardingCompletion.objects.all()),
        "onboarded": _count(OnboardingCompletion.objects.all(), of="leader", distinct=True),
        "trainings": _count(SupportEvent.objects.filter(event_type=SupportType.TRAINING)),
        # 2 stakeholders
        "partners": _count(partners),
        "lived": _count(lived),
        "lived_collaborate": _count(
            EngagementLevel.objects.filter(
                partner__lived_experience=True,
                partner__archived_at__isnull=True,
                partner__erased_at__isnull=True,
                planned__gte=Level.COLLABORATE,
            ),
            of="partner",
            distinct=True,
        ),
        "levels": _count(EngagementLevel.objects.all()),
        "below_plan": _count(EngagementLevel.objects.filter(current__lt=F("planned"))),
        "plan_entries": _count(PlanEntry.objects.all(), path="plan__community"),
        # 3 structures
        "teams": _count(Team.objects.filter(archived_at__isnull=True)),
        "team_roles": _count(TeamRole.objects.all()),
        "agreements": _count(AgreementVersion.objects.filter(number__isnull=False)),
        "agreed_by": _count(Acknowledgement.objects.all(), of="user", distinct=True),
        "role_partners": _count(
            RoleAssignment.objects.filter(partner__isnull=False), of="partner", distinct=True
        ),
        "role_users": _count(RoleAssignment.objects.filter(user__isnull=False), of="user", distinct=True),
        # 4 planning and design
        "rounds_closed": _count(Administration.objects.filter(status=AdministrationStatus.CLOSED)),
        "rounds_lived": _count(
            Invitee.objects.filter(
                administration__status=AdministrationStatus.CLOSED,
                submitted_at__isnull=False,
                user__partner_records__lived_experience=True,
                user__partner_records__community=F("administration__community"),
            ),
            path="administration__community",
            of="administration",
            distinct=True,
        ),
        "goals": _count(Goal.objects.exclude(status=GoalStatus.DROPPED)),
        "missions": _count(Worksheet.objects.filter(kind=Kind.MISSION, published_number__isnull=False)),
        "values": _count(Worksheet.objects.filter(kind=Kind.VALUES, published_number__isnull=False)),
        # 5 decisions (only those shared with the community: the board is everyone's)
        "decisions": _count(Decision.objects.filter(status=DecisionStatus.CLOSED, visible_to_community=True)),
        "decisions_together": _count(
            Decision.objects.filter(
                status=DecisionStatus.CLOSED, visible_to_community=True, method__in=NO_OBJECTION_METHODS
            )
        ),
        # 6 implementation
        "actions": _count(Action.objects.exclude(status=ActionStatus.DROPPED)),
        "actions_owned": _count(
            Action.objects.exclude(status=ActionStatus.DROPPED).filter(owners__isnull=False), distinct=True
        ),
        "support_plans": _count(SupportPlanVersion.objects.filter(number__isnull=False)),
        "claims_paid": _count(Claim.objects.filter(status=ClaimStatus.PAID)),
        # 7 feedback and evaluation
        "feedback_open": _count(FeedbackItem.objects.filter(status__in=OPEN_FEEDBACK_STATUSES)),
        "feedback_done": _count(FeedbackItem.objects.filter(status=FeedbackStatus.DONE)),
        "feedback_reported": _count(FeedbackItem.objects.filter(reported_on__isnull=False)),
        "surveys_closed": _count(Survey.objects.filter(status=SurveyStatus.CLOSED)),
        "listening_held": _count(FocusGroup.objects.exclude(status=GroupStatus.PLANNED)),
        "cycles_with_data": _count(PdsaCycle.objects.filter(points__isnull=False), distinct=True),
        # 8 sustainability
        "stage_moves": _count(StageChange.objects.exclude(from_stage="")),
        "leaders": _count(Leader.objects.filter(ended_on__isnull=True)),
        "in_networks": _count(
            NetworkMember.objects.filter(leader__ended_on__isnull=True, network__archived_at__isnull=True),
            path="leader__community",
            of="leader",
            distinct=True,
        ),
        "recognitions": _count(Recognition.objects.all()),
    }
    # The partner types one by one: which of the five kinds of partner are at the table.
    for kind in PARTNER_TYPE_SHORT:
        figures[f"type_{kind}"] = _count(partners.filter(partner_type=kind))
    # A policy is the organization's: correlate on the community's organization, not its pk.
    figures["policies"] = Exists(Policy.objects.filter(organization=OuterRef("organization")))
    return figures


def figures_for(community: Community) -> dict[str, Any]:
    """Every figure of the board for one community, in one query."""
    # Prefixed: a figure's name may be a field of the community too (its `partners`).
    row = (
        Community.objects.filter(pk=community.pk).values(**{f"n_{k}": v for k, v in _figures().items()}).get()
    )
    return {key.removeprefix("n_"): value for key, value in row.items()}


# --- Facts and suggestions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    text: str
    url: str = ""
    good: bool = True  # False: the sentence says something is missing


@dataclass(frozen=True)
class Suggestion:
    text: str
    url: str = ""


@dataclass
class StepEvidence:
    facts: list[Fact] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


def _link(name: str, org: str, slug: str) -> str:
    """The community page `name`, or "" where it does not exist (yet) on this server."""
    try:
        return reverse(name, args=[org, slug])
    except NoReverseMatch:
        return ""


class _Links:
    """The pages the facts point to, each shown only to people who may open it."""

    PAGES: dict[str, tuple[str, str]] = {
        "home": ("core:community", "community.view"),
        "history": ("core:community_history", "community.history"),
        "partners": ("partners:list", "partner.view"),
        "engagement_plan": ("partners:plan", "plan.view"),
        "agreement": ("meetings:agreement", "meeting.view"),
        "meetings": ("meetings:meeting_list", "meeting.view"),
        "decisions": ("meetings:decision_list", "meeting.view"),
        "assessments": ("assessments:list", "assessment.view"),
        "plan": ("planning:plan", "planning.view"),
        "feedback": ("planning:feedback", "planning.view"),
        "support": ("support:list", "support.view"),
        "support_plan": ("support:plan", "support_plan.view"),
        "leaders": ("leaders:leaders", "leaders.view"),
        "worksheets": ("worksheets:list", "worksheet.view"),
        "surveys": (
            "surveys:list",
            "survey.design",
        ),  # the list is the builders'; results are on the community page
        "listening": ("listening:groups", "listening.view"),
    }

    def __init__(self, tenant: Tenant, community: Community) -> None:
        self.tenant, self.community = tenant, community
        org = tenant.organization.slug
        self._org = org

    def __getattr__(self, key: str) -> str:
        if key not in self.PAGES:
            raise AttributeError(key)
        name, permission = self.PAGES[key]
        if not self.tenant.can(permission, self.community):
            return ""
        return _link(name, self._org, self.community.slug)

    @property
    def policy(self) -> str:
        if not self.tenant.can("compensation.policy_view", self.community):
            return ""
        return reverse("compensation:policy", args=[self._org])

    @property
    def networks(self) -> str:
        if not self.tenant.can("network.view", self.community):
            return ""
        return reverse("leaders:networks", args=[self._org])


def _n(text: str, n: int, **more: Any) -> str:
    """`text` (an `ngettext` of `n`, so makemessages finds both forms) with `n` and `more` filled in."""
    return text % {"n": n, **more}


def evidence_for(
    tenant: Tenant, community: Community, figures: dict[str, Any] | None = None
) -> dict[int, StepEvidence]:
    """{step number: its facts and suggestions} for this reader (links only to pages she may open)."""
    f = figures if figures is not None else figures_for(community)
    links = _Links(tenant, community)
    builders: dict[int, Callable[[dict[str, Any], _Links], StepEvidence]] = {
        1: _step1,
        2: _step2,
        3: _step3,
        4: _step4,
        5: _step5,
        6: _step6,
        7: _step7,
        8: _step8,
    }
    return {number: build(f, links) for number, build in builders.items()}


def _step1(f, links) -> StepEvidence:
    e = StepEvidence()
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s training session recorded in the support log.",
                    "%(n)s training sessions recorded in the support log.",
                    f["trainings"],
                ),
                f["trainings"],
            ),
            links.support,
            good=f["trainings"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s community leader has completed onboarding modules.",
                    "%(n)s community leaders have completed onboarding modules.",
                    f["onboarded"],
                ),
                f["onboarded"],
            ),
            links.leaders,
            good=f["onboarded"] > 0,
        )
    )
    if not f["trainings"]:
        e.suggestions.append(
            Suggestion(
                _("No training on co-production is recorded yet: plan a session to learn it together."),
                links.support,
            )
        )
    elif f["leaders"] and not f["onboarded"]:
        e.suggestions.append(
            Suggestion(
                _("Your community leaders have not completed any onboarding yet: go through it with them."),
                links.leaders,
            )
        )
    return e


def _step2(f, links) -> StepEvidence:
    e = StepEvidence()
    present = [str(label) for kind, label in PARTNER_TYPE_SHORT.items() if f[f"type_{kind}"]]
    missing = [str(label) for kind, label in PARTNER_TYPE_SHORT.items() if not f[f"type_{kind}"]]
    e.facts.append(
        Fact(
            _n(ngettext("%(n)s partner mapped.", "%(n)s partners mapped.", f["partners"]), f["partners"])
            + " "
            + _("Kinds of partner at the table: %(present)s of 5.") % {"present": len(present)},
            links.partners,
            good=f["partners"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s of them brings lived experience.",
                    "%(n)s of them bring lived experience.",
                    f["lived"],
                ),
                f["lived"],
            ),
            links.partners,
            good=f["lived"] > 0,
        )
    )
    if f["levels"]:
        e.facts.append(
            Fact(
                _n(
                    ngettext(
                        "%(n)s engagement level is still below what is planned.",
                        "%(n)s engagement levels are still below what is planned.",
                        f["below_plan"],
                    ),
                    f["below_plan"],
                ),
                links.partners,
                good=f["below_plan"] == 0,
            )
        )
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "The partnership engagement plan has %(n)s entry.",
                    "The partnership engagement plan has %(n)s entries.",
                    f["plan_entries"],
                ),
                f["plan_entries"],
            )
            if f["plan_entries"]
            else _("No partnership engagement plan written yet."),
            links.engagement_plan,
            good=f["plan_entries"] > 0,
        )
    )
    if not f["lived"]:
        e.suggestions.append(
            Suggestion(
                _("Nobody with lived experience is mapped yet: ask who should be at the table."),
                links.partners,
            )
        )
    elif not f["lived_collaborate"]:
        e.suggestions.append(
            Suggestion(
                _(
                    "Nobody with lived experience has a planned level of collaborate or higher: plan deeper roles."
                ),
                links.partners,
            )
        )
    if f["partners"] and missing:
        e.suggestions.append(
            Suggestion(_("Not yet at the table: %(kinds)s.") % {"kinds": ", ".join(missing)}, links.partners)
        )
    if not f["plan_entries"]:
        e.suggestions.append(
            Suggestion(
                _("Write down how you will engage each partner in the engagement plan."),
                links.engagement_plan,
            )
        )
    return e


def _step3(f, links) -> StepEvidence:
    e = StepEvidence()
    rotating = f["role_partners"] + f["role_users"]
    e.facts.append(
        Fact(
            _n(ngettext("%(n)s team.", "%(n)s teams.", f["teams"]), f["teams"])
            + " "
            + _n(
                ngettext("%(n)s team role described.", "%(n)s team roles described.", f["team_roles"]),
                f["team_roles"],
            ),
            links.home,
            good=f["teams"] > 0 and f["team_roles"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "Shared agreement published; %(n)s person has said they agree.",
                    "Shared agreement published; %(n)s people have said they agree.",
                    f["agreed_by"],
                ),
                f["agreed_by"],
            )
            if f["agreements"]
            else _("No shared agreement published yet."),
            links.agreement,
            good=f["agreements"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s person has held a meeting role (facilitator, note taker…).",
                    "%(n)s different people have held a meeting role (facilitator, note taker…).",
                    rotating,
                ),
                rotating,
            ),
            links.meetings,
            good=rotating >= 3,
        )
    )
    if not f["agreements"]:
        e.suggestions.append(Suggestion(_("No shared agreement yet: draft one together."), links.agreement))
    if not f["team_roles"]:
        e.suggestions.append(
            Suggestion(
                _("Nobody's role on the team is written down yet: describe who does what."), links.home
            )
        )
    if rotating < 3:
        e.suggestions.append(
            Suggestion(
                _("Let meeting roles rotate, so more people facilitate and take notes."), links.meetings
            )
        )
    return e


def _step4(f, links) -> StepEvidence:
    e = StepEvidence()
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s joint assessment round closed",
                    "%(n)s joint assessment rounds closed",
                    f["rounds_closed"],
                ),
                f["rounds_closed"],
            )
            + "; "
            + _n(
                ngettext(
                    "%(n)s with answers from people with lived experience.",
                    "%(n)s with answers from people with lived experience.",
                    f["rounds_lived"],
                ),
                f["rounds_lived"],
            ),
            links.assessments,
            good=f["rounds_lived"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(ngettext("%(n)s goal in the plan.", "%(n)s goals in the plan.", f["goals"]), f["goals"]),
            links.plan,
            good=f["goals"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _("Mission statement: %(mission)s. Core values: %(values)s.")
            % {
                "mission": _("published") if f["missions"] else _("not published yet"),
                "values": _("published") if f["values"] else _("not published yet"),
            },
            links.worksheets,
            good=bool(f["missions"] and f["values"]),
        )
    )
    if not f["rounds_closed"]:
        e.suggestions.append(
            Suggestion(
                _("Assess your needs together: run an assessment round with the whole team."),
                links.assessments,
            )
        )
    elif not f["rounds_lived"]:
        e.suggestions.append(
            Suggestion(
                _("Invite people with lived experience to answer the next assessment round."),
                links.assessments,
            )
        )
    if not f["goals"]:
        e.suggestions.append(Suggestion(_("Set shared goals together in the action plan."), links.plan))
    if not (f["missions"] and f["values"]):
        e.suggestions.append(
            Suggestion(
                _("Write your mission and values together with the toolkit worksheets."), links.worksheets
            )
        )
    return e


def _step5(f, links) -> StepEvidence:
    e = StepEvidence()
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s decision recorded and shared with the community",
                    "%(n)s decisions recorded and shared with the community",
                    f["decisions"],
                ),
                f["decisions"],
            )
            + "; "
            + _n(
                ngettext(
                    "%(n)s by consent or consensus.",
                    "%(n)s by consent or consensus.",
                    f["decisions_together"],
                ),
                f["decisions_together"],
            ),
            links.decisions,
            good=f["decisions_together"] > 0,
        )
    )
    if not f["decisions"]:
        e.suggestions.append(
            Suggestion(
                _("Record your decisions and how they were made, so everyone can see them."), links.decisions
            )
        )
    elif f["decisions_together"] * 2 < f["decisions"]:
        e.suggestions.append(
            Suggestion(
                _("Most decisions were not made by consent or consensus: try it for the next one."),
                links.decisions,
            )
        )
    return e


def _step6(f, links) -> StepEvidence:
    e = StepEvidence()
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(owned)s of %(n)s action has someone responsible and a due date.",
                    "%(owned)s of %(n)s actions have someone responsible and a due date.",
                    f["actions"],
                ),
                f["actions"],
                owned=f["actions_owned"],
            ),
            links.plan,
            good=f["actions"] > 0 and f["actions_owned"] == f["actions"],
        )
    )
    e.facts.append(
        Fact(
            _("The support plan is published.")
            if f["support_plans"]
            else _("No support plan published yet."),
            links.support_plan,
            good=f["support_plans"] > 0,
        )
    )
    e.facts.append(
        Fact(
            (_("A compensation policy is in place.") if f["policies"] else _("No compensation policy yet."))
            + " "
            + _n(ngettext("%(n)s claim paid.", "%(n)s claims paid.", f["claims_paid"]), f["claims_paid"]),
            links.policy,
            good=bool(f["policies"]),
        )
    )
    if not f["actions"]:
        e.suggestions.append(Suggestion(_("Agree on actions together: who does what, by when."), links.plan))
    elif f["actions_owned"] < f["actions"]:
        e.suggestions.append(
            Suggestion(_("Some actions have nobody responsible: name who will do them."), links.plan)
        )
    if not f["policies"]:
        e.suggestions.append(
            Suggestion(
                _("Agree how partners are paid for their time, so everyone can afford to take part."),
                links.policy,
            )
        )
    return e


def _step7(f, links) -> StepEvidence:
    e = StepEvidence()
    e.facts.append(
        Fact(
            _('"You said, we did": %(open)s open, %(done)s done, %(reported)s reported back.')
            % {"open": f["feedback_open"], "done": f["feedback_done"], "reported": f["feedback_reported"]},
            links.feedback,
            good=f["feedback_reported"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext("%(n)s survey closed.", "%(n)s surveys closed.", f["surveys_closed"]),
                f["surveys_closed"],
            ),
            links.surveys,
            good=f["surveys_closed"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s focus group or listening session held.",
                    "%(n)s focus groups or listening sessions held.",
                    f["listening_held"],
                ),
                f["listening_held"],
            ),
            links.listening,
            good=f["listening_held"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s improvement cycle (PDSA) with data.",
                    "%(n)s improvement cycles (PDSA) with data.",
                    f["cycles_with_data"],
                ),
                f["cycles_with_data"],
            ),
            links.plan,
            good=f["cycles_with_data"] > 0,
        )
    )
    if not (f["feedback_open"] + f["feedback_done"]):
        e.suggestions.append(
            Suggestion(
                _('Nothing partners said is recorded yet: start a "you said, we did" list.'), links.feedback
            )
        )
    elif f["feedback_done"] > f["feedback_reported"]:
        e.suggestions.append(
            Suggestion(
                _("Some things were done but not reported back: tell people what changed."), links.feedback
            )
        )
    if not f["surveys_closed"]:
        e.suggestions.append(
            Suggestion(_("Ask everyone how it is going with a short survey."), links.surveys)
        )
    return e


def _step8(f, links) -> StepEvidence:
    e = StepEvidence()
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "The community has moved stage %(n)s time.",
                    "The community has moved stage %(n)s times.",
                    f["stage_moves"],
                ),
                f["stage_moves"],
            ),
            links.history,
            good=f["stage_moves"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext("%(n)s community leader active", "%(n)s community leaders active", f["leaders"]),
                f["leaders"],
            )
            + "; "
            + _n(
                ngettext("%(n)s in a peer network.", "%(n)s in a peer network.", f["in_networks"]),
                f["in_networks"],
            ),
            links.leaders or links.networks,
            good=f["leaders"] > 0,
        )
    )
    e.facts.append(
        Fact(
            _n(
                ngettext(
                    "%(n)s recognition celebrated.", "%(n)s recognitions celebrated.", f["recognitions"]
                ),
                f["recognitions"],
            ),
            links.leaders,
            good=f["recognitions"] > 0,
        )
    )
    if not f["leaders"]:
        e.suggestions.append(
            Suggestion(_("No community leaders yet: invite people to grow into the role."), links.leaders)
        )
    elif not f["recognitions"]:
        e.suggestions.append(
            Suggestion(_("Celebrate what your leaders achieved: record a recognition."), links.leaders)
        )
    if f["leaders"] and not f["in_networks"]:
        e.suggestions.append(
            Suggestion(
                _("Connect your leaders with peers in other communities through a network."), links.networks
            )
        )
    return e
