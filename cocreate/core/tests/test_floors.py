"""The floors (docs/ARCHITECTURE.md) and the registries through which a higher app plugs into a lower one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cocreate.core.registry import (
    CommunitySection,
    Registry,
    community_sections,
    demo_seeders,
    generator_steps,
)

ROOT = Path(__file__).resolve().parents[3]


def lint_imports() -> str | None:
    found = Path(sys.executable).parent / "lint-imports"
    return str(found) if found.exists() else shutil.which("lint-imports")


@pytest.mark.skipif(lint_imports() is None, reason="import-linter is in the dev extra")
def test_it_keeps_every_app_on_its_floor():
    # The same contracts as CI's `lint-imports` step (pyproject.toml), so a local run catches an upward
    # import or a cycle between apps too.
    command = lint_imports()
    assert command is not None
    done = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:]


def test_it_lists_each_apps_community_section_once_in_floor_order():
    assert [s.key for s in community_sections] == [
        "partners",
        "assessments",
        "plan",
        "support",
        "meetings",
        "observations",
        "leaders",
        "worksheets",
        "surveys",
        "listening",
        "steps",
    ]


def test_it_seeds_and_generates_each_app_after_the_ones_it_builds_on():
    seeders = [s.key for s in demo_seeders]
    assert seeders.index("partners") < seeders.index("assessments") < seeders.index("support")
    assert seeders.index("support") < seeders.index("planning") < seeders.index("support-goals")
    assert [g.key for g in generator_steps] == [
        "partners",
        "assessments",
        "support",
        "planning",
        "leaders",
        "worksheets",
        "listening",
        "compensation",
        "survey-results",
        "steps",
    ]
    # Survey results after planning's "you said, we did" and the partners (issue 15).
    assert seeders.index("planning") < seeders.index("survey-results")
    assert seeders.index("leader-calls") < seeders.index("leaders_review") < seeders.index("claims")
    assert seeders.index("compensation-policy") < seeders.index("claims")


def test_it_replaces_an_entry_registered_again_under_its_key():
    registry: Registry[CommunitySection] = Registry("test")
    registry.register(CommunitySection("b", 2, "b.html"))
    registry.register(CommunitySection("a", 5, "a.html"))
    registry.register(CommunitySection("a", 1, "a2.html"))  # ready() run again: replaces, no duplicate
    assert [(s.key, s.template) for s in registry] == [("a", "a2.html"), ("b", "b.html")]


@pytest.fixture
def staff_only_lazy_section():
    section = CommunitySection(
        key="staff-notes",
        order=99,
        template="core/tests/_section.html",
        placeholder="core/tests/_section_placeholder.html",
        permission="team.change",  # staff only: funders, evaluators and partners may not
        context=lambda tenant, community: {"note": f"Notes for {community.name}"},
    )
    community_sections.register(section)
    yield section
    community_sections._entries.pop(section.key)


def test_it_shows_a_section_only_to_those_who_may_see_it(client, cast, staff_only_lazy_section):
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/"
    client.force_login(cast.lead)
    assert "staff-notes-placeholder" in client.get(url).text
    client.force_login(cast.funder)
    page = client.get(url)
    assert page.status_code == 200 and "staff-notes-placeholder" not in page.text


def test_a_lazy_section_checks_its_own_permission(client, cast, staff_only_lazy_section):
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/staff-notes/"
    client.force_login(cast.lead)
    assert "Notes for Riverside" in client.get(url).text
    client.force_login(cast.funder)
    assert client.get(url).status_code == 403
    client.force_login(cast.partner)
    assert client.get(url).status_code == 403
    client.force_login(cast.other_community_lead)
    assert client.get(url).status_code == 404
    client.force_login(cast.other_org_admin)
    assert client.get(url).status_code == 404


def test_it_answers_404_for_a_section_that_is_not_lazy_or_not_there(client, cast):
    client.force_login(cast.lead)
    base = f"/o/{cast.org.slug}/c/{cast.community.slug}/panels/"
    assert client.get(base + "support/").status_code == 404  # shown with the page, not loaded after it
    assert client.get(base + "nothing-here/").status_code == 404
