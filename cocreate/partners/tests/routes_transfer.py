"""Who may import, export, and handle one person's data (see cocreate/testing/routes.py)."""

from cocreate.partners.actions import do_create_partner
from cocreate.partners.models import Partner
from cocreate.testing.routes import ORG_MEMBERS, Route

STAFF = frozenset({"admin", "practitioner", "lead"})  # partner.transfer
ADMIN = frozenset({"admin"})  # partner.privacy
NOT_RIVERSIDE = frozenset({"other_community_lead"})
assert STAFF | ADMIN <= ORG_MEMBERS


def partners(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}/partners"


def person(c):
    """A partner in Riverside to look at or erase (a fresh one once the last has been erased)."""
    partner = Partner.objects.filter(community=c.community, name="Rosa Route", erased_at__isnull=True).first()
    partner = partner or do_create_partner(c.community, name="Rosa Route", partner_type="community")
    return f"{partners(c)}/{partner.pk}"


ROUTES = [
    Route("partners:import", lambda c: f"{partners(c)}/import/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "partners:import_template",
        lambda c: f"{partners(c)}/import/template.csv",
        STAFF,
        hidden=NOT_RIVERSIDE,
    ),
    # With no file waiting, those allowed are sent to choose one.
    Route(
        "partners:import_preview",
        lambda c: f"{partners(c)}/import/preview/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        allowed_status=302,
    ),
    Route(
        "partners:import_confirm",
        lambda c: f"{partners(c)}/import/confirm/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "partners:import_cancel",
        lambda c: f"{partners(c)}/import/cancel/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("partners:export_csv", lambda c: f"{partners(c)}/export.csv", STAFF, hidden=NOT_RIVERSIDE),
    Route("partners:export_xlsx", lambda c: f"{partners(c)}/export.xlsx", STAFF, hidden=NOT_RIVERSIDE),
    Route("partners:privacy", lambda c: f"{person(c)}/privacy/", ADMIN, hidden=NOT_RIVERSIDE),
    Route(
        "partners:privacy_export",
        lambda c: f"{person(c)}/privacy/export/",
        ADMIN,
        hidden=NOT_RIVERSIDE,
        method="post",
    ),
    Route("partners:erase", lambda c: f"{person(c)}/privacy/erase/", ADMIN, hidden=NOT_RIVERSIDE),
    Route(
        "partners:erase",
        lambda c: f"{person(c)}/privacy/erase/",
        ADMIN,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"confirm": "on"},
        allowed_status=302,
    ),
]
