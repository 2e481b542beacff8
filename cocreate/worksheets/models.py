"""Toolkit worksheets: templates as versioned data, worksheets a team fills in together, their drafts.

The coproduction toolkit (seed 004) gives teams worksheets to fill in together — mission statement,
core values, perspective prism, empathy cards, ignite talk, community connection activities, social
media campaign, goal setting. Here:

* a `WorksheetTemplate` is one such worksheet and all its versions (`TemplateVersion`): built in (no
  organization; loaded from `definitions/<key>.yaml`) or an organization's adaptation of one. A
  version's `definition` is the whole worksheet as data — its steps, each step's fields, and the
  template's own data (the prism's roles, the empathy deck's scenarios, the benefits of leadership) —
  with every text a `{language: text}` dict (English required). A version once used is never changed:
  an adaptation is a new version;
* a `Worksheet` is a community's (or the organization's own, with no community) copy of one template
  version: its working text (`content`: step key -> field key -> value) which members and partners
  edit step by step. Each step carries its own edit counter (`step_versions`), so two people editing
  different steps never collide and two editing the same step never silently overwrite each other;
* a `WorksheetVersion` is a snapshot of the working text: a draft ("Draft 2", saved for review,
  comparable side by side with any other) or a published version ("Version 1"); earlier ones stay
  readable. The latest published version is the worksheet's text as the world sees it (the community
  page shows the published mission and values);
* a `WorksheetComment` is someone's comment on a draft (or on the working text), optionally on one step;
* `WorksheetGoal` and `WorksheetPartner` remember what a worksheet made elsewhere (a goal in the plan
  from a goal statement; a partner record from the prism's missing role), so a second click makes
  nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization


class Kind(models.TextChoices):
    """What a template is for; each kind may add its own behaviour to the generic engine."""

    MISSION = "mission", _("Mission statement")
    VALUES = "values", _("Core values")
    PRISM = "prism", _("Perspective prism")
    EMPATHY = "empathy", _("Empathy cards")
    IGNITE = "ignite", _("Ignite talk")
    CONNECTION = "connection", _("Community connection activities")
    SOCIAL = "social", _("Social media campaign")
    GOALS = "goals", _("Goal setting")
    OTHER = "other", _("Other worksheet")


class WorksheetTemplate(models.Model):
    """A worksheet template and all its versions: built in (no organization) or an organization's own."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.OTHER)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="adaptations"
    )
    position = models.PositiveSmallIntegerField(default=0)  # order in the list of templates
    active = models.BooleanField(_("offered for new worksheets"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"],
                condition=models.Q(organization__isnull=False),
                name="one_worksheet_template_key_per_org",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(organization__isnull=True),
                name="one_builtin_worksheet_template_per_key",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def is_builtin(self) -> bool:
        return self.organization_id is None


class TemplateVersion(models.Model):
    """One version of a template: the whole worksheet as data (`definition`). Never changed once used."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    template = models.ForeignKey(WorksheetTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(default=dict)
    checksum = models.CharField(max_length=64, blank=True)  # of a built-in file: reloaded when it changes
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="one_worksheet_template_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template.key} v{self.number}"


class WorksheetStatus(models.TextChoices):
    OPEN = "open", _("Being written")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Worksheet(Versioned):
    """A community's (or the organization's own) worksheet: the working text, edited step by step.

    `version` (Versioned) counts edits of the title and settings; each step's text has its own counter
    in `step_versions`, so edits of different steps never collide."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="worksheets"
    )
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="worksheets")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("written in"), max_length=8, default="en")
    content = models.JSONField(default=dict, blank=True)  # step key -> field key -> value
    step_versions = models.JSONField(default=dict, blank=True)  # step key -> edits saved
    status = models.CharField(
        _("status"), max_length=10, choices=WorksheetStatus, default=WorksheetStatus.OPEN
    )
    published_number = models.PositiveIntegerField(null=True, blank=True, editable=False)  # latest
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["content", "step_versions"])

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "community", "kind", "status"]),
            models.Index(fields=["community", "-changed_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class VersionKind(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published version")


class WorksheetVersion(models.Model):
    """A snapshot of a worksheet's text: draft N (for review and comparison) or published version N."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(max_length=10, choices=VersionKind)
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["worksheet", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["worksheet", "kind", "number"], name="one_worksheet_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class WorksheetComment(models.Model):
    """A comment on a draft (or on the working text), optionally on one step; resolved when dealt with."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="comments")
    draft = models.ForeignKey(
        WorksheetVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    step_key = models.CharField(max_length=60, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["worksheet", "created_at"])]

    def __str__(self) -> str:
        return self.body[:80]


class WorksheetGoal(models.Model):
    """A goal in the community's plan made from one of a worksheet's goal statements."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="made_goals")
    row_key = models.CharField(max_length=60)  # which statement of the worksheet
    goal = models.ForeignKey("planning.Goal", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "row_key"], name="one_goal_per_worksheet_statement")
        ]

    def __str__(self) -> str:
        return f"{self.worksheet_id}:{self.row_key}"


class WorksheetPartner(models.Model):
    """A partner record made from a role of a worksheet that nobody on the team holds (the prism)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    worksheet = models.ForeignKey(Worksheet, on_delete=models.CASCADE, related_name="made_partners")
    row_key = models.CharField(max_length=60)  # which role of the worksheet
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "row_key"], name="one_partner_per_worksheet_role")
        ]

    def __str__(self) -> str:
        return f"{self.worksheet_id}:{self.row_key}"
