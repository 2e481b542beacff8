"""Generated support logs for benchmarks: `EVENTS_PER_COMMUNITY` support events per community over the
last two years (200,000 at the national scale of 1,000 communities), each with its domains, its
facilitator (the community's practitioner, sometimes with the network admin), a few attendee partners
and headcounts by partner type. Steps for `cocreate.core.generate` (see its docstring for the contract).

The events are made and inserted a few communities at a time, their domain, facilitator and attendance
rows right after, so memory stays flat however large the network; they go in with plain `executemany`
(see `RawInsert`). As everywhere in generated data, bulk inserts write no history records.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from cocreate.core.generate import BATCH_SIZE, Build, Step

from .models import (
    DOMAIN_KEYS,
    HEADCOUNT_FIELDS,
    Function,
    Modality,
    PartnerAttendance,
    SupportEvent,
    SupportEventDomain,
    SupportFacilitator,
    SupportType,
)

EVENTS_PER_COMMUNITY = 200
DAYS = 730  # spread over two years, up to today
COMMUNITIES_PER_CHUNK = 5  # ~1,000 events, then their rows
HOURS = [Decimal(h) for h in ("0.5", "1.0", "1.0", "1.5", "1.5", "1.5", "2.0", "2.0", "3.0", "4.0")]
TYPES = [
    (SupportType.COACHING, 30),
    (SupportType.CONSULTATION, 20),
    (SupportType.PLANNING, 15),
    (SupportType.TRAINING, 12),
    (SupportType.LISTENING, 10),
    (SupportType.OBSERVATION, 8),
    (SupportType.OTHER, 5),
]
FUNCTIONS = [(Function.IS, 45), (Function.PEC, 20), (Function.WFD, 15), (Function.REDL, 12), (Function.PF, 8)]
MODALITIES = [(Modality.VIRTUAL, 45), (Modality.IN_PERSON, 35), (Modality.PHONE, 10), (Modality.HYBRID, 10)]
SUMMARIES = [
    "Coached the team on preparing family leaders before the monthly meeting.",
    "Reviewed the month's data with the team and chose one measure to improve.",
    "Listening session with parents about evening times and child care.",
    "Planned the next quarter's actions with the team lead.",
    "Observed the team meeting and debriefed on how decisions were made.",
    "Trained new home visitors on the program's core components.",
]
NEXT_STEPS = [
    "Try it at the next meeting and report back.",
    "Share the notes with the family advisory group.",
    "Draft the plan and circulate it a week ahead.",
    "",
]


def _weighted(pairs) -> list:
    return [value for value, weight in pairs for _ in range(weight)]


class RawInsert:
    """Rows straight into a table with `executemany`: `bulk_create` spends most of its time preparing
    each field of each object, which at 200,000 events (and three times as many rows hanging off them)
    is minutes. Values are adapted for the database the way Django would (`connection.ops.adapt_*`)."""

    def __init__(self, build: Build, model, columns: list[str]):
        self.build, self.model = build, model
        qn = connection.ops.quote_name
        self.sql = (
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )

    def __call__(self, rows: list[tuple]) -> None:
        with connection.cursor() as cursor:
            for i in range(0, len(rows), BATCH_SIZE):
                cursor.executemany(self.sql, rows[i : i + BATCH_SIZE])
        self.build.counts[self.model._meta.label] += len(rows)


def create_support_events(build: Build) -> Iterator[int]:
    rng, org_id, ops = build.rng, build.org.pk, connection.ops
    types, functions, modalities = _weighted(TYPES), _weighted(FUNCTIONS), _weighted(MODALITIES)
    partners_of: dict[int, list] = {}
    for partner in build.extra.get("partners", []):
        partners_of.setdefault(partner.community_id, []).append(partner)
    event_columns = [
        "id",
        "organization_id",
        "community_id",
        "date",
        "hours",
        "event_type",
        "function",
        "modality",
        *HEADCOUNT_FIELDS.values(),
        "summary",
        "next_steps",
        "logged_by_id",
        "created_at",
        "updated_at",
    ]
    insert_events = RawInsert(build, SupportEvent, event_columns)
    scope = ["organization_id", "community_id", "event_id"]
    insert_domains = RawInsert(build, SupportEventDomain, [*scope, "domain", "date", "hours"])
    insert_facilitators = RawInsert(build, SupportFacilitator, [*scope, "user_id"])
    insert_attendances = RawInsert(build, PartnerAttendance, [*scope, "partner_id"])
    # Ids are given here, so the rows hanging off an event need no round trip; the sequence is reset after.
    next_id = (SupportEvent.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    hours = [ops.adapt_decimalfield_value(h, 3, 1) for h in HOURS]
    communities = list(enumerate(build.communities))
    for start in range(0, len(communities), COMMUNITIES_PER_CHUNK):
        events, domains, facilitators, attendances = [], [], [], []
        for i, community in communities[start : start + COMMUNITIES_PER_CHUNK]:
            practitioner_id = build.practitioner_of(i).pk
            partners = partners_of.get(community.pk, [])
            for _ in range(EVENTS_PER_COMMUNITY):
                event_id, next_id = next_id, next_id + 1
                attending = rng.sample(partners, min(len(partners), rng.choice([0, 1, 2, 2, 3, 4])))
                counts = dict.fromkeys(HEADCOUNT_FIELDS, 0)
                for partner in attending:
                    counts[partner.partner_type] += 1
                counts["intermediary"] += 1 if rng.random() < 0.3 else 0
                counts["community"] += rng.choice([0, 0, 1, 2, 5])  # families who came without registering
                created = build.now - timedelta(days=rng.randint(0, DAYS - 1), minutes=rng.randint(0, 600))
                stamp = ops.adapt_datetimefield_value(created)
                day = ops.adapt_datefield_value(timezone.localdate(created))  # the day where it happened
                length = rng.choice(hours)
                events.append(
                    (
                        event_id,
                        org_id,
                        community.pk,
                        day,
                        length,
                        rng.choice(types).value,
                        rng.choice(functions).value,
                        rng.choice(modalities).value,
                        *counts.values(),
                        rng.choice(SUMMARIES),
                        rng.choice(NEXT_STEPS),
                        practitioner_id,
                        stamp,
                        stamp,
                    )
                )
                where = (org_id, community.pk, event_id)
                domains += [
                    (*where, key, day, length) for key in rng.sample(DOMAIN_KEYS, rng.choice([1, 1, 2, 2, 3]))
                ]
                facilitators.append((*where, practitioner_id))
                if rng.random() < 0.1:
                    facilitators.append((*where, build.admin.pk))
                attendances += [(*where, partner.pk) for partner in attending]
        insert_events(events)
        insert_domains(domains)
        insert_facilitators(facilitators)
        insert_attendances(attendances)
        yield len(events)
    with connection.cursor() as cursor:
        for sql in ops.sequence_reset_sql(no_style(), [SupportEvent]):
            cursor.execute(sql)


STEPS = [
    Step("support events", create_support_events, lambda b: len(b.communities) * EVENTS_PER_COMMUNITY),
]
