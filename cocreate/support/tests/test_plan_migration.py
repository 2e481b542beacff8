"""The implementation-support plan moved from planning to support with its data: a database that had
plans under planning has the same plans, activities, staff and history under support."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("planning", "0009_digest_claims_from_last_reminder"),
    ("support", "0002_goals_actions_and_event_surveys"),
]
AFTER = [
    ("planning", "0010_support_plan_moves_to_support"),
    ("support", "0004_support_plan_content_types_from_planning"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_support_plan_when_the_plan_moves_to_support(cast):
    old = migrate(BEFORE)
    Version = old.get_model("planning", "SupportPlanVersion")
    Activity = old.get_model("planning", "SupportActivity")
    HistoricalActivity = old.get_model("planning", "HistoricalSupportActivity")
    version = Version.objects.create(
        organization_id=cast.org.pk,
        community_id=cast.community.pk,
        number=1,
        published_at=timezone.now(),
        purpose="Help the team build capacity.",
    )
    activity = Activity.objects.create(
        organization_id=cast.org.pk,
        community_id=cast.community.pk,
        version=version,
        stage="installation",
        title="Monthly coaching",
        functions=["is"],
    )
    activity.providers.add(cast.practitioner.pk)
    HistoricalActivity.objects.create(
        id=activity.pk,
        organization_id=cast.org.pk,
        community_id=cast.community.pk,
        version_id=version.pk,
        key=activity.key,
        stage="installation",
        title="Monthly coaching",
        functions=["is"],
        history_date=timezone.now(),
        history_type="+",
    )

    new = migrate(AFTER)
    Version = new.get_model("support", "SupportPlanVersion")
    Activity = new.get_model("support", "SupportActivity")
    moved = Version.objects.get(pk=version.pk)
    assert (moved.number, moved.purpose) == (1, "Help the team build capacity.")
    row = Activity.objects.get(pk=activity.pk)
    assert (row.version_id, row.title, row.key) == (version.pk, "Monthly coaching", activity.key)
    assert list(row.providers.values_list("pk", flat=True)) == [cast.practitioner.pk]
    assert new.get_model("support", "HistoricalSupportActivity").objects.filter(id=activity.pk).count() == 1

    # And back, for a rollback.
    old = migrate(BEFORE)
    assert (
        old.get_model("planning", "SupportActivity").objects.get(pk=activity.pk).title == "Monthly coaching"
    )
    # Forward to the latest state again (the later tests of this process expect it): the staff rows
    # take their activity's organization on the way (support 0006).
    latest = migrate(latest_targets())
    provider = latest.get_model("support", "SupportActivityProvider").objects.get()
    assert (provider.organization_id, provider.community_id) == (cast.org.pk, cast.community.pk)


def latest_targets():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
