from cocreate.assessments import actions
from cocreate.assessments.models import Administration
from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE, STAFF
from cocreate.testing.routes import Route

from .helpers import answer, open_round

EXPORT = STAFF | {"funder", "evaluator"}


def riverside_round(c) -> Administration:
    """One round in Riverside that three people answered, in its consensus session (so its figures
    show and it can be exported), made once per test and reused by every request of it."""
    adm = Administration.objects.filter(community=c.community).first()
    if adm is None:
        adm = open_round(c)
        for user in (c.lead, c.partner, c.practitioner):
            answer(adm, user, {"cc-involved": 0, "cc-plan": 2, "cc-feedback": 1, "lt-team": 2, "lt-roles": 1})
        actions.do_start_consensus(adm)
    return adm


def results(c, suffix="results/"):
    return f"/o/{c.org.slug}/c/{c.community.slug}/assessments/{riverside_round(c).pk}/{suffix}"


def flag(c):
    adm = riverside_round(c)
    return results(c, f"gaps/{adm.version.items.get(key='cc-involved').pk}/")


# Everyone in Riverside sees its results (aggregates only); staff, funders and evaluators export them;
# staff flag gaps (a redirect back to the results, with the outcome as a message).
ROUTES = [
    Route("assessments:results", results, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("assessments:results_csv", lambda c: results(c, "results.csv"), EXPORT, hidden=NOT_RIVERSIDE),
    Route("assessments:results_xlsx", lambda c: results(c, "results.xlsx"), EXPORT, hidden=NOT_RIVERSIDE),
    # Prepared in the task queue: the button posts, and goes on to the progress page.
    Route(
        "assessments:report_pdf",
        lambda c: results(c, "report.pdf"),
        EXPORT,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("assessments:flag_gap", flag, STAFF, hidden=NOT_RIVERSIDE, method="post", allowed_status=302),
    Route(
        "assessments:trend",
        lambda c: (
            f"/o/{c.org.slug}/c/{c.community.slug}/assessments/trend/{riverside_round(c).instrument_key}/"
        ),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
]
