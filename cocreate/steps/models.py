"""The team's own rating of each of the eight co-production steps in one community."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cocreate.core.concurrency import Versioned
from cocreate.core.models import Community, Organization

STEP_COUNT = 8


class Rating(models.TextChoices):
    """A small plain-language scale, from nothing yet to a habit of the team."""

    NOT_STARTED = "not_started", _("Not started")
    STARTING = "starting", _("Getting started")
    UNDER_WAY = "under_way", _("Under way")
    STRONG = "strong", _("Strong")


RATING_MEANINGS = {
    Rating.NOT_STARTED: _("We have not begun this step yet."),
    Rating.STARTING: _("We have taken the first few actions, but it is not part of how we work yet."),
    Rating.UNDER_WAY: _("We do this regularly, and there is more we want to do."),
    Rating.STRONG: _("This is how we work now, and everyone on the team would say so."),
}


class StepRating(Versioned):
    """Where the team says it stands on one step, what it notes, and what it will do next."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="step_ratings")
    step = models.PositiveSmallIntegerField(
        _("step"), validators=[MinValueValidator(1), MaxValueValidator(STEP_COUNT)]
    )
    rating = models.CharField(_("where we are"), max_length=12, choices=Rating, default=Rating.NOT_STARTED)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    next_step = models.TextField(_("what we will do next"), blank=True, max_length=2000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["step"]
        constraints = [
            models.UniqueConstraint(fields=["community", "step"], name="one_rating_per_step"),
            models.CheckConstraint(
                condition=models.Q(step__gte=1, step__lte=STEP_COUNT), name="step_between_1_and_8"
            ),
        ]
        verbose_name = _("step rating")
        verbose_name_plural = _("step ratings")

    def __str__(self) -> str:
        return f"{self.community} · {self.step} · {self.rating}"
