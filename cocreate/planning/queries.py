"""Reads behind the planning pages, the community page's progress block and the results page's goal links.

Every function reads a fixed number of queries whatever the size of the plan: rows are fetched with
narrow `.only()` column lists and related rows with one prefetch each; links are reversed once per
target and page (`page_reverser`), and the rows' markup is in the templates. Progress (done,
overdue) is counted in Python from rows already loaded, or by the database in one grouped query when
the rows are not needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.accounts.models import User
from cocreate.assessments import disclosure, scoring
from cocreate.assessments.models import Administration, Item, Scoring
from cocreate.assessments.results import format_score
from cocreate.assessments.text import pick
from cocreate.core import translations
from cocreate.core.access import ADMIN, PRACTITIONER, STAFF, Tenant
from cocreate.core.models import Community, Membership
from cocreate.lib.urls import page_reverser
from cocreate.partners.models import DOMAIN_LABELS

from .feedback import open_feedback
from .models import (
    DUE_SOON_DAYS,
    OPEN_ACTION_STATUSES,
    OPEN_GOAL_STATUSES,
    Action,
    ActionOwner,
    ActionStatus,
    EquityIntention,
    Goal,
    GoalItem,
    GoalStatus,
    Horizon,
    Intention,
    ProgressNote,
)

GOALS_PER_PAGE = 10  # about a hundred actions: one screenful of a plan per page, fast to draw
DUE_PER_PAGE = 50


def community_prefix(org_slug: str, community_slug: str) -> str:
    """'/o/sic/c/riverside/': every planning link of a community starts with this plus 'planning/'."""
    return reverse("core:community", args=[org_slug, community_slug])


def planning_prefix(org_slug: str, community_slug: str) -> str:
    return reverse("planning:plan", args=[org_slug, community_slug])


def status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ActionStatus.choices}


def goal_status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in GoalStatus.choices}


def owners_prefetch(to: str = "owners") -> Prefetch:
    """The people responsible for actions: one query, names only."""
    return Prefetch(
        to,
        ActionOwner.objects.select_related("partner", "user").only(
            "action_id", "partner__name", "user__name", "user__email"
        ),
    )


def _owner_names(action: Action) -> list[str]:
    return [o.partner.name if o.partner_id else o.user.display_name for o in action.owners.all()]  # type: ignore[union-attr]  # a partner or a user (a constraint)


def _dress_action(action: Action, today: date, labels: dict[str, str]) -> Action:
    """What a row shows, worked out once in Python: labels, owners, overdue and due-soon marks."""
    action.status_label = labels[action.status]  # type: ignore[attr-defined]  # added to the instance for display
    action.owner_names = _owner_names(action)  # type: ignore[attr-defined]  # added to the instance for display
    is_open = action.status in OPEN_ACTION_STATUSES
    action.overdue = is_open and action.due_on < today  # type: ignore[attr-defined]  # added to the instance for display
    action.due_soon = is_open and today <= action.due_on <= today + timedelta(days=DUE_SOON_DAYS)  # type: ignore[attr-defined]  # added to the instance for display
    return action


class RowMaker:
    """Action rows for long lists, built from plain values rather than model instances.

    A plan page or a due list shows up to a hundred actions: labels are looked up once, each distinct
    date formatted once, and each row is a dict (the fastest thing for a template to read).
    """

    def __init__(self, today: date):
        self.today = today
        self.soon = today + timedelta(days=DUE_SOON_DAYS)
        self.labels = status_labels()
        self.dates: dict[date, str] = {}

    def date_text(self, day: date) -> str:
        text = self.dates.get(day)
        if text is None:
            text = self.dates[day] = date_format(day, "DATE_FORMAT")
        return text

    def row(self, pk: int, status: str, due_on: date, owners: str, **extra) -> dict:
        is_open = status in OPEN_ACTION_STATUSES
        return {
            "pk": pk,
            "status": status,
            "status_label": self.labels[status],
            "due_text": self.date_text(due_on),
            "overdue": is_open and due_on < self.today,
            "due_soon": is_open and self.today <= due_on <= self.soon,
            "owners": owners,
            **extra,
        }


def due_or_overdue(make: RowMaker, via: str = "") -> Q:
    """Open actions due by the end of the due-soon window, overdue ones included (the due lists and the
    reminder digests); `via` reaches the action from another model, e.g. "action__"."""
    return Q(**{f"{via}status__in": OPEN_ACTION_STATUSES, f"{via}due_on__lte": make.soon})


def owner_names(actions: QuerySet[ActionOwner]) -> dict[int, str]:
    """'Ana Ruiz, Lee Lead' per action id, from one query over the owners given."""
    names: dict[int, list[str]] = {}
    rows = actions.order_by("action_id", "pk").values_list(
        "action_id", "partner__name", "user__name", "user__email"
    )
    for action_id, partner, user_name, email in rows:
        names.setdefault(action_id, []).append(partner or user_name or (email or "").split("@")[0])
    return {pk: ", ".join(people) for pk, people in names.items()}


# The community page -------------------------------------------------------------------------------------


@dataclass
class PlanProgress:
    by_status: list[tuple[str, str, int]]  # (status, label, count) in the order of ActionStatus
    total: int
    overdue: int
    due_soon: int
    plan_url: str
    due_url: str


def community_progress(community: Community, org_slug: str, today: date | None = None) -> PlanProgress:
    """Actions of a community by status, with overdue and due-soon counts: one grouped query."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    rows = (
        # By community alone (it implies the organization): the planner then uses the
        # (community, status, due_on) index instead of reading the whole organization's actions.
        Action.objects.filter(community=community)
        .order_by()
        .values("status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
        )
    )
    counts = {row["status"]: row for row in rows}
    by_status = [
        (value, str(label), counts[value]["n"]) for value, label in ActionStatus.choices if value in counts
    ]
    open_rows = [counts[s] for s in OPEN_ACTION_STATUSES if s in counts]
    return PlanProgress(
        by_status=by_status,
        total=sum(n for _s, _l, n in by_status),
        overdue=sum(row["overdue"] for row in open_rows),
        due_soon=sum(row["soon"] for row in open_rows),
        plan_url=planning_prefix(org_slug, community.slug),
        due_url=reverse("planning:due", args=[org_slug, community.slug]),
    )


# The plan page ------------------------------------------------------------------------------------------

PLAN_FILTERS = {
    "open": OPEN_GOAL_STATUSES,
    "achieved": [GoalStatus.ACHIEVED],
    "dropped": [GoalStatus.DROPPED],
    "all": list(GoalStatus.values),
}


@dataclass
class HorizonGroup:
    horizon: int
    label: str
    goals: list[Goal]


@dataclass
class PlanPage:
    page: Page
    groups: list[HorizonGroup]
    prefix: str


def plan_page(
    goals: QuerySet[Goal],
    prefix: str,
    *,
    page_number=None,
    show: str = "open",
    team: int | None = None,
    today: date | None = None,
) -> PlanPage:
    """A page of a community's goals, nearest horizon first, each with its actions and their owners.

    Five queries whatever the plan's size: the page count, the goals (with team), their actions, the
    actions' owners (plain values) and the texts' versions in other languages. Progress per goal is counted from the actions already read.
    """
    make = RowMaker(today or timezone.localdate())
    qs = goals.filter(status__in=PLAN_FILTERS.get(show, OPEN_GOAL_STATUSES))
    if team:
        qs = qs.filter(team_id=team)
    qs = (
        qs.select_related("team")
        .only("pk", "horizon", "target_on", "statement", "status", "domains", "team__name", "community_id")
        .order_by("horizon", "target_on", "pk")
    )
    page = Paginator(qs, GOALS_PER_PAGE).get_page(page_number)
    goal_list = list(page.object_list)
    ids = [goal.pk for goal in goal_list]
    owners = owner_names(ActionOwner.objects.filter(action__goal_id__in=ids))
    by_goal: dict[int, list[dict]] = {pk: [] for pk in ids}
    rows = (
        Action.objects.filter(goal_id__in=ids)
        .order_by("goal_id", "position", "due_on", "pk")
        .values_list("pk", "goal_id", "strategy", "due_on", "status")
    )
    for pk, goal_id, strategy, due_on, status in rows:
        text = Action(pk=pk, strategy=strategy)  # its versions in other languages, read below
        by_goal[goal_id].append(
            make.row(pk, status, due_on, owners.get(pk, ""), strategy=strategy, text=text)
        )
    translations.with_translations(goal_list, (row["text"] for rows in by_goal.values() for row in rows))
    goal_labels = goal_status_labels()
    domain_labels = {key: str(label) for key, label in DOMAIN_LABELS.items()}
    horizon_labels = {value: str(label) for value, label in Horizon.choices}
    groups: list[HorizonGroup] = []
    for goal in goal_list:
        goal.status_label = goal_labels[goal.status]
        # The header line, in Python: a page has ten of them, each cheaper here than as template tags.
        meta = [_("target %(date)s") % {"date": make.date_text(goal.target_on)}]
        if goal.team_id:
            meta.append(goal.team.name)
        meta += [domain_labels[d] for d in goal.domains if d in domain_labels]
        goal.meta = " · ".join(meta)
        goal.action_rows = by_goal[goal.pk]
        counted = [a for a in goal.action_rows if a["status"] != ActionStatus.DROPPED]
        goal.done = sum(a["status"] == ActionStatus.DONE for a in counted)
        goal.counted = len(counted)
        goal.overdue = sum(a["overdue"] for a in counted)
        goal.progress_text = _("%(done)s of %(total)s actions done") % {
            "done": goal.done,
            "total": goal.counted,
        }
        goal.overdue_text = (
            ngettext("%(n)s overdue", "%(n)s overdue", goal.overdue) % {"n": goal.overdue}
            if goal.overdue
            else ""
        )
        if not groups or groups[-1].horizon != goal.horizon:
            groups.append(HorizonGroup(goal.horizon, horizon_labels[goal.horizon], []))
        groups[-1].goals.append(goal)
    return PlanPage(page=page, groups=groups, prefix=prefix)


# Overdue and due soon -----------------------------------------------------------------------------------


@dataclass
class DueList:
    page: Page
    overdue: int
    due_soon: int
    today: date


def _due_list(qs: QuerySet[Action], org_slug: str, page_number, today: date) -> DueList:
    """Open actions due within two weeks or overdue, soonest first, with goal, community and owners.

    Four queries: the two counts (which also give the page count), the page of actions with their
    goal and community (plain values), their owners, and the texts' versions in other languages.
    """
    make = RowMaker(today)
    qs = qs.filter(due_or_overdue(make))
    counts = qs.aggregate(overdue=Count("pk", filter=Q(due_on__lt=today)), total=Count("pk"))
    values = qs.order_by("due_on", "community__name", "pk").values_list(
        "pk",
        "strategy",
        "due_on",
        "status",
        "goal_id",
        "goal__statement",
        "community__name",
        "community__slug",
    )
    paginator: Paginator = Paginator(values, DUE_PER_PAGE)  # its page becomes rows to show below
    paginator.count = counts["total"]  # already counted above: spare the paginator its own COUNT
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    owners = owner_names(ActionOwner.objects.filter(action_id__in=[row[0] for row in rows]))
    url = page_reverser()  # a page of fifty actions links to a dozen goals in a few communities
    page.object_list = [
        make.row(
            pk,
            status,
            due_on,
            owners.get(pk, ""),
            strategy=strategy,
            goal=statement,
            text=Action(pk=pk, strategy=strategy),
            goal_text=Goal(pk=goal_id, statement=statement),
            community=name,
            goal_url=url("planning:goal", org_slug, slug, goal_id),
            community_url=url("planning:plan", org_slug, slug),
        )
        for pk, strategy, due_on, status, goal_id, statement, name, slug in rows
    ]
    translations.with_translations(
        (row["text"] for row in page.object_list), (row["goal_text"] for row in page.object_list)
    )
    return DueList(
        page=page,
        overdue=counts["overdue"],
        due_soon=counts["total"] - counts["overdue"],
        today=today,
    )


def community_due(
    community: Community, org_slug: str, page_number=None, today: date | None = None
) -> DueList:
    qs = Action.objects.filter(community=community)  # see `community_progress` for why not the organization
    return _due_list(qs, org_slug, page_number, today or timezone.localdate())


def practitioners(tenant: Tenant) -> list[User]:
    """Everyone who serves as a support practitioner in the organization (for the my-actions filter)."""
    ids = Membership.objects.filter(organization=tenant.organization, role=PRACTITIONER).values("user_id")
    return list(User.objects.filter(pk__in=ids).only("pk", "name", "email").order_by("name", "email"))


def served_communities(tenant: Tenant, person: User | None = None) -> list[int] | None:
    """The communities whose actions are on someone's list: every one (None) or these ids.

    For the viewer: every community when they hold an organization-wide staff role, else those where
    they are staff. For a practitioner chosen from the filter: the communities they serve.
    """
    if person is None or person.pk == tenant.user.pk:
        if tenant.org_roles & STAFF:
            return None
        return [pk for pk, roles in tenant.community_roles.items() if roles & STAFF]
    theirs = list(
        Membership.objects.filter(
            organization=tenant.organization, user=person, role__in=[ADMIN, PRACTITIONER]
        ).values_list("community_id", flat=True)
    )
    return None if None in theirs else theirs


def my_actions(
    tenant: Tenant, *, person: User | None = None, page_number=None, today: date | None = None
) -> DueList:
    """Overdue and due-soon actions on a person's plate: in the communities they serve, and wherever
    they are named responsible (as a member, or as a partner linked to their sign-in)."""
    who = person or tenant.user
    served = served_communities(tenant, person)
    if served is None:  # every community: the (organization, status, due_on) index
        qs = Action.objects.filter(organization=tenant.organization)
    else:
        owned = (
            ActionOwner.objects.filter(organization=tenant.organization)
            .filter(Q(user_id=who.pk) | Q(partner__user_id=who.pk))
            .values("action_id")
        )
        # Each side of the OR has its own index ((community, status, due_on); the primary key), and both
        # stay inside the organization (its communities; its owners), so no organization filter here:
        # with one, SQLite reads the whole organization's actions through that index instead.
        qs = Action.objects.filter(Q(community_id__in=served) | Q(pk__in=owned))
    if not tenant.sees_every_community:
        qs = qs.filter(community_id__in=list(tenant.community_roles))
    qs = qs.filter(community__archived_at__isnull=True)
    return _due_list(qs, tenant.organization.slug, page_number, today or timezone.localdate())


# One goal -----------------------------------------------------------------------------------------------


@dataclass
class LaterScore:
    label: str
    score_text: str
    url: str


@dataclass
class ItemProgress:
    """An assessment item a goal works on, and what later rounds of the instrument said about it."""

    link: GoalItem
    text: str
    instrument: str
    flagged_text: str
    flagged_label: str
    target_text: str
    url: str
    later: list[LaterScore] = field(default_factory=list)
    status: str = "waiting"

    @property
    def status_text(self) -> str:
        return {
            "waiting": _("Not re-assessed yet."),
            "unscored": _("Not scored in the later rounds."),
            "closed": _("Gap closed: at or above the target now."),
            "improved": _("Improved, still below the target."),
            "lower": _("Lower than when it was flagged."),
            "same": _("No change since it was flagged."),
        }[self.status]


def _outcome(flagged: float, latest: float | None, target: float | None) -> str:
    if latest is None:
        return "unscored"
    if target is not None and not scoring.below_target(latest, target):
        return "closed"
    if latest > flagged:
        return "improved"
    return "lower" if latest < flagged else "same"


def item_progress(goal: Goal, org_slug: str) -> list[ItemProgress]:
    """The goal's assessment items with their score when flagged and in every later round.

    Three queries: the links (with gap, item and version), the community's rounds of those instruments
    (the items' cached scores only), and the later rounds' rows for the items (to link to them).
    """
    links = list(
        GoalItem.objects.filter(goal=goal)
        .select_related("gap", "item", "administration__version")
        .only(
            "pk",
            "goal_id",
            "gap_id",
            "administration_id",
            "item_id",
            "instrument_key",
            "item_key",
            "gap__score",
            "item__text",
            "administration__opened_at",
            "administration__title",
            "administration__version__scoring",
            "administration__version__target",
            "administration__version__definition",
        )
    )
    if not links:
        return []
    url = page_reverser()
    slug = goal.community.slug
    keys = sorted({link.item_key for link in links})
    columns = {key: f"item_score_{i}" for i, key in enumerate(keys)}
    rounds = list(
        Administration.objects.filter(
            organization_id=goal.organization_id,
            community_id=goal.community_id,
            instrument_key__in={link.instrument_key for link in links},
            response_count__gt=0,
        )
        .only(
            "pk",
            "instrument_key",
            "opened_at",
            "title",
            "title_parts",
            "version_id",
            "status",
            "response_count",
        )
        .annotate(**{col: KeyTransform(key, KeyTransform("items", "scores")) for key, col in columns.items()})
        .annotate(disclosure_rule=KeyTransform("rule", "scores"))
        .order_by("opened_at", "pk")
    )
    # Later rounds may use a newer version of the instrument: its row for the same item has another id.
    anchors = {
        (item.version_id, item.key): item.pk
        for item in Item.objects.filter(version_id__in={r.version_id for r in rounds}, key__in=keys).only(
            "pk", "version_id", "key"
        )
    }
    result = []
    for link in links:
        adm, version = link.administration, link.administration.version
        method = version.scoring or Scoring.PERCENT
        target = None if version.target is None else float(version.target)
        flagged = float(link.gap.score)
        row = ItemProgress(
            link=link,
            text=pick(link.item.text),
            instrument=pick(version.definition.get("name", {})),
            flagged_text=format_score(flagged, method),
            flagged_label=adm.title or _date(adm.opened_at),
            target_text=format_score(target, method) if target is not None else "",
            url=f"{url('assessments:results', org_slug, slug, adm.pk)}#item-{link.item_id}",
        )
        later = [
            r
            for r in rounds
            if r.instrument_key == link.instrument_key and (r.opened_at, r.pk) > (adm.opened_at, adm.pk)
        ]
        # Only what `assessments.disclosure` lets through (nothing while a round collects answers).
        scores = [
            disclosure.shown_value(
                status=r.status,
                responses=r.response_count,
                rule=r.disclosure_rule,
                value=getattr(r, columns[link.item_key]),
            )
            for r in later
        ]
        row.later = [
            LaterScore(
                label=r.title or _date(r.opened_at),
                score_text=format_score(s, method),
                url=f"{url('assessments:results', org_slug, slug, r.pk)}"
                f"#item-{anchors.get((r.version_id, link.item_key), '')}",
            )
            for r, s in zip(later, scores, strict=True)
        ]
        if later:
            row.status = _outcome(flagged, scores[-1], target)
        result.append(row)
    return result


def _date(when) -> str:
    return date_format(timezone.localtime(when).date(), "DATE_FORMAT")


def goal_actions(goal: Goal, today: date | None = None) -> list[Action]:
    """The goal's actions with owners and progress notes (three queries)."""
    today = today or timezone.localdate()
    actions = list(
        Action.objects.filter(goal=goal)
        .order_by("position", "due_on", "pk")
        .prefetch_related(
            owners_prefetch(),
            Prefetch(
                "notes",
                ProgressNote.objects.select_related("written_by").only(
                    "action_id", "text", "status_to", "noted_on", "written_by__name", "written_by__email"
                ),
            ),
        )
    )
    labels = status_labels()
    for action in actions:
        _dress_action(action, today, labels)
        action.note_rows = list(action.notes.all())  # type: ignore[attr-defined]  # added to the instance for display
        for note in action.note_rows:  # type: ignore[attr-defined]  # added to the instance for display
            note.status_label = labels.get(note.status_to, "")
    return actions


@dataclass
class IntentionGroup:
    intention: str
    label: str
    holders: list[EquityIntention]


def intentions_of(goal: Goal) -> tuple[list[IntentionGroup], list[EquityIntention]]:
    """Who holds which equity intention for the goal, grouped by intention, and every row (one query)."""
    rows = list(
        EquityIntention.objects.filter(goal=goal)
        .select_related("user")
        .only("goal_id", "intention", "note", "recorded_at", "user__name", "user__email", "user_id")
        .order_by("recorded_at", "pk")
    )
    groups = [IntentionGroup(value, str(label), []) for value, label in Intention.choices]
    by_value = {g.intention: g for g in groups}
    for row in rows:
        by_value[row.intention].holders.append(row)
    return groups, rows


def goal_changes(goal: Goal, limit: int = 30) -> list[dict]:
    """What changed in the goal and its actions, newest first, with who changed it (two queries)."""
    goal_records = list(
        goal.history.select_related("history_user").order_by("-history_date", "-history_id")[:limit]
    )
    action_records = list(
        Action.history.filter(goal_id=goal.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit * 2]
    )
    changes = []
    for records, what in ((goal_records, _("goal")), (action_records, _("action"))):
        by_object: dict[int, list] = {}
        for record in records:
            by_object.setdefault(record.id, []).append(record)
        for chain in by_object.values():
            for newer, older in zip(chain, chain[1:] + [None], strict=True):
                if newer.history_type == "+" or older is None:
                    fields: list[str] = []
                    kind = _("created") if newer.history_type == "+" else _("changed")
                elif newer.history_type == "-":
                    fields, kind = [], _("deleted")
                else:
                    delta = newer.diff_against(older, excluded_fields=["updated_at", "done_on", "position"])
                    changed = {c.field for c in delta.changes}
                    fields = [
                        str(f.verbose_name) for f in newer.instance_type._meta.fields if f.name in changed
                    ]
                    if not fields:
                        continue
                    kind = _("changed")
                changes.append(
                    {
                        "when": newer.history_date,
                        "who": newer.history_user.display_name if newer.history_user else "",
                        "what": what,
                        "kind": kind,
                        "fields": fields,
                        "label": getattr(newer, "strategy", ""),  # which action; the goal is the page
                    }
                )
    changes.sort(key=lambda c: c["when"], reverse=True)
    return changes[:limit]


def community_section(tenant: Tenant, community: Community) -> dict:
    """Plan progress on the community page (registered in PlanningConfig.ready()): one grouped query for
    the actions, one for two or three open "you said, we did" items."""
    org_slug = tenant.organization.slug
    return {
        "plan_progress": community_progress(community, org_slug),
        "feedback": open_feedback(community, org_slug),
    }


# The results page ---------------------------------------------------------------------------------------


@dataclass
class GoalRef:
    statement: str
    status_label: str
    url: str


def goals_by_item(adm: Administration, org_slug: str, community_slug: str) -> dict[str, list[GoalRef]]:
    """Goals working on the items of this round's instrument in its community, by item key (one query).

    Matched by item key, not row: a goal made from the first round shows beside the same item in the
    rounds after it, where the team can see whether the gap closed.
    """
    links = (
        GoalItem.objects.filter(
            organization_id=adm.organization_id,
            community_id=adm.community_id,
            instrument_key=adm.instrument_key,
        )
        .select_related("goal")
        .only("item_key", "goal__statement", "goal__status")
        .order_by("goal__horizon", "goal_id")
    )
    url = page_reverser()
    labels = goal_status_labels()
    found: dict[str, list[GoalRef]] = {}
    seen = set()
    for link in links:
        if (link.item_key, link.goal_id) in seen:
            continue
        seen.add((link.item_key, link.goal_id))
        found.setdefault(link.item_key, []).append(
            GoalRef(
                link.goal.statement,
                labels[link.goal.status],
                url("planning:goal", org_slug, community_slug, link.goal_id),
            )
        )
    return found
