from cocreate.testing.routes import Route

ROUTES = [
    Route(
        "notifications:inbox",
        lambda c: "/inbox/",
        frozenset(),
        exempt="a person's own inbox, outside any organization; see test_inbox",
    ),
    Route(
        "notifications:open",
        lambda c: "/inbox/1/",
        frozenset(),
        exempt="opens one of her own notifications (404 for anyone else's); see test_inbox",
    ),
    Route(
        "notifications:mark_read",
        lambda c: "/inbox/1/read/",
        frozenset(),
        exempt="marks one of her own notifications read (404 for anyone else's); see test_inbox",
    ),
    Route(
        "notifications:mark_all_read",
        lambda c: "/inbox/read/",
        frozenset(),
        exempt="marks her own notifications read; see test_inbox",
    ),
    Route(
        "notifications:preferences",
        lambda c: "/profile/notifications/",
        frozenset(),
        exempt="a person's own notification settings, outside any organization; see test_preferences",
    ),
    Route(
        "notifications:unsubscribe",
        lambda c: "/unsubscribe/x/",
        frozenset(),
        exempt="reached by the signed token in an email, without signing in; see test_unsubscribe",
    ),
]
