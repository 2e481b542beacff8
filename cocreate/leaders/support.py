"""Support over time for a community's leaders: the onboarding checklist, a mentor with dated check-ins,
the prep and debrief meetings she took part in, and recognitions (seed 004: "support over time",
"recognize success").

Queries first (what the pages and the API list), then the writes (`do_*`, the write convention of
`cocreate.core.errors`). Notifications ("mentor_assigned", "recognition_added") go to the leader
inside the write's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.models import User
from cocreate.core.access import STAFF, Tenant
from cocreate.core.concurrency import lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Membership
from cocreate.meetings.models import Meeting
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import NotificationKind, notification_kinds
from cocreate.partners.models import Partner

from .models import CheckIn, Leader, OnboardingCompletion, Recognition, TrainingModule

# A leader with no check-in for this many days is on the team lead's "needs support" list.
CHECK_IN_DAYS = 60

KINDS = [
    NotificationKind(
        "mentor_assigned",
        60,
        gettext_lazy("A mentor is assigned to you"),
        "leaders/notifications/mentor_assigned",
    ),
    NotificationKind(
        "recognition_added",
        61,
        gettext_lazy("The team recognised something you achieved"),
        "leaders/notifications/recognition_added",
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


# The default training modules ------------------------------------------------------------------------

DEFAULT_MODULES = [
    (
        gettext_lazy("Co-creation and implementation: what they mean here"),
        gettext_lazy(
            "Why the team builds services with the families who use them, and what implementing a "
            "practice well looks like, stage by stage."
        ),
    ),
    (
        gettext_lazy("How the team makes decisions"),
        gettext_lazy(
            "Who decides what, how a proposal becomes a decision, and how every voice — yours "
            "included — is heard before it is taken."
        ),
    ),
    (
        gettext_lazy("Reading the team's data"),
        gettext_lazy(
            "The charts and numbers the team looks at, what they can and cannot tell us, and the "
            "questions worth asking of them."
        ),
    ),
    (
        gettext_lazy("The improvement cycle: plan, do, study, act"),
        gettext_lazy(
            "Trying a small change, watching what happens, and deciding together whether to keep, "
            "adapt or drop it."
        ),
    ),
    (
        gettext_lazy("Meeting roles and leading a meeting"),
        gettext_lazy(
            "The facilitator, the note taker and the time keeper; preparing an agenda, keeping to time "
            "and making sure everyone speaks."
        ),
    ),
]


def modules_of(organization) -> QuerySet[TrainingModule]:
    return TrainingModule.objects.filter(organization=organization)


@transaction.atomic
def do_add_default_modules(organization, *, acting_user: User | None) -> list[TrainingModule]:
    """The toolkit's default modules, when the organization has none yet (nothing otherwise)."""
    if modules_of(organization).exists():
        return []
    made = []
    for position, (title, description) in enumerate(DEFAULT_MODULES):
        module = TrainingModule(
            organization=organization, position=position, title=str(title), description=str(description)
        )
        module._history_user = acting_user  # type: ignore[attr-defined]
        module.save()
        made.append(module)
    return made


@transaction.atomic
def do_save_module(
    module: TrainingModule,
    *,
    acting_user: User | None,
    title: str,
    description: str = "",
    active: bool = True,
) -> TrainingModule:
    """Add (an unsaved `module` with its organization) or edit a training module."""
    title = (title or "").strip()
    if not title:
        raise WriteError({"title": _("Name the module.")})
    if module.pk is None:
        last = (
            modules_of(module.organization).order_by("-position").values_list("position", flat=True).first()
        )
        module.position = (last or 0) + 1 if last is not None else 0
    module.title, module.description, module.active = title, description.strip(), active
    module._history_user = acting_user  # type: ignore[attr-defined]
    module.save()
    return module


@transaction.atomic
def do_move_module(module: TrainingModule, *, acting_user: User | None, up: bool) -> None:
    """Swap the module with the one above (or below) it in the list."""
    modules = list(modules_of(module.organization_id).select_for_update())
    index = next(i for i, m in enumerate(modules) if m.pk == module.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(modules):
        return
    modules[index], modules[other] = modules[other], modules[index]
    for position, m in enumerate(modules):
        if m.position != position:
            m.position = position
            m._history_user = acting_user  # type: ignore[attr-defined]
            m.save(update_fields=["position"])


# Queries -------------------------------------------------------------------------------------------------


def active_leaders(community: Community) -> QuerySet[Leader]:
    return Leader.objects.filter(
        organization_id=community.organization_id, community=community, ended_on__isnull=True
    )


def checklist_size(organization) -> int:
    """Orientation plus the organization's active modules."""
    return 1 + modules_of(organization).filter(active=True).count()


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(leader=OuterRef("pk"), **filters)
            .order_by()
            .values("leader")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def leader_rows(community: Community) -> QuerySet[Leader]:
    """The active leaders with what the list shows, in one query: partner, mentor, checklist items done
    (orientation and active modules) and recognitions."""
    return (
        active_leaders(community)
        .select_related("partner", "mentor")
        .annotate(
            done=_count(OnboardingCompletion, module__isnull=True)
            + _count(OnboardingCompletion, module__active=True),
            recognition_count=_count(Recognition),
        )
        .order_by("partner__name", "pk")
    )


def needing_support(community: Community, today: date | None = None) -> QuerySet[Leader]:
    """Active leaders without a mentor, or without a check-in in the last 60 days (counting from the
    day she became a leader when there has been none), the longest without one first."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=CHECK_IN_DAYS)
    return (
        active_leaders(community)
        .select_related("partner", "mentor")
        .annotate(since=Coalesce("last_check_in_on", "started_on"))
        .filter(Q(mentor__isnull=True) | Q(since__lt=cutoff))
        .order_by("since", "pk")
    )


def access_leader(tenant: Tenant, community: Community, pk: int) -> tuple[Leader, bool]:
    """The leader, and whether this person supports her (staff); the leader herself may read her own
    page. Anyone else who sees the community: 403; another community's leader: 404."""
    leader = (
        Leader.objects.filter(organization=tenant.organization, community=community, pk=pk)
        .select_related("partner", "mentor")
        .first()
    )
    if leader is None:
        raise Http404
    leader.community = community
    if tenant.can("leader.support", community):
        return leader, True
    if leader.partner.user_id is not None and leader.partner.user_id == tenant.user.pk:
        return leader, False
    tenant.require("leader.support", community)  # raises 403
    return leader, False  # pragma: no cover


@dataclass
class ChecklistItem:
    key: str  # "orientation" or the module's pk
    title: str
    description: str
    module: TrainingModule | None
    completion: OnboardingCompletion | None


def _shown(text: str) -> str:
    """A default module's text as the toolkit wrote it reads in her language (the catalogue has it);
    anything the organization wrote itself stays as written."""
    return _(text) if text else text


def checklist(leader: Leader) -> list[ChecklistItem]:
    """Orientation, then the organization's active modules (and any inactive one she completed)."""
    done = {c.module_id: c for c in leader.completions.all()}
    items = [
        ChecklistItem(
            "orientation",
            _("Orientation"),
            _("Meeting the team, how the community works, and what a community leader does here."),
            None,
            done.get(None),
        )
    ]
    for module in modules_of(leader.organization_id):
        if module.active or module.pk in done:
            items.append(
                ChecklistItem(
                    str(module.pk),
                    _shown(module.title),
                    _shown(module.description),
                    module,
                    done.get(module.pk),
                )
            )
    return items


def prep_meetings(leader: Leader) -> QuerySet[Meeting]:
    """Meetings she was invited to that had a prep before or a debrief after, latest first."""
    prepped = (
        ~Q(prep_with="")
        | Q(prep_on__isnull=False)
        | ~Q(prep_notes="")
        | Q(prep_agenda_agreed=True)
        | Q(prep_accessibility=True)
        | Q(prep_childcare=True)
        | Q(prep_interpretation=True)
        | ~Q(debrief_worked="")
        | ~Q(debrief_change="")
        | ~Q(debrief_follow_ups="")
    )
    return (
        Meeting.objects.filter(organization_id=leader.organization_id, attendees__partner=leader.partner_id)
        .filter(prepped)
        .select_related("community")
        .order_by("-starts_at", "-pk")
        .distinct()
    )


def mentor_choices(community: Community) -> QuerySet[User]:
    """The community's staff (and the organization-wide staff who serve it)."""
    staff = Membership.objects.filter(organization_id=community.organization_id, role__in=list(STAFF)).filter(
        Q(community=community) | Q(community__isnull=True)
    )
    return User.objects.filter(pk__in=staff.values("user"), is_active=True).order_by("name", "pk")


def leader_candidates(community: Community) -> QuerySet[Partner]:
    """Partners with lived experience in the community who are not active leaders."""
    return (
        Partner.objects.active()
        .filter(organization_id=community.organization_id, community=community, lived_experience=True)
        .exclude(leader__ended_on__isnull=True, leader__isnull=False)
        .order_by("name", "pk")
    )


def public_recognitions(community: Community, limit: int = 6) -> list[Recognition]:
    """The recent recognitions of the community's leaders who agreed to show them publicly."""
    return list(
        Recognition.objects.filter(
            organization_id=community.organization_id,
            community=community,
            leader__show_recognitions_publicly=True,
            leader__ended_on__isnull=True,
        )
        .select_related("leader__partner")
        .order_by("-on", "-pk")[:limit]
    )


def leader_url(leader: Leader) -> str:
    community = leader.community
    return reverse("leaders:leader", args=[community.organization.slug, community.slug, leader.pk])


# Writes --------------------------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _not_future(on: date | None, field: str) -> date:
    if on is None:
        raise WriteError({field: _("Give the date.")})
    if on > _today():
        raise WriteError({field: _("This date is in the future.")})
    return on


@transaction.atomic
def do_make_leader(partner: Partner, *, acting_user: User | None, started_on: date | None = None) -> Leader:
    """Make a partner with lived experience one of the community's leaders (again, if she stepped
    down before)."""
    started_on = _not_future(started_on or _today(), "started_on")
    if partner.archived_at or partner.erased_at:
        raise WriteError({"partner": _("This partner's record is archived.")})
    if not partner.lived_experience or partner.is_organization:
        raise WriteError({"partner": _("A community leader is a person with lived experience.")})
    leader = Leader.objects.select_for_update().filter(partner=partner).first()
    if leader is not None:
        if leader.ended_on is None:
            raise WriteError({"partner": _("She is already a community leader.")})
        leader.ended_on = None
        leader.started_on = started_on
        leader.community_id = partner.community_id
    else:
        leader = Leader(
            organization_id=partner.organization_id,
            community_id=partner.community_id,
            partner=partner,
            started_on=started_on,
        )
    leader._history_user = acting_user  # type: ignore[attr-defined]
    leader.save()
    return leader


@transaction.atomic
def do_end_leadership(leader: Leader, *, acting_user: User | None, ended_on: date | None = None) -> Leader:
    """She steps down (the record and its history stay)."""
    leader = lock(leader)
    ended_on = _not_future(ended_on or _today(), "ended_on")
    if ended_on < leader.started_on:
        raise WriteError({"ended_on": _("This is before she became a leader.")})
    if leader.ended_on is not None:
        return leader
    leader.ended_on = ended_on
    leader._history_user = acting_user  # type: ignore[attr-defined]
    leader.save()
    return leader


def _leader_users(leader: Leader) -> list[User]:
    user = leader.partner.user if leader.partner.user_id else None
    return [user] if user is not None else []


@transaction.atomic
def do_set_mentor(
    leader: Leader,
    *,
    acting_user: User | None,
    mentor: User | None,
    mentor_since: date | None = None,
) -> Leader:
    """Name (or clear) her mentor, one of the community's staff."""
    community = leader.community
    if mentor is not None and not mentor_choices(community).filter(pk=mentor.pk).exists():
        raise WriteError({"mentor": _("Choose someone on the community's staff.")})
    if mentor is not None:
        mentor_since = _not_future(mentor_since or _today(), "mentor_since")
    leader = lock(leader)
    changed = mentor is not None and mentor.pk != leader.mentor_id
    leader.mentor = mentor
    leader.mentor_since = mentor_since if mentor is not None else None
    leader._history_user = acting_user  # type: ignore[attr-defined]
    leader.save()
    if changed and mentor is not None:
        notify(
            kind="mentor_assigned",
            recipients=_leader_users(leader),
            organization=community.organization,
            community=community,
            key=f"mentor:{leader.pk}:{mentor.pk}:{mentor_since}",
            url=leader_url(leader),
            context={"mentor": mentor.display_name, "community": community.name},
        )
    return leader


@transaction.atomic
def do_record_completion(
    leader: Leader, *, acting_user: User | None, module: TrainingModule | None, completed_on: date | None
) -> OnboardingCompletion:
    """Orientation (module None) or one module done on a date (not in the future); again: a new date."""
    completed_on = _not_future(completed_on, "completed_on")
    if module is not None and module.organization_id != leader.organization_id:
        raise WriteError({"module": _("This module is not one of the organization's.")})
    row = OnboardingCompletion.objects.select_for_update().filter(leader=leader, module=module).first()
    if row is None:
        row = OnboardingCompletion(
            organization_id=leader.organization_id,
            community_id=leader.community_id,
            leader=leader,
            module=module,
        )
    row.completed_on = completed_on
    row.recorded_by = acting_user
    row._history_user = acting_user  # type: ignore[attr-defined]
    row.save()
    return row


@transaction.atomic
def do_undo_completion(completion: OnboardingCompletion, *, acting_user: User | None) -> None:
    completion._history_user = acting_user  # type: ignore[attr-defined]
    completion.delete()


@transaction.atomic
def do_add_check_in(leader: Leader, *, acting_user: User | None, on: date | None, notes: str = "") -> CheckIn:
    """A dated check-in with her; the leader's last check-in moves on if this one is later."""
    on = _not_future(on, "on")
    leader = lock(leader)
    check_in = CheckIn(
        organization_id=leader.organization_id,
        community_id=leader.community_id,
        leader=leader,
        mentor=acting_user,
        on=on,
        notes=(notes or "").strip(),
    )
    check_in._history_user = acting_user  # type: ignore[attr-defined]
    check_in.save()
    if leader.last_check_in_on is None or on > leader.last_check_in_on:
        Leader.objects.filter(pk=leader.pk).update(last_check_in_on=on)
        leader.last_check_in_on = on
    return check_in


@transaction.atomic
def do_add_recognition(
    leader: Leader, *, acting_user: User | None, title: str, description: str = "", on: date | None = None
) -> Recognition:
    """Something she achieved, recognised by the team; she hears about it."""
    title = (title or "").strip()
    if not title:
        raise WriteError({"title": _("Say what she achieved.")})
    on = _not_future(on or _today(), "on")
    recognition = Recognition(
        organization_id=leader.organization_id,
        community_id=leader.community_id,
        leader=leader,
        title=title,
        description=(description or "").strip(),
        on=on,
        recorded_by=acting_user,
    )
    recognition._history_user = acting_user  # type: ignore[attr-defined]
    recognition.save()
    community = leader.community
    notify(
        kind="recognition_added",
        recipients=_leader_users(leader),
        organization=community.organization,
        community=community,
        key=f"recognition:{recognition.pk}",
        url=leader_url(leader),
        context={"title": title, "community": community.name},
    )
    return recognition


@transaction.atomic
def do_set_public_recognitions(
    leader: Leader, *, acting_user: User | None, show: bool, agreed: bool = False
) -> Leader:
    """Show (or stop showing) her recognitions on the community page. She chooses it herself; staff may
    set it only with her agreement recorded (`agreed`). Stopping needs no agreement."""
    herself = acting_user is not None and leader.partner.user_id == acting_user.pk
    if show and not herself and acting_user is not None and not agreed:
        raise WriteError({"agreed": _("Show them only once she has agreed; tick the box to record it.")})
    leader = lock(leader)
    leader.show_recognitions_publicly = show
    leader._history_user = acting_user  # type: ignore[attr-defined]
    leader.save()
    return leader
