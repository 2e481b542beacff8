"""What the people asked on a proposal are told: that it waits for their position, and its outcome."""

from __future__ import annotations

from cocreate.accounts.models import User

from .models import Decision


def proposal_opened(decision: Decision, recipients: list[User]) -> None:
    """Tell `recipients` that `decision` is open for their position (inside the write's transaction)."""


def proposal_closed(decision: Decision, recipients: list[User]) -> None:
    """Tell `recipients` the outcome of `decision` (inside the write's transaction)."""
