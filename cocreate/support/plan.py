"""The implementation-support plan: reads and writes (`do_*`) for a community's support plan versions.

The intermediary writes one plan per community: a short narrative (what the support is for, how the
intermediary and the community's team will work together) and its support activities, each placed at
an implementation stage, serving one or more of the five support functions, and provided by staff of
the organization and/or someone named in words (an outside trainer, say).

Staff edit one draft per community; publishing it makes it version N+1 and freezes it. The next edit
starts a new draft from the current version, carrying each activity's `key`, so any version can be
compared with the one before it. Drafts, numbering, publishing and "what changed" are the shared
versioned document's (`cocreate/core/versioned.py`). Who may write is checked by the caller
(`support_plan.change`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core import versioned
from cocreate.core.access import ADMIN, PRACTITIONER, Tenant
from cocreate.core.models import Community, Membership, Stage, tenant_scope

from .models import Function, SupportActivity, SupportPlanVersion

STAGE_ORDER = {value: i for i, value in enumerate(Stage.values)}
FUNCTION_ORDER = {value: i for i, value in enumerate(Function.values)}
MAX_ACTIVITIES = 60
NARRATIVE_MAX = 6000


# Reads -------------------------------------------------------------------------------------------------


def published_versions(community: Community) -> QuerySet[SupportPlanVersion]:
    """The community's published versions, newest first."""
    return versioned.published(SupportPlanVersion, community)


def current_version(community: Community) -> SupportPlanVersion | None:
    return versioned.current(SupportPlanVersion, community)


def draft_of(community: Community) -> SupportPlanVersion | None:
    return versioned.draft_of(SupportPlanVersion, community)


def edit_token(community: Community) -> str:
    """The state an edit of the plan starts from (the edit form carries it)."""
    return versioned.edit_token(SupportPlanVersion, community)


def access_version(tenant: Tenant, community: Community, number: int) -> SupportPlanVersion:
    """Published version `number` of this community's plan (one query); 404 when there is none."""
    tenant.require("support_plan.view", community)
    return versioned.access_published(SupportPlanVersion, community, number)


def version_list(community: Community, *, with_draft: bool) -> list[SupportPlanVersion]:
    """Every version, newest first, each with who published it and how many activities it holds (one
    query); the draft first when asked for."""
    return versioned.version_list(
        SupportPlanVersion, community, with_draft=with_draft, activity_count=Count("activities")
    )


def activities_of(version: SupportPlanVersion) -> list[SupportActivity]:
    """The version's activities by stage, then in the order written, with their staff providers (two
    queries however many activities and providers)."""
    providers = Prefetch(
        "providers", queryset=User.objects.only("pk", "name", "email").order_by("name", "email")
    )
    rows = list(SupportActivity.objects.filter(version=version).prefetch_related(providers))
    rows.sort(key=lambda a: (STAGE_ORDER.get(a.stage, 99), a.position, a.pk))
    for a in rows:  # what the page and the documents show
        a.function_names = function_labels(a.functions)  # type: ignore[attr-defined]  # added to the instance for display
        a.provider_list = provider_names(a)  # type: ignore[attr-defined]  # added to the instance for display
    return rows


def provider_choices(community: Community) -> list[User]:
    """Staff of the intermediary who can be named as providers: the organization's network admins and
    support practitioners, whether they serve every community or some (one query)."""
    staff = Membership.objects.filter(
        organization_id=community.organization_id, role__in=[ADMIN, PRACTITIONER]
    )
    return list(
        User.objects.filter(is_active=True, pk__in=staff.values("user_id"))
        .only("pk", "name", "email")
        .order_by("name", "email")
    )


def function_labels(keys: list[str]) -> list[str]:
    return [
        str(Function(k).label)
        for k in sorted(keys, key=lambda k: FUNCTION_ORDER.get(k, 99))
        if k in FUNCTION_ORDER
    ]


def provider_names(activity: SupportActivity) -> list[str]:
    """Everyone who provides an activity: the staff named, then anyone named in words."""
    names = [user.display_name for user in activity.providers.all()]
    if activity.provider_name:
        names.append(activity.provider_name)
    return names


@dataclass
class StageGroup:
    stage: str
    label: str
    activities: list[SupportActivity]
    is_current: bool


def by_stage(activities: list[SupportActivity], current_stage: str = "") -> list[StageGroup]:
    """The four stages in order, each with its activities (possibly none)."""
    return [
        StageGroup(
            stage=stage.value,
            label=str(stage.label),
            activities=[a for a in activities if a.stage == stage.value],
            is_current=stage.value == current_stage,
        )
        for stage in Stage
    ]


def _activity_fields(a: SupportActivity) -> dict:
    return {
        "stage": a.stage,
        "title": a.title,
        "details": a.details,
        "timing": a.timing,
        "functions": sorted(a.functions),
        "providers": sorted(u.pk for u in a.providers.all()),
        "provider_name": a.provider_name,
    }


def changes_between(
    version: SupportPlanVersion,
    activities: list[SupportActivity],
    previous: SupportPlanVersion,
    previous_activities: list[SupportActivity],
) -> versioned.Changes:
    """Compare two versions: the narrative's two sections, and activity by activity (matched by `key`)."""
    assert previous.number is not None  # only published versions are compared
    return versioned.compare(
        previous.number,
        sections={
            "purpose": (previous.purpose, version.purpose),
            "how_we_work": (previous.how_we_work, version.how_we_work),
        },
        items=[(a, _activity_fields(a)) for a in activities],
        previous_items=[(a, _activity_fields(a)) for a in previous_activities],
        labels={
            "stage": _("stage"),
            "title": _("activity"),
            "details": _("what it involves"),
            "timing": _("when"),
            "functions": _("support functions"),
            "providers": _("who provides it"),
            "provider_name": _("who provides it"),
        },
    )


def previous_version(version: SupportPlanVersion) -> SupportPlanVersion | None:
    return versioned.previous(version)


# Writes ------------------------------------------------------------------------------------------------


@dataclass
class ActivityData:
    """One activity as the form (or the API, a command, a test) gives it."""

    stage: str
    title: str
    functions: list[str]
    details: str = ""
    timing: str = ""
    providers: list[User] = field(default_factory=list)
    provider_name: str = ""
    key: uuid.UUID | str | None = None


def _clean_activity(data: ActivityData, allowed_providers: set[int]) -> tuple[dict, list[User]]:
    errors: dict[str, str] = {}
    title = (data.title or "").strip()
    if not title:
        errors["title"] = _("Say what the activity is.")
    elif len(title) > 300:
        errors["title"] = _("Keep this to %(n)d characters.") % {"n": 300}
    if data.stage not in STAGE_ORDER:
        errors["stage"] = _("Choose the stage this activity belongs to.")
    functions = [f for f in Function.values if f in set(data.functions or [])]
    if not functions or len(functions) != len(set(data.functions or [])):
        errors["functions"] = _("Choose at least one of the five support functions.")
    providers = list({u.pk: u for u in data.providers}.values())
    if any(u.pk not in allowed_providers for u in providers):
        errors["providers"] = _("Only staff of the organization can be named here.")
    provider_name = (data.provider_name or "").strip()
    if not providers and not provider_name:
        errors["provider_name"] = _("Say who provides it: choose staff, write a name, or both.")
    details, timing = (data.details or "").strip(), (data.timing or "").strip()
    if len(details) > 4000:
        errors["details"] = _("Keep this to %(n)d characters.") % {"n": 4000}
    if len(timing) > 200:
        errors["timing"] = _("Keep this to %(n)d characters.") % {"n": 200}
    if len(provider_name) > 300:
        errors["provider_name"] = _("Keep this to %(n)d characters.") % {"n": 300}
    if errors:
        raise ValidationError(errors)
    fields = {
        "stage": data.stage,
        "title": title,
        "details": details,
        "timing": timing,
        "functions": functions,
        "provider_name": provider_name,
    }
    return fields, providers


def _as_key(value) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def check_publishable(version: SupportPlanVersion) -> None:
    """Why a saved draft cannot be published yet, as a ValidationError by field (nothing if it can)."""
    _check_publishable(version, version.activities.count())


def _check_publishable(version: SupportPlanVersion, activity_count: int) -> None:
    errors = {}
    if not version.purpose.strip():
        errors["purpose"] = _("Say what the support is for before publishing.")
    if not activity_count:
        errors["__all__"] = _("Add at least one support activity before publishing.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_save_support_plan_draft(
    community: Community,
    *,
    acting_user: User | None,
    purpose: str,
    how_we_work: str,
    activities: list[ActivityData],
    publish: bool = False,
    started_from: str | None = None,
) -> SupportPlanVersion:
    """Write the narrative and the activities into the community's draft (made on first save), in the
    order given. With `publish`, the draft then becomes the next version, or nothing is saved at all.
    `started_from` is the `edit_token` the editor started from: a stale one is refused (`StaleDraft`).

    Errors of one activity come as {"activities": [(index, {field: message})...]} inside the
    ValidationError's `params`, so a form can put each message next to its field."""
    purpose, how_we_work = (purpose or "").strip(), (how_we_work or "").strip()
    errors: dict[str, str] = {}
    for name, text in (("purpose", purpose), ("how_we_work", how_we_work)):
        if len(text) > NARRATIVE_MAX:
            errors[name] = _("Keep this to %(n)d characters.") % {"n": NARRATIVE_MAX}
    if len(activities) > MAX_ACTIVITIES:
        errors["__all__"] = _("A plan holds at most %(n)d activities.") % {"n": MAX_ACTIVITIES}
    allowed = {u.pk for u in provider_choices(community)}
    cleaned, activity_errors = [], []
    for index, data in enumerate(activities):
        try:
            cleaned.append(_clean_activity(data, allowed))
        except ValidationError as error:
            activity_errors.append((index, {k: v[0] for k, v in error.message_dict.items()}))
    if errors or activity_errors:
        invalid = ValidationError(errors or _("Some activities need attention."))
        invalid.activity_errors = activity_errors  # type: ignore[attr-defined]  # the views read it with getattr
        raise invalid

    draft = versioned.open_draft(
        SupportPlanVersion,
        community,
        acting_user=acting_user,
        started_from=started_from,
        content={"purpose": purpose, "how_we_work": how_we_work},
    )
    existing = {a.key: a for a in SupportActivity.objects.filter(version=draft).prefetch_related("providers")}
    used: set[uuid.UUID] = set()
    for position, (data, (fields, providers)) in enumerate(zip(activities, cleaned, strict=True)):
        key = _as_key(data.key)
        if key is None or key in used:
            key = uuid.uuid4()
        used.add(key)
        row = existing.get(key)
        if row is None:
            row = SupportActivity(
                organization_id=community.organization_id, community=community, version=draft, key=key
            )
            old_providers = None
        else:
            old_providers = {u.pk for u in row.providers.all()}
            if all(getattr(row, n) == v for n, v in fields.items()) and row.position == position:
                if old_providers == {u.pk for u in providers}:
                    continue
        for name, value in fields.items():
            setattr(row, name, value)
        row.position = position
        row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
        row.save()
        if old_providers != {u.pk for u in providers}:
            row.providers.set(providers, through_defaults=tenant_scope(row))
    for key, row in existing.items():
        if key not in used:
            row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
            row.delete()

    if publish:
        return _publish(community, acting_user, None, check=lambda d: _check_publishable(d, len(cleaned)))
    return draft


def _publish(
    community: Community, acting_user: User | None, based_on: int | None, check
) -> SupportPlanVersion:
    return versioned.publish(
        SupportPlanVersion,
        community,
        acting_user=acting_user,
        based_on=based_on,
        check=check,
        no_draft=_("There is no draft to publish. Edit the plan first."),
    )


def do_publish_support_plan(
    community: Community, *, acting_user: User | None, based_on: int | None = None
) -> SupportPlanVersion:
    """Publish the draft as the next version; earlier versions stay as they were published. With
    `based_on` (the version the person saw), a second publish of the same draft returns the version
    the first one made."""
    return _publish(community, acting_user, based_on, check=check_publishable)


def do_discard_support_plan_draft(community: Community, *, acting_user: User | None) -> bool:
    """Throw the draft away; the published versions stay. False when there was no draft."""
    return versioned.discard(SupportPlanVersion, community, acting_user=acting_user)


def activity_initial(activity: SupportActivity) -> dict:
    """What the edit form shows for an activity (from the draft or the version the draft starts from)."""
    return {
        "key": str(activity.key),
        "stage": activity.stage,
        "title": activity.title,
        "details": activity.details,
        "timing": activity.timing,
        "functions": list(activity.functions),
        "providers": [u.pk for u in activity.providers.all()],
        "provider_name": activity.provider_name,
    }
