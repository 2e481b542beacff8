"""Generated worksheets for benchmarks. Steps for `cocreate.core.generate` (see its docstring).

One community in three has written its mission statement: two drafts and a published version 1 (the
worksheet published); one in six of those also has a prism in progress. As everywhere in generated
data, bulk inserts write no history.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from cocreate.core.generate import Build, Step, insert

from .models import VersionKind, Worksheet, WorksheetStatus, WorksheetVersion
from .seeding import builtin, starting_content

SHARE = 3  # every third community
WORDS = ["families", "together", "home visits", "in their language", "a real say", "every child", "trust"]


def _chosen(build: Build) -> list[int]:
    return list(range(0, len(build.communities), SHARE))


def _mission_text(build: Build, name: str) -> str:
    picked = build.rng.sample(WORDS, 3)
    return f"In {name}, {picked[0]} and staff work on {picked[1]}, so that {picked[2]} matters."


def create_worksheets(build: Build) -> Iterator[int]:
    rng = build.rng
    mission, prism = builtin("mission"), builtin("prism")
    prism_start = starting_content(prism.definition)
    rows: list[Worksheet] = []
    texts: dict[int, list[dict]] = {}  # index in rows -> the contents of its drafts and version
    for i in _chosen(build):
        community, lead = build.communities[i], build.leads[i]
        when = build.now - timedelta(days=rng.randint(10, 400))
        drafts = []
        for n in range(2):
            text = _mission_text(build, community.name)
            drafts.append({"drafts": {"candidates": [{"_key": f"d{n}", "statement": text}]}})
        final = {**drafts[-1], "publish": {"final": drafts[-1]["drafts"]["candidates"][0]["statement"]}}
        texts[len(rows)] = [*drafts, final]
        common = dict(
            organization_id=build.org.pk,
            community_id=community.pk,
            created_by_id=lead.pk,
            changed_by_id=lead.pk,
            created_at=when,
            changed_at=when + timedelta(days=14),
            language="en",
        )
        rows.append(
            Worksheet(
                template_version=mission,
                kind=mission.template.kind,
                title="Our mission",
                content=final,
                step_versions={"drafts": 2, "publish": 1},
                status=WorksheetStatus.PUBLISHED,
                published_number=1,
                **common,
            )
        )
        if rng.random() < 1 / 6:
            rows.append(
                Worksheet(
                    template_version=prism,
                    kind=prism.template.kind,
                    title="How each of us sees the first visit",
                    content=prism_start,
                    **common,
                )
            )
    saved: list[Worksheet] = []
    for batch in insert(build, Worksheet, rows):
        saved.extend(batch)
        yield len(batch)

    def versions():
        for index, contents in texts.items():
            ws = saved[index]
            for n, content in enumerate(contents):
                published = n == len(contents) - 1
                yield WorksheetVersion(
                    organization_id=ws.organization_id,
                    community_id=ws.community_id,
                    worksheet_id=ws.pk,
                    kind=VersionKind.PUBLISHED if published else VersionKind.DRAFT,
                    number=1 if published else n + 1,
                    content=content,
                    saved_by_id=ws.created_by_id,
                    saved_at=ws.created_at + timedelta(days=7 * (n + 1)),
                )

    for batch in insert(build, WorksheetVersion, versions()):
        yield len(batch)


def _total(build: Build) -> int:
    chosen = len(_chosen(build))
    return chosen * (1 + 3) + chosen // 6 + 1


STEPS = [Step("toolkit worksheets", create_worksheets, _total)]
