"""Writes for planning. Pages, the API, the generator and tests all call these.

Each write checks what the database cannot (owners from the right community, gaps of the right
community) and raises `ValidationError` keyed by field, so a form can show the message next to the
field; everything runs in one transaction, so nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.assessments.models import GapFlag
from cocreate.core import translations
from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Role
from cocreate.notifications.actions import notify
from cocreate.partners.models import Partner

from . import notifications
from .access import is_responsible, responsible_partners, responsible_people
from .models import (
    HORIZON_DAYS,
    Action,
    ActionOwner,
    ActionStatus,
    EquityIntention,
    Goal,
    GoalItem,
    Horizon,
    ProgressNote,
)

GOAL_FIELDS = {"team", "horizon", "target_on", "statement", "why_team", "why_community", "domains", "status"}
ACTION_FIELDS = {"strategy", "starts_on", "due_on", "resources", "measure", "status"}


def suggested_target(horizon: int, today: date | None = None) -> date:
    """The target date a horizon suggests: about a month, six months or a year from today."""
    return (today or timezone.localdate()) + timedelta(days=HORIZON_DAYS[Horizon(horizon)])


def _check_gaps(community: Community, gaps: Iterable[GapFlag]) -> list[GapFlag]:
    gaps = list(gaps)
    if any(gap.community_id != community.pk for gap in gaps):
        raise WriteError({"gaps": _("Choose gaps flagged in this community.")})
    return gaps


def _link_gaps(goal: Goal, gaps: list[GapFlag]) -> None:
    """Link the goal to these gaps (and only these); a gap taken up by a goal is no longer pending."""
    wanted = {gap.pk: gap for gap in gaps}
    existing = {link.gap_id: link for link in goal.items.all()}
    removed = [pk for pk in existing if pk not in wanted]
    if removed:
        GoalItem.objects.filter(goal=goal, gap_id__in=removed).delete()
        # A gap no goal works on any more is pending again, so it is not forgotten.
        GapFlag.objects.filter(pk__in=removed, goal_links__isnull=True).update(resolved_at=None)
    added = [gap for pk, gap in wanted.items() if pk not in existing]
    if added:
        rows = GapFlag.objects.filter(pk__in=[g.pk for g in added]).select_related("administration", "item")
        GoalItem.objects.bulk_create(
            GoalItem(
                organization_id=goal.organization_id,
                community_id=goal.community_id,
                goal=goal,
                gap=gap,
                administration_id=gap.administration_id,
                item_id=gap.item_id,
                instrument_key=gap.administration.instrument_key,
                item_key=gap.item.key,
            )
            for gap in rows
        )
        GapFlag.objects.filter(pk__in=[g.pk for g in added], resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )


@transaction.atomic
def do_create_goal(community: Community, *, acting_user: User | None, gaps=(), **fields) -> Goal:
    """A new goal for the community; the gaps it takes up stop being pending."""
    unknown = set(fields) - GOAL_FIELDS
    if unknown:
        raise TypeError(f"unknown goal fields: {sorted(unknown)}")
    gaps = _check_gaps(community, gaps)
    if fields.get("team") is not None and fields["team"].community_id != community.pk:
        raise WriteError({"team": _("Choose one of this community's teams.")})
    if not fields.get("target_on"):
        fields["target_on"] = suggested_target(fields.get("horizon", Horizon.SIX_MONTHS))
    goal = Goal(
        organization_id=community.organization_id,
        community=community,
        created_by=acting_user,
        **fields,
    )
    goal._history_user = acting_user  # type: ignore[attr-defined]  # outside a request (imports, the demo) the history still says who
    goal.save()
    translations.record_original(goal)
    if gaps:
        _link_gaps(goal, gaps)
    return goal


@transaction.atomic
def do_update_goal(
    goal: Goal, *, acting_user: User | None, gaps=None, version: int | None = None, **fields
) -> Goal:
    """Change a goal; with `gaps`, the goal works on exactly those gaps from now on. An edit started
    from an older `version` raises StaleEdit."""
    unknown = set(fields) - GOAL_FIELDS
    if unknown:
        raise TypeError(f"unknown goal fields: {sorted(unknown)}")
    if fields.get("team") is not None and fields["team"].community_id != goal.community_id:
        raise WriteError({"team": _("Choose one of this community's teams.")})
    claim_edit(goal, version)
    for name, value in fields.items():
        setattr(goal, name, value)
    if not goal.target_on:
        goal.target_on = suggested_target(goal.horizon)
    goal.updated_at = timezone.now()
    goal._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    goal.save()
    if gaps is not None:
        _link_gaps(goal, _check_gaps(goal.community, gaps))
    return goal


def _check_action(community: Community, fields: dict, partners, users) -> tuple[list, list]:
    errors = {}
    starts, due = fields.get("starts_on"), fields.get("due_on")
    if starts and due and due < starts:
        errors["due_on"] = _("The due date cannot be before the start date.")
    partners, users = list(partners), list(users)
    # Someone named both as a partner and by her sign-in owns the action once, as the partner.
    if partners and users:
        linked = set(
            Partner.objects.filter(pk__in=[p.pk for p in partners], user__isnull=False).values_list(
                "user_id", flat=True
            )
        )
        users = [u for u in users if u.pk not in linked]
    if partners:
        allowed = set(
            responsible_partners(community)
            .filter(pk__in=[p.pk for p in partners])
            .values_list("pk", flat=True)
        )
        if any(p.pk not in allowed for p in partners):
            errors["partners"] = _("Choose partners of this community.")
    if users:
        allowed = set(
            responsible_people(community).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True)
        )
        if any(u.pk not in allowed for u in users):
            errors["users"] = _("Choose people who are members of this community.")
    if errors:
        raise WriteError(errors)
    return partners, users


def _set_owners(action: Action, partners: list[Partner], users: list[User], acting_user: User | None) -> None:
    """Make these the action's owners, deleting and adding only what changed (the history shows who)."""
    current = list(ActionOwner.objects.filter(action=action))
    want_partners = {p.pk for p in partners}
    want_users = {u.pk for u in users}
    for owner in current:
        keep = owner.partner_id in want_partners if owner.partner_id else owner.user_id in want_users
        if not keep:
            owner._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
            owner.delete()
    have_partners = {o.partner_id for o in current if o.partner_id}
    have_users = {o.user_id for o in current if o.user_id}
    added = [ActionOwner(partner_id=pk) for pk in sorted(want_partners - have_partners)]
    added += [ActionOwner(user_id=pk) for pk in sorted(want_users - have_users)]
    for owner in added:
        owner.organization_id, owner.action = action.organization_id, action
        owner._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
        owner.save()
    notifications.owners_named(
        action, sorted(want_partners - have_partners), sorted(want_users - have_users), acting_user
    )


ACTION_PROGRESS = "action_progress"  # the notification kind (registered in apps.py)


def _tell_the_lead(
    action: Action, *, acting_user: User | None, key: str, status: str = "", text: str = ""
) -> None:
    """The community's team lead(s) hear when someone responsible for an action moves it or adds
    progress (a parent marking hers done). Inside the write's transaction; the email goes after commit."""
    if acting_user is None or not is_responsible(action, acting_user):
        return
    community = Community.objects.select_related("organization").get(pk=action.community_id)
    leads = (
        User.objects.filter(memberships__community_id=action.community_id, memberships__role=Role.TEAM_LEAD)
        .exclude(pk=acting_user.pk)
        .distinct()
    )
    url = reverse("planning:goal", args=[community.organization.slug, community.slug, action.goal_id])
    notify(
        kind=ACTION_PROGRESS,
        recipients=list(leads),
        organization=community.organization,
        community=community,
        key=key,
        url=f"{url}#action-{action.pk}",
        context={
            "action": action.strategy[:300],
            "by": acting_user.display_name,
            "status": status,
            "text": text[:500],
        },
    )


def _apply_status(action: Action, status: str) -> None:
    if status == ActionStatus.DONE and action.status != ActionStatus.DONE:
        action.done_on = timezone.localdate()
    elif status != ActionStatus.DONE:
        action.done_on = None
    action.status = status


@transaction.atomic
def do_add_action(goal: Goal, *, acting_user: User | None, partners=(), users=(), **fields) -> Action:
    """A new action toward a goal, with the people responsible for it."""
    unknown = set(fields) - ACTION_FIELDS
    if unknown:
        raise TypeError(f"unknown action fields: {sorted(unknown)}")
    partners, users = _check_action(goal.community, fields, partners, users)
    status = fields.pop("status", ActionStatus.NOT_STARTED)
    last = goal.actions.order_by("-position").values_list("position", flat=True).first()
    action = Action(
        organization_id=goal.organization_id,
        community_id=goal.community_id,
        goal=goal,
        position=(last or 0) + 1,
        created_by=acting_user,
        **fields,
    )
    _apply_status(action, status)
    action._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    action.save()
    translations.record_original(action)
    _set_owners(action, partners, users, acting_user)
    return action


@transaction.atomic
def do_update_action(
    action: Action,
    *,
    acting_user: User | None,
    partners=None,
    users=None,
    version: int | None = None,
    **fields,
) -> Action:
    """Change an action; with `partners` and `users`, those are its owners from now on. An edit
    started from an older `version` raises StaleEdit."""
    unknown = set(fields) - ACTION_FIELDS
    if unknown:
        raise TypeError(f"unknown action fields: {sorted(unknown)}")
    merged = {"starts_on": action.starts_on, "due_on": action.due_on, **fields}
    owners_given = partners is not None or users is not None
    partners, users = _check_action(action.community, merged, partners or [], users or [])
    claim_edit(action, version)
    status = fields.pop("status", action.status)
    moved = status != action.status
    for name, value in fields.items():
        setattr(action, name, value)
    _apply_status(action, status)
    action.updated_at = timezone.now()
    action._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    action.save()
    if owners_given:
        _set_owners(action, partners, users, acting_user)
    if moved:
        key = f"action:{action.pk}:status:{action.updated_at.isoformat()}"
        _tell_the_lead(action, acting_user=acting_user, key=key, status=status)
    return action


REPEAT_WINDOW = timedelta(minutes=5)  # the same note again within this is a repeated submit


@transaction.atomic
def do_add_progress_note(
    action: Action, *, acting_user: User | None, text: str, noted_on: date | None = None, status: str = ""
) -> ProgressNote:
    """A dated note on an action. With a status it also moves it (staff, and whoever is responsible for
    the action: `access.can_act_on`, checked by the caller); a new status needs no text.

    Notes on one action are written one at a time; the same note sent again by the same person (a
    double click, a retry) within a few minutes returns the note already written."""
    text = text.strip()
    if not text and not status:
        raise WriteError({"text": _("Write what happened before saving.")})
    if status and status not in ActionStatus.values:
        raise WriteError({"status": _("Choose one of the statuses.")})
    noted_on = noted_on or timezone.localdate()
    action.status = lock(action).status
    latest = ProgressNote.objects.filter(action=action).order_by("-written_at", "-pk").first()
    if (
        latest is not None
        and latest.written_by_id == getattr(acting_user, "pk", None)
        and (latest.text, latest.noted_on) == (text, noted_on)
        and latest.status_to in ("", status)
        and timezone.now() - latest.written_at < REPEAT_WINDOW
    ):
        return latest
    changed = bool(status) and status != action.status
    if not text and not changed:
        raise WriteError(
            {"text": _("The action already has this status. Write what happened, or choose another status.")}
        )
    if changed:
        _apply_status(action, status)
        action.updated_at = timezone.now()
        action._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
        action.save(update_fields=["status", "done_on", "updated_at"])
    note = ProgressNote.objects.create(
        organization_id=action.organization_id,
        community_id=action.community_id,
        action=action,
        text=text,
        status_to=status if changed else "",
        noted_on=noted_on,
        written_by=acting_user,
    )
    _tell_the_lead(
        action,
        acting_user=acting_user,
        key=f"action:{action.pk}:note:{note.pk}",
        status=note.status_to,
        text=text,
    )
    return note


@transaction.atomic
def do_record_intention(goal: Goal, *, acting_user: User, intention: str, note: str = "") -> EquityIntention:
    user = acting_user  # an intention is the acting person's own
    """Record (or change) the equity intention this person holds for the goal."""
    lock(goal)  # one intention per person and goal, however many times the button is pressed
    row = EquityIntention.objects.filter(goal=goal, user=user).first()
    if row is None:
        row = EquityIntention(
            organization_id=goal.organization_id, community_id=goal.community_id, goal=goal, user=user
        )
    row.intention = intention
    row.note = note.strip()
    row.recorded_at = timezone.now()
    row._history_user = user  # type: ignore[attr-defined]  # read by simple_history on save
    row.save()
    return row


@transaction.atomic
def do_withdraw_intention(goal: Goal, *, acting_user: User) -> None:
    user = acting_user
    for row in EquityIntention.objects.filter(goal=goal, user=user):
        row._history_user = user  # type: ignore[attr-defined]  # read by simple_history on save
        row.delete()
