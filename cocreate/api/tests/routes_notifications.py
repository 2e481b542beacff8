"""A person's own notifications on the API: every signed-in person gets her own (200); anonymous 401."""

from cocreate.testing.routes import ORG_MEMBERS, OUTSIDERS, Route

EVERYONE = ORG_MEMBERS | OUTSIDERS

ROUTES = [
    Route("api:notifications", lambda c: "/api/v1/me/notifications/", EVERYONE, anonymous_status=401),
    Route(
        "api:notifications_read",
        lambda c: "/api/v1/me/notifications/read/",
        EVERYONE,
        anonymous_status=401,
        method="post",
        data=lambda c: {},
    ),
    Route(
        "api:notification_read",
        lambda c: "/api/v1/me/notifications/1/read/",
        frozenset(),
        exempt="one of her own notifications (404 for anyone else's); see test_notifications_api",
    ),
    Route(
        "api:notification_settings",
        lambda c: "/api/v1/me/notification-settings/",
        EVERYONE,
        anonymous_status=401,
    ),
]
