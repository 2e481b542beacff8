"""Community leaders and their pay under load: `SCALE=state .venv/bin/python bench/leaders.py` (see
bench/README.md). The benchmark of issue 14:

  10,000 community leaders with 24 claims each: a year's finance export within 10 s; the approver's
  claim queue and a person's yearly statement within 3x of the floor's p50, query counts flat; the
  public application form holds 50 submissions/s with 0 errors.

Like `run.py` (whose database, generator, gunicorn and load process it reuses):
1. creates a throwaway PostgreSQL database, migrates it and fills it with `cocreate generate` (at
   `state`: 100 communities, 100 partner records each);
2. makes every partner record a community leader (`Leader` rows) and gives each 24 claims more
   (`cocreate.compensation.generate.fill_claims`), on top of the generator's claims for attended events;
3. links one partner record (24+ claims, some paid this year) to a generated partner user: "her";
4. counts the queries of her yearly statement, and of the claim queue as finance and as her
   community's team lead, then gives her and her community 24 claims more each and counts again
   (the counts must not move);
5. times the pages under gunicorn against the floor (`/o/<org>/me/`), then the finance export of the
   current year (CSV and XLSX, by payment date, every byte read, median of 3) as finance, and checks
   that the CSV's "Amount paid" adds up to the payments of the year to the cent;
6. opens a call (`do_create_call`, `do_open_call`) and sends it applications from several threads in
   another process (`leaders.py --submit`): as fast as they go, then paced at 50 a second; counts the
   `Application` rows stored (errors = posts that stored nothing);
7. writes bench/leaders_results.json.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, redirect_stdout
from datetime import date, timedelta
from decimal import Decimal
from http.client import HTTPConnection
from pathlib import Path
from threading import Barrier
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402  (bench/run.py: the shared machinery)

RESULTS = Path(__file__).resolve().parent / "leaders_results.json"
CLAIMS_EACH = 24
PAGE_TARGET = 3.0  # p50 within 3x of the floor's
EXPORT_TARGET = 10.0  # seconds for a year
EXPORT_TRIES = 3
SUBMIT_TARGET = 50  # applications a second, with 0 errors
SUBMIT_THREADS = bench.env_int("BENCH_APPLICANTS", 10)  # client threads sending applications
SUBMIT_BURST = bench.env_int("BENCH_APPLICATIONS", 500)  # applications sent as fast as they go
SUBMIT_PACED_SECONDS = bench.env_int("BENCH_PACED_SECONDS", 10)  # then 50/s for this long
# The per-address throttle would refuse a bench that sends everything from 127.0.0.1: raised for the
# bench's gunicorn only (config/settings.py reads it from the environment).
THROTTLE = "1000000"


def log(message: str) -> None:
    bench.log(f"bench/leaders: {message}")


# The data.


def make_leaders(org) -> int:
    """Every partner record of the organization becomes a community leader (those without one)."""
    from django.utils import timezone

    from cocreate.leaders.models import Leader
    from cocreate.partners.models import Partner

    have = Leader.objects.filter(organization=org).values("partner_id")
    missing = Partner.objects.filter(organization=org).exclude(pk__in=have).values_list("pk", "community_id")
    today = timezone.localdate()
    rows = [
        Leader(
            organization=org, community_id=community_id, partner_id=pk, started_on=today - timedelta(days=400)
        )
        for pk, community_id in missing
    ]
    Leader.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def claim_figures(org, year: int) -> dict:
    from django.db.models import Count, Max, Min, Sum

    from cocreate.compensation.models import Claim, Payment
    from cocreate.leaders.models import Leader

    per = (
        Claim.objects.filter(organization=org)
        .values("partner_id")
        .annotate(n=Count("pk"))
        .aggregate(people=Count("partner_id"), least=Min("n"), most=Max("n"))
    )
    paid = Payment.objects.filter(organization=org, paid_on__year=year).aggregate(
        n=Count("pk"), total=Sum("amount")
    )
    by_status = dict(
        Claim.objects.filter(organization=org)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by("status")
    )
    return {
        "leaders": Leader.objects.filter(organization=org).count(),
        "claims": Claim.objects.filter(organization=org).count(),
        "people_with_claims": per["people"],
        "claims_per_person_min": per["least"],
        "claims_per_person_max": per["most"],
        "claims_by_status": by_status,
        "payments_in_year": paid["n"],
        "paid_in_year": str(paid["total"] or Decimal("0.00")),
    }


def link_her(org, year: int):
    """A generated partner user, linked to a partner record of her community with 24+ claims, some
    paid this year: (user, partner)."""
    from django.db.models import Count, Q

    from cocreate.accounts.models import User
    from cocreate.core.models import Membership, Role
    from cocreate.partners.models import Partner

    linked = Partner.objects.filter(organization=org, user__isnull=False).values("user_id")
    for membership in (
        Membership.objects.filter(organization=org, role=Role.PARTNER, community__isnull=False)
        .exclude(user_id__in=linked)
        .select_related("user", "community")
        .order_by("community__name", "user__email")
    ):
        partner = (
            Partner.objects.filter(organization=org, community=membership.community, user__isnull=True)
            .annotate(
                n_claims=Count("claims", distinct=True),
                n_paid=Count("claims", filter=Q(claims__payment__paid_on__year=year), distinct=True),
            )
            .filter(n_claims__gte=CLAIMS_EACH, n_paid__gte=3)
            .order_by("-n_paid", "pk")
            .first()
        )
        if partner is not None:
            Partner.objects.filter(pk=partner.pk).update(user=membership.user)
            return User.objects.get(pk=membership.user_id), Partner.objects.get(pk=partner.pk)
    sys.exit("bench/leaders: no partner user with a partner record of 24+ claims paid this year")


def team_lead_of(community):
    from cocreate.core.models import Membership, Role

    return (
        Membership.objects.filter(community=community, role=Role.TEAM_LEAD)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )


def finance_user(org):
    from cocreate.core.models import Membership, Role

    return (
        Membership.objects.filter(organization=org, role=Role.FINANCE, community__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )


def her_numbers(partner, year: int) -> dict:
    from django.db.models import Sum

    from cocreate.compensation.models import Claim, ClaimStatus, Payment

    return {
        "claims": Claim.objects.filter(partner=partner).count(),
        "paid_this_year": Payment.objects.filter(partner=partner, paid_on__year=year).count(),
        "paid_total_this_year": str(
            Payment.objects.filter(partner=partner, paid_on__year=year).aggregate(t=Sum("amount"))["t"]
        ),
        "waiting_in_her_community": Claim.objects.filter(
            community_id=partner.community_id, status=ClaimStatus.SUBMITTED
        ).count(),
    }


def count_queries(clients: dict, pages: list[tuple[str, str, str]]) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    show = os.environ.get("BENCH_SHOW_QUERIES") == "1"
    counts = {}
    for name, path, who in pages:
        clients[who].get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = clients[who].get(path)
        if response.status_code != 200:
            sys.exit(f"bench/leaders: {name} {path} answered {response.status_code}")
        counts[name] = len(ctx.captured_queries)
        if show:
            bench.log(f"\n-- {name} {path}: {len(ctx)} queries")
            for q in ctx.captured_queries:
                bench.log(f"   [{q['time']}s] {q['sql']}")
    return counts


# The export.


def download(port: int, path: str, session: str) -> tuple[int, float, bytes]:
    """One GET, every byte read: (status, seconds, body)."""
    started = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        conn.request("GET", path, headers={"Cookie": session})
        response = conn.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - started, body
    finally:
        conn.close()


def csv_paid_sum(body: bytes) -> tuple[int, Decimal]:
    """Rows and the sum of the "Amount paid" column (the last) of the export's CSV."""
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    next(reader)
    rows, total = 0, Decimal("0")
    for row in reader:
        rows += 1
        total += Decimal(row[-1]) if row[-1] else Decimal("0")
    return rows, total


def time_exports(port: int, session: str, org_slug: str, year: int) -> tuple[dict, dict[str, bytes]]:
    from django.urls import reverse

    base = reverse("compensation:export", args=[org_slug])
    out, bodies = {}, {}
    for fmt in ("csv", "xlsx"):
        query = urlencode({"from": f"{year}-01-01", "to": f"{year}-12-31", "by": "paid", "format": fmt})
        tries = []
        for _ in range(EXPORT_TRIES):
            try:
                status, seconds, body = download(port, f"{base}?{query}", session)
            except OSError as error:  # a worker killed by gunicorn's timeout closes the connection
                status, seconds, body = 599, float("nan"), str(error).encode()
            tries.append({"status": status, "seconds": round(seconds, 2), "bytes": len(body)})
            bodies[fmt] = body
            log(f"export {fmt}: {status} in {seconds:.2f} s, {len(body):,} bytes")
        good = [t["seconds"] for t in tries if t["status"] == 200]
        out[fmt] = {
            "path": f"{base}?{query}",
            "tries": tries,
            "median_s": round(statistics.median(good), 2) if len(good) == len(tries) else None,
        }
    return out, bodies


# The public application form.


def open_call(org, community, lead):
    from django.utils import timezone

    from cocreate.leaders import calls

    details = calls.CallDetails(
        title="Community leaders for the bench",
        involves="Two meetings a month with the team, and preparing for them.",
        time_asked="About six hours a month",
        closes_on=timezone.localdate() + timedelta(days=30),
        compensation="An honorarium for every meeting",
        languages=list(org.languages or ["en"])[:2],
    )
    call = calls.do_create_call(community, acting_user=lead, details=details)
    return calls.do_open_call(call, acting_user=lead)


def application_fields(call) -> dict[str, str]:
    """What a person sends, apart from name, email and the form's tokens: an answer to every question,
    two days, a meeting time, an access need, how they heard."""
    from cocreate.leaders.calls import answer_field
    from cocreate.leaders.models import MEETING_TIMES, AccessNeed, CallQuestion, HeardFrom

    fields = [
        ("language", call.languages[0]),
        ("available_days", "1"),
        ("available_days", "3"),
        ("meeting_times", MEETING_TIMES[2][0]),
        ("access_needs", AccessNeed.values[0]),
        ("heard_from", HeardFrom.values[0]),
        ("phone", "555-0100"),
        ("website", ""),
    ]
    for question in CallQuestion.objects.filter(call=call).order_by("position", "pk"):
        fields.append((answer_field(question), "I have raised three children here and I know the school."))
    return fields  # type: ignore[return-value]


def count_submission_queries(call, fields) -> int:
    """The queries of one application, with the test Client (the stamp made ten seconds old)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cocreate.leaders import public
    from cocreate.leaders.models import Application

    path = f"/join/{call.token}/"
    client = Client()
    client.get(path)
    body = [*fields, ("name", "Query Count"), ("email", "query.count@bench.example.org")]
    body.append(("stamp", public.form_stamp(at=time.time() - 10)))
    data: dict[str, list[str]] = {}
    for key, value in body:
        data.setdefault(key, []).append(value)
    before = Application.objects.filter(call=call).count()
    with CaptureQueriesContext(connection) as ctx, redirect_stdout(io.StringIO()):  # the email
        response = client.post(path, data)
    if response.status_code != 302 or Application.objects.filter(call=call).count() != before + 1:
        sys.exit(f"bench/leaders: an application was not stored (status {response.status_code})")
    return len(ctx.captured_queries)


def open_form(port: int, path: str, csrf_cookie: str) -> tuple[int, str, str, str]:
    """GET the public form like a browser: (status, CSRF cookie, CSRF token, signed stamp)."""
    conn = HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        html = response.read().decode("utf-8", "replace")
        cookie = ""
        for header in response.headers.get_all("Set-Cookie") or []:
            found = re.match(rf"{re.escape(csrf_cookie)}=([^;]+)", header)
            cookie = found.group(1) if found else cookie
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        stamp = re.search(r'name="stamp" value="([^"]+)"', html)
        return (
            response.status,
            cookie,
            token.group(1) if token else "",
            stamp.group(1) if stamp else "",
        )
    finally:
        conn.close()


def submit(plan: dict) -> dict:
    """`leaders.py --submit`: every thread opens the form (CSRF cookie and token, the signed stamp),
    all wait past the minimum fill time, then post their applications one after the other: as fast as
    they go, or (with `rate`) each at its moment of a schedule of `rate` a second."""
    port, path, threads, total = plan["port"], plan["path"], plan["threads"], plan["posts"]
    rate, fill = plan.get("rate"), plan["fill_seconds"]
    marks: list[float] = []
    start = Barrier(threads, action=lambda: marks.append(time.perf_counter() + fill + 0.5))

    def post(body: str, cookies: str) -> tuple[int, float]:
        started = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            headers = {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"}
            conn.request("POST", path, body=body.encode(), headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status, (time.perf_counter() - started) * 1000
        except OSError:
            return 599, (time.perf_counter() - started) * 1000
        finally:
            conn.close()

    def person(k: int) -> list[tuple[int, float]]:
        status, cookie, token, stamp = 0, "", "", ""
        try:
            status, cookie, token, stamp = open_form(port, path, plan["csrf_cookie"])
        finally:
            start.wait()
        mine = list(range(k, total, threads))
        if status != 200 or not (cookie and token and stamp):
            return [(status or 598, 0.0)] * len(mine)
        time.sleep(max(0.0, marks[0] - time.perf_counter()))
        cookies = f"{plan['csrf_cookie']}={cookie}"
        answers = []
        for n in mine:
            if rate:
                time.sleep(max(0.0, marks[0] + n / rate - time.perf_counter()))
            person_fields = [
                *(tuple(pair) for pair in plan["fields"]),
                ("name", f"Applicant {plan['tag']}{n}"),
                ("email", f"applicant.{plan['tag']}{n}@bench.example.org"),
                ("stamp", stamp),
                ("csrfmiddlewaretoken", token),
            ]
            answers.append(post(urlencode(person_fields), cookies))
        return answers

    with ThreadPoolExecutor(max_workers=threads) as pool:
        answers = [a for done in pool.map(person, range(threads)) for a in done]
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


def run_applications(port: int, call, fields, *, posts: int, rate: float | None, tag: str) -> dict:
    from django.conf import settings

    from cocreate.leaders import public
    from cocreate.leaders.models import Application

    stored = Application.objects.filter(call=call)
    before = stored.count()
    plan = {
        "port": port,
        "path": f"/join/{call.token}/",
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "threads": SUBMIT_THREADS,
        "posts": posts,
        "rate": rate,
        "fill_seconds": public.min_fill_seconds(),
        "fields": fields,
        "tag": tag,
    }
    out = subprocess.run(
        [sys.executable, __file__, "--submit"], input=json.dumps(plan), capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(f"bench/leaders: the applicants' process failed:\n{out.stderr}")
    got = json.loads(out.stdout)
    saved = stored.count() - before
    return {
        "threads": SUBMIT_THREADS,
        "paced_at": rate,
        "posts": got["posts"],
        "stored": saved,
        "errors": got["posts"] - saved,
        "statuses": got["statuses"],
        "per_second": round(saved / got["seconds"], 1),
        "seconds": round(got["seconds"], 2),
        "p50_ms": round(got["p50_ms"], 1),
        "p95_ms": round(got["p95_ms"], 1),
    }


@contextmanager
def quiet_stdout(path: Path):
    """gunicorn's workers print the applicants' confirmation emails (the console email backend) on
    their stdout: send it to bench/gunicorn.log instead of this table."""
    saved = os.dup(1)
    with open(path, "ab") as target:
        sys.stdout.flush()
        os.dup2(target.fileno(), 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def main() -> None:
    scale = os.environ.get("SCALE", "state")
    if scale not in bench.SCALES:
        sys.exit(f"bench: SCALE must be one of {', '.join(bench.SCALES)}")
    url = bench.database_url()
    env = bench.app_env(url)
    keep = os.environ.get("BENCH_KEEP_DB") == "1"
    log(f"{scale} = {bench.SCALES[scale]:,} communities in {urlsplit(url).path.lstrip('/')}")
    bench.create_database(url)
    try:
        bench.cocreate(env, "migrate", "--noinput", "--verbosity", "0")
        partners_each, moves = bench.PARTNER_SIZES[scale]
        started = time.monotonic()
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
        generated = time.monotonic() - started
        log(f"generated in {generated:.1f} s")
        bench.setup_django(env)
        from django.conf import settings
        from django.utils import timezone

        from cocreate.compensation.generate import fill_claims
        from cocreate.core.models import Organization
        from cocreate.partners.models import Partner

        org = Organization.objects.get(slug=bench.ORG)
        year = timezone.localdate().year
        started = time.monotonic()
        made_leaders = make_leaders(org)
        partners = list(Partner.objects.filter(organization=org).order_by("pk"))
        written = fill_claims(org, partners, CLAIMS_EACH)
        filled = time.monotonic() - started
        log(f"{made_leaders:,} leaders made, {written:,} claims written in {filled:.1f} s")
        figures = claim_figures(org, year)
        her, her_partner = link_her(org, year)
        community = her_partner.community
        lead = team_lead_of(community)
        finance = finance_user(org)
        users = {"her": her, "finance": finance, "lead": lead}
        bench.analyze_database(url)
        clients = bench.sign_in(users)
        o = bench.ORG
        pages = [
            ("floor", f"/o/{o}/me/", "her"),
            ("floor_finance", f"/o/{o}/me/", "finance"),
            ("floor_lead", f"/o/{o}/me/", "lead"),
            ("statement", f"/o/{o}/pay/mine/{year}/", "her"),
            ("queue_finance", f"/o/{o}/pay/claims/", "finance"),
            ("queue_lead", f"/o/{o}/pay/claims/", "lead"),
        ]
        her_before = her_numbers(her_partner, year)
        queries = count_queries(clients, pages)
        # More claims for her and for everyone in her community: the counts must not move.
        more = fill_claims(
            org, list(Partner.objects.filter(community=community).order_by("pk")), CLAIMS_EACH, seed=8
        )
        her_after = her_numbers(her_partner, year)
        queries_more = count_queries(clients, pages)
        bench.analyze_database(url)

        call = open_call(org, community, lead)
        fields = application_fields(call)
        submission_queries = count_submission_queries(call, fields)

        cookie = settings.SESSION_COOKIE_NAME
        sessions = {key: f"{cookie}={client.cookies[cookie].coded_value}" for key, client in clients.items()}
        server_env = {**env, "APPLICATION_SUBMISSIONS_PER_HOUR": THROTTLE}
        with quiet_stdout(bench.GUNICORN_LOG), bench.gunicorn(server_env) as port:
            busy = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            log(f"gunicorn on 127.0.0.1:{port}; load average {busy}")
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
            log("pages timed; the export")
            exports, bodies = time_exports(port, sessions["finance"], o, year)
            log("applications, as fast as they go")
            burst = run_applications(port, call, fields, posts=SUBMIT_BURST, rate=None, tag="b")
            log(f"applications at {SUBMIT_TARGET}/s for {SUBMIT_PACED_SECONDS} s")
            paced = run_applications(
                port, call, fields, posts=SUBMIT_TARGET * SUBMIT_PACED_SECONDS, rate=SUBMIT_TARGET, tag="p"
            )
            load_after = ", ".join(f"{x:.1f}" for x in os.getloadavg())

        from django.db.models import Count, Sum

        from cocreate.compensation.models import Payment

        paid = Payment.objects.filter(
            organization=org, paid_on__gte=date(year, 1, 1), paid_on__lte=date(year, 12, 31)
        )
        expected = paid.aggregate(n=Count("pk"), total=Sum("amount"))
        if "csv" in bodies and exports["csv"]["median_s"] is not None:
            rows, total = csv_paid_sum(bodies["csv"])
            exports["csv"]["rows"] = rows
            exports["csv"]["sum_paid"] = str(total)
        exports["payments_in_year"] = expected["n"]
        exports["payments_sum"] = str(expected["total"])
        exports["agrees_to_the_cent"] = exports["csv"].get("sum_paid") == str(expected["total"]) and (
            exports["csv"].get("rows") == expected["n"]
        )

        figures_timed = claim_figures(org, year)
        floor = timings["floor"]["p50_ms"]
        own_floor = {"her": "floor", "finance": "floor_finance", "lead": "floor_lead"}
        results = {
            "scale": scale,
            "generate_seconds": round(generated, 1),
            "leaders_and_fill_seconds": round(filled, 1),
            "leaders_made": made_leaders,
            "claims_written_by_fill": written,
            "data": figures,
            "data_when_timed": figures_timed,
            "her": {"before": her_before, "after": her_after, "claims_added_to_her_community": more},
            "pages": {
                name: {
                    "path": path,
                    "as": who,
                    "p50_ms": round(timings[name]["p50_ms"], 1),
                    "p95_ms": round(timings[name]["p95_ms"], 1),
                    "ratio": round(timings[name]["p50_ms"] / floor, 2),
                    "ratio_own_floor": round(timings[name]["p50_ms"] / timings[own_floor[who]]["p50_ms"], 2),
                    "queries": queries[name],
                    "queries_with_more": queries_more[name],
                    "errors": timings[name]["errors"],
                }
                for name, path, who in pages
            },
            "export": exports,
            "applications": {"queries": submission_queries, "burst": burst, "paced": paced},
            "load_average": busy,
            "load_average_after": load_after,
        }
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(
            f"\nscale: {scale}; generated in {generated:.0f} s, leaders + claims in {filled:.0f} s; load {busy}"
        )
        print(
            f"{figures['leaders']:,} leaders, {figures['claims']:,} claims "
            f"({figures['claims_per_person_min']}-{figures['claims_per_person_max']} each), "
            f"{figures['payments_in_year']:,} payments in {year}"
        )
        print(f"{'page':<16} {'as':<8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} {'queries':>7} {'more':>5}")
        for name, row in results["pages"].items():
            flag = "  <-- over 3x floor" if row["ratio"] > PAGE_TARGET else ""
            flat = "" if row["queries"] == row["queries_with_more"] else "  <-- NOT FLAT"
            print(
                f"{name:<16} {row['as']:<8} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {row['ratio']:>6.2f} "
                f"{row['queries']:>7} {row['queries_with_more']:>5}{flag}{flat}"
            )
        for fmt in ("csv", "xlsx"):
            e = exports[fmt]
            over = "" if e["median_s"] is not None and e["median_s"] <= EXPORT_TARGET else "  <-- over 10 s"
            print(f"export {fmt}: median {e['median_s']} s of {[t['seconds'] for t in e['tries']]}{over}")
        print(
            f"export rows {exports['csv'].get('rows')}, sum {exports['csv'].get('sum_paid')} vs payments "
            f"{exports['payments_in_year']} / {exports['payments_sum']}: "
            f"{'agree' if exports['agrees_to_the_cent'] else 'DISAGREE'}"
        )
        for name, a in (("burst", burst), ("paced", paced)):
            print(
                f"applications {name}: {a['stored']}/{a['posts']} stored in {a['seconds']} s = "
                f"{a['per_second']}/s, {a['errors']} errors, p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms"
            )
        print(f"wrote {RESULTS.relative_to(bench.ROOT)}")
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if keep:
            log(f"kept the database (BENCH_KEEP_DB=1): DATABASE_URL={url}")
        else:
            bench.drop_database(url)


if __name__ == "__main__":
    if sys.argv[1:] == ["--submit"]:
        json.dump(submit(json.load(sys.stdin)), sys.stdout)
    else:
        main()
