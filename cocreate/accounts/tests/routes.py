from cocreate.testing.routes import Route

ROUTES = [
    Route(
        "accounts:profile",
        lambda c: "/profile/",
        frozenset(),
        exempt="a person's own profile, outside any organization; see test_profile",
    ),
    Route(
        "accounts:sign_out_everywhere",
        lambda c: "/profile/sign-out-everywhere/",
        frozenset(),
        exempt="a person's own sessions, outside any organization (POST only); see test_sessions",
    ),
    Route(
        "accounts:invitation",
        lambda c: "/invite/x/",
        frozenset(),
        exempt="reached by the secret token in an emailed link; see test_invitations",
    ),
    Route(
        "accounts:set_language",
        lambda c: "/language/",
        frozenset(),
        exempt="the language switcher, open to everyone; see test_profile",
    ),
]
