from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE
from cocreate.support import plan as support_plan
from cocreate.support.models import SupportPlanVersion
from cocreate.testing.routes import Route

WRITERS = frozenset({"admin", "practitioner"})


def riverside_plan(c) -> SupportPlanVersion:
    """Version 1 of Riverside's support plan (the same one however often it is asked for)."""
    version = support_plan.current_version(c.community)
    if version is None:
        version = support_plan.do_save_support_plan_draft(
            c.community,
            acting_user=c.practitioner,
            purpose="Help the team build its own capacity to run the program well.",
            how_we_work="We meet monthly.",
            activities=[
                support_plan.ActivityData(
                    stage="installation",
                    title="Monthly coaching",
                    functions=["is"],
                    providers=[c.practitioner],
                )
            ],
            publish=True,
        )
    return version


def sp(c, suffix=""):
    return f"/o/{c.org.slug}/c/{c.community.slug}/support-plan/{suffix}"


def v1(c, suffix=""):
    return sp(c, f"v{riverside_plan(c).number}/{suffix}")


def with_draft(c, suffix):
    """A URL that needs a draft to act on: one is saved first."""
    riverside_plan(c)
    if support_plan.draft_of(c.community) is None:
        support_plan.do_save_support_plan_draft(
            c.community,
            acting_user=c.practitioner,
            purpose="Help the team build its own capacity.",
            how_we_work="",
            activities=[
                support_plan.ActivityData(
                    stage="initial", title="Reflect together", functions=["is"], provider_name="Outside coach"
                )
            ],
        )
    return sp(c, suffix)


def edit_data(c):
    return {
        "purpose": "Help the team build capacity.",
        "how_we_work": "",
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
        "activities-0-stage": "installation",
        "activities-0-title": "Train the home visitors",
        "activities-0-functions": ["wfd"],
        "activities-0-provider_name": "Program trainer",
        "save": "",
    }


# Everyone in Riverside reads the published support plan and prints any version; only the intermediary's
# staff (network admins and support practitioners) edit, publish or discard its draft.
ROUTES = [
    Route("support:plan", sp, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("support:plan_versions", lambda c: sp(c, "versions/"), SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route("support:plan_version", v1, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    # Documents are prepared in the task queue: the button posts, and goes on to the progress page.
    Route(
        "support:plan_docx",
        lambda c: v1(c, "docx/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "support:plan_pdf",
        lambda c: v1(c, "pdf/"),
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("support:plan_edit", lambda c: sp(c, "edit/"), WRITERS, hidden=NOT_RIVERSIDE),
    Route(
        "support:plan_edit",
        lambda c: sp(c, "edit/"),
        WRITERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=edit_data,
        allowed_status=302,
    ),
    Route(
        "support:plan_publish",
        lambda c: with_draft(c, "publish/"),
        WRITERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "support:plan_discard",
        lambda c: with_draft(c, "discard/"),
        WRITERS,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
]
