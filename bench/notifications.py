"""Benchmark: a meeting planned for a community of 200 partners with accounts queues its notifications
within 1 s of the request (issue 13).

`measure_meeting_notifications()` runs inside a process where Django is set up (bench/run.py calls it
after `setup_django`): it makes a fresh community in the organization with `people` partners, each
with a sign-in, a membership and a partner record linked to it, and a team lead; signs the lead in; and
POSTs the "Plan a meeting" page (the real view, with everyone invited, as the form proposes). Emails
go through the database task queue (django-tasks' DatabaseBackend), as in production, so "queued"
means: the inbox rows exist and ONE task row waits for the worker when the response comes back.

Standalone: `.venv/bin/python bench/notifications.py` migrates a fresh SQLite file in a temporary
directory (or uses DATABASE_URL, e.g. a throwaway PostgreSQL database, which it must be allowed to
write to) and prints the figure. `PEOPLE=500` changes the community's size.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0
TASKS_DB_BACKEND = "django_tasks_db.DatabaseBackend"


def make_community(org_slug: str | None, people: int):
    """A new community with `people` partners who can sign in, and its team lead."""
    from django.utils.crypto import get_random_string

    from cocreate.accounts.models import User
    from cocreate.core import actions as core_actions
    from cocreate.core.models import Initiative, Membership, Organization, Role
    from cocreate.partners.models import Partner, PartnerType

    tag = get_random_string(6).lower()
    org = Organization.objects.filter(slug=org_slug).first() if org_slug else None
    if org is None:
        org = Organization.objects.create(name=f"Notifications bench {tag}", slug=f"nb-{tag}")
    initiative = Initiative.objects.filter(organization=org).first() or core_actions.do_create_initiative(
        org, name="Bench initiative"
    )
    community = core_actions.do_create_community(initiative, name=f"Two hundred families {tag}")
    lead = User.objects.create_user(f"lead-{tag}@bench.example.org", name="Bench lead")
    Membership.objects.create(user=lead, organization=org, community=community, role=Role.TEAM_LEAD)
    users = User.objects.bulk_create(
        [
            User(email=f"parent-{tag}-{i}@bench.example.org", name=f"Parent {i}", password="!")
            for i in range(people)
        ]
    )
    if users[0].pk is None:  # databases that do not return the keys of a bulk insert
        users = list(User.objects.filter(email__startswith=f"parent-{tag}-").order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=u, organization=org, community=community, role=Role.PARTNER) for u in users]
    )
    Partner.objects.bulk_create(
        [
            Partner(
                organization=org,
                community=community,
                name=u.name,
                partner_type=PartnerType.COMMUNITY,
                lived_experience=True,
                user=u,
            )
            for u in users
        ]
    )
    return org, community, lead


def measure_meeting_notifications(org_slug: str | None = None, people: int = 200) -> dict:
    """Plan one meeting through the page for a community of `people` partners with accounts; how long
    the request took and what was queued by the time it answered."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from cocreate.meetings.access import meeting_people
    from cocreate.meetings.models import Meeting
    from cocreate.notifications.models import Notification

    org, community, lead = make_community(org_slug, people)
    client = Client()
    client.force_login(lead)
    client.get(f"/o/{org.slug}/me/")  # the session's first page records the two-factor check
    start = (timezone.localtime() + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0)
    url = f"/o/{org.slug}/c/{community.slug}/meetings/new/"
    page = client.get(url)
    if page.status_code != 200:
        raise SystemExit(f"bench: the meeting form answered {page.status_code}")
    data = {
        "title": "Family night",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1, minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Riverside library",
        "status": "planned",
        "attendees": list(meeting_people(community)),  # everyone, as the form proposes
    }
    tasks = {"default": {"BACKEND": TASKS_DB_BACKEND}}
    with override_settings(TASKS=tasks):  # django-tasks forgets its backends when TASKS changes
        from django_tasks_db.models import DBTaskResult

        tasks_before = DBTaskResult.objects.count()
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.post(url, data)
            seconds = time.perf_counter() - began
        queued_tasks = DBTaskResult.objects.count() - tasks_before
    if response.status_code != 302:
        raise SystemExit(f"bench: planning the meeting answered {response.status_code}")
    meeting = Meeting.objects.filter(community=community).latest("pk")
    rows = Notification.objects.filter(kind="meeting_planned", key=f"meeting:{meeting.pk}:planned").count()
    # The share of the request that telling people costs: the queries of notify() (choices, inbox rows,
    # attachment, unread counters), of finding the recipients, and of queuing the task.
    ours = [
        q
        for q in queries.captured_queries
        if any(t in q["sql"] for t in ("notifications_", "unread_notifications", "django_tasks"))
    ]
    notify_ms = sum(float(q["time"]) for q in ours) * 1000
    return {
        "people": people,
        "invited": len(data["attendees"]),
        "request_ms": round(seconds * 1000, 1),
        "queries": len(queries),
        "notify_queries": len(ours),
        "notify_ms": round(notify_ms, 1),
        "notifications": rows,
        "tasks_queued": queued_tasks,
        "within_target": bool(seconds <= TARGET_SECONDS and rows == people and queued_tasks == 1),
        "target_s": TARGET_SECONDS,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
    }


def describe(result: dict) -> str:
    mark = "" if result["within_target"] else "  <-- above the target"
    return (
        f"meeting planned for {result['people']} partners with accounts ({result['database']}): request "
        f"{result['request_ms']} ms, {result['queries']} queries (telling people: {result['notify_queries']} "
        f"queries, {result['notify_ms']} ms); {result['notifications']} inbox rows and "
        f"{result['tasks_queued']} email task queued when it answered (target {result['target_s']:.0f} s){mark}"
    )


def main() -> None:
    people = int(os.environ.get("PEOPLE", "200"))
    workdir = None
    if not os.environ.get("DATABASE_URL"):
        workdir = tempfile.TemporaryDirectory(prefix="cocreate-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("HTTPS_ONLY", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    try:
        print(describe(measure_meeting_notifications(people=people)))
    finally:
        if workdir is not None:
            from django.db import connections

            connections.close_all()
            workdir.cleanup()


if __name__ == "__main__":
    main()
