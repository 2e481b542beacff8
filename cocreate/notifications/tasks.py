"""Background work for notifications (`django-tasks`): one task per batch, never one per person."""

from __future__ import annotations

from django_tasks import task

from . import delivery


@task()
def send_notification_emails(organization_id: int, kind: str, key: str) -> int:
    """Email one event's notifications to those who want them at once. Claims them first, so running
    it twice sends nothing the second time; how many emails went out."""
    run = delivery.claim_event(organization_id, kind, key)
    return delivery.send_claimed(run) if run else 0


@task()
def send_claimed_notifications(run: str) -> int:
    """Email the rows a run claimed (the retries that were due)."""
    return delivery.send_claimed(run)


@task()
def send_notification_digests(run: str, organization_id: int, day: str) -> int:
    """Email the digests one batch claimed for the organization's day `day` (ISO date)."""
    return delivery.send_digests(run, organization_id, day)
