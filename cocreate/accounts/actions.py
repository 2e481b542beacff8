"""Writes to accounts. Views, commands and tests call these."""

from __future__ import annotations

import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.http import HttpRequest
from rest_framework.authtoken.models import Token

from cocreate.core.actions import do_accept_invitation
from cocreate.core.models import Invitation

from .models import User


@transaction.atomic
def do_create_invited_user(
    invitation: Invitation, *, name: str, preferred_language: str, password: str
) -> User:
    """An account for the invited address; the email counts as verified because the link reached it."""
    user = User.objects.create_user(
        invitation.email, password or None, name=name, preferred_language=preferred_language
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    do_accept_invitation(invitation, acting_user=user)
    return user


def _new_epoch() -> str:
    return secrets.token_hex(16)


@transaction.atomic
def do_end_sessions(user: User, *, acting_user=None, keep: HttpRequest | None = None) -> None:
    """End every session and API token of `user`, on every device, whatever the session store: the
    session check (`User._get_session_auth_hash`) takes a new epoch, so no session signed in before
    verifies again, and her API tokens are deleted. `keep` is the request of hers that stays signed in
    (e.g. the one accepting an invitation); without it, this one ends too."""
    user.session_epoch = _new_epoch()
    user.save(update_fields=["session_epoch"])
    Token.objects.filter(user=user).delete()
    if keep is not None and keep.user.is_authenticated and keep.user.pk == user.pk:
        if keep.user is not user:
            keep.user.session_epoch = user.session_epoch
            keep.user.password = user.password
        update_session_auth_hash(keep, user)


@transaction.atomic
def do_clear_unproven_password(user: User, *, acting_user=None, keep: HttpRequest | None = None) -> bool:
    """Someone has just proved that `user`'s address is theirs (verified it, or accepted an invitation
    sent to it). A password set before that proof (by a sign-up that anyone could have made with her
    address) is removed — she signs in with emailed codes until she sets her own — and every session and
    API token from before ends. Returns whether there was such a password. Nothing happens for an
    account whose password was set by someone already proven."""
    fresh = User.objects.select_for_update().filter(pk=user.pk).first()
    if fresh is None or not fresh.password_unproven:
        return False
    user.set_unusable_password()
    user.password_unproven = False
    user.save(update_fields=["password", "password_unproven"])
    do_end_sessions(user, acting_user=acting_user, keep=keep)
    return True


@transaction.atomic
def do_join_by_invitation(invitation: Invitation, *, acting_user: User, request: HttpRequest | None = None):
    """A signed-in person accepts an invitation sent to an address of hers: the membership (and her
    partner record in a community), and her account made hers alone (`do_clear_unproven_password`)."""
    membership = do_accept_invitation(invitation, acting_user=acting_user)
    do_clear_unproven_password(acting_user, acting_user=acting_user, keep=request)
    return membership


def forget_tokens(user: User) -> None:
    """Her password changed or was set: her API tokens stop working too (sessions on other devices end
    with the password's hash; the one that changed it is kept by allauth)."""
    Token.objects.filter(user=user).delete()
    if user.password_unproven:
        User.objects.filter(pk=user.pk).update(password_unproven=False)
        user.password_unproven = False
