"""Writes to accounts. Views, commands and tests call these."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction

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
