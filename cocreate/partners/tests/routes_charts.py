from cocreate.core.tests.routes import NOT_RIVERSIDE, SEES_RIVERSIDE
from cocreate.testing.routes import Route


def chart(c, name="partner-types", fmt="json"):
    return f"/o/{c.org.slug}/c/{c.community.slug}/charts/{name}.{fmt}"


# Counts only, no names: everyone who sees Riverside's partners sees its charts. PNG and SVG go
# through the same view; test_charts checks them for the roles that matter.
ROUTES = [
    Route("partners:chart", chart, SEES_RIVERSIDE, hidden=NOT_RIVERSIDE),
]
