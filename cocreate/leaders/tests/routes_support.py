"""Support over time pages in the permission matrix. The leader opened is not the cast's partner (she
sees only her own page: tested in test_support_views)."""

from django.utils import timezone

from cocreate.core.tests.routes import ADMIN, NOT_RIVERSIDE, STAFF
from cocreate.testing.routes import Route

from ..models import OnboardingCompletion
from .factories_support import make_partner, riverside_leader


def today():
    return timezone.localdate().isoformat()


# "leaders.view" and "leader.support": the community's staff (the admin org-wide).


def training(c):
    return f"/o/{c.org.slug}/leaders/settings/training/"


def module(c):
    from cocreate.leaders import support

    support.do_add_default_modules(c.org, acting_user=None)
    return support.modules_of(c.org).first()


def leaders(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}/leaders/"


def leader(c):
    return f"{leaders(c)}{riverside_leader(c).pk}/"


def completion(c):
    row = OnboardingCompletion.objects.filter(leader=riverside_leader(c), module=None).first()
    if row is None:
        l = riverside_leader(c)  # noqa: E741
        row = OnboardingCompletion.objects.create(
            organization=c.org, community=c.community, leader=l, module=None, completed_on=l.started_on
        )
    return f"{leader(c)}checklist/{row.pk}/undo/"


def make_form(c):
    return {"partner": make_partner(c.community, "Nina New").pk, "started_on": today()}


def _post(name, url, allowed, data, hidden=NOT_RIVERSIDE):
    return Route(name, url, allowed, hidden=hidden, method="post", data=data, allowed_status=302)


ROUTES = [
    Route("leaders:training", training, ADMIN),
    _post(
        "leaders:training",
        training,
        ADMIN,
        lambda c: {"title": "Listening well", "active": "on"},
        hidden=frozenset(),
    ),
    Route("leaders:training_edit", lambda c: f"{training(c)}{module(c).pk}/edit/", ADMIN),
    _post(
        "leaders:training_edit",
        lambda c: f"{training(c)}{module(c).pk}/edit/",
        ADMIN,
        lambda c: {"title": "Renamed"},
        hidden=frozenset(),
    ),
    _post(
        "leaders:training_move",
        lambda c: f"{training(c)}{module(c).pk}/move/",
        ADMIN,
        lambda c: {"direction": "down"},
        hidden=frozenset(),
    ),
    Route("leaders:leaders", leaders, STAFF, hidden=NOT_RIVERSIDE),
    Route("leaders:leader_make", lambda c: f"{leaders(c)}new/", STAFF, hidden=NOT_RIVERSIDE),
    _post("leaders:leader_make", lambda c: f"{leaders(c)}new/", STAFF, make_form),
    Route("leaders:leader", leader, STAFF, hidden=NOT_RIVERSIDE),
    _post("leaders:leader_mentor", lambda c: f"{leader(c)}mentor/", STAFF, lambda c: {"mentor": c.lead.pk}),
    _post(
        "leaders:leader_completion",
        lambda c: f"{leader(c)}checklist/",
        STAFF,
        lambda c: {"item": "orientation", "completed_on": today()},
    ),
    _post("leaders:leader_completion_undo", completion, STAFF, lambda c: {}),
    _post(
        "leaders:leader_check_in",
        lambda c: f"{leader(c)}check-ins/",
        STAFF,
        lambda c: {"on": today(), "notes": "Fine"},
    ),
    _post(
        "leaders:leader_recognition",
        lambda c: f"{leader(c)}recognitions/",
        STAFF,
        lambda c: {"title": "Ran the listening session", "on": today()},
    ),
    _post(
        "leaders:leader_public",
        lambda c: f"{leader(c)}public/",
        STAFF,
        lambda c: {"show": "on", "agreed": "on"},
    ),
    _post("leaders:leader_end", lambda c: f"{leader(c)}end/", STAFF, lambda c: {"ended_on": today()}),
]
