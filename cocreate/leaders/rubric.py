"""The organization's review rubric and its leader settings (the network admin's "leaders.settings").

A call copies the active criteria when it is made (`CallCriterion`), so editing this list never changes
what a reviewer already scored. An organization without criteria gets the default set below the first
time someone looks: written to remind reviewers that the people who will lead best are often not the
obvious choices — several criteria name strengths that no diploma or job title shows.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import WriteError
from cocreate.core.models import Organization

from .models import LeaderSettings, RubricCriterion

# Scores are 1 to 4; each has a label so that reviewers mean the same thing by the same number.
SCORE_LABELS = {
    1: _("Not yet seen"),
    2: _("Some"),
    3: _("Clear"),
    4: _("A clear strength"),
}


def score_choices() -> list[tuple[int, str]]:
    """The scores as radio choices ("3 · Clear"), in the language active now."""
    return [(value, f"{value} · {label}") for value, label in SCORE_LABELS.items()]


# (name, what to look for, a strength beyond the usual credentials)
DEFAULT_CRITERIA = [
    (
        _("Lived experience of the system"),
        _(
            "Has she used these services, waited in these rooms, filled in these forms? Knowing the system "
            "from the inside is expertise: score what she knows, not how it is worded."
        ),
        True,
    ),
    (
        _("Connections in the community"),
        _(
            "The people who already come to her: neighbours, other parents, a faith group, a sports club. "
            "Trust she has earned counts as much as any position she holds."
        ),
        True,
    ),
    (
        _("Ideas for improvement"),
        _("What she would change, and why. A small, concrete idea is worth as much as a big plan."),
        False,
    ),
    (
        _("Working with others"),
        _("Listening, disagreeing kindly, bringing other voices in — at home, at work or as a volunteer."),
        False,
    ),
    (
        _("Willingness to learn"),
        _(
            "Curiosity and openness to training and feedback. Nobody is expected to know how meetings, "
            "budgets or data work before they start."
        ),
        False,
    ),
]


def criteria_of(organization: Organization, *, with_inactive: bool = True) -> list[RubricCriterion]:
    """The organization's rubric in its order, the default set made first if it has none."""
    ensure_default_rubric(organization)
    qs = RubricCriterion.objects.filter(organization=organization)
    if not with_inactive:
        qs = qs.filter(active=True)
    return list(qs.order_by("position", "pk"))


@transaction.atomic
def ensure_default_rubric(organization: Organization, *, acting_user=None) -> bool:
    """Write the default criteria for an organization that has none; True if it did."""
    if RubricCriterion.objects.filter(organization=organization).exists():
        return False
    Organization.objects.select_for_update().filter(pk=organization.pk).first()  # one writer at a time
    if RubricCriterion.objects.filter(organization=organization).exists():
        return False
    for position, (name, guidance, beyond) in enumerate(DEFAULT_CRITERIA, start=1):
        criterion = RubricCriterion(
            organization=organization,
            position=position,
            name=str(name),
            guidance=str(guidance),
            beyond_credentials=beyond,
        )
        criterion._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
        criterion.save()
    return True


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise WriteError({"name": _("Name the criterion.")})
    return name


@transaction.atomic
def do_add_criterion(
    organization: Organization,
    *,
    acting_user,
    name: str,
    guidance: str = "",
    beyond_credentials: bool = False,
) -> RubricCriterion:
    """Add a criterion at the end of the organization's rubric (used by calls made from now on)."""
    ensure_default_rubric(organization, acting_user=acting_user)
    name = _clean_name(name)
    if RubricCriterion.objects.filter(organization=organization, name__iexact=name, active=True).exists():
        raise WriteError({"name": _("The rubric has a criterion with this name already.")})
    last = RubricCriterion.objects.filter(organization=organization).aggregate(m=Max("position"))["m"] or 0
    criterion = RubricCriterion(
        organization=organization,
        position=last + 1,
        name=name,
        guidance=(guidance or "").strip(),
        beyond_credentials=beyond_credentials,
    )
    criterion._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    criterion.save()
    return criterion


@transaction.atomic
def do_update_criterion(
    criterion: RubricCriterion,
    *,
    acting_user,
    name: str,
    guidance: str = "",
    beyond_credentials: bool = False,
) -> RubricCriterion:
    name = _clean_name(name)
    clash = RubricCriterion.objects.filter(
        organization_id=criterion.organization_id, name__iexact=name, active=True
    ).exclude(pk=criterion.pk)
    if clash.exists():
        raise WriteError({"name": _("The rubric has a criterion with this name already.")})
    criterion.name, criterion.guidance = name, (guidance or "").strip()
    criterion.beyond_credentials = beyond_credentials
    criterion._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    criterion.save()
    return criterion


@transaction.atomic
def do_move_criterion(criterion: RubricCriterion, *, acting_user, direction: str) -> RubricCriterion:
    """Swap the criterion with its neighbour above ("up") or below ("down"); at either end, nothing."""
    if direction not in ("up", "down"):
        raise WriteError(_("Move a criterion up or down."))
    rows = list(
        RubricCriterion.objects.select_for_update()
        .filter(organization_id=criterion.organization_id)
        .order_by("position", "pk")
    )
    index = next(i for i, row in enumerate(rows) if row.pk == criterion.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(rows):
        return criterion
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows, start=1):
        if row.position != position:
            row.position = position
            row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
            row.save(update_fields=["position"])
    return next(row for row in rows if row.pk == criterion.pk)


@transaction.atomic
def do_set_criterion_active(criterion: RubricCriterion, *, acting_user, active: bool) -> RubricCriterion:
    """Take a criterion out of new calls (calls already made keep their copy), or bring it back."""
    if criterion.active == active:
        return criterion
    if (
        not active
        and not RubricCriterion.objects.filter(organization_id=criterion.organization_id, active=True)
        .exclude(pk=criterion.pk)
        .exists()
    ):
        raise WriteError(_("Keep at least one criterion in use: reviewers need something to score."))
    criterion.active = active
    criterion._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    criterion.save(update_fields=["active"])
    return criterion


def settings_of(organization: Organization) -> LeaderSettings:
    """The organization's leader settings (the defaults when it never saved any; nothing is written)."""
    found = LeaderSettings.objects.filter(organization=organization).first()
    return found or LeaderSettings(organization=organization)


MAX_DAYS = 3650


@transaction.atomic
def do_update_leader_settings(
    organization: Organization, *, acting_user, anonymise_after_days: int
) -> LeaderSettings:
    if anonymise_after_days is None or not 1 <= anonymise_after_days <= MAX_DAYS:
        raise WriteError({"anonymise_after_days": _("Give a number of days between 1 and 3650.")})
    row, _created = LeaderSettings.objects.select_for_update().get_or_create(organization=organization)
    row.anonymise_after_days = anonymise_after_days
    row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history
    row.save()
    return row
