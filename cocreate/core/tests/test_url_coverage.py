"""Every URL of ours is tested for anonymous access, another organization's people, and every role."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import cocreate
from cocreate.testing.routes import Route

OUR_NAMESPACES = {
    "core",
    "accounts",
    "partners",
    "assessments",
    "support",
    "planning",
    "meetings",
    "observations",
    "leaders",
    "compensation",
    "worksheets",
    "surveys",
    "listening",
    "steps",
    "api",
}
OUR_TOP_LEVEL_NAMES = {"home"}


def all_routes() -> list[Route]:
    """Every `ROUTES` list in a `cocreate/<app>/tests/routes*.py` module."""
    routes: list[Route] = []
    for app in pkgutil.iter_modules(cocreate.__path__):
        try:
            tests = importlib.import_module(f"cocreate.{app.name}.tests")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(tests.__path__):
            if module.name.startswith("routes"):
                routes.extend(importlib.import_module(f"{tests.__name__}.{module.name}").ROUTES)
    return routes


def our_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                if namespace in OUR_NAMESPACES:
                    names.add(f"{namespace}:{p.name}")
                elif not namespace and p.name in OUR_TOP_LEVEL_NAMES:
                    names.add(p.name)

    walk(get_resolver().url_patterns)
    return names


ROUTES = all_routes()
MATRIX = [r for r in ROUTES if not r.exempt]


def test_it_has_a_route_declaration_for_every_url():
    declared = {r.name for r in ROUTES}
    missing = our_url_names() - declared
    assert not missing, f"URL patterns without a permission declaration in tests/routes.py: {sorted(missing)}"


@pytest.mark.parametrize("route", MATRIX, ids=lambda r: r.name)
def test_it_sends_anonymous_people_to_sign_in(client, cast, route):
    response = getattr(client, route.method)(route.url(cast))
    assert response.status_code == route.anonymous_status
    if route.anonymous_status == 302:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("route", MATRIX, ids=lambda r: r.name)
def test_it_answers_each_person_by_their_role(client, cast, route):
    people = cast.everyone()
    # Those refused first: an allowed POST may change the object (archive, remove) for those after.
    order = sorted(people, key=lambda who: who in route.allowed)
    wrong = []
    for who in order:
        client.force_login(people[who])
        data = route.data(cast) if route.data else {}
        response = getattr(client, route.method)(route.url(cast), data)
        if response.status_code != route.expected(who):
            wrong.append(f"{who}: got {response.status_code}, expected {route.expected(who)}")
        client.logout()
    assert not wrong, "\n".join(wrong)
