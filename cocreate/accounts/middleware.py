from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from cocreate.core.models import Membership, Role

MFA_CHECKED = "cocreate.mfa_checked"


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
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up(self, request) -> bool:
        user = request.user
        if not user.is_authenticated or request.session.get(MFA_CHECKED):
            return False
        path = request.path_info
        if path.startswith(("/accounts/", "/i18n/", "/language/", "/static/")):
            return False
        is_admin = Membership.objects.filter(user=user, role=Role.NETWORK_ADMIN).exists()
        if is_admin and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return True
        # Checked once per session: a person made admin later is asked at their next sign-in.
        request.session[MFA_CHECKED] = True
        return False
