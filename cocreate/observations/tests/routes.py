"""Process observation pages."""

from cocreate.core.tests.routes import NOT_RIVERSIDE, STAFF
from cocreate.planning.tests.helpers import riverside_action

from .helpers import riverside_finding, riverside_plan, riverside_record, today

# "observation.view": the team and the evaluators (funders do not see what confused a family).
VIEW = STAFF | {"partner", "evaluator"}
# "observation.change": anyone on the team may shadow a process, a parent included.
CHANGE = STAFF | {"partner"}


def base(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}/observations/"


def plan(c):
    return f"{base(c)}{riverside_plan(c).pk}/"


def record(c):
    return f"{base(c)}records/{riverside_record(c).pk}/"


def finding(c):
    return f"{base(c)}findings/{riverside_finding(c).pk}/"


def plan_form(c):
    return {
        "aim": "See the sign-up through a parent's eyes",
        "process": "Signing up for the parent group",
        "starts_where": "A flyer at the clinic",
        "ends_where": "The first group meeting",
        "method": "walk_through",
        "planned_on": today().isoformat(),
        "observers": [c.lead.pk],
    }


def record_form(c):
    return {
        "observed_on": today().isoformat(),
        "observers": [c.lead.pk],
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-expected": "Family fills in the form",
        "steps-0-happened": "Family gave up on page two",
        "changes": "Shorten the form",
    }


def feedback_form(c):
    return {"said": "The letter did not say who would visit", "said_on": today().isoformat()}


def change_idea_form(c):
    return {
        "action": riverside_action(c).pk,
        "change_idea": "Call families in the evening",
        "prediction": "More families answer the first call",
        "measure_name": "Families reached on the first call",
    }


def _post(name, url, allowed, data):
    return Route(name, url, allowed, hidden=NOT_RIVERSIDE, method="post", data=data, allowed_status=302)


from cocreate.testing.routes import Route  # noqa: E402

ROUTES = [
    Route("observations:plans", base, VIEW, hidden=NOT_RIVERSIDE),
    Route("observations:plan_create", lambda c: f"{base(c)}new/", CHANGE, hidden=NOT_RIVERSIDE),
    _post("observations:plan_create", lambda c: f"{base(c)}new/", CHANGE, plan_form),
    Route("observations:plan", plan, VIEW, hidden=NOT_RIVERSIDE),
    Route("observations:plan_csv", lambda c: f"{plan(c)}records.csv", VIEW, hidden=NOT_RIVERSIDE),
    Route("observations:plan_edit", lambda c: f"{plan(c)}edit/", CHANGE, hidden=NOT_RIVERSIDE),
    _post("observations:plan_edit", lambda c: f"{plan(c)}edit/", CHANGE, plan_form),
    # Deleting: staff, or whoever made it (the helpers' plan and record are the lead's, so staff here).
    Route("observations:plan_delete", lambda c: f"{plan(c)}delete/", STAFF, hidden=NOT_RIVERSIDE),
    _post("observations:plan_delete", lambda c: f"{plan(c)}delete/", STAFF, lambda c: {}),
    Route("observations:record_delete", lambda c: f"{record(c)}delete/", STAFF, hidden=NOT_RIVERSIDE),
    _post("observations:record_delete", lambda c: f"{record(c)}delete/", STAFF, lambda c: {}),
    Route("observations:record_create", lambda c: f"{plan(c)}records/new/", CHANGE, hidden=NOT_RIVERSIDE),
    _post("observations:record_create", lambda c: f"{plan(c)}records/new/", CHANGE, record_form),
    Route("observations:record_edit", lambda c: f"{record(c)}edit/", CHANGE, hidden=NOT_RIVERSIDE),
    _post("observations:record_edit", lambda c: f"{record(c)}edit/", CHANGE, record_form),
    # A finding becomes feedback for whoever records feedback ("planning.contribute": staff and partners)…
    Route("observations:finding_feedback", lambda c: f"{finding(c)}feedback/", CHANGE, hidden=NOT_RIVERSIDE),
    _post("observations:finding_feedback", lambda c: f"{finding(c)}feedback/", CHANGE, feedback_form),
    # …and a change idea for those who write PDSA cycles ("planning.change": staff).
    Route(
        "observations:finding_change_idea", lambda c: f"{finding(c)}change-idea/", STAFF, hidden=NOT_RIVERSIDE
    ),
    _post("observations:finding_change_idea", lambda c: f"{finding(c)}change-idea/", STAFF, change_idea_form),
]
