"""The partner's "for me" home under load: `SCALE=state .venv/bin/python bench/home.py` (see bench/README.md).

Like `run.py` (whose database, generator, gunicorn and load process it reuses):
1. creates a throwaway PostgreSQL database, migrates it and fills it with `cocreate generate`;
2. picks two partners who sign in: one with little waiting ("few": a partner of the practitioner's
   first community) and the partner with the most open rounds to answer ("many": fifty at `state`),
   and gives the second, through the same `do_*` writes as the pages, twenty actions she owns, her
   community's agreement to acknowledge, five meetings ahead with their agenda and ten decisions
   recorded since her last visit (two days ago);
3. counts the queries of both homes (they must be equal: the page reads a fixed number whatever she
   has waiting) and of the staff pages that carry the compact panel;
4. times them under gunicorn against the floor (`/o/<org>/me/`) and prints p50, p95 and the ratio;
   writes bench/home_results.json. The target (issue 13): within 3x of the floor's p50.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402  (bench/run.py: the shared machinery)

RESULTS = Path(__file__).resolve().parent / "home_results.json"
TARGET = 3.0


def partners():
    """(few, many): a partner of the practitioner's first community, and the one with most rounds open."""
    from django.db.models import Count, Q

    from cocreate.accounts.models import User
    from cocreate.assessments.models import AdministrationStatus, Invitee
    from cocreate.core.models import Role

    org_partners = User.objects.filter(
        memberships__organization__slug=bench.ORG, memberships__role=Role.PARTNER
    )
    many = (
        org_partners.annotate(
            waiting=Count(
                "assessment_invites",
                filter=Q(
                    assessment_invites__submitted_at__isnull=True,
                    assessment_invites__administration__status=AdministrationStatus.OPEN,
                ),
            )
        )
        .order_by("-waiting", "email")
        .first()
    )
    waiting = Invitee.objects.filter(submitted_at__isnull=True).values("user_id")
    few = org_partners.exclude(pk=many.pk).exclude(pk__in=waiting).order_by("email").first()
    return few, many


def give_her_plenty(user) -> dict[str, int]:
    """Twenty actions she owns, the agreement, five meetings ahead, ten decisions since her last visit."""
    from django.utils import timezone

    from cocreate.core.access import tenant_for
    from cocreate.core.forme import record_visit
    from cocreate.core.models import HomeVisit, Membership, Role
    from cocreate.meetings import actions as meetings
    from cocreate.meetings.access import meeting_people
    from cocreate.meetings.models import AgreementQuestion
    from cocreate.planning import actions as planning

    membership = Membership.objects.select_related("community").get(user=user, role=Role.PARTNER)
    community = membership.community
    lead = (
        Membership.objects.filter(community=community, role=Role.TEAM_LEAD)
        .select_related("user")
        .first()
        .user
    )
    today = timezone.localdate()
    goal = planning.do_create_goal(community, acting_user=lead, statement="Families help plan every session")
    for i in range(20):
        planning.do_add_action(
            goal,
            acting_user=lead,
            strategy=f"Action {i} for the bench",
            due_on=today + timedelta(days=i - 3),
            users=[user],
        )
    answers = {q: {"always": "We listen first.", "sometimes": "", "never": ""} for q in AgreementQuestion}
    meetings.do_save_agreement_draft(community, acting_user=lead, answers=answers)
    meetings.do_publish_agreement(community, acting_user=lead)
    people = meeting_people(community)
    for i in range(5):
        start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=2 + 3 * i)
        meetings.do_create_meeting(
            community,
            acting_user=lead,
            people=people,
            details=meetings.MeetingDetails(
                title=f"Team meeting {i}",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
                place="The library",
                agenda=[meetings.AgendaLine(f"Item {j}") for j in range(4)],
            ),
        )
    for i in range(10):
        meetings.do_record_decision(
            community,
            acting_user=lead,
            details=meetings.DecisionDetails(
                title=f"Decision {i}", method="consent", outcome="adopted", decided_on=today
            ),
        )
    HomeVisit.objects.filter(user=user).delete()
    record_visit(tenant_for(user, bench.ORG), now=timezone.now() - timedelta(days=2))
    return {"actions": 20, "meetings": 5, "decisions": 10}


def main() -> None:
    scale = os.environ.get("SCALE", "state")
    if scale not in bench.SCALES:
        sys.exit(f"bench: SCALE must be one of {', '.join(bench.SCALES)}")
    url = bench.database_url()
    env = bench.app_env(url)
    keep = os.environ.get("BENCH_KEEP_DB") == "1"
    bench.log(
        f"bench/home: {scale} = {bench.SCALES[scale]:,} communities in {urlsplit(url).path.lstrip('/')}"
    )
    bench.create_database(url)
    try:
        bench.cocreate(env, "migrate", "--noinput", "--verbosity", "0")
        partners_each, moves = bench.PARTNER_SIZES[scale]
        bench.cocreate(
            env,
            "generate",
            "--communities",
            str(bench.SCALES[scale]),
            "--org-slug",
            bench.ORG,
            "--verbosity",
            "0",
            "--partners-per-community",
            str(partners_each),
            "--level-changes-per-partner",
            str(moves),
        )
        bench.setup_django(env)
        from django.conf import settings

        from cocreate.core.access import tenant_for
        from cocreate.core.forme import for_me

        few, many = partners()
        added = give_her_plenty(many)
        bench.analyze_database(url)
        users = {**bench.people(), "few": few, "many": many}
        clients = bench.sign_in(users)
        org = bench.ORG
        where = bench.targets(users["practitioner"])
        pages = [
            ("floor", f"/o/{org}/me/", "many"),
            # Two pages of run.py as a yardstick (quiet machine, issue 12: 2.71x and 2.91x the floor):
            # on a busy machine every ratio grows, and these say by how much.
            ("community", f"/o/{org}/c/{where['community']}/", "practitioner"),
            ("my_actions", f"/o/{org}/planning/my-actions/", "practitioner"),
            ("partner_home_few", f"/o/{org}/", "few"),
            ("partner_home_many", f"/o/{org}/", "many"),
            ("for_me_practitioner", f"/o/{org}/for-me/", "practitioner"),
            ("portfolio_practitioner", f"/o/{org}/", "practitioner"),
            ("portfolio_admin", f"/o/{org}/", "admin"),
            # Her inbox: the meetings' and decisions' notifications that give_her_plenty() sent her.
            ("inbox", "/inbox/", "many"),
        ]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        queries = {}
        for name, path, who in pages:
            clients[who].get(path)
            with CaptureQueriesContext(connection) as ctx:
                response = clients[who].get(path)
            if response.status_code != 200:
                sys.exit(f"bench/home: {name} {path} answered {response.status_code}")
            queries[name] = len(ctx.captured_queries)
        with_time = {
            who: len(for_me(tenant_for(users[who], org), visit=False).waiting) for who in ("few", "many")
        }
        cookie = settings.SESSION_COOKIE_NAME
        sessions = {key: f"{cookie}={client.cookies[cookie].coded_value}" for key, client in clients.items()}
        with bench.gunicorn(env) as port:
            plan = {
                "port": port,
                "concurrency": bench.CONCURRENCY,
                "warmup": bench.WARMUP,
                "requests": bench.REQUESTS,
                "rounds": bench.ROUNDS,
                "time_limit": bench.TIME_LIMIT,
                "pages": [{"name": n, "path": p, "session": sessions[w]} for n, p, w in pages],
            }
            out = subprocess.run(
                [sys.executable, str(Path(bench.__file__)), "--load"],
                input=json.dumps(plan),
                capture_output=True,
                text=True,
                check=True,
            )
            timings = json.loads(out.stdout)
        floor = timings["floor"]["p50_ms"]
        results = {
            "scale": scale,
            "waiting_items": with_time,
            "added_for_many": added,
            "pages": {
                name: {
                    "path": path,
                    "p50_ms": round(timings[name]["p50_ms"], 1),
                    "p95_ms": round(timings[name]["p95_ms"], 1),
                    "ratio": round(timings[name]["p50_ms"] / floor, 2),
                    "queries": queries[name],
                    "errors": timings[name]["errors"],
                }
                for name, path, _who in pages
            },
        }
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        results["load_average"] = load
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(
            f"\nscale: {scale}; waiting items: few {with_time['few']}, many {with_time['many']}; load {load}"
        )
        print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} {'queries':>7}")
        for name, row in results["pages"].items():
            flag = "  <-- over 3x floor" if row["ratio"] > TARGET else ""
            print(
                f"{name:<24} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['ratio']:>6.2f} {row['queries']:>7}{flag}"
            )
        same = queries["partner_home_few"] == queries["partner_home_many"]
        print(f"queries with few vs many items: {'the same' if same else 'DIFFERENT'}")
        print(f"wrote {RESULTS.relative_to(bench.ROOT)}")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if keep:
            bench.log(f"bench/home: kept the database (BENCH_KEEP_DB=1): DATABASE_URL={url}")
        else:
            bench.drop_database(url)


if __name__ == "__main__":
    main()
