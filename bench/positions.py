"""Twenty people stating positions on one proposal at once, through the real page: positions/s and lost.

Standalone: `python bench/positions.py` (PostgreSQL; BENCH_DATABASE_URL or DATABASE_URL, a database
whose name contains "bench": it is dropped and made again, and dropped at the end)

1. creates the database, migrates it, and makes one organization with a community, its lead and
   BENCH_POSITION_PEOPLE partners (20), and one proposal (consent) asking all of them;
2. serves the app with gunicorn (as `bench/run.py` does: DEBUG off, sync workers);
3. each person, in her own thread with her own session, opens the proposal page like a browser (CSRF
   cookie and token), waits for the others, then POSTs BENCH_POSITION_ROUNDS changes of her position
   one after another (agree → stand aside → object with a reason → …): every one of them a real change;
4. checks the database: a position row per person holding her last position, and one history row per
   change saved. "lost" is the changes answered with a redirect that the database does not hold;
5. prints a line and, with --json, the figures as JSON.

From `bench/run.py` (same database, gunicorn already up): `prepare(org_slug)` after the generator
and before gunicorn starts, then `measure(port, plan)` → {"positions", "seconds", "per_second", "lost",
"statuses", "p50_ms", "p95_ms", "queries"}.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import run as bench  # noqa: E402  # bench/run.py: the database, gunicorn and HTTP helpers

PEOPLE = bench.env_int("BENCH_POSITION_PEOPLE", 20)
ROUNDS = bench.env_int("BENCH_POSITION_ROUNDS", 10)  # changes of position per person
CYCLE = [("agree", ""), ("stand_aside", ""), ("object", "Saturdays clash with work for some of us.")]
ORG = "bench-positions"


def prepare(org_slug: str | None = None) -> dict:
    """One community with a lead and PEOPLE partners who sign in, and an open consent proposal asking
    them all. With `org_slug`, in that (generated) organization's first community; else made here."""
    from datetime import timedelta

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cocreate.accounts.models import User
    from cocreate.core import actions
    from cocreate.core.models import Community, Organization, Role
    from cocreate.meetings import proposals
    from cocreate.partners.models import Partner

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # "you are asked" emails
    if org_slug is None:
        org = Organization.objects.create(name="Positions bench", slug=ORG)
        initiative = actions.do_create_initiative(org, name="Deciding together")
        community = actions.do_create_community(initiative, name="Riverside")
    else:
        org = Organization.objects.get(slug=org_slug)
        community = Community.objects.filter(organization=org).order_by("pk").first()
    stamp = int(time.time())

    def person(i: int, role: Role) -> User:
        user = User.objects.create_user(f"positions-{stamp}-{i}@bench.invalid", None, name=f"Parent {i:02}")
        actions.do_add_membership(org, user=user, role=role, community=community)
        return user

    lead = person(999, Role.TEAM_LEAD)
    people = [person(i, Role.PARTNER) for i in range(PEOPLE)]
    # Joining made each of them a partner of the community: that is the key a proposal asks them by.
    key = {
        partner.user_id: f"p{partner.pk}"
        for partner in Partner.objects.filter(community=community, user__in=[lead, *people])
    }
    decision = proposals.do_open_proposal(
        community,
        acting_user=lead,
        people=proposals.people_to_ask(community),
        details=proposals.ProposalDetails(
            title="Move the parents' circle to Saturday mornings",
            method="consent",
            closes_at=timezone.now() + timedelta(days=3),
            asked=[key.get(u.pk, f"u{u.pk}") for u in people],
        ),
    )
    path = f"/o/{org.slug}/c/{community.slug}/decisions/{decision.pk}/"
    clients = _sign_in(org.slug, {u.pk: u for u in [*people, lead]})
    cookie = settings.SESSION_COOKIE_NAME
    # The queries of one change of position, counted here with the lead (asked on a second proposal).
    counted = proposals.do_open_proposal(
        community,
        acting_user=lead,
        people=proposals.people_to_ask(community),
        details=proposals.ProposalDetails(
            title="Counting queries",
            method="consent",
            closes_at=timezone.now() + timedelta(days=3),
            asked=[key.get(lead.pk, f"u{lead.pk}")],
        ),
    )
    count_path = f"/o/{org.slug}/c/{community.slug}/decisions/{counted.pk}/position/"
    clients[lead.pk].post(count_path, {"position": "agree"})
    with CaptureQueriesContext(connection) as ctx:
        clients[lead.pk].post(count_path, {"position": "stand_aside"})
    return {
        "decision": decision.pk,
        "path": path,
        "queries": len(ctx.captured_queries),
        "people": [
            {"user": u.pk, "session": f"{cookie}={clients[u.pk].cookies[cookie].coded_value}"} for u in people
        ],
    }


def _sign_in(org_slug: str, users: dict) -> dict:
    """A test Client per person, signed in; its session cookie is valid for gunicorn too (same database)."""
    from django.test import Client

    clients = {}
    for key, user in users.items():
        client = Client()
        client.force_login(user)
        response = client.get(f"/o/{org_slug}/me/")
        if response.status_code != 200:
            sys.exit(f"bench: {user.email} cannot open /o/{org_slug}/me/ (status {response.status_code})")
        clients[key] = client
    return clients


def _changes(n: int) -> list[str]:
    return [
        urlencode({"position": CYCLE[(n + k) % len(CYCLE)][0], "reason": CYCLE[(n + k) % len(CYCLE)][1]})
        for k in range(ROUNDS)
    ]


def measure(port: int, plan: dict) -> dict:
    """Everyone at once; then the database is asked what it holds."""
    from django.conf import settings

    from cocreate.meetings.models import Participant

    csrf_cookie = settings.CSRF_COOKIE_NAME
    marks: list[float] = []
    start = Barrier(len(plan["people"]), action=lambda: marks.append(time.perf_counter()))
    post_path = plan["path"] + "position/"

    def person(n: int, p: dict) -> list[tuple[int, float]]:
        status, cookie, token = 0, "", ""
        try:
            status, cookie, token = bench.open_form(port, plan["path"], p["session"], csrf_cookie)
        finally:
            start.wait()
        if status != 200 or not cookie or not token:
            return [(status or 599, 0.0)] * ROUNDS
        cookies = f"{p['session']}; {csrf_cookie}={cookie}"
        return [
            bench.post(port, post_path, cookies, f"{body}&csrfmiddlewaretoken={token}")
            for body in _changes(n)
        ]

    with ThreadPoolExecutor(max_workers=len(plan["people"])) as pool:
        answers = list(pool.map(person, range(len(plan["people"])), plan["people"]))
    seconds = time.perf_counter() - marks[0]
    flat = [a for done in answers for a in done]
    ok = sum(status == 302 for status, _ in flat)
    # Her row names her sign-in, or the partner record joining made for her.
    rows = {
        p.user_id or p.partner.user_id: p
        for p in Participant.objects.filter(decision_id=plan["decision"])
        .select_related("partner")
        .only("user_id", "position", "version", "partner__user_id")
    }
    saved = Participant.history.filter(decision_id=plan["decision"]).count()
    wrong_last = sum(
        1
        for n, p in enumerate(plan["people"])
        if rows.get(p["user"]) is None or rows[p["user"]].position != CYCLE[(n + ROUNDS - 1) % len(CYCLE)][0]
    )
    ms = [t for _, t in flat]
    cuts = statistics.quantiles(ms, n=20, method="inclusive") if len(ms) > 1 else ms * 19
    return {
        "people": len(plan["people"]),
        "positions": len(flat),
        "accepted": ok,
        "statuses": sorted({status for status, _ in flat}),
        "seconds": round(seconds, 3),
        "per_second": round(ok / seconds, 1) if seconds else 0.0,
        "lost": max(ok - saved, 0) + wrong_last,
        "p50_ms": round(cuts[9], 1) if cuts else 0.0,
        "p95_ms": round(cuts[18], 1) if cuts else 0.0,
        "queries": plan["queries"],
    }


def main() -> None:
    os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cocreate_bench_positions")
    url = bench.database_url()
    env = bench.app_env(url)
    bench.create_database(url)
    try:
        bench.cocreate(env, "migrate", "--verbosity", "0")
        bench.setup_django(env)
        plan = prepare()
        with bench.gunicorn(env) as port:
            result = measure(port, plan)
    finally:
        from django.db import connections

        connections.close_all()
        bench.drop_database(url)
    line = (
        f"positions: {result['people']} people, {result['accepted']}/{result['positions']} accepted in "
        f"{result['seconds']} s = {result['per_second']} positions/s, lost {result['lost']}, "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, {result['queries']} queries each"
    )
    print(line)
    if "--json" in sys.argv:
        print(json.dumps(result))
    if result["lost"] or result["accepted"] != result["positions"]:
        sys.exit(1)


if __name__ == "__main__":
    os.chdir(bench.ROOT)
    main()
