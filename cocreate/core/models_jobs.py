"""A document prepared in the task queue: one person asked for it, a worker renders it, they download it.

The rendered bytes live in the database row (not on one server's disk), so any application server can
hand them out; rows expire and are deleted (see `cocreate.core.jobs`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Community, Organization


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentJob(models.Model):
    """One request for a document of a registered kind, with its parameters, status and result."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=80)
    parameters = models.JSONField(default=dict, blank=True)
    # The document is written in the language and time zone of the request that asked for it.
    language = models.CharField(max_length=8, default="en")
    time_zone = models.CharField(max_length=64, blank=True)
    # Where the person came from: the progress page links back there.
    return_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus, default=JobStatus.QUEUED)
    error = models.TextField(blank=True)  # for people: what went wrong and what to do
    content = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    queued_at = models.DateTimeField(default=timezone.now)  # moves on a retry
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "kind", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    def get_absolute_url(self) -> str:
        return reverse("core:document_job", args=[self.organization.slug, self.pk])
