"""Assessments: instruments as versioned data, administrations, individual responses, team consensus.

An `Instrument` is a family of versions: the built-in ones are loaded from `instruments/*.yaml`
(organization is empty); a network admin can copy one into an organization's own instrument and adapt
it. Each `InstrumentVersion` freezes its sections, items, scale and scoring; editing a published
version makes a new draft version, and every administration stays tied to the version it used.

Text that belongs to an instrument (titles, items, guidance, scale labels) is stored per language as a
small dict, `{"en": "...", "es": "..."}`, because it is data a network admin edits, not code the
translation catalogue can reach. `cocreate.assessments.text.pick` chooses the reader's language.

Individual answers live on the `Response` as one JSON object (`{item_key: value}`): a 40-item
response is one row to write and one to read, and every spread or alignment is computed from the
handful of responses an administration has. Anonymous responses carry no link to a person, no time
and a random primary key, so nothing in the database orders or joins them back to an invitee.
"""

from __future__ import annotations

import uuid
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization, Stage
from cocreate.core.translations import ComposedCharField

from . import disclosure


class Scoring(models.TextChoices):
    SUM = "sum", _("Sum of values")
    MEAN = "mean", _("Mean value")
    PERCENT = "percent", _("Percent of possible")


class Kind(models.TextChoices):
    TEAM = "team", _("Rate alone, then agree as a team")
    SURVEY = "survey", _("Survey: individual answers, summarized")


class Perspective(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional expertise")
    LIVED = "lived", _("Lived experience expertise")


class Audience(models.TextChoices):
    """Who a section of an instrument is asked of."""

    EVERYONE = "everyone", _("Everyone")
    PROFESSIONAL = "professional", _("People with professional expertise only")
    LIVED = "lived", _("Partners with lived experience only")


def asks(audience: str, perspective: str) -> bool:
    """Whether a section for `audience` is asked of a person answering from `perspective`."""
    return audience in ("", Audience.EVERYONE) or audience == perspective


class Instrument(models.Model):
    """A named assessment tool and all its versions: built in (no organization) or an organization's own."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="instruments"
    )
    key = models.SlugField(_("key"), max_length=60)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="adaptations"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"],
                condition=models.Q(organization__isnull=False),
                name="one_instrument_key_per_org",
            ),
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(organization__isnull=True), name="one_builtin_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def is_builtin(self) -> bool:
        return self.organization_id is None


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class InstrumentVersion(Versioned):
    """One frozen version of an instrument: what respondents saw and how it was scored.

    `definition` keeps the instrument-level fields as loaded or edited: name, description, scale
    (a list of {value, label, description}), reflection prompts, and whether it is adaptable.
    Sections and items are rows so that consensus values, gaps and goals can point at them.
    """

    # The instrument's organization, empty for the built-in library (shared by every organization).
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=VersionStatus, default=VersionStatus.DRAFT)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.TEAM)
    scoring = models.CharField(_("scoring"), max_length=12, choices=Scoring, default=Scoring.PERCENT)
    target = models.DecimalField(
        _("target"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the unit of the scoring: a percent, a mean value or a sum."),
    )
    paired = models.BooleanField(
        _("paired wordings"),
        default=False,
        help_text=_("Each item has one wording for professional expertise and one for lived experience."),
    )
    definition = models.JSONField(default=dict)
    source_digest = models.CharField(max_length=64, blank=True, editable=False)  # built-ins: the file's hash
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="one_number_per_instrument")
        ]

    def __str__(self) -> str:
        return f"{self.instrument.key} v{self.number}"

    @cached_property
    def item_keys(self) -> list[tuple[str, str]]:
        """(item key, section key) of every item, in order (read once per process for a published version)."""
        from .results import numbered_items

        _sections, items = numbered_items(self)
        return [(item.key, item.section.key) for item in items]

    @cached_property
    def dont_know_keys(self) -> frozenset[str]:
        """The items that offer "I don't know"."""
        from .answering import version_items

        _sections, items = version_items(self)
        return frozenset(item.key for item in items if item.allows_dont_know)

    @property
    def prompt_keys(self) -> list[str]:
        return [p["key"] for p in self.definition.get("reflection_prompts", [])]

    @property
    def scale(self) -> list[dict]:
        return self.definition.get("scale", [])

    @property
    def scale_values(self) -> list[int]:
        return [point["value"] for point in self.scale]

    @property
    def name(self) -> dict:
        return self.definition.get("name", {})

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT and not self.instrument.is_builtin


class Section(models.Model):
    """A domain or dimension of an instrument version, with its items."""

    # The instrument's organization, empty for the built-in library (shared by every organization).
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict, blank=True)
    artifacts_prompt = models.JSONField(default=dict, blank=True)  # what evidence to gather for it
    # Who is asked this section by default; a round can change it (`Administration.audiences`).
    audience = models.CharField(_("asked of"), max_length=20, choices=Audience, default=Audience.EVERYONE)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_section_key_per_version")]

    def __str__(self) -> str:
        return self.key


class Item(models.Model):
    """One question or best practice, with guidance for raters and a prompt for evidence.

    `wordings` holds the per-perspective text of a paired item, `{"lived": {"en": ..., "es": ...}}`;
    `text` is the wording for everyone else (professional expertise, in paired instruments).
    """

    # The instrument's organization, empty for the built-in library (shared by every organization).
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.JSONField(default=dict)
    guidance = models.JSONField(default=dict, blank=True)
    evidence_prompt = models.JSONField(default=dict, blank=True)
    wordings = models.JSONField(default=dict, blank=True)
    allows_dont_know = models.BooleanField(
        _("offer “I don't know”"),
        default=False,
        help_text=_("An “I don't know” answer is counted, and left out of the score."),
    )

    class Meta:
        ordering = ["version", "section__position", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_item_key_per_version")]

    def __str__(self) -> str:
        return self.key


class AdministrationStatus(models.TextChoices):
    OPEN = "open", _("Collecting individual answers")
    CONSENSUS = "consensus", _("Team consensus")
    CLOSED = "closed", _("Closed")


class Administration(models.Model):
    """One round of an instrument in one community: invitees answer alone, then the team agrees.

    `scores` caches the results ({"basis", "total", "sections": {key: score}, "responses"}) so trends
    across many rounds read one column; it is recomputed by every write that changes them.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="administrations")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="administrations")
    instrument_key = models.SlugField(max_length=60, editable=False)  # trends group rounds by it
    # A title typed by a facilitator, or composed by the product ("Coaching on 20 Nov 2026"): then
    # `title_parts` holds its parts and each reader sees it in her language (core.translations).
    title = ComposedCharField(_("title"), max_length=200, blank=True, parts_field="title_parts")
    title_parts = models.JSONField(default=dict, blank=True, editable=False)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage)
    due_on = models.DateField(_("answers due"), null=True, blank=True)
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_(
            "Nobody, facilitators included, can see who gave which answer. You still see who has answered."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AdministrationStatus, default=AdministrationStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    response_count = models.PositiveIntegerField(default=0, editable=False)
    scores = models.JSONField(default=dict, blank=True, editable=False)
    # {section key: Audience}: who this round asks each section, where it differs from the instrument's.
    audiences = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords(excluded_fields=["scores", "response_count"])

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["community", "instrument_key", "opened_at"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self) -> str:
        return self.title or self.instrument_key

    def get_absolute_url(self) -> str:
        return reverse(
            "assessments:detail",
            kwargs={"org": self.organization.slug, "slug": self.community.slug, "pk": self.pk},
        )

    @property
    def is_closed(self) -> bool:
        return self.status == AdministrationStatus.CLOSED

    def audience_of(self, section: Section) -> str:
        """Who this round asks `section`: the round's own choice, else the instrument's."""
        return (self.audiences or {}).get(section.key) or section.audience or Audience.EVERYONE

    @property
    def shown_scores(self) -> disclosure.ShownScores:
        """The cached scores that may be shown (`disclosure.shown_scores`; load `scores` with the round)."""
        return disclosure.shown_scores(status=self.status, responses=self.response_count, scores=self.scores)

    @property
    def scores_withheld(self) -> bool:
        """No figure of this round may be shown yet (see `disclosure`)."""
        return self.shown_scores.withheld


class Invitee(models.Model):
    """A person asked to answer. Records that they answered, never what (their draft is theirs alone).

    `perspective` is read from the person's partner record when the round opens, again on every page
    she answers, and kept as it was when she sent her answers (the results say when it changed later).
    The draft holds `answers`, `dont_know` (item keys), `evidence` and `reflections`.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    administration = models.ForeignKey(Administration, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_invites"
    )
    perspective = models.CharField(
        _("perspective"), max_length=20, choices=Perspective, default=Perspective.PROFESSIONAL
    )
    invited_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Saved-but-not-submitted answers, so a person can come back; emptied on submit.
    draft = models.JSONField(default=dict, blank=True, editable=False)
    draft_saved_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["administration", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "user"], name="one_invitation_per_person")
        ]
        indexes = [models.Index(fields=["user", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.administration_id}"


def invited_count(administration: str = "pk") -> models.Expression:
    """How many people a round invited, for `.annotate()` (0 for none): `administration` names the
    round's id in the outer query ("pk" on rounds, "survey__administration" on support events)."""
    per_round = (
        Invitee.objects.filter(administration=models.OuterRef(administration))
        .order_by()
        .values("administration")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(per_round, output_field=models.IntegerField()), 0)


class Response(models.Model):
    """One person's submitted answers. Anonymous ones keep no person, invitation or time.

    `perspective` is the one her partner record gave when she answered. `sections` are the keys of the
    sections she was asked (empty for rounds answered before a round could ask only some sections: all
    of them). `dont_know` lists the items she answered "I don't know": counted, never scored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    administration = models.ForeignKey(Administration, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    perspective = models.CharField(max_length=20, choices=Perspective, default=Perspective.PROFESSIONAL)
    language = models.CharField(max_length=10, blank=True)
    answers = models.JSONField(default=dict)  # {item_key: value}
    dont_know = models.JSONField(default=list, blank=True)  # [item_key]: "I don't know"
    sections = models.JSONField(default=list, blank=True)  # [section_key] she was asked; [] = all
    evidence = models.JSONField(default=dict, blank=True)  # {item_key: "what shows it"}
    reflections = models.JSONField(default=dict, blank=True)  # {prompt_key: text}
    submitted_at = models.DateTimeField(null=True, blank=True)  # empty when anonymous

    class Meta:
        indexes = [models.Index(fields=["administration", "perspective"])]

    def __str__(self) -> str:
        return f"response {self.pk}"


class Consensus(models.Model):
    """The value a team agreed for one item after talking it through (their choice, not an average)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    administration = models.ForeignKey(Administration, on_delete=models.CASCADE, related_name="consensus")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.IntegerField(_("agreed value"))
    note = models.TextField(_("what the team said"), blank=True)
    artifacts = models.TextField(_("artifacts and evidence"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["administration", "item"], name="one_consensus_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


class GapFlag(models.Model):
    """ "Make this a goal": an item below its target that the team chose to work on.

    Until the planning app turns it into a goal it is shown as a pending gap on the community page;
    `resolved_at` is set when a goal takes it over (or the team drops it).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="gap_flags")
    administration = models.ForeignKey(Administration, on_delete=models.CASCADE, related_name="gap_flags")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=7, decimal_places=2)  # the item's score when flagged
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    flagged_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-flagged_at"]
        constraints = [
            models.UniqueConstraint(fields=["administration", "item"], name="one_gap_flag_per_item")
        ]
        indexes = [models.Index(fields=["community", "resolved_at"])]

    def __str__(self) -> str:
        return f"gap {self.item_id}"


class Reflection(models.Model):
    """A team's dated answer to one stage-guided question for one capacity domain."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="reflections")
    domain = models.CharField(_("capacity domain"), max_length=40)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage)
    question_key = models.SlugField(max_length=60)
    answer = models.TextField(_("our reflection"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["community", "stage", "domain"])]

    def __str__(self) -> str:
        return f"{self.domain}/{self.stage}/{self.question_key}"
