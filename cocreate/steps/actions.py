"""The one write of the board: the team rates a step (`do_rate_step`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.concurrency import claim_edit, stale_edit
from cocreate.core.errors import WriteError
from cocreate.core.models import Community

from .models import STEP_COUNT, Rating, StepRating

# The version an edit form carries when it was opened before the step had any rating.
NEW = 0


@transaction.atomic
def do_rate_step(
    community: Community,
    *,
    acting_user,
    step: int,
    version: int | None,
    rating: str,
    notes: str = "",
    next_step: str = "",
) -> StepRating:
    """Save the team's rating of `step` in `community`, with its notes and next step.

    `version` is the one the editor started from: `NEW` (0) when the step had no rating yet, None for a
    write that saw no form (the demo, an API call without a version), which saves over whatever is
    there. A stale version — or a first rating when someone saved one meanwhile — raises `StaleEdit`,
    and nothing is saved."""
    if not 1 <= step <= STEP_COUNT:
        raise WriteError({"step": _("Choose a step from 1 to 8.")})
    if rating not in Rating.values:
        raise WriteError({"rating": _("Choose where the team is on this step.")})
    row = StepRating.objects.filter(community=community, step=step).first()
    if row is None:
        row = StepRating(organization_id=community.organization_id, community=community, step=step)
        try:
            with transaction.atomic():
                _fill(row, acting_user, rating, notes, next_step)
                row.save()
        except IntegrityError:
            # Someone rated this step first, between our read and our insert.
            row = StepRating.objects.get(community=community, step=step)
            raise stale_edit(StepRating, row.pk, NEW) from None
        return row
    if version == NEW:
        raise stale_edit(StepRating, row.pk, NEW)
    claim_edit(row, version)
    _fill(row, acting_user, rating, notes, next_step)
    row.save()
    return row


def _fill(row: StepRating, acting_user, rating: str, notes: str, next_step: str) -> None:
    row.rating, row.notes, row.next_step = rating, notes.strip(), next_step.strip()
    row.updated_by = acting_user
    row.updated_at = timezone.now()
    row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
