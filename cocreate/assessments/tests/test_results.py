"""Results as a team sees them: scores against the target, where people disagreed, how the professional
and lived-experience views line up (never for a group under three), "make this a goal", the trend
across rounds, and the assessments panel of the community page."""

from __future__ import annotations

import datetime
import html as html_lib
import re

import pytest
from django.utils import timezone

from cocreate.assessments import actions, charts, results
from cocreate.assessments.instruments import stage_questions
from cocreate.assessments.models import Administration, Invitee, Perspective
from cocreate.conftest import member
from cocreate.core.models import Role
from cocreate.partners import actions as partner_actions
from cocreate.partners.models import PartnerType

from .helpers import SMALL_TEAM, answer, builtin, open_round, team_version

# Capacity check: co-creation (3 items), leadership (2 items); 0-2 scale, target 80%.
LEAD = {"cc-involved": 0, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 2}
PARTNER = {"cc-involved": 2, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 1}


def url(adm, suffix="results/"):
    return f"/o/{adm.organization.slug}/c/{adm.community.slug}/assessments/{adm.pk}/{suffix}"


def trend_url(cast, key="capacity-test"):
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/assessments/trend/{key}/"


def community_url(cast):
    """The community page's assessments panel (loaded into the page after it, see core.views)."""
    return f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/assessments/"


def text(response) -> str:
    """The page's text, tags removed and spaces collapsed: what a person reads."""
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def people(cast, n, prefix="p"):
    """`n` more partners in Riverside."""
    return [member(f"{prefix}{i}@example.org", cast.org, Role.PARTNER, cast.community) for i in range(n)]


def four_answer(cast, adm, extra=None):
    """LEAD and PARTNER twice each (the means are theirs; four people, so every figure may show)."""
    extra = extra or people(cast, 1, "x")[0]
    if not adm.invitees.filter(user=extra).exists():
        actions.do_invite(adm, users=[extra])
    for user, values in (
        (cast.lead, LEAD),
        (cast.partner, PARTNER),
        (cast.practitioner, LEAD),
        (extra, PARTNER),
    ):
        answer(adm, user, values)
    actions.do_start_consensus(adm)  # answers no longer collected: their figures may show (disclosure)
    adm.refresh_from_db()
    return adm


@pytest.fixture
def answered(cast):
    """A named round of the capacity check answered twice as the lead did and twice as the partner did,
    in its consensus session (answers no longer collected)."""
    return four_answer(cast, open_round(cast))


# Scores ---------------------------------------------------------------------------------------------


def test_it_shows_the_scores_the_engine_computed(client, cast, answered):
    client.force_login(cast.funder)
    page = text(client.get(url(answered)))
    scores = answered.scores
    # cc-involved mean 1 (50%), cc-plan 2 (100%), cc-feedback 1 (50%) -> 66.7%; leadership 2 and 1.5 -> 87.5%
    assert scores["sections"] == {"co-creation": 66.7, "leadership": 87.5}
    assert "Total: 75%" in page and scores["total"] == 75.0
    assert "Co-creation partners 66.7%" in page
    assert "Leadership and teams 87.5%" in page
    assert "target 80%" in page
    assert "Provisional: individual answers only" in page
    assert "4 responses" in page


def test_it_says_how_many_items_the_team_agreed_and_scores_the_agreed_value(client, cast, answered):
    actions.do_start_consensus(answered)
    item = answered.version.items.get(key="cc-feedback")
    actions.do_record_consensus(
        answered, acting_user=cast.lead, item=item, value=0, note="No loop yet", artifacts="=minutes"
    )
    client.force_login(cast.lead)
    page = text(client.get(url(answered)))
    assert "Provisional: 1 of 5 items agreed." in page
    assert "What the team said: No loop yet" in page
    r = results.results_for(Administration.objects.get(pk=answered.pk))
    assert r.sections[0].score == 50.0  # (1 + 2 + 0 agreed) / 6
    actions.do_close(answered)
    assert "Final. 1 of 5 items agreed" in text(client.get(url(answered)))


def test_it_draws_the_sections_against_the_target_line(cast, answered):
    chart = charts.section_chart(results.results_for(answered))
    rules = [layer for layer in chart.spec["layer"] if layer.get("mark", {}).get("type") == "rule"]
    assert rules and rules[0]["data"]["values"][0]["target"] == 80.0
    bars = chart.spec["layer"][0]["data"]["values"]
    assert [(b["section"], b["score"], b["status"]) for b in bars] == [
        ("Co-creation partners", 66.7, "Below the target"),
        ("Leadership and teams", 87.5, "At or above the target"),
        ("Total", 75.0, "Below the target"),
    ]
    assert "Below the target: Co-creation partners." in chart.summary


def test_it_says_when_nobody_has_answered_yet(client, cast):
    adm = open_round(cast)
    client.force_login(cast.funder)
    page = text(client.get(url(adm)))
    assert "Nobody has answered yet" in page


# Make this a goal -----------------------------------------------------------------------------------


def test_it_offers_make_this_a_goal_only_for_items_below_target_and_only_to_staff(client, cast, answered):
    client.force_login(cast.lead)
    page = client.get(url(answered)).content.decode()
    # Below 80%: cc-involved (50%), cc-feedback (50%), lt-roles (75%).
    buttons = re.findall(r'action="[^"]*/gaps/(\d+)/"', page)
    below = answered.version.items.filter(key__in=["cc-involved", "cc-feedback", "lt-roles"])
    assert sorted(map(int, buttons)) == sorted(below.values_list("pk", flat=True))
    for who in (cast.partner, cast.funder, cast.evaluator):
        client.force_login(who)
        assert "Make this a goal" not in client.get(url(answered)).content.decode()


def test_it_keeps_a_flagged_item_as_a_pending_gap_on_the_community_page(client, cast, answered):
    item = answered.version.items.get(key="cc-involved")
    client.force_login(cast.lead)
    response = client.post(url(answered, f"gaps/{item.pk}/"), follow=True)
    assert "New goal" in text(response)  # on to the goal form (planning/tests follow the rest)
    response = client.get(url(answered))
    assert "pending gap" in text(response)  # until the goal is saved
    assert f'action="{url(answered)[:-9]}gaps/{item.pk}/"' not in response.content.decode()
    client.force_login(cast.funder)
    community = text(client.get(community_url(cast)))
    assert "Pending gaps" in community
    assert "All five partner types are involved" in community
    client.force_login(cast.partner)  # who reads Spanish: the instrument's own Spanish wording
    assert "Los cinco tipos participan" in text(client.get(community_url(cast)))


def test_it_refuses_to_flag_an_item_at_the_target_with_a_message(client, cast, answered):
    item = answered.version.items.get(key="cc-plan")
    client.force_login(cast.lead)
    page = text(client.post(url(answered, f"gaps/{item.pk}/"), follow=True))
    assert "Only items below the target can be turned into goals." in page
    assert not answered.gap_flags.exists()


def test_it_does_not_flag_an_item_of_another_instrument(client, cast, answered):
    other = builtin("partnership").items.first()
    client.force_login(cast.lead)
    assert client.post(url(answered, f"gaps/{other.pk}/")).status_code == 404


# Divergence -----------------------------------------------------------------------------------------


def test_it_shows_instrument_text_in_the_readers_language(client, cast, answered):
    client.force_login(cast.partner)
    page = text(client.get(url(answered)))
    assert "Revisión de capacidad" in page
    assert "Aliados de co-creación" in page
    assert "Los cinco tipos participan" in page


def test_it_orders_the_items_by_disagreement(cast, answered):
    r = results.results_for(answered)
    assert r.divergence is not None
    keys = [row.item.key for row in r.divergence]
    assert keys[0] == "cc-involved"  # 0 and 2: the widest range
    assert keys[1] == "lt-roles"  # 2 and 1
    assert r.divergence[0].spread.counts == {0: 2, 1: 0, 2: 2}


def test_it_hides_the_spread_of_a_round_until_three_have_answered(client, cast):
    adm = open_round(cast, anonymous=True)
    answer(adm, cast.lead, LEAD)
    answer(adm, cast.partner, PARTNER)
    actions.do_start_consensus(adm)
    actions.do_record_consensus(
        adm, acting_user=cast.lead, item=adm.version.items.get(key="cc-plan"), value=2
    )
    client.force_login(cast.lead)
    page = text(client.get(url(adm)))
    assert "Items fewer than 3 people answered show no score" in page
    assert 'id="chart-divergence"' not in page
    three = open_round(cast, anonymous=True)
    for user, values in ((cast.lead, LEAD), (cast.partner, PARTNER), (cast.practitioner, LEAD)):
        answer(three, user, values)
    actions.do_close(three)
    response = client.get(url(three))
    assert 'id="chart-divergence"' in response.content.decode()
    assert "Items fewer than 3 people answered" not in text(response)


def test_it_lists_reflections_without_names_to_staff_only(client, cast):
    adm = open_round(cast)
    answer(adm, cast.lead, LEAD, reflections={"strengths": "We listen well"})
    answer(adm, cast.partner, PARTNER, reflections={"strengths": "Amazing families"})
    answer(adm, cast.practitioner, LEAD)
    actions.do_start_consensus(adm)
    client.force_login(cast.practitioner)
    page = text(client.get(url(adm)))
    assert "Our strengths" in page
    assert page.index("Amazing families") < page.index("We listen well")  # alphabetical, not by person
    assert "Lee Lead" not in page and "Paz Parent" not in page
    client.force_login(cast.funder)
    assert "We listen well" not in text(client.get(url(adm)))


# Alignment (paired instruments) -----------------------------------------------------------------------


def partnership_round(cast, professionals, lived):
    """The partnership assessment answered by each group: lists of 1 ("yes") / 0 ("no") for every item."""
    pros = people(cast, len(professionals), "pro")
    livs = people(cast, len(lived), "liv")
    for user in livs:
        partner_actions.do_create_partner(
            cast.community,
            name=user.email,
            partner_type=PartnerType.COMMUNITY,
            lived_experience=True,
            user=user,
        )
    adm = open_round(cast, builtin("partnership"), invitees=pros + livs)
    for user, value in [*zip(pros, professionals, strict=True), *zip(livs, lived, strict=True)]:
        answer(adm, user, value)
    actions.do_close(adm)  # answers no longer collected: their figures may show (disclosure)
    return adm, livs


def test_it_compares_the_two_perspectives_per_pair_and_flags_where_they_differ(client, cast):
    adm, livs = partnership_round(cast, [1, 1, 1], [0, 0, 1])
    assert Invitee.objects.get(administration=adm, user=livs[0]).perspective == Perspective.LIVED
    r = results.results_for(adm)
    assert r.alignment is not None
    row = r.alignment[0]
    assert row.shares == {"professional": 100.0, "lived": 33.3}
    assert row.gap == 66.7 and row.flagged
    client.force_login(cast.lead)
    page = text(client.get(url(adm)))
    assert "Professional and lived-experience views" in page
    assert "100% 33.3% 66.7 points views differ" in page


def test_it_never_shows_a_perspective_group_smaller_than_three(client, cast):
    adm, livs = partnership_round(cast, [1, 1, 1], [0, 0])
    r = results.results_for(adm)
    # Nor the professionals' share beside them: the pooled score minus it would give theirs away.
    assert all(row.shares == {"professional": None, "lived": None} and row.gap is None for row in r.alignment)
    assert all(row.sizes == {"professional": None, "lived": None} for row in r.alignment)
    client.force_login(cast.lead)
    response = client.get(url(adm))
    assert text(response).count("fewer than 3 people — not shown") == 10
    assert "views differ</span>" not in response.content.decode()


# Trend ----------------------------------------------------------------------------------------------


def earlier_round(cast, values, days_ago):
    """A closed round in which three people gave `values`."""
    adm = open_round(cast)
    for user in (cast.lead, cast.partner, cast.practitioner):
        answer(adm, user, values)
    actions.do_close(adm)
    Administration.objects.filter(pk=adm.pk).update(
        opened_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    adm.refresh_from_db()
    return adm


def test_it_shows_every_round_oldest_first_and_whether_a_flagged_gap_closed(client, cast):
    first = earlier_round(cast, {**LEAD, "lt-roles": 0}, days_ago=200)
    actions.do_flag_gap(first, item=first.version.items.get(key="cc-involved"), acting_user=cast.lead)
    actions.do_flag_gap(first, item=first.version.items.get(key="lt-roles"), acting_user=cast.lead)
    second = earlier_round(cast, {**LEAD, "cc-involved": 2, "lt-roles": 1}, days_ago=10)
    client.force_login(cast.funder)
    page = text(client.get(trend_url(cast)))
    assert "2 rounds in Riverside" in page
    first_label = first.opened_at.strftime("%b")
    assert page.index(first_label) < page.index(second.opened_at.strftime("%b"))
    assert "Gap closed: 0% → 100%" in page
    assert "Improved: 0% → 50%" in page
    assert 'id="chart-trend"' in client.get(trend_url(cast)).content.decode()


def test_it_reads_the_trend_from_the_cached_scores(client, cast):
    earlier_round(cast, LEAD, days_ago=30)
    adm = earlier_round(cast, LEAD, days_ago=1)
    Administration.objects.filter(pk=adm.pk).update(
        scores={**adm.scores, "total": 12.5, "sections": {"co-creation": 12.5, "leadership": 12.5}}
    )
    client.force_login(cast.lead)
    assert "12.5%" in text(client.get(trend_url(cast)))


def test_it_draws_the_trend_with_the_target_line(cast):
    earlier_round(cast, LEAD, days_ago=30)
    earlier_round(cast, PARTNER, days_ago=1)
    trend = results.trend_for(cast.community, "capacity-test")
    assert trend is not None
    chart = charts.trend_chart(trend)
    rules = [layer for layer in chart.spec["layer"] if layer.get("mark", {}).get("type") == "rule"]
    assert rules[0]["data"]["values"][0]["target"] == 80.0
    series = {p["series"] for p in chart.spec["layer"][0]["data"]["values"]}
    assert series == {"Co-creation partners", "Leadership and teams", "Total"}


def test_it_says_the_trend_starts_with_the_second_round(client, cast, answered):
    client.force_login(cast.lead)
    page = text(client.get(trend_url(cast)))
    assert "There is one round so far" in page
    assert "chart-trend" not in client.get(trend_url(cast)).content.decode()
    assert "This is the first round of this assessment in Riverside" in text(client.get(url(answered)))


def test_it_compares_a_round_with_the_previous_one_on_the_results_page(client, cast):
    first = earlier_round(cast, {key: 0 for key in LEAD}, days_ago=90)
    adm = earlier_round(cast, LEAD, days_ago=1)
    client.force_login(cast.lead)
    page = text(client.get(url(adm)))
    assert "Total 70% in this round, 0% in the previous one" in page
    # The first round, read later, points to the rounds that followed instead of asking for another.
    page = text(client.get(url(first)))
    assert "This was the first round of this assessment in Riverside" in page
    assert "Run it again later" not in page and "Every round, and whether flagged gaps closed" in page


def test_it_shows_an_empty_trend_for_an_instrument_not_run_here_and_404_for_an_unknown_one(
    client, cast, answered
):
    client.force_login(cast.lead)
    page = text(client.get(trend_url(cast, "partnership")))
    assert "Partnership assessment" in page and "has not been run in Riverside yet" in page
    assert client.get(trend_url(cast, "no-such-instrument")).status_code == 404


# The community page ---------------------------------------------------------------------------------


def test_it_shows_latest_results_and_open_rounds_on_the_community_page(client, cast, answered):
    waiting = open_round(cast, invitees=[cast.lead, cast.partner, cast.practitioner])
    answer(waiting, cast.lead, LEAD)
    client.force_login(cast.practitioner)
    response = client.get(community_url(cast))
    page = text(response)
    # The newest round with figures to show: the waiting one is still collecting answers.
    assert re.search(r"Capacity check\s*: 75% target 80% below the target", page)
    assert "1 of 3 invited have answered" in page
    assert f"{url(waiting, 'answer/')}" in response.content.decode()
    client.force_login(cast.lead)  # already answered both: nothing to answer
    assert "answer/" not in client.get(community_url(cast)).content.decode()


def test_the_community_page_counts_sections_below_the_target_in_words_that_agree(client, cast, answered):
    client.force_login(cast.practitioner)
    assert "1 of 2 sections below the target" in text(client.get(community_url(cast)))
    one_section = {**SMALL_TEAM, "key": "one-section", "sections": SMALL_TEAM["sections"][:1]}
    adm = open_round(cast, team_version(definition=one_section))
    answer(adm, cast.lead, 0)
    answer(adm, cast.partner, 1)
    answer(adm, cast.practitioner, 1)
    actions.do_close(adm)
    assert "1 of 1 section below the target" in text(client.get(community_url(cast)))
    client.force_login(cast.partner)  # reads Spanish
    assert "1 de 1 sección por debajo del objetivo" in text(client.get(community_url(cast)))


def agreed_round(cast, respondents, *, agreed=1, flagged=0):
    """A round in its consensus session: everyone answered, some items agreed, some gaps flagged."""
    adm = open_round(cast, invitees=respondents)
    for user in respondents:
        answer(adm, user, PARTNER)
    actions.do_start_consensus(adm)
    items = list(adm.version.items.all())
    for item in items[:agreed]:
        actions.do_record_consensus(adm, acting_user=cast.lead, item=item, value=0)
    adm.refresh_from_db()
    for item in items[:flagged]:
        actions.do_flag_gap(adm, item=item, acting_user=cast.lead)
    return adm


def test_the_results_page_query_count_is_flat(client, cast, django_assert_num_queries):
    small = agreed_round(cast, [cast.lead, cast.partner])
    client.force_login(cast.lead)
    client.get(url(small))
    # session, user, memberships (with organization), community, administration (with version),
    # responses, agreed values, gap flags, this instrument's rounds (+1 while a round is open: whether
    # the viewer still has to answer it), the goals on its items. A published version's items (with
    # their sections) are read once per process, here by the warm-up request.
    with django_assert_num_queries(10):
        client.get(url(small))
    big = url(agreed_round(cast, [cast.lead, *people(cast, 29)], agreed=3, flagged=2))
    with django_assert_num_queries(10):  # 30 responses, more agreed values, flags and rounds: same
        response = client.get(big)
    assert "30 responses" in text(response)


def test_it_asks_an_invitee_to_answer_before_seeing_an_open_rounds_results(client, cast, answered):
    waiting = open_round(cast, invitees=[cast.lead, cast.partner, cast.practitioner])
    answer(waiting, cast.lead, LEAD)
    client.force_login(cast.practitioner)
    response = client.get(url(waiting))
    assert "Give your own answers first" in text(response)
    assert url(waiting, "answer/") in response.content.decode()
    assert "Total:" not in text(response)
    client.force_login(cast.funder)  # not invited: sees that answers are being collected, no figure
    page = text(client.get(url(waiting)))
    assert "Answers are still being collected" in page and "Total:" not in page


def test_a_closed_round_is_computed_once_and_still_shows_what_happens_after(
    client, cast, django_assert_num_queries
):
    adm = agreed_round(cast, [cast.lead, *people(cast, 9)], agreed=2)
    actions.do_close(adm)
    client.force_login(cast.lead)
    first = text(client.get(url(adm)))
    # Locked: its responses and agreed values are not read again (the 10 of an open round less 2).
    with django_assert_num_queries(8):
        again = text(client.get(url(adm)))
    assert again == first
    assert "10 responses" in again
    # What happens after closing still shows: a gap flagged on an item below the target.
    assert "pending gap" not in first
    flag = actions.do_flag_gap(adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead)
    assert f"?gap={flag.pk}" in client.get(url(adm)).content.decode()  # "pending gap · Make it a goal"


def test_the_trend_query_count_is_flat(client, cast, django_assert_num_queries):
    for days in (60, 30):
        earlier_round(cast, LEAD, days_ago=days)
    client.force_login(cast.funder)
    client.get(trend_url(cast))
    # session, user, memberships, community, rounds (cached scores), their versions, sections, flags
    with django_assert_num_queries(8):
        client.get(trend_url(cast))
    for days in range(18):
        adm = earlier_round(cast, LEAD, days_ago=100 + days)
        actions.do_flag_gap(adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead)
    with django_assert_num_queries(8):
        response = client.get(trend_url(cast))
    assert "20 rounds in Riverside" in text(response)


def reflect(cast, answer, *, domain="co-creation", stage=None, question=0):
    stage = stage or cast.community.stage
    key = stage_questions()[domain][stage][question]["key"]
    return actions.do_write_reflection(
        cast.community, acting_user=cast.lead, domain=domain, stage=stage, question_key=key, answer=answer
    )


def test_it_shows_the_teams_latest_reflections_for_the_current_stage(client, cast):
    reflect(cast, "We listen once a year.")
    reflect(cast, "We now listen every quarter.")
    reflect(cast, "Old news from exploration", stage="exploration")
    client.force_login(cast.funder)
    page = text(client.get(community_url(cast)))
    question = stage_questions()["co-creation"][cast.community.stage][0]["text"]["en"]
    assert "Our reflections for this stage: Installation" in page
    assert question in page and "Co-creation partners and processes" in page
    assert "We now listen every quarter." in page
    assert "We listen once a year." not in page and "Old news from exploration" not in page
    assert (
        f"/o/{cast.org.slug}/c/{cast.community.slug}/reflections/"
        in client.get(community_url(cast)).content.decode()
    )


def test_the_community_page_stays_flat_as_assessments_grow(client, cast, django_assert_num_queries):
    client.force_login(cast.lead)
    client.get(community_url(cast))
    # session, user, memberships, community; a few open rounds (with invitee counts and whether the
    # viewer still has to answer), the latest scored round of each instrument, pending gaps, reflections
    with django_assert_num_queries(8):
        client.get(community_url(cast))
    for days in range(4):
        adm = earlier_round(cast, LEAD, days_ago=days + 1)
        actions.do_flag_gap(adm, item=adm.version.items.get(key="cc-involved"), acting_user=cast.lead)
    open_round(cast, builtin("partnership"))
    for i in range(3):
        reflect(cast, f"Reflection {i}", question=i)
        reflect(cast, f"Reflection {i}", domain="leadership", question=i)
    with django_assert_num_queries(8):
        page = text(client.get(community_url(cast)))
    assert page.count("All five partner types are involved") == 4
    assert "Reflection 2" in page


def test_it_withholds_the_scores_of_a_round_until_it_stops_collecting_answers(client, cast):
    adm = open_round(cast, anonymous=True)
    answer(adm, cast.lead, 2)
    client.force_login(cast.funder)  # not invited: sees what the round shows everyone
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/assessments/{adm.pk}/results/"
    page = client.get(url).text
    assert "Answers are still being collected" in page and "Total:" not in page
    # Nor do the community page's latest results or the trend show its cached total.
    panel = text(client.get(community_url(cast)))
    assert "100%" not in panel
    assert "100%" not in text(client.get(trend_url(cast)))
    answer(adm, cast.partner, 1)
    answer(adm, cast.practitioner, 0)
    assert "Total:" not in client.get(url).text  # three now, but still collecting: nothing yet
    actions.do_close(adm)
    assert "Total:" in client.get(url).text
    assert "50%" in text(client.get(community_url(cast))) and "50%" in text(client.get(trend_url(cast)))


def test_it_offers_make_this_a_goal_in_the_readers_language(client, cast, answered):
    lider = member("lider@example.org", cast.org, Role.TEAM_LEAD, cast.community, language="es")
    client.force_login(lider)
    page = client.get(url(answered)).content.decode()
    assert 'class="secondary outline flag-button">Convertir en meta</button>' in page
    assert "Make this a goal" not in page
