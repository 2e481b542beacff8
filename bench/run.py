"""Page speed benchmark: `make bench` (SCALE=tiny|state|national). See bench/README.md.

1. creates a throwaway PostgreSQL database, migrates it and fills it with `cocreate generate`;
2. counts each page's queries in this process (Django test Client + CaptureQueriesContext);
3. serves the app with gunicorn on a free loopback port (DEBUG off, production settings otherwise);
4. from a second process (`run.py --load`, a thread pool using http.client) requests each page
   concurrently, signed in with a session made here, and computes p50/p95;
5. measures answering an assessment: 20 people at once, each with their own session, POST 40-item
   responses to the answer page of rounds they were invited to (`run.py --submit`, another process);
6. prints a table, writes bench/results.json, stops gunicorn and drops the database (also on error).
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path
from threading import Barrier
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.json"
GUNICORN_LOG = Path(__file__).resolve().parent / "gunicorn.log"

SCALES = {"tiny": 10, "state": 100, "national": 1000}
# Partner records and ladder moves per partner at each scale (state: 10,000 partners, 100,000 moves).
PARTNER_SIZES = {"tiny": (20, 4), "state": (100, 10), "national": (20, 4)}
ORG = "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/cocreate_bench"


@dataclass(frozen=True)
class Page:
    """One page to measure. `path` may use {org}, {community}, {initiative}, {administration} (see `targets()`);
    `user` names who requests it (see `people()`)."""

    name: str
    path: str
    user: str = "practitioner"


FLOOR = "floor"  # every ratio is p50 / the floor's p50
PAGES = [
    # Signed in, full middleware, session and tenant resolution, no domain queries.
    Page(FLOOR, "/o/{org}/me/"),
    Page("community_list", "/o/{org}/"),
    Page("community", "/o/{org}/c/{community}/"),
    Page("initiative", "/o/{org}/i/{initiative}/"),
    Page("community_history", "/o/{org}/c/{community}/history/"),
    Page("partner_list", "/o/{org}/c/{community}/partners/"),
    Page("engagement_plan", "/o/{org}/c/{community}/plan/"),
    Page("partner_charts", "/o/{org}/c/{community}/partners/charts/"),
    # A closed round of the 40-item capacity assessment with 30 responses, and the community's trend.
    Page("assessment_results", "/o/{org}/c/{community}/assessments/{administration}/results/"),
    Page("assessment_trend", "/o/{org}/c/{community}/assessments/trend/capacity/"),
    # About 200 support events per community: the community's dosage, and the practitioner's portfolio.
    Page("support_dosage", "/o/{org}/c/{community}/support/dosage/"),
    Page("support_portfolio", "/o/{org}/support/portfolio/"),
    # 50 goals with 500 actions in the community (5,000 goals, 50,000 actions in all at `state`): the
    # community's plan, its overdue and due-soon list, and the practitioner's across their communities.
    Page("plan", "/o/{org}/c/{community}/planning/"),
    Page("plan_due", "/o/{org}/c/{community}/planning/due/"),
    Page("my_actions", "/o/{org}/planning/my-actions/"),
    # A partner's home is "for me": what waits for her (here fifty rounds to answer) and what changed.
    Page("partner_home", "/o/{org}/", user="partner"),
    Page("for_me", "/o/{org}/for-me/"),
    # A network admin sees every community: these lists grow with the organization.
    Page("community_list_admin", "/o/{org}/", user="admin"),
    Page("initiative_admin", "/o/{org}/i/{initiative}/", user="admin"),
]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


REQUESTS = env_int("BENCH_REQUESTS", 200)  # measured requests per page
WARMUP = env_int("BENCH_WARMUP", 20)  # unmeasured requests per page first (every worker loads its caches)
CONCURRENCY = env_int("BENCH_CONCURRENCY", 8)  # client threads
WORKERS = env_int("BENCH_WORKERS", 4)  # gunicorn sync workers
ROUNDS = env_int("BENCH_ROUNDS", 10)  # the requests of each page are spread over this many rounds
TIME_LIMIT = env_int("BENCH_TIME_LIMIT", 30)  # seconds per page at most; fewer requests then
# Persistent database connections, as a production deployment would configure (DB_CONN_MAX_AGE);
# otherwise every request pays for a new PostgreSQL connection and the floor hides the pages' own cost.
CONN_MAX_AGE = env_int("BENCH_CONN_MAX_AGE", 60)
SUBMITTERS = env_int("BENCH_SUBMITTERS", 20)  # people answering at once, one thread and session each
SUBMISSIONS_TARGET = 100  # per second, with 0 errors (issue 4)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The database.


def database_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"bench: needs PostgreSQL, got {parts.scheme}:// (set BENCH_DATABASE_URL or DATABASE_URL)")
    if "bench" not in name:
        # The database is dropped and created again: never point this at one that holds real data.
        sys.exit(
            f"bench: refusing database {name!r}: its name must contain 'bench' (it is dropped and recreated)"
        )
    return url


def _admin_sql(url: str, *statements: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        for statement in statements:
            conn.execute(sql.SQL(statement).format(sql.Identifier(name)))


def create_database(url: str) -> None:
    _admin_sql(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")


def analyze_database(url: str) -> None:
    """Fresh planner statistics, as a live database has; else autovacuum does it during the measurements."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def drop_database(url: str) -> None:
    _admin_sql(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


def app_env(url: str) -> dict[str, str]:
    """Settings for every process that runs the app (see config/settings.py)."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "HTTPS_ONLY": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DB_CONN_MAX_AGE": str(CONN_MAX_AGE),
        "LOG_LEVEL": "WARNING",
    }


def cocreate(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "cocreate", *args], cwd=ROOT, env=env, check=True)


# In this process: what to request, as whom, and how many queries each page makes.


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def people() -> dict[str, object]:
    """Who requests the pages: the first practitioner (a ten-community portfolio), the network admin,
    and a partner (her "for me" home).

    The admin passes RequireAdminTwoFactorMiddleware because the generator gives them an authenticator,
    so the benchmark runs with two-factor enforcement on, as in production.
    """
    from django.db.models import Count, Q

    from cocreate.accounts.models import User
    from cocreate.core.models import Role

    practitioner = (
        User.objects.filter(memberships__organization__slug=ORG, memberships__role=Role.PRACTITIONER)
        .order_by("email")
        .first()
    )
    admin = User.objects.filter(memberships__organization__slug=ORG, memberships__role=Role.NETWORK_ADMIN)[0]
    # The partner with the most rounds waiting for her (fifty at `state`: see assessments/generate.py).
    partner = (
        User.objects.filter(memberships__organization__slug=ORG, memberships__role=Role.PARTNER)
        .annotate(
            waiting=Count("assessment_invites", filter=Q(assessment_invites__submitted_at__isnull=True))
        )
        .order_by("-waiting", "email")
        .first()
    )
    return {"practitioner": practitioner, "admin": admin, "partner": partner}


def targets(practitioner) -> dict[str, str]:
    """The objects pages point at: a community of the practitioner's with the longest stage history
    (the assessment generator gives it a long history of rounds), and its latest closed round."""
    from django.db.models import Count

    from cocreate.assessments.models import Administration, AdministrationStatus
    from cocreate.core.access import tenant_for

    community = (
        tenant_for(practitioner, ORG)
        .communities()
        .select_related("initiative")
        .annotate(moves=Count("stage_changes"))
        .order_by("-moves", "name")
        .first()
    )
    round_ = (
        Administration.objects.filter(
            community=community, instrument_key="capacity", status=AdministrationStatus.CLOSED
        )
        .order_by("-opened_at", "-pk")
        .first()
    )
    if round_ is None:
        sys.exit(
            f"bench: community {community.slug!r} has no closed capacity round (see assessments/generate.py)"
        )
    return {
        "org": ORG,
        "community": community.slug,
        "initiative": community.initiative.slug,
        "administration": str(round_.pk),
    }


def sign_in(users: dict[str, object]) -> dict[str, object]:
    """A test Client per person, signed in; its session cookie is valid for gunicorn too (same database)."""
    from django.test import Client

    clients = {}
    for key, user in users.items():
        client = Client()
        client.force_login(user)
        # The first request records the two-factor check in the session; later ones skip it.
        response = client.get(f"/o/{ORG}/me/")
        if response.status_code != 200:
            sys.exit(f"bench: {key} cannot open /o/{ORG}/me/ (status {response.status_code})")
        clients[key] = client
    return clients


def count_queries(clients: dict[str, object], urls: dict[str, str]) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    show = os.environ.get("BENCH_SHOW_QUERIES") == "1"
    counts = {}
    for page in PAGES:
        client = clients[page.user]
        client.get(urls[page.name])  # once unmeasured, like the warm-up against gunicorn
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(urls[page.name])
        if response.status_code != 200:
            sys.exit(f"bench: {page.name} {urls[page.name]} answered {response.status_code}")
        counts[page.name] = len(ctx.captured_queries)
        if show:
            log(f"\n-- {page.name} {urls[page.name]}: {len(ctx)} queries")
            for q in ctx.captured_queries:
                log(f"   [{q['time']}s] {q['sql']}")
    return counts


# gunicorn.


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str]) -> Iterator[int]:
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WORKERS),
        "--worker-class", "sync",
        "--graceful-timeout", "5",
        "--log-level", "warning",
        "--error-logfile", str(GUNICORN_LOG),
    ]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    try:
        wait_until_ready(proc, port)
        yield port
    finally:
        proc.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_until_ready(proc: subprocess.Popen, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {GUNICORN_LOG}")
        try:
            status, _ = fetch(port, "/accounts/login/", "")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {GUNICORN_LOG}")


# The load: `run.py --load` in a second process reads a plan on stdin and prints timings on stdout.


def fetch(port: int, path: str, session: str) -> tuple[int, float]:
    # `session` is a Cookie header value ("sessionid=..."), or empty for an anonymous request.
    """One GET on a fresh connection (sync workers close it after each response); returns (status, ms)."""
    started = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Cookie": session} if session else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def load(plan: dict) -> dict[str, dict]:
    """Warm up every page, then measure them in rounds (page A, B, C, ..., then again), so that a burst
    of load from elsewhere on the machine spreads over all pages instead of skewing one ratio."""
    port, pages, rounds = plan["port"], plan["pages"], plan["rounds"]
    done: dict[str, list[tuple[int, float]]] = {page["name"]: [] for page in pages}
    spent = dict.fromkeys(done, 0.0)

    def hit(pool: ThreadPoolExecutor, page: dict, n: int) -> list[tuple[int, float]]:
        return list(pool.map(lambda _: fetch(port, page["path"], page["session"]), range(n)))

    with ThreadPoolExecutor(max_workers=plan["concurrency"]) as pool:
        for page in pages:
            hit(pool, page, plan["warmup"])
        for round_ in range(rounds):
            for page in pages:
                name = page["name"]
                if spent[name] > plan["time_limit"]:
                    continue  # this page has used its time: keep what it has
                n = plan["requests"] * (round_ + 1) // rounds - plan["requests"] * round_ // rounds
                started = time.monotonic()
                done[name] += hit(pool, page, n)
                spent[name] += time.monotonic() - started
    results = {}
    for name, answers in done.items():
        ms = [t for status, t in answers if status == 200]
        cuts = statistics.quantiles(ms, n=20, method="inclusive") if len(ms) > 1 else ms * 19
        results[name] = {
            "p50_ms": cuts[9] if cuts else 0.0,
            "p95_ms": cuts[18] if cuts else 0.0,
            "requests": len(answers),
            "errors": sorted({status for status, _ in answers if status != 200}),
        }
    return results


def run_load(port: int, urls: dict[str, str], sessions: dict[str, str]) -> dict[str, dict]:
    plan = {
        "port": port,
        "concurrency": CONCURRENCY,
        "warmup": WARMUP,
        "requests": REQUESTS,
        "rounds": ROUNDS,
        "time_limit": TIME_LIMIT,
        "pages": [{"name": p.name, "path": urls[p.name], "session": sessions[p.user]} for p in PAGES],
    }
    out = subprocess.run(
        [sys.executable, __file__, "--load"],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


# Answering an assessment: `run.py --submit` in a second process, SUBMITTERS people at once.


@dataclass
class Submissions:
    """Who answers which rounds: per person a session cookie and (answer page, form body) pairs."""

    people: list[dict]
    administrations: list[int]
    query_path: str  # one invitation kept aside: its submission's queries are counted in this process
    query_body: dict[str, str]
    query_client: object


def submissions() -> Submissions:
    """The people with the most open invitations (the generator invites twenty people to fifty rounds of the
    40-item capacity assessment each), and what each sends: a value for every item and `action=submit`,
    as the answer page's form does."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.db.models import Count

    from cocreate.accounts.models import User
    from cocreate.assessments.models import AdministrationStatus, InstrumentVersion, Invitee, Item

    waiting = Invitee.objects.filter(
        administration__organization__slug=ORG,
        administration__status=AdministrationStatus.OPEN,
        submitted_at=None,
    )
    top = list(waiting.values("user").annotate(n=Count("pk")).order_by("-n", "user")[:SUBMITTERS])
    if len(top) < SUBMITTERS:
        sys.exit(f"bench: only {len(top)} people have open invitations; {SUBMITTERS} are needed")
    users = User.objects.in_bulk([row["user"] for row in top])
    invitations = list(
        waiting.filter(user__in=list(users))
        .select_related("administration__community")
        .order_by("user", "administration__opened_at", "administration_id")
    )
    versions = {i.administration.version_id for i in invitations}
    items: dict[int, list[str]] = {}
    for version_id, key in (
        Item.objects.filter(version_id__in=versions)
        .order_by("section__position", "position")
        .values_list("version_id", "key")
    ):
        items.setdefault(version_id, []).append(key)
    scales = {v.pk: v.scale_values for v in InstrumentVersion.objects.filter(pk__in=versions)}

    def form(invitation: Invitee, n: int) -> dict[str, str]:
        version = invitation.administration.version_id
        scale = scales[version]
        fields = {f"a-{key}": str(scale[(i + n) % len(scale)]) for i, key in enumerate(items[version])}
        return {**fields, "action": "submit"}

    def path(invitation: Invitee) -> str:
        adm = invitation.administration
        return f"/o/{ORG}/c/{adm.community.slug}/assessments/{adm.pk}/answer/"

    by_user: dict[int, list[Invitee]] = {}
    for invitation in invitations:
        by_user.setdefault(invitation.user_id, []).append(invitation)
    clients = sign_in({pk: users[pk] for pk in by_user})
    cookie = settings.SESSION_COOKIE_NAME
    aside = by_user[top[0]["user"]].pop()
    people, administrations = [], {aside.administration_id}
    for k, (pk, mine) in enumerate(by_user.items()):
        # Start each person at another round, so that people of one community rarely wait on one row lock.
        shift = 7 * k % len(mine)
        mine = mine[shift:] + mine[:shift]
        administrations |= {i.administration_id for i in mine}
        people.append(
            {
                "session": f"{cookie}={clients[pk].cookies[cookie].coded_value}",
                "posts": [[path(i), urlencode(form(i, n))] for n, i in enumerate(mine)],
            }
        )
    return Submissions(
        people=people,
        administrations=sorted(administrations),
        query_path=path(aside),
        query_body=form(aside, 0),
        query_client=clients[top[0]["user"]],
    )


def count_submission_queries(plan: Submissions) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cocreate.assessments.models import Response

    before = Response.objects.filter(administration_id__in=plan.administrations).count()
    with CaptureQueriesContext(connection) as ctx:
        response = plan.query_client.post(plan.query_path, plan.query_body)
    if (
        response.status_code != 302
        or Response.objects.filter(administration_id__in=plan.administrations).count() != before + 1
    ):
        sys.exit(
            f"bench: submitting {plan.query_path} did not store a response (status {response.status_code})"
        )
    return len(ctx.captured_queries)


def open_form(port: int, path: str, cookies: str, csrf_cookie: str) -> tuple[int, str, str]:
    """GET an answer page like a browser: (status, CSRF cookie value, the form's CSRF token)."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookies})
        response = conn.getresponse()
        html = response.read().decode("utf-8", "replace")
        cookie = ""
        for header in response.headers.get_all("Set-Cookie") or []:
            found = re.match(rf"{re.escape(csrf_cookie)}=([^;]+)", header)
            cookie = found.group(1) if found else cookie
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return response.status, cookie, token.group(1) if token else ""
    finally:
        conn.close()


def post(port: int, path: str, cookies: str, body: str) -> tuple[int, float]:
    started = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"}
        conn.request("POST", path, body=body.encode(), headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000
    finally:
        conn.close()


def submit(plan: dict) -> dict:
    """Each person (a thread) opens their first answer page for the CSRF cookie and token, waits for the
    others, then sends their responses one after the other. A submission answers with a redirect (302)."""
    port, csrf_cookie = plan["port"], plan["csrf_cookie"]
    marks: list[float] = []
    start = Barrier(len(plan["people"]), action=lambda: marks.append(time.perf_counter()))

    def person(p: dict) -> list[tuple[int, float]]:
        status, cookie, token = 0, "", ""
        try:
            status, cookie, token = open_form(port, p["posts"][0][0], p["session"], csrf_cookie)
        finally:
            start.wait()
        if status != 200 or not cookie or not token:
            return [(status or 599, 0.0)] * len(p["posts"])
        cookies = f"{p['session']}; {csrf_cookie}={cookie}"
        return [post(port, path, cookies, f"{body}&csrfmiddlewaretoken={token}") for path, body in p["posts"]]

    with ThreadPoolExecutor(max_workers=len(plan["people"])) as pool:
        answers = [a for done in pool.map(person, plan["people"]) for a in done]
    seconds = time.perf_counter() - marks[0]
    ms = [t for _, t in answers]
    cuts = statistics.quantiles(ms, n=20, method="inclusive") if len(ms) > 1 else ms * 19
    return {
        "posts": len(answers),
        "redirects": sum(status == 302 for status, _ in answers),
        "statuses": sorted({status for status, _ in answers}),
        "seconds": seconds,
        "p50_ms": cuts[9] if cuts else 0.0,
        "p95_ms": cuts[18] if cuts else 0.0,
    }


def run_submissions(port: int, plan: Submissions) -> dict:
    """Throughput of answering, checked against the database: a response stored for every submission."""
    from django.conf import settings

    from cocreate.assessments.models import Response

    stored = Response.objects.filter(administration_id__in=plan.administrations)
    before = stored.count()
    out = subprocess.run(
        [sys.executable, __file__, "--submit"],
        input=json.dumps({"port": port, "csrf_cookie": settings.CSRF_COOKIE_NAME, "people": plan.people}),
        capture_output=True,
        text=True,
        check=True,
    )
    got = json.loads(out.stdout)
    saved = stored.count() - before
    return {
        "people": len(plan.people),
        "items": len(plan.query_body) - 1,
        "submissions": saved,
        "errors": got["posts"] - saved,
        "statuses": got["statuses"],
        "per_second": round(saved / got["seconds"], 1),
        "seconds": round(got["seconds"], 2),
        "p50_ms": round(got["p50_ms"], 1),
        "p95_ms": round(got["p95_ms"], 1),
    }


# Putting it together.


def report(scale: str, timings: dict[str, dict], queries: dict[str, int]) -> dict:
    floor = timings[FLOOR]["p50_ms"]
    pages = {
        p.name: {
            "p50_ms": round(timings[p.name]["p50_ms"], 1),
            "p95_ms": round(timings[p.name]["p95_ms"], 1),
            "ratio": round(timings[p.name]["p50_ms"] / floor, 2),
            "queries": queries[p.name],
        }
        for p in PAGES
    }
    return {"scale": scale, "pages": pages}


def print_table(results: dict, urls: dict[str, str], timings: dict[str, dict]) -> None:
    print(f"\nscale: {results['scale']} ({SCALES[results['scale']]:,} communities), "
          f"{WORKERS} gunicorn workers, {CONCURRENCY} concurrent clients")  # fmt: skip
    header = f"{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} {'queries':>7} {'n':>4}  path"
    print(header)
    print("-" * len(header))
    for name, row in results["pages"].items():
        flag = "  <-- over 3x floor" if row["ratio"] > 3 else ""
        print(
            f"{name:<22} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['ratio']:>6.2f} {row['queries']:>7} "
            f"{timings[name]['requests']:>4}  {urls[name]}{flag}"
        )


IMPORT_ROWS = 10_000


def measure_import() -> dict:
    """Seconds to read, check and import a 10,000-row partner CSV into one community (rolled back)."""
    from django.db import transaction

    from cocreate.core.models import Community
    from cocreate.partners.transfer import check_rows, do_import_partners, read_table

    community = Community.objects.filter(organization__slug=ORG).order_by("pk").last()
    lines = ["name,partner_type,lived_experience,email,languages"]
    types = ["community", "agency", "funder", "intermediary", "research"]
    lines += [
        f"Imported Person {i},{types[i % 5]},{'yes' if i % 5 == 0 else 'no'},imp{i}@bench.example.org,English"
        for i in range(IMPORT_ROWS)
    ]
    data = "\n".join(lines).encode()
    started = time.monotonic()
    with transaction.atomic():
        table = read_table(data, "partners.csv")
        preview = check_rows(table, community)
        made = do_import_partners(community, table=table, expected=preview.digest, acting_user=None)
        seconds = time.monotonic() - started
        transaction.set_rollback(True)
    assert len(made) == IMPORT_ROWS, len(made)
    return {"rows": IMPORT_ROWS, "seconds": round(seconds, 2)}


def main() -> None:
    scale = os.environ.get("SCALE", "state")
    if scale not in SCALES:
        sys.exit(f"bench: SCALE must be one of {', '.join(SCALES)}")
    url = database_url()
    env = app_env(url)
    keep = os.environ.get("BENCH_KEEP_DB") == "1"
    log(f"bench: {scale} = {SCALES[scale]:,} communities in database {urlsplit(url).path.lstrip('/')}")
    create_database(url)
    try:
        cocreate(env, "migrate", "--noinput", "--verbosity", "0")
        started = time.monotonic()
        partners, moves = PARTNER_SIZES[scale]
        cocreate(
            env,
            "generate",
            "--communities",
            str(SCALES[scale]),
            "--org-slug",
            ORG,
            "--verbosity",
            "0",
            "--partners-per-community",
            str(partners),
            "--level-changes-per-partner",
            str(moves),
        )
        log(f"bench: generated in {time.monotonic() - started:.1f} s")
        analyze_database(url)

        setup_django(env)
        from django.conf import settings

        users = people()
        where = targets(users["practitioner"])
        urls = {p.name: p.path.format(**where) for p in PAGES}
        clients = sign_in(users)
        cookie = settings.SESSION_COOKIE_NAME
        sessions = {key: f"{cookie}={client.cookies[cookie].coded_value}" for key, client in clients.items()}
        queries = count_queries(clients, urls)
        answering = submissions()
        submission_queries = count_submission_queries(answering)

        with gunicorn(env) as port:
            busy = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            log(f"bench: gunicorn on 127.0.0.1:{port}; measuring {len(PAGES)} pages (load average {busy})")
            timings = run_load(port, urls, sessions)
            log(f"bench: {len(answering.people)} people answering assessments at once")
            answered = run_submissions(port, answering)
        failed = {name: t["errors"] for name, t in timings.items() if t["errors"]}
        if failed:
            sys.exit(f"bench: pages answered with errors (status codes): {failed}; see {GUNICORN_LOG}")

        results = report(scale, timings, queries)
        results["submissions"] = {**answered, "queries": submission_queries}
        results["partner_import"] = measure_import()
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print_table(results, urls, timings)
        sub = results["submissions"]
        below = (
            "" if sub["per_second"] >= SUBMISSIONS_TARGET and not sub["errors"] else "  <-- below the target"
        )
        print(
            f"\nanswering: {sub['people']} people at once sent {sub['submissions']:,} responses of "
            f"{sub['items']} items in {sub['seconds']} s: {sub['per_second']}/s (target {SUBMISSIONS_TARGET}/s), "
            f"{sub['errors']} errors, p50 {sub['p50_ms']} ms, p95 {sub['p95_ms']} ms, "
            f"{sub['queries']} queries each{below}"
        )
        imp = results["partner_import"]
        print(f"\npartner import: {imp['rows']:,} CSV rows read, checked and imported in {imp['seconds']} s")
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if keep:
            log(f"bench: kept the database (BENCH_KEEP_DB=1): DATABASE_URL={url}")
        else:
            drop_database(url)


if __name__ == "__main__":
    if sys.argv[1:] == ["--load"]:
        json.dump(load(json.load(sys.stdin)), sys.stdout)
    elif sys.argv[1:] == ["--submit"]:
        json.dump(submit(json.load(sys.stdin)), sys.stdout)
    else:
        main()
