"""Who is at the table, and how deeply: partners, the engagement ladder, team roles and the written plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization, Team


class PartnerType(models.TextChoices):
    """The five kinds of co-creation partner."""

    AGENCY = "agency", _("Service agency leadership and staff")
    FUNDER = "funder", _("State or local funder or policymaker")
    INTERMEDIARY = "intermediary", _("Intermediary or purveyor organization")
    COMMUNITY = "community", _("Community member (parent, family, youth, other)")
    RESEARCH = "research", _("Researcher or evaluator")


# Short names for tables and charts, where the full ones above would wrap over several lines.
PARTNER_TYPE_SHORT = {
    PartnerType.AGENCY: _("Service agency"),
    PartnerType.FUNDER: _("Funder or policymaker"),
    PartnerType.INTERMEDIARY: _("Intermediary"),
    PartnerType.COMMUNITY: _("Community member"),
    PartnerType.RESEARCH: _("Researcher or evaluator"),
}


class Level(models.IntegerChoices):
    """The engagement ladder, from being kept informed to leading together. Ordered: higher is deeper."""

    INFORM = 1, _("Inform")
    CONSULT = 2, _("Consult")
    INVOLVE = 3, _("Involve")
    COLLABORATE = 4, _("Collaborate")
    CO_LEAD = 5, _("Co-lead")


# What each level promises the partner, in our own words (shown beside the ladder).
LEVEL_PROMISES = {
    Level.INFORM: _("We will keep you up to date, in plain language, about what is happening and why."),
    Level.CONSULT: _(
        "We will ask for your views before we decide, and tell you how they shaped the decision."
    ),
    Level.INVOLVE: _(
        "We will work with you throughout, so your concerns and hopes show up in the options we weigh."
    ),
    Level.COLLABORATE: _(
        "We will look for solutions with you and build your advice into decisions as far as we can."
    ),
    Level.CO_LEAD: _("We will decide together and share leadership, resources and credit for the work."),
}


# The five local implementation capacity domains: the default areas of engagement in every community.
CAPACITY_DOMAINS = [
    ("co-creation", _("Co-creation partners and processes")),
    ("leadership", _("Leadership and implementation teams")),
    ("workforce", _("Workforce development")),
    ("quality", _("Quality and outcome monitoring")),
    ("media", _("Media and networking")),
]
DOMAIN_LABELS = dict(CAPACITY_DOMAINS)


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class DayPart(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True, erased_at__isnull=True)


class Partner(Versioned):
    """A person or an organization taking part in a community's co-creation (a login is optional)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="partners")
    is_organization = models.BooleanField(_("this partner is an organization"), default=False)
    name = models.CharField(_("name"), max_length=200)
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType)
    lived_experience = models.BooleanField(
        _("brings lived experience"),
        default=False,
        help_text=_("Has lived experience of the issue or the services (for example, a parent using them)."),
    )
    affiliation = models.CharField(_("organization or affiliation"), max_length=200, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("For example: English, Spanish")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    available_days = models.JSONField(_("days available"), default=list, blank=True)
    available_times = models.JSONField(_("times of day available"), default=list, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_records",
    )
    consent_on = models.DateField(_("agreed to be contacted on"), null=True, blank=True)
    consent_wording = models.TextField(_("what they agreed to"), blank=True)
    last_engaged_on = models.DateField(_("last engaged on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            models.Index(fields=["community", "name"]),
            models.Index(fields=["organization", "partner_type"]),
            models.Index(fields=["community", "email"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def type_short(self):
        return PARTNER_TYPE_SHORT[PartnerType(self.partner_type)]

    @property
    def has_consent(self) -> bool:
        return self.consent_on is not None

    @property
    def available_day_labels(self) -> list[str | Promise]:
        return [Weekday(day).label for day in sorted(self.available_days or []) if day in Weekday.values]

    @property
    def available_time_labels(self) -> list[str | Promise]:
        return [DayPart(part).label for part in DayPart.values if part in (self.available_times or [])]


class EngagementArea(models.Model):
    """An area of the work in which a partner is engaged: the five capacity domains, plus a community's own."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="engagement_areas")
    key = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    is_default = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "key"], name="one_area_key_per_community")
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        """The five domains read in the viewer's language; a community's own areas as typed."""
        return DOMAIN_LABELS.get(self.key, self.name) if self.is_default else self.name


class EngagementLevel(models.Model):
    """Where one partner stands in one area today, and where the team plans to take the partnership."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="levels")
    area = models.ForeignKey(EngagementArea, on_delete=models.CASCADE, related_name="levels")
    current = models.PositiveSmallIntegerField(_("current level"), choices=Level)
    planned = models.PositiveSmallIntegerField(_("planned level"), choices=Level)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "area"], name="one_level_per_partner_area")]
        indexes = [models.Index(fields=["community", "area"])]

    def __str__(self) -> str:
        return f"{self.partner} · {self.area}: {self.get_current_display()}"

    @property
    def below_plan(self) -> bool:
        return self.planned > self.current


class EngagementChange(models.Model):
    """One dated move on the ladder (current or planned level), with who made it and why."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="engagement_changes")
    area = models.ForeignKey(EngagementArea, on_delete=models.CASCADE, related_name="+")
    from_current = models.PositiveSmallIntegerField(choices=Level, null=True)
    to_current = models.PositiveSmallIntegerField(choices=Level)
    from_planned = models.PositiveSmallIntegerField(choices=Level, null=True)
    to_planned = models.PositiveSmallIntegerField(choices=Level)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["partner", "-changed_at"]),
            models.Index(fields=["community", "-changed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.area}: {self.from_current} → {self.to_current}"


class RoleTemplate(Versioned):
    """A role description a team copies and adapts (built-in ones have no organization)."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    partner_type = models.CharField(_("usually held by"), max_length=20, choices=PartnerType, blank=True)
    what_they_bring = models.TextField(_("what they bring"), blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    expectations = models.TextField(_("expectations of the partnership"), blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TeamRole(models.Model):
    """A partner's place on a team: their role and what they have agreed to do."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="roles")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="team_roles")
    title = models.CharField(_("role"), max_length=120)
    responsibilities = models.TextField(_("responsibilities"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team", "title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "partner", "title"], name="one_role_title_per_partner")
        ]
        indexes = [models.Index(fields=["community", "team"])]

    def __str__(self) -> str:
        return f"{self.partner} — {self.title}"


class EngagementPlan(models.Model):
    """The community's written partnership engagement plan; every save is a version in its history."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="engagement_plan")
    participation_goals = models.TextField(_("goals for the extent of participation"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.community} — v{self.version}"


class PlanEntry(models.Model):
    """Who is responsible for engaging whom (a partner or a whole partner type), and how."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(EngagementPlan, on_delete=models.CASCADE, related_name="entries")
    responsible = models.CharField(_("who is responsible"), max_length=200)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    partner_type = models.CharField(
        _("or a whole partner type"), max_length=20, choices=PartnerType, blank=True
    )
    strategies = models.TextField(_("how: strategies"))
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.responsible} → {self.partner or self.get_partner_type_display()}"


class Agreement(models.Model):
    """An agreement established with partners: with whom, what, and when."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(EngagementPlan, on_delete=models.CASCADE, related_name="agreements")
    with_whom = models.CharField(_("with whom"), max_length=200)
    what = models.TextField(_("what was agreed"))
    agreed_on = models.DateField(_("when"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-agreed_on", "pk"]

    def __str__(self) -> str:
        return self.with_whom


class PrivacyEvent(models.Model):
    """A record that someone downloaded everything held about a person, or erased them."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Downloaded everything held")
        ERASE = "erase", _("Erased")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, null=True, on_delete=models.SET_NULL, related_name="privacy_events")
    action = models.CharField(max_length=10, choices=Action)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    acted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acted_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.partner_id} ({self.acted_at:%Y-%m-%d})"


class PendingImport(models.Model):
    """A spreadsheet read and waiting between its preview and the confirmation, in the database so that
    any application server can show the preview and import it.

    One per person and community: a new upload replaces it. `data` is the parsed table
    (`transfer.Table`, JSON, zlib-compressed); `ref` is what the preview's form sends back, so a preview
    replaced by a newer upload in another tab is not imported. Deleted on confirmation or cancellation;
    an expired one is never read and is swept away by the next upload."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ref = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "created_by"], name="one_pending_import_per_person")
        ]

    def __str__(self) -> str:
        return self.filename
