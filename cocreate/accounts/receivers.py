"""Receivers of allauth's and Django's sign-in signals that keep an account its owner's alone
(connected in `AccountsConfig.ready`).

Someone could sign up with another person's address before she does: the account waits, unverified,
with a password she does not know. When she proves the address is hers (verifies it, signs in with an
emailed code, accepts an invitation), that password goes, and every session and token with it
(`actions.do_clear_unproven_password`). The person who signed up and verifies in the same browser
session keeps her password: the proof came from her."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash

from .actions import do_clear_unproven_password, forget_tokens
from .models import User

SIGNED_UP = "cocreate.signed_up"  # the account this browser session signed up for
PROVEN = "cocreate.proven"  # the account whose unproven password this session's proof just cleared


def signed_up(sender, request, user, **kwargs) -> None:
    """allauth's `user_signed_up`: a password chosen now is unproven until the address is verified."""
    if user.has_usable_password() and not user.emailaddress_set.filter(verified=True).exists():
        User.objects.filter(pk=user.pk).update(password_unproven=True)
        user.password_unproven = True
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_UP] = user.pk


def email_confirmed(sender, request, email_address, **kwargs) -> None:
    """allauth's `email_confirmed` (a verification link, a sign-in code, a password reset code)."""
    user = email_address.user
    session = getattr(request, "session", None)
    if session is not None and session.get(SIGNED_UP) == user.pk:
        if user.password_unproven:  # the one who signed up proved the address: her password stands
            User.objects.filter(pk=user.pk).update(password_unproven=False)
            user.password_unproven = False
        return
    if do_clear_unproven_password(user, keep=request) and session is not None:
        session[PROVEN] = user.pk


def logged_in(sender, request, user, **kwargs) -> None:
    """Django's `user_logged_in`: a sign-in that follows the proof in the same request (a sign-in code)
    may hold the account as it was before the password went; sign the session with the account now."""
    session = getattr(request, "session", None)
    if session is not None and session.get(PROVEN) == user.pk:
        del session[PROVEN]
        user.refresh_from_db(fields=["password", "session_epoch", "password_unproven"])
        update_session_auth_hash(request, user)


def password_changed(sender, request, user, **kwargs) -> None:
    """allauth's `password_changed`, `password_set` and `password_reset`: her API tokens end too."""
    forget_tokens(user)
