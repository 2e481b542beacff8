"""Who may use the engagement plan, its exports and history, and the role-description templates.

The plan is read by everyone in the community (funders and evaluators included) and changed by staff.
Role templates belong to the whole organization: everyone in it may read them; whoever may change a
plan somewhere in it (admin, a practitioner, any team lead — the Lakeview lead too) may adapt them.
"""

from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.partners import plan as plans
from cocreate.partners.access import plan_for
from cocreate.partners.models import PartnerType, RoleTemplate, TeamRole
from cocreate.testing.routes import ORG_MEMBERS, Route

from .helpers import riverside_parent

TEMPLATE_EDITORS = STAFF | {"other_community_lead"}


def base(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}"


def plan_url(c):
    return f"{base(c)}/plan"


def templates_url(c):
    return f"/o/{c.org.slug}/role-templates"


def new_entry(c):
    """A fresh entry each time: a removal by one allowed person must not leave a 404 for the next."""
    return plans.do_add_entry(
        plan_for(c.community),
        responsible="Lee Lead",
        partner_type=PartnerType.COMMUNITY,
        strategies="A call before each first meeting.",
        acting_user=c.lead,
    )


def new_agreement(c):
    return plans.do_add_agreement(
        plan_for(c.community), with_whom="Family leaders", what="Meetings at 6 pm.", acting_user=c.lead
    )


def org_template(c):
    return RoleTemplate.objects.create(
        organization=c.org, title="Parent partner", responsibilities="Speak up."
    )


def entry_data(c):
    return {"responsible": "Pat", "whom": f"type:{PartnerType.FUNDER}", "strategies": "Quarterly briefings."}


def agreement_data(c):
    return {"with_whom": "Everyone", "what": "We rotate the facilitator.", "agreed_on": "2026-03-01"}


def placement_data(c):
    return {"partner": riverside_parent(c).pk, "team": c.team.pk, "title": "Co-chair", "responsibilities": ""}


def post(name, url, allowed, *, data=None, hidden=NOT_RIVERSIDE):
    return Route(name, url, allowed, hidden=hidden, method="post", data=data, allowed_status=302)


ROUTES = [
    Route("partners:plan", lambda c: f"{plan_url(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("partners:plan_history", lambda c: f"{plan_url(c)}/history/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    # Downloads are prepared in the task queue: the button posts, and goes on to the progress page.
    post("partners:plan_docx", lambda c: f"{plan_url(c)}/download/docx/", SEES_RIVERSIDE),
    post("partners:plan_pdf", lambda c: f"{plan_url(c)}/download/pdf/", SEES_RIVERSIDE),
    Route("partners:plan_goals", lambda c: f"{plan_url(c)}/goals/", STAFF, hidden=NOT_RIVERSIDE),
    Route("partners:plan_entry_create", lambda c: f"{plan_url(c)}/entries/new/", STAFF, hidden=NOT_RIVERSIDE),
    post("partners:plan_entry_create", lambda c: f"{plan_url(c)}/entries/new/", STAFF, data=entry_data),
    Route(
        "partners:plan_entry_edit",
        lambda c: f"{plan_url(c)}/entries/{new_entry(c).pk}/edit/",
        STAFF,
        hidden=NOT_RIVERSIDE,
    ),
    post("partners:plan_entry_remove", lambda c: f"{plan_url(c)}/entries/{new_entry(c).pk}/remove/", STAFF),
    post(
        "partners:plan_entry_move",
        lambda c: f"{plan_url(c)}/entries/{new_entry(c).pk}/move/",
        STAFF,
        data=lambda c: {"direction": "up"},
    ),
    Route(
        "partners:plan_agreement_create",
        lambda c: f"{plan_url(c)}/agreements/new/",
        STAFF,
        hidden=NOT_RIVERSIDE,
    ),
    post(
        "partners:plan_agreement_create",
        lambda c: f"{plan_url(c)}/agreements/new/",
        STAFF,
        data=agreement_data,
    ),
    Route(
        "partners:plan_agreement_edit",
        lambda c: f"{plan_url(c)}/agreements/{new_agreement(c).pk}/edit/",
        STAFF,
        hidden=NOT_RIVERSIDE,
    ),
    post(
        "partners:plan_agreement_remove",
        lambda c: f"{plan_url(c)}/agreements/{new_agreement(c).pk}/remove/",
        STAFF,
    ),
    Route(
        "partners:role_from_template",
        lambda c: f"{base(c)}/roles/from-template/?template=builtin:family-leader",
        STAFF,
        hidden=NOT_RIVERSIDE,
    ),
    post(
        "partners:role_from_template",
        lambda c: f"{base(c)}/roles/from-template/",
        STAFF,
        # A different title for each allowed person: the same role twice is refused (200, not 302).
        data=lambda c: {**placement_data(c), "title": f"Co-chair {TeamRole.objects.count()}"},
    ),
    Route("partners:role_templates", lambda c: f"{templates_url(c)}/", ORG_MEMBERS),
    Route("partners:role_template_create", lambda c: f"{templates_url(c)}/new/", TEMPLATE_EDITORS),
    post(
        "partners:role_template_copy",
        lambda c: f"{templates_url(c)}/builtin/family-leader/copy/",
        TEMPLATE_EDITORS,
        hidden=frozenset(),
    ),
    Route(
        "partners:role_template_edit",
        lambda c: f"{templates_url(c)}/{org_template(c).pk}/edit/",
        TEMPLATE_EDITORS,
    ),
    post(
        "partners:role_template_delete",
        lambda c: f"{templates_url(c)}/{org_template(c).pk}/remove/",
        TEMPLATE_EDITORS,
        hidden=frozenset(),
    ),
]
