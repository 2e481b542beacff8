"""Who may read the instrument library, who may adapt it, and who may read and write reflections.

The library is read by whoever runs or studies assessments (staff, evaluators; team leads through their
community role, the Lakeview lead too); only a network admin changes it. Reflections belong to a
community: everyone in it reads them, staff and partners add answers.
"""

from cocreate.assessments import instruments
from cocreate.assessments.instruments import copy_to_organization
from cocreate.core.tests.routes import ADMIN, NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.partners.models import CAPACITY_DOMAINS
from cocreate.testing.routes import Route

from .helpers import team_version

LIBRARY_READERS = STAFF | {"evaluator", "other_community_lead"}


def library(c):
    return f"/o/{c.org.slug}/instruments"


def builtin_url(c):
    return f"{library(c)}/{team_version().pk}"


def draft(c):
    """The organization's draft of the small test instrument (the same one on every call)."""
    return copy_to_organization(team_version(), c.org, c.admin)


def draft_url(c):
    return f"{library(c)}/{draft(c).pk}"


def first_item(c):
    return draft(c).items.order_by("section__position", "position").first()


def first_section(c):
    return draft(c).sections.order_by("position").first()


def reflections_url(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}/reflections/"


def reflection_data(c):
    questions = instruments.stage_questions()
    domain = next(key for key, _label in CAPACITY_DOMAINS if questions.get(key, {}).get(c.community.stage))
    question = questions[domain][c.community.stage][0]
    return {
        "domain": domain,
        "stage": c.community.stage,
        "question_key": question["key"],
        "answer": "We met.",
    }


def item_data(c):
    return {"text_en": "Families co-chair the team", "text_es": ""}


def admin_post(name, url, data=None):
    # Everyone else in the organization sees the library (or not), but is refused the change: 403.
    return Route(name, url, ADMIN, method="post", data=data, allowed_status=302)


ROUTES = [
    Route("assessments:instruments", lambda c: f"{library(c)}/", LIBRARY_READERS),
    Route("assessments:instrument", lambda c: f"{builtin_url(c)}/", LIBRARY_READERS),
    Route("assessments:instrument", lambda c: f"{draft_url(c)}/", LIBRARY_READERS),
    admin_post("assessments:instrument_adapt", lambda c: f"{builtin_url(c)}/adapt/"),
    Route("assessments:instrument_edit", lambda c: f"{draft_url(c)}/edit/", ADMIN),
    admin_post(
        "assessments:instrument_edit",
        lambda c: f"{draft_url(c)}/edit/",
        data=lambda c: {"name_en": "Our capacity check", "name_es": "", "target": "75"},
    ),
    Route("assessments:item_edit", lambda c: f"{draft_url(c)}/items/{first_item(c).pk}/", ADMIN),
    admin_post(
        "assessments:item_edit", lambda c: f"{draft_url(c)}/items/{first_item(c).pk}/", data=item_data
    ),
    Route(
        "assessments:item_add", lambda c: f"{draft_url(c)}/sections/{first_section(c).pk}/items/new/", ADMIN
    ),
    admin_post(
        "assessments:item_add",
        lambda c: f"{draft_url(c)}/sections/{first_section(c).pk}/items/new/",
        data=item_data,
    ),
    admin_post("assessments:item_remove", lambda c: f"{draft_url(c)}/items/{first_item(c).pk}/remove/"),
    admin_post(
        "assessments:item_move",
        lambda c: f"{draft_url(c)}/items/{first_item(c).pk}/move/",
        data=lambda c: {"direction": "down"},
    ),
    Route("assessments:section_edit", lambda c: f"{draft_url(c)}/sections/{first_section(c).pk}/", ADMIN),
    admin_post("assessments:instrument_publish", lambda c: f"{draft_url(c)}/publish/"),
    Route("assessments:reflections", reflections_url, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route(
        "assessments:reflections",
        reflections_url,
        STAFF | {"partner"},
        hidden=NOT_RIVERSIDE,
        method="post",
        data=reflection_data,
        allowed_status=302,
    ),
]
