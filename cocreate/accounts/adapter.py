"""How allauth behaves here: emails in the reader's language, clear throttling messages, and no second
password prompt for someone who has just signed in and wants to add an authenticator."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.ACCOUNT_ALLOW_SIGNUPS

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Write to a known person in the language of their profile, whatever the browser asked for:
        a parent who reads Spanish gets a Spanish code email even from a library computer."""
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).only("preferred_language").first()
        language = user.preferred_language if user else translation.get_language()
        # allauth's templates greet "from {{ current_site.name }}"; without the sites framework that
        # would be the bare host name.
        site = SimpleNamespace(name="Cocreate", domain=urlsplit(settings.SITE_URL).netloc)
        with translation.override(language):
            super().send_mail(template_prefix, email, {**context, "current_site": site})

    def validation_error(self, code: str, *args) -> forms.ValidationError:
        # allauth uses one message for failed passwords and for asking too often for a code; someone
        # who asked for a fourth code has failed nothing, so tell them what to do instead.
        if code == "too_many_login_attempts" and _url_name() == "account_request_login_code":
            return forms.ValidationError(
                _(
                    "We have already sent several codes to this address. Check your email, including "
                    "the spam folder, or wait a few minutes and ask again."
                ),
                code=code,
            )
        return super().validation_error(code, *args)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any two-factor change, even a minute after signing
        in. Adding a first authenticator only adds protection, and a network admin is sent to do exactly
        that right after signing in: a sign-in in this session within the reauthentication window counts.
        Changing or removing an existing authenticator still asks again."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        if app != "allauth.mfa" or request is None or not request.user.is_authenticated:
            return True
        if is_mfa_enabled(request.user):
            return True
        records = get_authentication_records(request, request.user)
        if not records:
            return True
        return time.time() - records[-1]["at"] >= account_settings.REAUTHENTICATION_TIMEOUT


def _url_name() -> str:
    request = allauth_context.request
    match = getattr(request, "resolver_match", None) if request is not None else None
    return match.url_name if match else ""
