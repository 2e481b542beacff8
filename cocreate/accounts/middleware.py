import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect

from cocreate.core.models import Membership, Role

# When this session last found that its person needs no (further) authenticator. Checking costs two
# queries, so it is not done on every request; but a session lasts weeks, and someone made network admin
# meanwhile must not go on without an authenticator until they happen to sign out.
MFA_CHECKED = "cocreate.mfa_checked"
MFA_RECHECK_SECONDS = 15 * 60
EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/language/", "/static/")


def recheck_two_factor(session) -> None:
    """Check again at the next request: this session's roles or authenticators have just changed."""
    session.pop(MFA_CHECKED, None)


def recheck_after_authenticator_removed(sender, request, **kwargs) -> None:
    """Receiver for allauth's `authenticator_removed` (connected in `AccountsConfig.ready`)."""
    recheck_two_factor(request.session)


class UserLanguageMiddleware:
    """A signed-in person sees the product in the language chosen in their profile, on any device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class RequireAdminTwoFactorMiddleware:
    """Network admins hold the keys to a whole organization: they must set up an authenticator app first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.COCREATE_REQUIRE_ADMIN_MFA and self._must_set_up(request):
            # The setup page explains why it appeared when it sees `required`.
            url = reverse("mfa_activate_totp") + "?required=1"
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(url)  # a whole page, not swapped into a fragment
            return redirect(url)
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        checked_at = request.session.get(MFA_CHECKED)
        # Sessions from before the time was stored hold True, which counts as long ago.
        if isinstance(checked_at, float) and time.time() - checked_at < MFA_RECHECK_SECONDS:
            return False
        if request.path_info.startswith(EXEMPT_PREFIXES):
            return False
        is_admin = Membership.objects.filter(user=user, role=Role.NETWORK_ADMIN).exists()
        if is_admin and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return True
        request.session[MFA_CHECKED] = time.time()
        return False
