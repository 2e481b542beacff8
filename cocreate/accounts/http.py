"""The request a view behind sign-in receives, as the type checker should see it."""

from cocreate.core.http import HtmxRequest

from .models import User


class SignedInRequest(HtmxRequest):
    """A request past `login_required` (or `org_view`): `user` is a User, never AnonymousUser."""

    user: User
