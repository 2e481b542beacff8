"""Background work for planning: the daily action digests go out through the task queue."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from cocreate.accounts.models import User

from .models import DUE_SOON_DAYS, DigestClaim
from .reminders import digests

log = logging.getLogger(__name__)


@task()
def send_action_digests(user_ids: list[int], day: str, organization_id: int) -> int:
    """Email each of these people the organization's digest for `day` (ISO date, the organization's
    day), in their own language.

    Only people whose digest for that day was claimed (`DigestClaim`) and who still want reminders
    get one; nobody gets an empty digest. Three queries for the whole batch, then one email each. An
    email that could not be sent gives its claim back, for the next run. Returns how many emails went out.
    """
    today = date.fromisoformat(day)
    claims = DigestClaim.objects.filter(organization_id=organization_id, day=today)
    people = User.objects.filter(pk__in=user_ids, action_reminders=True, is_active=True).filter(
        pk__in=claims.values("user_id")
    )
    found = digests(people, today, organization_id)
    if not found:
        return 0
    sent = 0
    for user in people.only("pk", "email", "name", "preferred_language").order_by("pk"):
        digest = found.get(user.pk)
        if digest is None or digest.empty:
            continue
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "user": user,
                "digest": digest,
                "site": settings.SITE_URL,
                "profile_link": settings.SITE_URL + reverse("accounts:profile"),
                "days": DUE_SOON_DAYS,
            }
            subject = render_to_string("planning/email/digest_subject.txt", context).strip()
            body = render_to_string("planning/email/digest_body.txt", context)
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # one bad address (or the mail server down) must not stop the rest of the batch
            log.exception("action digest to user %s failed", user.pk)
            # Give the day's claim back, so running the command again today retries this person.
            claims.filter(user=user).delete()
            continue
        sent += 1
    return sent
