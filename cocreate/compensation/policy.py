"""Versions of an organization's compensation policy: reading them, and writing the next one.

A version is never edited once written: a claim keeps the version in force on its event's date
(`Claim.policy`), so changing a rate means a new version from a date on. The one exception is a
version that takes effect on the same day as the new one and that no claim uses yet: it is replaced
(the numbering still moves on), so a typo noticed the same morning can be put right.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.errors import WriteError
from cocreate.core.models import Membership, Organization, Role

from .models import Basis, Policy

# The notice every payment notice and yearly statement carries, until the organization writes its own.
DEFAULT_NOTICE_EN = (
    "What we pay you for your time is taxable income, and we do not withhold any tax from it: you may "
    "want to set part of it aside for when you file your taxes. If you receive benefits that depend on "
    "your income, tell your caseworker about each payment within 10 days of receiving it."
)
DEFAULT_NOTICE_ES = (
    "Lo que le pagamos por su tiempo es un ingreso sujeto a impuestos, y no le retenemos ningún "
    "impuesto: quizá le convenga apartar una parte para cuando presente su declaración. Si recibe "
    "beneficios que dependen de sus ingresos, informe a su trabajador social de cada pago dentro de los "
    "10 días siguientes a recibirlo."
)

# The largest amounts a version may set: above them a figure is almost surely a typing slip.
MAX_RATE = Decimal("10000")
MAX_MILEAGE_RATE = Decimal("10")
MAX_HOURS = Decimal("24")
MAX_THRESHOLD = Decimal("1000000")

FIELDS = (
    "effective_from",
    "currency",
    "honorarium_basis",
    "honorarium_rate",
    "max_prep_hours",
    "max_meeting_hours",
    "max_travel_hours",
    "childcare_daily_cap",
    "childcare_exception_approver",
    "mileage_rate",
    "actual_costs_allowed",
    "special_event_approver",
    "notice_en",
    "notice_es",
    "reporting_threshold",
)

# Who may be named to approve exceptions: the organization's staff and finance.
APPROVER_ROLES = (Role.NETWORK_ADMIN, Role.PRACTITIONER, Role.TEAM_LEAD, Role.FINANCE)


def versions(organization: Organization) -> QuerySet[Policy]:
    """Every version, the latest date first, with its approvers (one query)."""
    return Policy.objects.filter(organization=organization).select_related(
        "childcare_exception_approver", "special_event_approver", "created_by"
    )


def latest_policy(organization: Organization | int) -> Policy | None:
    """The version with the latest date (possibly not yet in force): its threshold counts for totals."""
    org_id = organization if isinstance(organization, int) else organization.pk
    return Policy.objects.filter(organization_id=org_id).order_by("-effective_from", "-number").first()


def approver_choices(organization: Organization):
    """The people who may be named as approvers: the organization's staff and finance, by name."""
    from cocreate.accounts.models import User

    ids = Membership.objects.filter(organization=organization, role__in=APPROVER_ROLES).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("name", "email")


def initial_from(policy: Policy | None) -> dict:
    """A new version's form starts from the version in force (or the defaults for a first one)."""
    today = timezone.localdate()
    if policy is None:
        return {
            "effective_from": today,
            "currency": "USD",
            "honorarium_basis": Basis.HOUR,
            "actual_costs_allowed": True,
            "notice_en": DEFAULT_NOTICE_EN,
            "notice_es": DEFAULT_NOTICE_ES,
            "reporting_threshold": Decimal("600.00"),
        }
    values = {name: getattr(policy, name) for name in FIELDS}
    values["effective_from"] = max(today, policy.effective_from)
    return values


def _check(organization: Organization, fields: dict, *, backdate: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    start: date | None = fields.get("effective_from")
    latest = latest_policy(organization)
    if start is None:
        errors["effective_from"] = _("Give the date this version takes effect.")
    elif start < today and not backdate:
        errors["effective_from"] = _(
            "A new version takes effect today or later: claims already made keep the version they were made under."
        )
    elif latest is not None and start < latest.effective_from:
        errors["effective_from"] = _(
            "The latest version takes effect on %(date)s: a new one cannot start before it."
        ) % {"date": latest.effective_from.isoformat()}
    elif latest is not None and start == latest.effective_from and latest.claims.exists():
        errors["effective_from"] = _(
            "A version already takes effect on that day and claims use it: choose a later day."
        )
    currency = (fields.get("currency") or "").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors["currency"] = _("Write the currency as its three-letter code (ISO 4217), such as USD.")
    if fields.get("honorarium_basis") not in Basis.values:
        errors["honorarium_basis"] = _("Choose per hour or per day.")

    def amount(name: str, most: Decimal, message: str) -> None:
        value = fields.get(name)
        if value is None:
            errors[name] = _("This is required.")
        elif value < 0:
            errors[name] = _("This cannot be negative.")
        elif value > most:
            errors[name] = message

    amount("honorarium_rate", MAX_RATE, _("More than 10,000 is surely a slip: check the rate."))
    for name in ("max_prep_hours", "max_meeting_hours", "max_travel_hours"):
        amount(name, MAX_HOURS, _("A day has 24 hours: give at most 24."))
    amount("childcare_daily_cap", MAX_RATE, _("More than 10,000 a day is surely a slip: check the cap."))
    amount("mileage_rate", MAX_MILEAGE_RATE, _("More than 10 a mile is surely a slip: check the rate."))
    amount("reporting_threshold", MAX_THRESHOLD, _("More than 1,000,000 is surely a slip: check it."))
    for name in ("notice_en", "notice_es"):
        if not (fields.get(name) or "").strip():
            errors[name] = _("The notice is required in both languages: every payment notice carries it.")
    allowed = set(approver_choices(organization).values_list("pk", flat=True))
    for name in ("childcare_exception_approver", "special_event_approver"):
        person = fields.get(name)
        if person is not None and person.pk not in allowed:
            errors[name] = _("Choose one of the organization's staff or finance people.")
    return errors


@transaction.atomic
def do_create_policy_version(
    organization: Organization, *, acting_user, backdate: bool = False, **fields
) -> Policy:
    """Write the next version of the organization's policy, in force from `effective_from`.

    `fields` are the names in `FIELDS`. A version takes effect today or later (`backdate` lets the demo
    and generators write one that started in the past), never before the latest version's date. A
    version of the same date that no claim uses is replaced; one that claims use is never touched.
    """
    # One writer at a time per organization: the numbering and "the latest date" stay true.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown policy fields: {sorted(unknown)}")
    errors = _check(organization, fields, backdate=backdate)
    if errors:
        raise WriteError(errors)
    values = dict(fields)
    values["currency"] = values["currency"].upper()
    values["notice_en"] = values["notice_en"].strip()
    values["notice_es"] = values["notice_es"].strip()
    Policy.objects.filter(
        organization=organization, effective_from=values["effective_from"], claims__isnull=True
    ).delete()
    number = (Policy.objects.filter(organization=organization).aggregate(n=Max("number"))["n"] or 0) + 1
    policy = Policy(organization=organization, number=number, created_by=acting_user, **values)
    policy.save()
    return policy
