"""The decision log as a CSV file. A secret vote appears as its counts: no cell names a voter."""

from __future__ import annotations

from collections import Counter

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from cocreate.core import translations

from .models import Decision, Participant, Position


def decision_rows(decisions: QuerySet[Decision]) -> tuple[list[str], list[list]]:
    """(header, rows), newest first: one row per decision, with its positions counted and, for an open
    decision only, who took part and where they stood."""
    header = [
        _("Date"),
        _("Proposal"),
        _("How we decided"),
        _("Decided by"),
        _("Outcome"),
        _("Rationale"),
        _("Secret vote"),
        _("Agree"),
        _("Stand aside"),
        _("Object"),
        _("Who took part"),
        _("Objections and how they were resolved"),
    ]
    rows = []
    people = Participant.objects.select_related("partner", "user").order_by("pk")
    found = list(decisions.select_related("decider").prefetch_related(Prefetch("participants", people)))
    translations.with_translations(found)  # titles and rationales in the reader's language where written
    for d in found:
        participants = sorted(d.participants.all(), key=lambda p: p.name.casefold())
        if d.secret_vote:
            counts, who, objections = d.vote_counts, "", ""
        else:
            counts = Counter(p.position for p in participants)
            who = "; ".join(
                f"{p.name} ({p.get_partner_type_display() or _('member')}): {p.get_position_display()}"
                for p in participants
            )
            objections = "; ".join(
                f"{p.name} ({p.get_position_display()}): {p.reason} → "
                f"{p.resolution or (_('resolved') if p.resolved_by_id else _('not resolved'))}"
                for p in participants
                if p.is_objection
            )
        rows.append(
            [
                d.decided_on.isoformat(),
                translations.text(d, "title"),
                d.get_method_display(),
                d.decider.display_name if d.decider else "",
                d.get_outcome_display(),
                translations.text(d, "rationale"),
                _("yes") if d.secret_vote else _("no"),
                counts.get(Position.AGREE, 0),
                counts.get(Position.STAND_ASIDE, 0),
                counts.get(Position.OBJECT, 0) + counts.get(Position.BLOCK, 0),  # a block is an objection
                who,
                objections,
            ]
        )
    return header, rows
