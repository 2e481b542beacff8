from cocreate.testing.routes import ORG_MEMBERS, Route


def org(c):
    return f"/o/{c.org.slug}"


def riverside(c):
    return f"/o/{c.org.slug}/c/{c.community.slug}"


def initiative(c):
    return f"/o/{c.org.slug}/i/{c.initiative.slug}"


def partner_membership_pk(c):
    return c.partner.memberships.get().pk


STAFF = frozenset({"admin", "practitioner", "lead"})
ADMIN = frozenset({"admin"})
# Everyone in the organization but the lead of the other community, who cannot see Riverside.
SEES_RIVERSIDE = ORG_MEMBERS - {"other_community_lead"}
NOT_RIVERSIDE = frozenset({"other_community_lead"})

ROUTES = [
    Route("core:organization", lambda c: f"{org(c)}/", ORG_MEMBERS),
    Route("core:my_roles", lambda c: f"{org(c)}/me/", ORG_MEMBERS),
    Route("core:for_me", lambda c: f"{org(c)}/for-me/", ORG_MEMBERS),
    Route("core:organization_edit", lambda c: f"{org(c)}/edit/", ADMIN),
    Route(
        "core:organization_archive", lambda c: f"{org(c)}/archive/", ADMIN, method="post", allowed_status=302
    ),
    Route("core:organization_members", lambda c: f"{org(c)}/members/", ADMIN),
    Route(
        "core:membership_remove",
        lambda c: f"{org(c)}/members/{partner_membership_pk(c)}/remove/",
        ADMIN,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("core:initiative_create", lambda c: f"{org(c)}/initiatives/new/", ADMIN),
    Route("core:initiative", lambda c: f"{initiative(c)}/", ORG_MEMBERS),
    Route("core:initiative_edit", lambda c: f"{initiative(c)}/edit/", ADMIN),
    Route(
        "core:initiative_archive",
        lambda c: f"{initiative(c)}/archive/",
        ADMIN,
        method="post",
        allowed_status=302,
    ),
    Route("core:community_create", lambda c: f"{initiative(c)}/communities/new/", ADMIN),
    Route("core:community", lambda c: f"{riverside(c)}/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
    Route(
        "core:community_panel",
        lambda c: f"{riverside(c)}/panels/assessments/",
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "core:community_panel", lambda c: f"{riverside(c)}/panels/plan/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE
    ),
    Route(
        "core:community_panel",
        lambda c: f"{riverside(c)}/panels/surveys/",
        SEES_RIVERSIDE,
        hidden=NOT_RIVERSIDE,
    ),
    Route("core:community_edit", lambda c: f"{riverside(c)}/edit/", ADMIN | {"lead"}, hidden=NOT_RIVERSIDE),
    Route(
        "core:community_archive",
        lambda c: f"{riverside(c)}/archive/",
        ADMIN,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route("core:community_stage", lambda c: f"{riverside(c)}/stage/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "core:community_history", lambda c: f"{riverside(c)}/history/", SEES_RIVERSIDE, hidden=NOT_RIVERSIDE
    ),
    Route(
        "core:community_members",
        lambda c: f"{riverside(c)}/members/",
        STAFF | {"partner"},
        hidden=NOT_RIVERSIDE,
    ),
    Route("core:team_create", lambda c: f"{riverside(c)}/teams/new/", STAFF, hidden=NOT_RIVERSIDE),
    Route("core:team_edit", lambda c: f"{riverside(c)}/teams/{c.team.pk}/edit/", STAFF, hidden=NOT_RIVERSIDE),
    Route(
        "core:team_archive",
        lambda c: f"{riverside(c)}/teams/{c.team.pk}/archive/",
        STAFF,
        hidden=NOT_RIVERSIDE,
        method="post",
        allowed_status=302,
    ),
    Route(
        "home",
        lambda c: "/",
        frozenset(),
        exempt="lists the signed-in person's own organizations; see test_views",
    ),
    Route(
        "core:organization_create",
        lambda c: "/orgs/new/",
        frozenset(),
        exempt="any signed-in person may start an organization; see test_views",
    ),
]

TRANSLATORS = STAFF | {"partner"}


def translation_data(c):
    from datetime import date

    from cocreate.planning.actions import do_create_goal

    goal = do_create_goal(
        c.community,
        acting_user=None,
        statement="Families lead one meeting a term",
        target_on=date(2027, 6, 30),
    )
    prefix = f"gplanning.goal-{goal.pk}-statement-es"
    return {
        f"{prefix}-key": "planning.goal",
        f"{prefix}-pk": goal.pk,
        f"{prefix}-field": "statement",
        f"{prefix}-language": "es",
        f"{prefix}-text": "Las familias dirigen una reunión por trimestre",
    }


ROUTES += [
    Route("core:organization_translations", lambda c: f"{org(c)}/translations/", ADMIN),
    Route(
        "core:community_translations",
        lambda c: f"{riverside(c)}/translations/",
        TRANSLATORS,
        hidden=NOT_RIVERSIDE,
    ),
    Route(
        "core:translation_save",
        lambda c: f"{riverside(c)}/translations/save/",
        TRANSLATORS,
        hidden=NOT_RIVERSIDE,
        method="post",
        data=translation_data,
        allowed_status=302,
    ),
]
