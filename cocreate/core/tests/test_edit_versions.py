"""No edit silently overwrites another: every editable model is versioned, every edit page carries the
version it was opened on, and a stale save is refused with what changed (then saved on a second try)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.test import Client

import cocreate
from cocreate.core.concurrency import EditsAVersion, StaleEdit, Versioned
from cocreate.core.tests.test_url_coverage import ROUTES

STALE = "Someone else saved this while you were editing it"

# Every editable model, and the edit pages that change it (a page per form that edits it).
EDIT_PAGES: dict[str, list[str]] = {
    "core.Organization": ["core:organization_edit"],
    "core.Initiative": ["core:initiative_edit"],
    "core.Community": ["core:community_edit"],
    "core.Team": ["core:team_edit"],
    "partners.Partner": ["partners:edit"],
    "partners.RoleTemplate": ["partners:role_template_edit"],
    "assessments.InstrumentVersion": ["assessments:instrument_edit"],
    "planning.Goal": ["planning:goal_edit"],
    "planning.Action": ["planning:action_edit"],
    "planning.PdsaCycle": ["planning:cycle_phase"],
    "planning.FeedbackItem": ["planning:feedback_edit"],
    "meetings.Decision": ["meetings:decision_edit"],
    "meetings.Meeting": ["meetings:meeting_edit", "meetings:meeting_prep", "meetings:meeting_minutes"],
    "support.SupportEvent": ["support:edit"],
    "observations.ObservationPlan": ["observations:plan_edit"],
    "observations.ObservationRecord": ["observations:record_edit"],
    "leaders.Call": ["leaders:call_edit"],
    "leaders.PeerNetwork": ["leaders:network_edit"],
    "compensation.Claim": ["compensation:my_claim_edit", "compensation:claim_change"],
    "worksheets.Worksheet": ["worksheets:step_edit", "worksheets:worksheet_edit"],
    "surveys.Survey": ["surveys:survey_edit"],
    "surveys.Theme": ["surveys:theme_edit"],
    "listening.FocusGroup": ["listening:group_edit"],
    "listening.GuideQuestion": ["listening:question_edit", "listening:notes"],
    "steps.StepRating": ["steps:rate"],
}

# `do_update_*` writes that edit something other than a versioned record, and why.
NOT_VERSIONED = {
    # The partnership engagement plan is a versioned document of its own (draft, publish as version
    # N); its entries and agreements are edited inside it.
    "do_update_goals": "the engagement plan's text carries `based_on_version`",
    "do_update_entry": "a row of the engagement plan (the versioned document)",
    "do_update_agreement": "a row of the engagement plan (the versioned document)",
    # `Item.version` is the instrument version the item belongs to; items change only in an
    # organization's draft, which only its network admins edit.
    "do_update_item": "an item of an instrument draft (its draft is versioned)",
    # The organization's review rubric and how long applications are kept: short lists only its
    # network admins edit; a call copies the criteria it uses, so an edit never changes what was scored.
    "do_update_criterion": "a criterion of the organization's rubric (calls keep their own copy)",
    "do_update_leader_settings": "one number, set by the network admins",
}


def _our_modules():
    for info in pkgutil.walk_packages(cocreate.__path__, "cocreate."):
        if ".tests" in info.name or ".migrations" in info.name or info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _update_writes():
    seen = {}
    for module in _our_modules():
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("do_update") and func.__module__ == module.__name__:
                seen[f"{module.__name__}.{name}"] = func
    return seen


def test_it_versions_every_model_a_do_update_edits():
    problems = []
    for where, func in _update_writes().items():
        if func.__name__ in NOT_VERSIONED or func.__name__ == "do_update":
            continue
        first = next(iter(inspect.signature(func).parameters))
        model = typing.get_type_hints(func).get(first)
        if not (isinstance(model, type) and issubclass(model, Versioned)):
            problems.append(f"{where}: edits {model!r}, which does not inherit core.concurrency.Versioned")
        params = inspect.signature(func).parameters
        if "version" not in params and "edit_version" not in params:
            problems.append(f"{where}: takes no `version` (the one the editor started from)")
    assert not problems, "\n".join(problems)


def test_it_has_edit_pages_for_every_versioned_model_and_no_other():
    versioned = {
        m._meta.label for m in apps.get_models() if issubclass(m, Versioned) and not m._meta.abstract
    }
    assert versioned == set(EDIT_PAGES), (
        "A model that inherits Versioned needs its edit pages listed in EDIT_PAGES (and one that is "
        "listed must inherit it)"
    )


def test_it_carries_the_version_on_every_model_form_of_a_versioned_model():
    missing = []
    for module in _our_modules():
        for name, form in inspect.getmembers(module, inspect.isclass):
            meta = getattr(form, "_meta", None)
            model = getattr(meta, "model", None)
            if (
                issubclass(form, forms.BaseModelForm)
                and isinstance(model, type)
                and issubclass(model, Versioned)
                and not issubclass(form, EditsAVersion)
            ):
                missing.append(f"{module.__name__}.{name}")
    assert not missing, f"Model forms of versioned models without EditsAVersion: {sorted(set(missing))}"


# The pages ---------------------------------------------------------------------------------------------

# Edit pages of a state machine, whose stale edit is tested where the states are: the generic
# two-editor play below cannot fit them (and why).
OWN_STALE_TESTS = {
    # A change after approval needs its reason; the page opened on the old version is refused in
    # compensation/tests/test_approvals_staff.py::test_a_change_after_approval_makes_version_2.
    "compensation:claim_change": "a reason is required with every change",
    # Once she sent it again from one phone, it is no longer hers to change from the other; the stale
    # send is refused in compensation/tests/test_claims.py.
    "compensation:my_claim_edit": "after the other editor's send the claim is no longer returned",
    # Each step of a worksheet has its own counter (two people on different steps never collide);
    # the stale save of one step is refused with the text saved meanwhile shown beside hers, in
    # worksheets/tests/test_engine_pages.py::test_two_editors_on_one_step_page.
    "worksheets:step_edit": "a step carries its own counter (`started_from`), not the worksheet's version",
}
PAGES = [
    (label, name) for label, names in EDIT_PAGES.items() for name in names if name not in OWN_STALE_TESTS
]


def _route(name: str):
    gets = [r for r in ROUTES if r.name == name and r.method == "get"]
    return gets[0]


def _editor(cast, route):
    who = next(w for w in ("lead", "admin", "practitioner", "partner") if w in route.allowed)
    return getattr(cast, who)


def posted(form) -> dict:
    """What a browser sends back for `form` as the page showed it (nothing changed)."""
    data: dict[str, Any] = {}
    for bf in form:
        value = bf.value()
        widget = bf.field.widget
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bf.html_name] = "on"
        elif isinstance(widget, forms.MultiWidget):
            for i, part in enumerate(widget.decompress(value) or []):
                data[f"{bf.html_name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, (list, tuple)):
            data[bf.html_name] = [str(v) for v in value]
        elif value is not None:
            data[bf.html_name] = str(value)
    return data


def _page_data(response) -> dict:
    data = posted(response.context["form"])
    formset = response.context.get("formset")
    if formset is not None:
        data.update({f.html_name: f.value() for f in formset.management_form})
        for form in formset.forms:
            data.update(posted(form))
    return data


def _open(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert "version" in response.context["form"].fields, "the edit form carries no version"
    return _page_data(response)


@pytest.mark.parametrize(("label", "name"), PAGES, ids=[f"{label}:{name}" for label, name in PAGES])
def test_it_refuses_the_second_of_two_editors_then_saves_on_retry(cast, label, name):
    route = _route(name)
    url = route.url(cast)
    if name == "planning:cycle_phase":
        url = url.replace("/do/", "/plan/")  # the phase whose form shows what is saved
    first, second = Client(), Client()
    first.force_login(_editor(cast, route))
    second.force_login(_editor(cast, route))
    mine, theirs = _open(first, url), _open(second, url)
    assert first.post(url, mine).status_code == 302

    refused = second.post(url, theirs)
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    moved_on = refused.context["form"]["version"].value()
    assert str(moved_on) == str(int(theirs["version"]) + 1)

    # Having seen what changed, saving again keeps this person's version.
    assert second.post(url, {**theirs, "version": moved_on}).status_code == 302


def test_it_names_what_changed_and_shows_the_value_saved_meanwhile(client, cast):
    url = f"/o/{cast.org.slug}/c/{cast.community.slug}/teams/{cast.team.pk}/edit/"
    client.force_login(cast.lead)
    opened = _open(client, url)
    other = Client()
    other.force_login(cast.practitioner)
    assert other.post(url, {**_open(other, url), "name": "Family council"}).status_code == 302

    refused = client.post(url, {**opened, "purpose": "Parents lead the planning"})
    page = refused.content.decode()
    assert "(changed: name)" in page
    assert "Name was saved meanwhile as “Family council”" in page
    cast.team.refresh_from_db()
    assert (cast.team.name, cast.team.purpose) == ("Family council", "")


def test_it_refuses_a_stale_write_outside_the_pages_too(cast):
    from cocreate.core import actions

    version = cast.team.version
    actions.do_update(cast.team, acting_user=cast.lead, version=version, name="Family council")
    with pytest.raises(StaleEdit) as refused:
        actions.do_update(cast.team, acting_user=cast.admin, version=version, purpose="Parents")
    assert refused.value.changed == {"name": "Name was saved meanwhile as “Family council”."}
    assert refused.value.current_version == version + 1


# The API -------------------------------------------------------------------------------------------------


def test_it_answers_a_stale_if_match_with_412_and_what_changed(client, cast):
    from cocreate.partners.tests.helpers import riverside_parent

    partner = riverside_parent(cast)
    url = f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/partners/{partner.pk}/"
    client.force_login(cast.lead)
    opened = partner.version
    ok = client.patch(
        url, {"name": "Ana M."}, content_type="application/json", headers={"If-Match": f'"{opened}"'}
    )
    assert ok.status_code == 200
    stale = client.patch(
        url,
        {"affiliation": "Parent council"},
        content_type="application/json",
        headers={"If-Match": f'"{opened}"'},
    )
    assert stale.status_code == 412
    body = stale.json()
    assert body["current_version"] == opened + 1
    assert "name" in body["changed"] and STALE in body["non_field_errors"][0]
    partner.refresh_from_db()
    assert (partner.name, partner.affiliation) == ("Ana M.", "")


def test_it_answers_a_stale_version_in_the_body_with_409_and_a_wrong_one_with_400(client, cast):
    from cocreate.planning.tests.helpers import make_goal

    goal = make_goal(cast)
    url = f"/api/v1/orgs/{cast.org.slug}/communities/{cast.community.slug}/planning/goals/{goal.pk}/"
    client.force_login(cast.lead)
    opened = client.get(url).json()["version"]
    saved = client.patch(
        url, {"statement": "Parents co-lead", "version": opened}, content_type="application/json"
    )
    assert saved.status_code == 200 and saved.json()["version"] == opened + 1
    stale = client.patch(url, {"why_team": "Because", "version": opened}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["changed"] == {
        "statement": "Goal statement was saved meanwhile as “Parents co-lead”."
    }
    wrong = client.patch(
        url, {"why_team": "Because"}, content_type="application/json", headers={"If-Match": "x"}
    )
    assert wrong.status_code == 400 and "version" in wrong.json()
