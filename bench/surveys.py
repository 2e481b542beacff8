"""Survey results under load: `SCALE=national .venv/bin/python bench/surveys.py` (see bench/README.md).
The benchmark of issue 15's survey results:

  one organization's survey with 20,000 responses across 1,000 communities: its results page within 3x
  of the floor's p50, query count flat; the CSV file within 5 s; answering through the public link
  (`surveys:answer`, POST /s/<token>/) at 100 submissions/s with 0 errors.

Like `run.py` (whose database, generator, gunicorn and load process it reuses):
1. creates a throwaway PostgreSQL database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/cocreate_bench_surveys), migrates it and fills it with
   `cocreate generate` (`surveys/generate.py` makes the survey: 20 responses in each community);
2. counts the results page's queries as the network admin, adds 1,000 responses and counts again;
3. times the results page under gunicorn against the floor (`/o/<org>/me/`, as run.py measures it);
4. downloads the CSV (every byte read, median of 3);
5. when the collecting part's public page exists (`surveys:answer`), opens a copy of the survey and
   sends it answers from several threads (the form's own fields, read from the page), paced at 100/s;
   counts the responses stored (errors = posts that stored nothing). Otherwise says so and skips;
6. writes bench/surveys_results.json.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402  (bench/run.py: the shared machinery)
from leaders import download, quiet_stdout  # noqa: E402  (the same download and gunicorn output)

RESULTS = Path(__file__).resolve().parent / "surveys_results.json"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocreate_bench_surveys"
PAGE_TARGET = 3.0
EXPORT_TARGET = 5.0
EXPORT_TRIES = 3
SUBMIT_TARGET = 100  # answers a second, with 0 errors
SUBMIT_THREADS = bench.env_int("BENCH_ANSWERERS", 20)
SUBMIT_SECONDS = bench.env_int("BENCH_PACED_SECONDS", 10)
MORE = 1000  # responses added between the two query counts


def log(message: str) -> None:
    bench.log(f"bench/surveys: {message}")


def count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"bench/surveys: {path} answered {response.status_code}")
    return len(ctx.captured_queries)


def add_more(survey, communities, n: int) -> None:
    from cocreate.surveys.testing import add_responses

    add_responses(
        survey,
        [
            {
                "community": communities[i % len(communities)],
                "language": "es" if i % 3 == 0 else "en",
                "partner_type": "community",
                "answers": {"single": "yes", "multiple": ["food"], "scale": 3, "number": 2},
            }
            for i in range(n)
        ],
    )


# Answering (the collecting part's page).


def answer_page_exists() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("surveys:answer", args=["x"])
    except NoReverseMatch:
        return False
    return True


def form_fields(html: str) -> list[tuple[str, str]]:
    """The answering form's fields, each with a value: the first choice of a radio or checkbox group, a
    3 in a number, a word in a text; hidden fields (the CSRF token aside) as they are; the honeypot
    left empty, as a person leaves it."""
    from cocreate.lib.public_forms import HONEYPOT  # a person leaves it empty; a robot fills it in

    fields: dict[str, str] = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) in ("csrfmiddlewaretoken", HONEYPOT):
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        value = re.search(r'value="([^"]*)"', tag)
        if name.group(1) in fields:
            continue
        if kind in {"radio", "checkbox", "hidden"}:
            fields[name.group(1)] = value.group(1) if value else "on"
        elif kind == "number":
            fields[name.group(1)] = "3"
        elif kind in {"submit", "button"}:
            continue
        else:
            fields[name.group(1)] = "Evening meetings"
    for select in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>.*?<option[^>]*value="([^"]+)"', html, re.S):
        fields[select.group(1)] = select.group(2)
    return list(fields.items())


def submit(plan: dict) -> dict:
    """In a second process: each thread opens the form (its own cookies), then posts answers at its share
    of the rate."""
    from http.client import HTTPConnection

    port, path, threads, posts, rate = (
        plan["port"],
        plan["path"],
        plan["threads"],
        plan["posts"],
        plan["rate"],
    )
    start = time.perf_counter()

    def person(k: int) -> list[tuple[int, float]]:
        out = []
        for i in range(k, posts, threads):
            due = start + i / rate
            if (wait := due - time.perf_counter()) > 0:
                time.sleep(wait)
            conn = HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path)
            page = conn.getresponse()
            html = page.read().decode()
            cookies = "; ".join(h.split(";")[0] for k2, h in page.getheaders() if k2.lower() == "set-cookie")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
            fields = dict(form_fields(html))
            if "community" in fields:  # an organization's survey: which community (typed, or chosen)
                fields["community"] = (
                    plan["community"] if 'list="survey-communities"' in html else fields["community"]
                )
            body = urlencode([*fields.items(), ("csrfmiddlewaretoken", token.group(1) if token else "")])
            began = time.perf_counter()
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    "Cookie": cookies,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": f"http://127.0.0.1:{port}{path}",
                },
            )
            answer = conn.getresponse()
            answer.read()
            out.append((answer.status, (time.perf_counter() - began) * 1000))
            conn.close()
        return out

    with ThreadPoolExecutor(max_workers=threads) as pool:
        answers = [a for done in pool.map(person, range(threads)) for a in done]
    ms = [t for _s, t in answers]
    cuts = statistics.quantiles(ms, n=20, method="inclusive") if len(ms) > 1 else ms * 19
    return {
        "posts": len(answers),
        "statuses": sorted({s for s, _t in answers}),
        "seconds": time.perf_counter() - start,
        "p50_ms": cuts[9] if cuts else 0.0,
        "p95_ms": cuts[18] if cuts else 0.0,
    }


def run_answers(port: int, survey) -> dict:
    from cocreate.core.models import Community
    from cocreate.surveys.models import Response

    before = Response.objects.filter(survey=survey).count()
    plan = {
        "community": Community.objects.filter(organization=survey.organization_id).order_by("pk")[0].name,
        "port": port,
        "path": f"/s/{survey.token}/",
        "threads": SUBMIT_THREADS,
        "posts": SUBMIT_TARGET * SUBMIT_SECONDS,
        "rate": SUBMIT_TARGET,
    }
    out = subprocess.run(
        [sys.executable, __file__, "--submit"], input=json.dumps(plan), capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(f"bench/surveys: the answering process failed:\n{out.stderr}")
    got = json.loads(out.stdout)
    stored = Response.objects.filter(survey=survey).count() - before
    return {
        "threads": SUBMIT_THREADS,
        "paced_at": SUBMIT_TARGET,
        "posts": got["posts"],
        "stored": stored,
        "errors": got["posts"] - stored,
        "statuses": got["statuses"],
        "per_second": round(stored / got["seconds"], 1),
        "p50_ms": round(got["p50_ms"], 1),
        "p95_ms": round(got["p95_ms"], 1),
    }


def open_copy(survey):
    """An open survey like the generated one, for the answering part (the closed one takes no answers)."""
    from cocreate.surveys.models import Question, Survey, SurveyStatus

    copy = Survey.objects.create(
        organization=survey.organization, title="Answering bench", status=SurveyStatus.OPEN, anonymous=True
    )
    Question.objects.bulk_create(
        [
            Question(
                organization=survey.organization,
                survey=copy,
                position=q.position,
                kind=q.kind,
                text=q.text,
                choices=q.choices,
                scale_min=q.scale_min,
                scale_max=q.scale_max,
            )
            for q in survey.questions.all()
        ]
    )
    return copy


def main() -> None:
    scale = os.environ.get("SCALE", "national")
    if scale not in bench.SCALES:
        sys.exit(f"bench: SCALE must be one of {', '.join(bench.SCALES)}")
    os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_URL)
    url = bench.database_url()
    env = bench.app_env(url)
    keep = os.environ.get("BENCH_KEEP_DB") == "1"
    log(f"{scale} = {bench.SCALES[scale]:,} communities in {urlsplit(url).path.lstrip('/')}")
    bench.create_database(url)
    try:
        bench.cocreate(env, "migrate", "--noinput", "--verbosity", "0")
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
            "5",
            "--level-changes-per-partner",
            "1",
        )
        generated = time.monotonic() - started
        log(f"generated in {generated:.1f} s")
        bench.setup_django(env)
        from django.conf import settings

        from cocreate.core.models import Community
        from cocreate.surveys.models import Response, Survey

        survey = Survey.objects.get(
            organization__slug=bench.ORG, community__isnull=True, title__startswith="How are"
        )
        responses = Response.objects.filter(survey=survey).count()
        admin = bench.people()["admin"]
        bench.analyze_database(url)
        clients = bench.sign_in({"admin": admin})
        o = bench.ORG
        results_path = f"/o/{o}/surveys/{survey.pk}/results/"
        queries = count_queries(clients["admin"], results_path)
        communities = list(Community.objects.filter(organization__slug=o).order_by("pk")[:50])
        add_more(survey, communities, MORE)
        queries_more = count_queries(clients["admin"], results_path)
        bench.analyze_database(url)
        cookie = settings.SESSION_COOKIE_NAME
        session = f"{cookie}={clients['admin'].cookies[cookie].coded_value}"
        pages = [("floor", f"/o/{o}/me/"), ("results", results_path)]
        answering = None
        # Every answer comes from this one machine's address: lift the per-address limit for the run.
        server_env = {**env, "SURVEY_SUBMISSIONS_PER_HOUR": "1000000"}
        with quiet_stdout(bench.GUNICORN_LOG), bench.gunicorn(server_env) as port:
            plan = {
                "port": port,
                "concurrency": bench.CONCURRENCY,
                "warmup": bench.WARMUP,
                "requests": bench.REQUESTS,
                "rounds": bench.ROUNDS,
                "time_limit": bench.TIME_LIMIT,
                "pages": [{"name": n, "path": p, "session": session} for n, p in pages],
            }
            out = subprocess.run(
                [sys.executable, str(Path(bench.__file__)), "--load"],
                input=json.dumps(plan),
                capture_output=True,
                text=True,
                check=True,
            )
            timings = json.loads(out.stdout)
            seconds, size = [], 0
            for _ in range(EXPORT_TRIES):
                status, took, body = download(port, results_path + "export.csv", session)
                if status != 200:
                    sys.exit(f"bench/surveys: the CSV answered {status}")
                seconds.append(took)
                size = len(body)
            if answer_page_exists():
                answering = run_answers(port, open_copy(survey))
            else:
                log("skipped answering: the public page surveys:answer is not in this tree (run after merge)")
        floor = timings["floor"]["p50_ms"]
        result = {
            "scale": scale,
            "communities": bench.SCALES[scale],
            "responses": responses,
            "generated_s": round(generated, 1),
            "pages": {
                name: {
                    "p50_ms": round(t["p50_ms"], 1),
                    "p95_ms": round(t["p95_ms"], 1),
                    "ratio": round(t["p50_ms"] / floor, 2) if floor else None,
                    "errors": t["errors"],
                }
                for name, t in timings.items()
            },
            "results_queries": {"before": queries, f"after_{MORE}_more": queries_more},
            "csv": {
                "median_s": round(statistics.median(seconds), 2),
                "bytes": size,
                "target_s": EXPORT_TARGET,
            },
            "answering": answering or "skipped: surveys:answer not present",
        }
        result["ok"] = (
            result["pages"]["results"]["ratio"] is not None
            and result["pages"]["results"]["ratio"] <= PAGE_TARGET
            and queries == queries_more
            and result["csv"]["median_s"] <= EXPORT_TARGET
            and (
                answering is None
                or (answering["errors"] == 0 and answering["per_second"] >= SUBMIT_TARGET * 0.95)
            )
        )
        RESULTS.write_text(json.dumps(result, indent=2) + "\n")
        log(json.dumps(result, indent=2))
    finally:
        if not keep:
            bench.drop_database(url)


if __name__ == "__main__":
    if sys.argv[1:] == ["--submit"]:
        print(json.dumps(submit(json.loads(sys.stdin.read()))))
    else:
        main()
