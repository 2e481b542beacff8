"""Declined and withdrawn applications are anonymised after the organization's period
(`LeaderSettings.anonymise_after_days`, 180 days unless it set another).

The period runs from the decision (declined) or the withdrawal (withdrawn). Anonymising clears the
name (to "Anonymised applicant"), contact details, answers, access notes and where she heard of the
call; the status, dates, days and times that suited, access needs (as categories) and the reviewers'
scores stay, so the organization can still count and learn from its calls. The history of an
application never held the personal fields (they are excluded from `HistoricalApplication`).

`anonymise_due(now)` runs from the `anonymise-applications` command (daily).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.concurrency import lock

from .models import Application, ApplicationStatus, LeaderSettings

ANONYMISED_NAME = _("Anonymised applicant")
DEFAULT_DAYS = LeaderSettings._meta.get_field("anonymise_after_days").default
PERSONAL_FIELDS = ("name", "email", "phone", "address", "answers", "access_notes", "heard_from_detail")


@transaction.atomic
def do_anonymise_application(application: Application, *, acting_user=None) -> Application:
    """Clear what identifies the applicant; anonymising twice changes nothing."""
    application = lock(application)
    if application.anonymised_at is not None:
        return application
    application.name = str(ANONYMISED_NAME)
    application.email = application.phone = application.address = ""
    application.answers = {}
    application.access_notes = application.heard_from_detail = ""
    application.anonymised_at = timezone.now()
    application._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    application.save()
    return application


def due(now: datetime):
    """Declined and withdrawn applications whose period has run out at `now`, across organizations."""
    days_by_org = dict(LeaderSettings.objects.values_list("organization_id", "anonymise_after_days"))
    candidates = Application.objects.filter(
        status__in=[ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN], anonymised_at__isnull=True
    ).annotate(since=Coalesce("withdrawn_at", "decided_at", "submitted_at"))
    orgs = set(candidates.values_list("organization_id", flat=True).distinct())
    condition = Q(pk__in=[])
    for org in orgs:
        cutoff = now - timedelta(days=days_by_org.get(org, DEFAULT_DAYS))
        condition |= Q(organization_id=org, since__lte=cutoff)
    return candidates.filter(condition).order_by("pk")


def anonymise_due(now: datetime | None = None) -> int:
    """Anonymise every application due at `now` (default: now); how many were."""
    now = now or timezone.now()
    count = 0
    for application in due(now):
        do_anonymise_application(application)
        count += 1
    return count
