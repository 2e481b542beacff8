from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.actions import InvitationUnusable
from cocreate.core.models import Invitation

from .actions import do_create_invited_user, do_end_sessions, do_join_by_invitation
from .forms import AccountSetupForm, ProfileForm
from .middleware import recheck_two_factor
from .models import User


def _after_joining(invitation: Invitation) -> str:
    return (invitation.community or invitation.organization).get_absolute_url()


def _owns_address(user: User, email: str) -> bool:
    """The invitation went to `email`: this person's sign-in address, or another address they verified."""
    if user.email.lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _sign_in_first(request: HttpRequest, context: dict) -> HttpResponse:
    context["login_url"] = reverse("account_login") + "?next=" + request.path
    return render(request, "accounts/invitation_sign_in.html", context)


def _remember_language(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email: join with an existing account, or set one up."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("organization", "community", "invited_by"), token=token
    )
    context: dict[str, Any] = {
        "invitation": invitation,
        "place": invitation.community or invitation.organization,
    }
    if not invitation.is_usable:
        return render(request, "accounts/invitation_unusable.html", context, status=410)

    if request.user.is_authenticated:
        if not _owns_address(request.user, invitation.email):
            return render(request, "accounts/invitation_wrong_account.html", context, status=403)
        if request.method == "POST":
            try:
                do_join_by_invitation(invitation, acting_user=request.user, request=request)
            except InvitationUnusable:
                return render(request, "accounts/invitation_unusable.html", context, status=410)
            recheck_two_factor(request.session)  # a new network admin sets up an authenticator now
            messages.success(request, _("Welcome to %(place)s.") % {"place": context["place"]})
            return redirect(_after_joining(invitation))
        return render(request, "accounts/invitation_accept.html", context)

    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # Someone new arrives from an email written in the invitation's language: keep to it, unless
        # they have already picked a language with the switcher.
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = invitation.language
    if User.objects.filter(email__iexact=invitation.email).exists():
        return _sign_in_first(request, context)

    form = AccountSetupForm(
        request.POST or None, email=invitation.email, initial={"preferred_language": invitation.language}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = do_create_invited_user(
                invitation,
                name=form.cleaned_data["name"],
                preferred_language=form.cleaned_data["preferred_language"],
                password=form.cleaned_data["password1"],
            )
        except InvitationUnusable:
            return render(request, "accounts/invitation_unusable.html", context, status=410)
        except IntegrityError:  # a double submit made the account a moment ago
            return _sign_in_first(request, context)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to %(place)s.") % {"place": context["place"]})
        return redirect(_after_joining(invitation))
    context["form"] = form
    return render(request, "accounts/invitation_setup.html", context)


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.preferred_language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("accounts:profile")
        _remember_language(response, request.user.preferred_language)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: remembered in a cookie, and in the profile of a signed-in person."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated and request.user.preferred_language != language:
            request.user.preferred_language = language
            request.user.save(update_fields=["preferred_language"])
        _remember_language(response, language)
    return response


@require_POST
@login_required
def sign_out_everywhere(request: SignedInRequest) -> HttpResponse:
    """End every session of this person (this one too, on every device) and every API token."""
    do_end_sessions(request.user, acting_user=request.user)
    logout(request)
    messages.success(
        request, _("You are signed out everywhere, and your API token no longer works. Sign in again here.")
    )
    return redirect("account_login")
