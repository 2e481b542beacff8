"""Differencing tests: no combination of what any surface shows recovers the answers of fewer than three.

The test behind most of them is indistinguishability. A scenario is played twice, identical except for
the answers of the small group (one or two people); every surface is read both times — the results
page (as staff and as a parent), its charts, the CSV, the XLSX, the PDF report's HTML, the API's round
and list, the trend page, the community page's panel, the consensus session and the round page that
names who answered — and the two readings must be the same. If nothing shown depends on those
answers, no subtraction, chart or comparison can give them back. With three people the same change
must show (the positive case), so the test cannot pass by hiding everything.

The four ways the issue named are played literally: (a) the pooled score minus the professional share
of a partnership round, (b) the answer-spread chart, (c) a consensus value on one item of an anonymous
round of one or two answers, (d) the API before and after one more person answers.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from cocreate.assessments import actions, disclosure, exports
from cocreate.assessments import results as reads
from cocreate.assessments.models import Administration, AdministrationStatus, Invitee
from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.lib.exports import XLSX_TYPE
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType

from .helpers import answer, builtin, open_round, team_version

ITEMS = ["cc-involved", "cc-plan", "cc-feedback", "lt-team", "lt-roles"]


@pytest.fixture(autouse=True)
def _instrument(db):
    """The team instrument exists before any scenario is played (and undone), so each play reads the
    same items with the same ids."""
    team_version()


def people(cast, n: int, prefix: str, *, lived: bool = False):
    users = [member(f"{prefix}{i}@example.org", cast.org, Role.PARTNER, cast.community) for i in range(n)]
    if lived:
        for user in users:
            partner_actions.do_create_partner(
                cast.community,
                name=user.email,
                partner_type=PartnerType.COMMUNITY,
                lived_experience=True,
                user=user,
            )
    return users


# Reading every surface ---------------------------------------------------------------------------------

_VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), "csrf"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?"), "<when>"),
    (re.compile(r"/assessments/\d+/"), "/assessments/N/"),
    (re.compile(r"administrations/\d+/"), "administrations/N/"),
    (re.compile(r'"id": ?\d+'), '"id": N'),
    (re.compile(r'"administration": ?\d+'), '"administration": N'),
    (re.compile(r"/jobs/[\w-]+/"), "/jobs/N/"),
    (re.compile(r"nonce=\"[^\"]+\""), "nonce"),
]


def _normal(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _xlsx(body: bytes) -> str:
    book = load_workbook(io.BytesIO(body), read_only=True)
    return json.dumps(
        {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets},
        default=str,
    )


def surfaces(client, cast, adm: Administration, *, staff=None, parent=None) -> dict[str, str]:
    """Everything each surface shows of `adm`, normalised (ids and times only), by surface name."""
    from cocreate.api.tests.test_api import api_as

    staff = staff or cast.practitioner
    parent = parent or cast.partner
    org, slug = cast.org.slug, cast.community.slug
    seen: dict[str, str] = {}

    def page(name: str, user, url: str) -> None:
        client.force_login(user)
        response = client.get(url)
        body = response.content
        if response.headers.get("Content-Type", "").startswith(XLSX_TYPE):
            seen[name] = _xlsx(body)
        else:
            seen[name] = _normal(
                f"{response.status_code} {response.headers.get('Location', '')} "
                + body.decode(errors="replace")
            )

    results_url = reverse("assessments:results", args=[org, slug, adm.pk])
    page("results as staff", staff, results_url)
    page("results as parent", parent, results_url)
    page("csv", staff, reverse("assessments:results_csv", args=[org, slug, adm.pk]))
    page("xlsx", staff, reverse("assessments:results_xlsx", args=[org, slug, adm.pk]))
    page("trend", parent, reverse("assessments:trend", args=[org, slug, adm.instrument_key]))
    page("round page (who answered)", staff, reverse("assessments:detail", args=[org, slug, adm.pk]))
    page("consensus session", staff, reverse("assessments:consensus", args=[org, slug, adm.pk]))
    page("community panel", parent, reverse("core:community_panel", args=[org, slug, "assessments"]))
    fresh = Administration.objects.select_related("version__instrument", "community", "organization").get(
        pk=adm.pk
    )
    r = reads.results_for(fresh, with_reflections=True)
    if not r.scores_withheld:
        trend = reads.trend_for(fresh.community, fresh.instrument_key, until=fresh)
        seen["pdf report"] = _normal(exports.render_report_html(r, trend))
    api = api_as(parent)
    base = f"/api/v1/orgs/{org}/communities/{slug}/administrations/"
    seen["api round"] = _normal(json.dumps(api.get(f"{base}{adm.pk}/").json(), sort_keys=True))
    seen["api list"] = _normal(json.dumps(api.get(base).json(), sort_keys=True))
    return seen


def played(scenario: Callable[[Any], Administration], variants: list[Any], read: Callable) -> list[dict]:
    """Play `scenario` once per variant, read every surface, and undo it, so each starts alike."""
    readings = []
    for variant in variants:
        with transaction.atomic():
            adm = scenario(variant)
            readings.append(read(adm))
            transaction.set_rollback(True)
    return readings


def api_json(text: str) -> dict:
    """A normalised API reading back as data (the ids replaced by N)."""
    return json.loads(re.sub(r": N\b", ": 0", text))


def differing(readings: list[dict]) -> list[str]:
    first = readings[0]
    return sorted({name for other in readings[1:] for name in first if first[name] != other.get(name)})


# (a) and (b): a partnership round whose lived-experience group has one or two people ------------------


def partnership(cast, lived_answers: list[int], *, professionals=3, close=True) -> Administration:
    pros = people(cast, professionals, "pro")
    livs = people(cast, len(lived_answers), "liv", lived=True)
    adm = open_round(cast, builtin("partnership"), invitees=pros + livs)
    for user in pros:
        answer(adm, user, 1)
    for user, value in zip(livs, lived_answers, strict=True):
        answer(adm, user, value)
    if close:
        actions.do_close(adm)
    return adm


@pytest.mark.parametrize("small", [1, 2])
def test_it_never_lets_the_pooled_score_minus_the_professional_share_give_a_small_group_away(cast, small):
    """(a) The lived group's answers change; nothing shown anywhere changes."""
    # Everyone is created before the scenarios, so both plays have the same people and ids.
    pros = people(cast, 3, "pro")
    livs = people(cast, small, "liv", lived=True)

    def scenario(lived_values):
        adm = open_round(cast, builtin("partnership"), invitees=pros + livs)
        for user in pros:
            answer(adm, user, 1)
        for user, value in zip(livs, lived_values, strict=True):
            answer(adm, user, value)
        actions.do_close(adm)
        return adm

    r_small = None

    def read(adm):
        nonlocal r_small
        r_small = reads.results_for(adm)
        return {
            "alignment": json.dumps(
                [(a.shares, a.sizes, a.gap) for a in r_small.alignment or []], sort_keys=True
            ),
        }

    # The professional share beside a lived group of one or two is never shown: the subtraction has
    # nothing to subtract.
    readings = played(scenario, [[0] * small, [1] * small], read)
    assert differing(readings) == []
    assert r_small is not None and r_small.alignment
    for a in r_small.alignment:
        assert a.shares == {"professional": None, "lived": None}
        assert a.sizes == {"professional": None, "lived": None}


def test_it_shows_both_groups_when_each_has_three(cast):
    adm = partnership(cast, [0, 0, 1])
    r = reads.results_for(adm)
    assert r.alignment and r.alignment[0].shares == {"professional": 100.0, "lived": 33.3}


@pytest.mark.parametrize("small", [1, 2])
def test_no_surface_of_a_partnership_round_depends_on_a_small_groups_answers(client, cast, small):
    """(a) and (b) on every surface: pages, spread chart, files, report, API, trend, panel."""
    pros = people(cast, 3, "pro")
    livs = people(cast, small, "liv", lived=True)
    staff = cast.practitioner

    def scenario(lived_values):
        adm = open_round(cast, builtin("partnership"), invitees=pros + livs)
        for user in pros:
            answer(adm, user, 1)
        for user, value in zip(livs, lived_values, strict=True):
            answer(adm, user, value)
        actions.do_close(adm)
        return adm

    readings = played(
        scenario, [[0] * small, [1] * small], lambda adm: surfaces(client, cast, adm, staff=staff)
    )
    # The pooled figures are built from 3 + small people and do change with the lived answers: they
    # are the one release of a group of four or five. What must not move is anything that isolates the
    # lived group: so play the same with the pooled figures held equal, by swapping answers with a
    # professional (the lived person answers what one professional did, and that one the other way).
    assert readings[0]["round page (who answered)"] == readings[1]["round page (who answered)"]

    def swapped(flip):
        adm = open_round(cast, builtin("partnership"), invitees=pros + livs)
        pro_values = [1, 1, 1] if not flip else [0] * small + [1] * (3 - small)
        lived_values = [0] * small if not flip else [1] * small
        for user, value in zip(pros, pro_values, strict=True):
            answer(adm, user, value)
        for user, value in zip(livs, lived_values, strict=True):
            answer(adm, user, value)
        actions.do_close(adm)
        return adm

    readings = played(swapped, [False, True], lambda adm: surfaces(client, cast, adm, staff=staff))
    assert differing(readings) == [], "a surface tells the lived group's answers from the professionals'"


def test_a_partnership_round_with_three_in_each_group_shows_the_difference(client, cast):
    """The positive case: with three lived-experience people the same swap shows (shares per group)."""
    pros = people(cast, 3, "pro")
    livs = people(cast, 3, "liv", lived=True)

    def swapped(flip):
        adm = open_round(cast, builtin("partnership"), invitees=pros + livs)
        for user, value in zip(pros, [0, 0, 0] if flip else [1, 1, 1], strict=True):
            answer(adm, user, value)
        for user, value in zip(livs, [1, 1, 1] if flip else [0, 0, 0], strict=True):
            answer(adm, user, value)
        actions.do_close(adm)
        return adm

    readings = played(swapped, [False, True], lambda adm: surfaces(client, cast, adm))
    assert "api round" in differing(readings) and "results as parent" in differing(readings)


# (b) the answer-spread chart, and every other surface, for rounds of one, two and three ----------------


def team_round(cast, raters, values, *, anonymous: bool, stage: str = "closed", agree: dict | None = None):
    adm = open_round(cast, invitees=raters, anonymous=anonymous)
    for user, value in zip(raters, values, strict=True):
        answer(adm, user, value, reflections={"strengths": f"strength {value}"})
    if stage in ("consensus", "closed"):
        actions.do_start_consensus(adm)
        for key, value in (agree or {}).items():
            actions.do_record_consensus(
                adm, acting_user=cast.practitioner, item=adm.version.items.get(key=key), value=value
            )
    if stage == "closed":
        actions.do_close(adm)
    return adm


@pytest.mark.parametrize("anonymous", [True, False])
@pytest.mark.parametrize("n", [1, 2])
def test_no_surface_of_a_small_round_depends_on_its_answers(client, cast, n, anonymous):
    """(b) A round of one or two answers, named or anonymous: its spread chart, scores, files and API
    are the same whatever they answered."""
    raters = people(cast, n, "r")

    def scenario(values):
        return team_round(cast, raters, values, anonymous=anonymous)

    readings = played(scenario, [[0] * n, [2] * n, [1, 2][:n]], lambda adm: surfaces(client, cast, adm))
    assert differing(readings) == []
    page = readings[0]["results as staff"]
    assert 'id="chart-divergence"' not in page and "strength" not in page


def test_a_round_of_three_shows_its_spread_and_scores(client, cast):
    raters = people(cast, 3, "r")

    def scenario(values):
        return team_round(cast, raters, values, anonymous=True)

    readings = played(scenario, [[0, 1, 2], [2, 2, 2]], lambda adm: surfaces(client, cast, adm))
    changed = differing(readings)
    for surface in ("results as staff", "csv", "xlsx", "pdf report", "api round", "api list", "trend"):
        assert surface in changed
    assert 'id="chart-divergence"' in readings[0]["results as staff"]


# (c) a consensus value on one item of an anonymous round with one or two answers -----------------------


@pytest.mark.parametrize("n", [1, 2])
def test_an_agreed_item_does_not_lift_the_withholding_of_the_others(client, cast, n):
    raters = people(cast, n, "r")

    def scenario(values):
        return team_round(cast, raters, values, anonymous=True, agree={"cc-involved": 1})

    readings = played(scenario, [[0] * n, [2] * n, [2, 0][:n]], lambda adm: surfaces(client, cast, adm))
    assert differing(readings) == []
    adm = team_round(cast, raters, [2] * n, anonymous=True, agree={"cc-involved": 1})
    r = reads.results_for(adm)
    shown = {row.item.key: row.value for row in r.items}
    assert shown == {
        "cc-involved": 1.0,
        "cc-plan": None,
        "cc-feedback": None,
        "lt-team": None,
        "lt-roles": None,
    }
    # The section holding the agreed item scores it alone; the other section and the total leave the
    # withheld items out (the agreed value is the team's, not anyone's answer).
    assert [s.score for s in r.sections] == [50.0, None]
    assert r.total == 50.0
    # The agreed value is shown on the page, the CSV and the API; nothing of the individual answers is.
    csv = exports.build_csv(r).decode()
    assert "<3" in csv


# (d) the API (and every other surface) before and after one more person answers -----------------------


def test_one_more_answer_changes_nothing_shown_while_a_round_collects_answers(client, cast):
    """(d) All of her answers were recoverable from the item means before and after she answered, while
    the round page named her. Now nothing built from answers shows until collecting stops: whatever the
    fourth person answers, every surface reads the same, so no before/after comparison isolates her."""
    raters = people(cast, 4, "r")

    def scenario(hers):
        adm = open_round(cast, invitees=raters, anonymous=True)
        for user, value in zip(raters[:3], [0, 1, 2], strict=True):
            answer(adm, user, value)
        answer(adm, raters[3], hers)
        return adm

    readings = played(
        scenario,
        [0, 2, dict(zip(ITEMS, [2, 0, 1, 2, 0], strict=True))],
        lambda adm: surfaces(client, cast, adm),
    )
    assert differing(readings) == []
    for reading in readings:
        api = api_json(reading["api round"])
        assert api["scores"]["total"] is None and api["scores"]["sections"] == {}
        assert all(item["value"] is None and item["score"] is None for item in api["items"])
        assert "Answers are still being collected" in reading["results as staff"]
        assert "Todavía se están recibiendo respuestas" in reading["results as parent"]  # she reads Spanish

    # Before and after: the API's round differs only in how many answered.
    adm = scenario(1)
    before = api_json(surfaces(client, cast, adm)["api round"])
    late = people(cast, 1, "late")[0]
    actions.do_invite(adm, users=[late])
    answer(adm, late, 2)
    after = api_json(surfaces(client, cast, adm)["api round"])
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"response_count", "invited_count"}
    # Once collecting stops, the one release is of all of them together.
    actions.do_start_consensus(adm)
    closed = api_json(surfaces(client, cast, adm)["api round"])
    assert closed["scores"]["total"] is not None
    assert all(item["value"] is not None for item in closed["items"])


def test_the_cached_scores_of_an_open_round_hold_no_figure(cast):
    raters = people(cast, 3, "r")
    adm = open_round(cast, invitees=raters)
    for user in raters:
        answer(adm, user, 2)
    adm.refresh_from_db()
    assert adm.scores["total"] is None and all(v is None for v in adm.scores["items"].values())
    assert adm.shown_scores.withheld
    assert reads.rounds_of(cast.community, adm.instrument_key)[-1].total is None
    actions.do_start_consensus(adm)
    adm.refresh_from_db()
    assert adm.scores["total"] == 100.0 and adm.scores["rule"] == disclosure.RULE
    assert adm.shown_scores.total == 100.0


# The rules themselves ------------------------------------------------------------------------------------


def test_an_item_fewer_than_three_gave_a_value_is_left_out_of_sections_and_total():
    """Rule 2 within a round: "I don't know" (no value) on an item leaves it with two answers."""
    rows: list[tuple[dict[str, Any], str]] = [
        ({"a": 2, "b": 0}, "professional"),
        ({"a": 2, "b": None}, "professional"),
        ({"a": 2}, "lived"),
    ]
    shown = disclosure.for_round(status="closed", item_keys=["a", "b"], rows=rows)
    assert shown.item("a") and not shown.item("b")
    engine = disclosure.results(
        status="closed",
        items=[("a", "s"), ("b", "s")],
        answers=[a for a, _p in rows],
        agreed={},
        method="percent",
        maximum=2,
        target=None,
    )
    assert engine.items["b"].value is None
    assert engine.sections["s"] == engine.items["a"].score == 100.0  # b does not pull it down: not in it


def test_alignment_is_withheld_for_every_group_beside_a_small_one():
    rows = [({"a": 1}, "professional")] * 3 + [({"a": 0}, "lived")]
    shown = disclosure.for_round(status="closed", item_keys=["a"], rows=rows)
    assert shown.item("a") and not shown.alignment("a")
    assert shown.group_size("lived") is None and shown.group_size("professional") == 3
    no_lived = disclosure.for_round(status="closed", item_keys=["a"], rows=rows[:3])
    assert no_lived.alignment("a")


def test_nothing_is_shown_while_answers_are_collected():
    rows = [({"a": 1}, "professional")] * 5
    assert not disclosure.for_round(status="open", item_keys=["a"], rows=rows).item("a")
    assert disclosure.shown_value(status="open", responses=5, rule=disclosure.RULE, value=50) is None
    assert disclosure.shown_value(status="closed", responses=5, rule=disclosure.RULE, value=50) == 50.0


def test_old_caches_are_read_with_the_coarse_rule():
    """Scores cached before the rules existed may mix small items in: from fewer than three, nothing."""
    old = {"total": 50.0, "sections": {"s": 50.0}, "items": {"a": 50.0}, "agreed": 1}
    assert disclosure.shown_scores(status="closed", responses=2, scores=old).withheld
    assert not disclosure.shown_scores(status="closed", responses=3, scores=old).withheld
    assert disclosure.shown_value(status="closed", responses=2, rule=None, value=50.0) is None
    new = {**old, "rule": disclosure.RULE}
    assert disclosure.shown_scores(status="closed", responses=2, scores=new).total == 50.0
    assert disclosure.shown_scores(status=AdministrationStatus.OPEN, responses=9, scores=new).withheld


def test_the_consensus_session_shows_no_spread_for_items_two_people_rated(client, cast):
    raters = people(cast, 2, "r")
    adm = team_round(cast, raters, [0, 2], anonymous=False, stage="consensus")
    client.force_login(cast.practitioner)
    page = client.get(reverse("assessments:consensus", args=[cast.org.slug, cast.community.slug, adm.pk]))
    assert "Fewer than 3 people answered" in page.content.decode()
    assert Invitee.objects.filter(administration=adm, submitted_at__isnull=False).count() == 2


# A randomised search over small rounds (seeded: the same cases on every run) ----------------------------


def release(rows, *, status="closed", agreed=None):
    """Everything a surface can show of a round, from the rules' functions: item values and scores,
    section scores, the total, the spread of each item shown, and each group's share per item."""
    keys = ["a", "b", "c"]
    agreed = agreed or {}
    shown = disclosure.for_round(status=status, item_keys=keys, rows=rows, agreed=agreed)
    engine = disclosure.results(
        status=status,
        items=[("a", "s1"), ("b", "s1"), ("c", "s2")],
        answers=[a for a, _p in rows],
        agreed=agreed,
        method="percent",
        maximum=4,
        target=None,
    )
    groups: dict[str, list] = {"professional": [], "lived": []}
    for a, p in rows:
        groups[p].append(a)
    aligned = disclosure.alignment(keys, groups, 4, shown)
    spreads = {
        k: sorted(disclosure.values_of([a for a, _p in rows], k)) if shown.item(k) else None for k in keys
    }
    texts = shown.texts
    return (
        {k: (r.value, r.score) for k, r in engine.items.items()},
        engine.sections,
        engine.total,
        spreads,
        [(a.shares, a.sizes, a.gap) for a in aligned],
        texts,
    )


def test_no_small_group_moves_any_released_figure_in_a_thousand_random_rounds():
    import random

    rng = random.Random(13)
    checked = 0
    for _case in range(1000):
        pros, lived = rng.randint(0, 5), rng.randint(1, 2)  # a small lived group, always

        def answers(n):
            return [{k: rng.choice([0, 1, 2, 3, 4, None]) for k in "abc"} for _ in range(n)]

        pro_rows, lived_rows = answers(pros), answers(lived)
        rows = [(a, "professional") for a in pro_rows] + [(a, "lived") for a in lived_rows]
        # Swap one lived person's value with a professional's on one item: the pooled figures cannot
        # tell, so if anything released changed, it isolated the lived group.
        if not pro_rows:
            continue
        key = rng.choice("abc")
        i, j = rng.randrange(pros), rng.randrange(lived)
        swapped_pro = [dict(a) for a in pro_rows]
        swapped_lived = [dict(a) for a in lived_rows]
        swapped_pro[i][key], swapped_lived[j][key] = lived_rows[j][key], pro_rows[i][key]
        other = [(a, "professional") for a in swapped_pro] + [(a, "lived") for a in swapped_lived]
        assert release(rows) == release(other), (rows, other)
        # And on an item fewer than three people gave a value, any value at all changes nothing.
        n_key = disclosure.answered([a for a, _p in rows], key)
        if 0 < n_key < disclosure.MIN_GROUP:
            changed = [({**a, key: (a[key] + 1) % 5 if a.get(key) is not None else None}, p) for a, p in rows]
            assert release(rows) == release(changed)
        # While answers are collected, nothing released depends on any answer.
        assert release(rows, status="open") == release(other, status="open") == release([], status="open")
        checked += 1
    assert checked > 500
