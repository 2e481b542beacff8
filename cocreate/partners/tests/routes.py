from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import Route

from .helpers import area, riverside_parent


def base(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}"


def partner(c):
    return f"{base(c)}/partners/{riverside_parent(c).pk}"


def team_role_pk(c):
    from cocreate.partners.actions import do_place_on_team
    from cocreate.partners.models import TeamRole

    role = TeamRole.objects.filter(partner=riverside_parent(c)).first()
    return (role or do_place_on_team(c.team, partner=riverside_parent(c), title="Family leader")).pk


ROUTES = [
    Route("partners:list", lambda c: f"{base(c)}/partners/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("partners:charts", lambda c: f"{base(c)}/partners/charts/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("partners:create", lambda c: f"{base(c)}/partners/new/", STAFF, hidden=NOT_RIVERSIDE),
    Route("partners:detail", lambda c: f"{partner(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("partners:edit", lambda c: f"{partner(c)}/edit/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "partners:archive",
        lambda c: f"{partner(c)}/archive/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=lambda c: {"archive": "0"},
        allowed_status=302,
    ),
    Route(
        "partners:engaged",
        lambda c: f"{partner(c)}/engaged/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "partners:level",
        lambda c: f"{partner(c)}/levels/{area(c.community).pk}/",
        STAFF,
        hidden=NOT_RIVERSIDE,
    ),
    Route("partners:role_create", lambda c: f"{partner(c)}/roles/new/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "partners:role_remove",
        lambda c: f"{partner(c)}/roles/{team_role_pk(c)}/remove/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("partners:area_create", lambda c: f"{base(c)}/areas/new/", STAFF, hidden=NOT_RIVERSIDE),
]
