"""Writes to tenancy state. Views, commands and tests call these; nothing else saves these models."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import registry, translations
from .concurrency import claim_edit, lock
from .errors import WriteError
from .models import (
    Community,
    ContentTranslation,
    Initiative,
    Invitation,
    Membership,
    Organization,
    Role,
    Stage,
    StageChange,
    Team,
)


class StageUnchanged(WriteError):
    def __init__(self, to_stage: str = ""):
        super().__init__({"to_stage": _("The community is at this stage already.")})


def unique_slug(model, name: str, **scope) -> str:
    """A slug for `name` not yet used by `model` within `scope` (e.g. one organization)."""
    base = slugify(name)[:50] or "item"
    taken = set(model.objects.filter(slug__startswith=base, **scope).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def do_create_organization(
    *, name: str, description: str = "", time_zone: str = "", languages: list[str] | None = None, founder
) -> Organization:
    """Create an organization; the person who creates it becomes its first network admin."""
    org = Organization.objects.create(
        name=name,
        description=description,
        slug=unique_slug(Organization, name),
        time_zone=time_zone or settings.TIME_ZONE,
        languages=languages or [code for code, _name in settings.LANGUAGES],
    )
    Membership.objects.create(user=founder, organization=org, role=Role.NETWORK_ADMIN)
    return org


@transaction.atomic
def do_update(obj, *, acting_user=None, version: int | None = None, **fields):
    """Change plain descriptive fields (name, description, dates); slugs stay so links keep working.

    `version` is the one the editor started from: an edit of a since-changed record raises StaleEdit."""
    claim_edit(obj, version)
    for key, value in fields.items():
        setattr(obj, key, value)
    obj._history_user = acting_user
    obj.save(update_fields=[*fields, "version"])
    return obj


@transaction.atomic
def do_set_archived(obj, *, archived: bool, acting_user=None):
    """Archive (hide from lists, keep every record) or bring back an organization, initiative, community
    or team. Asking twice changes nothing the second time (it keeps the first archiving date)."""
    current = lock(obj)
    if (current.archived_at is not None) == archived:
        obj.archived_at = current.archived_at
        return obj
    obj.archived_at = timezone.now() if archived else None
    obj._history_user = acting_user
    obj.save(update_fields=["archived_at"])
    return obj


@transaction.atomic
def do_create_initiative(
    org: Organization, *, name: str, description: str = "", starts_on=None, ends_on=None, acting_user=None
) -> Initiative:
    return Initiative.objects.create(
        organization=org,
        name=name,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        slug=unique_slug(Initiative, name, organization=org),
    )


@transaction.atomic
def do_create_community(
    initiative: Initiative,
    *,
    name: str,
    region: str = "",
    description: str = "",
    stage: str = Stage.EXPLORATION,
    acting_user=None,
) -> Community:
    """Create a community; its stage history starts with the stage it joins at."""
    community = Community.objects.create(
        organization_id=initiative.organization_id,
        initiative=initiative,
        name=name,
        region=region,
        description=description,
        stage=stage,
        slug=unique_slug(Community, name, organization_id=initiative.organization_id),
    )
    StageChange.objects.create(
        organization_id=community.organization_id,
        community=community,
        from_stage="",
        to_stage=stage,
        reason="",
        changed_by=acting_user,
        changed_at=community.created_at,
    )
    return community


@transaction.atomic
def do_change_stage(
    community: Community, *, to_stage: str, reason: str, acting_user, on: date | None = None
) -> StageChange:
    """Move a community to another stage (forward or back), recording who, when and why.

    `on` dates the move in the past (a move the team made before recording it): never in the future,
    never before the community's previous move; by default, now. One move at a time (the community's row
    is locked): the same move asked for again a moment later (a double click, a retry) returns the change
    already made instead of making another."""
    current = lock(community)
    latest = StageChange.objects.filter(community=community).order_by("-changed_at", "-pk").first()
    if to_stage == current.stage:
        community.stage, community.stage_changed_at = current.stage, current.stage_changed_at
        if latest is not None and latest.to_stage == to_stage and latest.changed_by == acting_user:
            return latest
        raise StageUnchanged(to_stage)
    now, today = timezone.now(), timezone.localdate()
    if on is not None and on > today:
        raise WriteError({"changed_on": _("A stage change cannot be dated in the future.")})
    if on is not None and latest is not None and on < timezone.localdate(latest.changed_at):
        raise WriteError(
            {
                "changed_on": _("The previous stage change was on %(date)s: date this one on or after it.")
                % {"date": formats.date_format(timezone.localdate(latest.changed_at), "DATE_FORMAT")}
            }
        )
    when = now
    if on is not None and on < today:
        # Midday of that day in the organization's time zone, and after the previous move of the same day.
        when = timezone.make_aware(datetime.combine(on, time(12)))
        if latest is not None and when <= latest.changed_at:
            when = latest.changed_at + timedelta(seconds=1)
    change = StageChange.objects.create(
        organization_id=community.organization_id,
        community=community,
        from_stage=community.stage,
        to_stage=to_stage,
        reason=reason,
        changed_by=acting_user,
        changed_at=when,
    )
    community.stage = to_stage
    community.stage_changed_at = when
    community.save(update_fields=["stage", "stage_changed_at"])
    return change


@transaction.atomic
def do_create_team(community: Community, *, name: str, purpose: str = "", acting_user=None) -> Team:
    return Team.objects.create(
        organization_id=community.organization_id, community=community, name=name, purpose=purpose
    )


@transaction.atomic
def do_add_membership(
    org: Organization,
    *,
    user,
    role: str,
    community: Community | None = None,
    acting_user=None,
    partner_type: str = "",
    lived_experience: bool | None = None,
    link_person: bool = True,
) -> Membership:
    """Give a person a role (idempotent: an existing identical membership is returned).

    A role in one community makes her one of its people: the apps in `registry.person_links` run
    (partners makes or links her partner record, of `partner_type` — empty: the usual one for the role).
    A role across the organization links nothing. `link_person=False` only for fixtures that set up a
    world from before partners were linked."""
    try:
        with transaction.atomic():
            membership, _ = Membership.objects.get_or_create(
                user=user, organization=org, community=community, role=role
            )
    except IntegrityError:  # a concurrent request made it first
        membership = Membership.objects.get(user=user, organization=org, community=community, role=role)
    if community is not None and link_person:
        for link in registry.person_links:
            link.joined(
                membership, kind=partner_type, lived_experience=lived_experience, acting_user=acting_user
            )
    return membership


@transaction.atomic
def do_remove_membership(membership: Membership, *, acting_user=None) -> None:
    """End a role. Nobody removes their own network admin role (an organization keeps an admin who can
    sign in to fix things); removing one already removed does nothing."""
    if (
        acting_user is not None
        and membership.user_id == acting_user.pk
        and membership.role == Role.NETWORK_ADMIN
    ):
        raise WriteError(_("You cannot remove your own network admin role."))
    # (ordered by pk alone: FOR UPDATE refuses the outer joins the default ordering would add)
    current = Membership._base_manager.select_for_update().filter(pk=membership.pk).order_by("pk").first()
    if current is None:
        return
    current._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    current.delete()  # the history table keeps the record of who held the role and when it ended


@transaction.atomic
def do_invite(
    org: Organization,
    *,
    email: str,
    role: str,
    community: Community | None,
    acting_user,
    language: str = "en",
    partner_type: str = "",
    lived_experience: bool = False,
) -> Invitation:
    """Invite someone by email; a still-open invitation for the same place and role is replaced.

    To a community, the invitation says who she will be at the table (`partner_type`, empty for the
    usual kind for the role, and `lived_experience`); to the whole organization it names no partner."""
    from .tasks import send_invitation_email

    if community is None:
        partner_type, lived_experience = "", False
    elif partner_type and partner_type not in {value for value, _label in registry.person_kinds()}:
        raise WriteError({"partner_type": _("Choose one of the partner types offered.")})
    email = email.strip().lower()
    Invitation.objects.filter(
        organization=org, community=community, email=email, role=role, accepted_at__isnull=True
    ).delete()
    invitation = Invitation.objects.create(
        organization=org,
        community=community,
        email=email,
        role=role,
        invited_by=acting_user,
        language=language,
        partner_type=partner_type,
        lived_experience=lived_experience,
    )
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation.pk))
    return invitation


class InvitationUnusable(WriteError):
    def __init__(self, pk: int | None = None):
        super().__init__(_("This invitation has been used already or has expired."))


@transaction.atomic
def do_accept_invitation(invitation: Invitation, *, acting_user) -> Membership:
    """Turn an open invitation into a membership for the person accepting it (`acting_user`); a used or
    expired link does nothing."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise InvitationUnusable(invitation.pk)
    membership = do_add_membership(
        invitation.organization,
        user=acting_user,
        role=invitation.role,
        community=invitation.community,
        acting_user=acting_user,
        partner_type=invitation.partner_type,
        lived_experience=invitation.lived_experience,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = acting_user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def do_save_translation(
    obj, *, acting_user, field: str, language: str, text: str
) -> ContentTranslation | None:
    """Write (or, with an empty `text`, remove) the version of `obj.field` in `language`, one of the
    organization's languages other than the original's. It records the original's hash as it is now,
    so a later change to the original shows the version as needing review (`core.translations`)."""
    entry = translations.entry_for(type(obj))
    if entry is None or field not in entry.fields:
        raise WriteError({"field": _("This text cannot be translated.")})
    organization = Organization.objects.only("languages").get(pk=obj.organization_id)
    bundle = translations.loaded(obj)
    if language not in (organization.languages or []):
        raise WriteError({"language": _("Choose one of the organization's languages.")})
    if language == bundle.original:
        raise WriteError({"language": _("This is the language the original is written in.")})
    text = (text or "").strip()
    if len(text) > 20000:
        raise WriteError({"text": _("Keep this to %(n)d characters.") % {"n": 20000}})
    ct = ContentType.objects.get_for_model(obj)
    existing = ContentTranslation.objects.filter(
        content_type=ct, object_id=obj.pk, field=field, language=language
    )
    if not text:
        for row in existing:
            row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
            row.delete()
        return None
    row = existing.first() or ContentTranslation(
        organization_id=obj.organization_id,
        community_id=getattr(obj, "community_id", None),
        content_type=ct,
        object_id=obj.pk,
        field=field,
        language=language,
    )
    row.text = text
    row.source_hash = translations.text_hash(getattr(obj, field, "") or "")
    row.translated_by = acting_user
    row.updated_at = timezone.now()
    row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    row.save()
    if hasattr(obj, translations.CACHE):
        delattr(obj, translations.CACHE)
    return row
