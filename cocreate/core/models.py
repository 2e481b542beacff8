"""Tenancy: the intermediary organization, its initiatives, the communities it supports, and who may do what."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .concurrency import Versioned


class Stage(models.TextChoices):
    """Implementation stages. Not strictly sequential: a community may move back."""

    EXPLORATION = "exploration", _("Exploration / readiness")
    INSTALLATION = "installation", _("Installation")
    INITIAL = "initial", _("Initial implementation")
    FULL = "full", _("Full implementation")


class Role(models.TextChoices):
    NETWORK_ADMIN = "network_admin", _("Network admin")
    PRACTITIONER = "practitioner", _("Support practitioner")
    TEAM_LEAD = "team_lead", _("Team lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder / policymaker")
    EVALUATOR = "evaluator", _("Evaluator")
    FINANCE = "finance", _("Finance")


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


def default_time_zone() -> str:
    return settings.TIME_ZONE


def default_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def validate_languages(codes: object) -> None:
    """One or more of the languages this site speaks (settings.LANGUAGES), each once."""
    known = default_languages()
    if not isinstance(codes, list) or not codes:
        raise ValidationError(_("Choose at least one language."))
    if len(set(codes)) != len(codes) or any(code not in known for code in codes):
        raise ValidationError(_("Choose languages from the list, each once."))


def validate_time_zone(name: str) -> None:
    """An IANA time zone name this server knows (e.g. America/Los_Angeles)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(_("%(name)s is not a known time zone."), params={"name": name}) from error


def tenant_scope(owner: models.Model) -> dict[str, int]:
    """The organization (and community, when it has one) of `owner`, for the rows that belong to it:
    `obj.people.set(people, through_defaults=tenant_scope(obj))` keeps many-to-many rows scoped too."""
    scope = {"organization_id": owner.organization_id}  # type: ignore[attr-defined]
    if hasattr(owner, "community_id"):
        scope["community_id"] = owner.community_id
    return scope


class Organization(Versioned):
    """The tenant: an intermediary organization or network hub. Nobody sees another one's data."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    # Every page, email and calendar feed of the organization decides "today" and shows times here.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_(
            "Where the organization works. Meeting times, due dates (overdue, due soon) and the daily "
            "reminders follow this time zone's day."
        ),
    )
    # The languages its teams write for partners in: every text a team writes (goals, agendas,
    # decisions, the agreement …) can carry a version in each (`core.translations`).
    languages = models.JSONField(
        _("languages"),
        default=default_languages,
        validators=[validate_languages],
        help_text=_("The languages the teams write in for partners. Texts can carry a version in each."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organization", args=[self.slug])


class Initiative(Versioned):
    """A program rollout that the organization supports across several communities."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="initiatives")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="initiative_slug_per_org")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:initiative", args=[self.organization.slug, self.slug])


class Community(Versioned):
    """A site or region the organization supports, with its current implementation stage."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="communities")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="communities")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), max_length=60)
    region = models.CharField(_("region or place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(
        _("implementation stage"), max_length=20, choices=Stage, default=Stage.EXPLORATION
    )
    stage_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="community_slug_per_org")
        ]
        indexes = [
            models.Index(fields=["organization", "initiative"]),
            models.Index(fields=["organization", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def url(self, name: str = "community", *extra) -> str:
        return reverse(f"core:{name}", args=[self.organization.slug, self.slug, *extra])

    def get_absolute_url(self) -> str:
        return self.url()


class StageChange(models.Model):
    """One move between implementation stages: who moved it, when and why."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage)
    reason = models.TextField(_("reason"), blank=True)  # empty only for the entry made when a community joins
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["community", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"

    @property
    def is_step_back(self) -> bool:
        order = list(Stage.values)
        return bool(self.from_stage) and order.index(self.to_stage) < order.index(self.from_stage)


class Team(Versioned):
    """A working group inside a community (implementation team, family advisory group, …)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        indexes = [models.Index(fields=["community", "name"])]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A role a person holds in an organization (community empty: every community) or one community."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "community", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "community", "role"], name="one_membership_per_role"
            ),
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=models.Q(community__isnull=True),
                name="one_org_membership_per_role",
            ),
        ]
        indexes = [models.Index(fields=["organization", "community"])]

    def __str__(self) -> str:
        where = self.community or self.organization
        return f"{self.user} — {self.get_role_display()} ({where})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An emailed invitation to join an organization or one community with a role; the link expires."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role)
    language = models.CharField(
        _("language for the email"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    # Who she is at the table, chosen by the person inviting (only for an invitation to one community):
    # the kind of partner (its choices come from the partners app, through `core.registry.person_links`;
    # empty: the usual kind for the role) and whether she brings lived experience. Her partner record
    # is made or linked with these when she accepts.
    partner_type = models.CharField(_("partner type"), max_length=20, blank=True)
    lived_experience = models.BooleanField(_("brings lived experience"), default=False)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "community"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        if not self.expires_at:
            self.expires_at = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
        super().save(*args, **kwargs)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and not self.is_expired

    def get_absolute_url(self) -> str:
        return reverse("accounts:invitation", args=[self.token])


class ContentTranslation(models.Model):
    """A text a team wrote (a goal's statement, an agenda item, a decision's rationale …) in another
    of the organization's languages, or — with `field` empty — the language the original was written in.

    `source_hash` is the hash of the original when it was translated: when the original changes, the
    hashes differ and the translation shows as "needs review" (`core.translations`).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=40, blank=True)  # "" = the row recording the original's language
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    text = models.TextField(_("translation"), blank=True, max_length=20000)
    source_hash = models.CharField(max_length=64, blank=True)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"], name="one_translation_per_language"
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(field=""),
                name="one_original_language",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["organization", "language", "source_hash"]),
            models.Index(fields=["community", "content_type"]),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field or '*'} [{self.language}]"


class HomeVisit(models.Model):
    """When a person last opened her home in one organization, so it can show what changed since.

    `seen_at` moves forward when she opens her home after `VISIT_GAP` without it; `since` is then the
    `seen_at` before, and stays put while she keeps coming back within the gap (a reload does not empty
    "what changed"). One row per person and organization, written at most once per gap."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
    since = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_home_visit_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.organization_id}: {self.seen_at}"


# A document prepared in the task queue (its own module: it is not tenancy, but core serves every app).
from .models_jobs import DocumentJob, JobStatus  # noqa: E402, F401
