"""Reads of the inbox, shared by the page and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from cocreate.accounts.models import User

from .models import EmailState, Notification
from .render import title

PER_PAGE = 20


@dataclass
class InboxItem:
    notification: Notification
    title: str

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None

    @property
    def email_failed(self) -> bool:
        return self.notification.email_state == EmailState.FAILED


def inbox_of(user: User) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("organization", "community")
        .order_by("-created_at", "-pk")
    )


def inbox_page(
    user: User, number: str | int | None, per_page: int = PER_PAGE
) -> tuple[Page, list[InboxItem]]:
    """One page of her inbox, newest first, each title in the active language. Two queries (the count,
    the page's rows with their organizations and communities) however many she has."""
    page = Paginator(inbox_of(user), per_page).get_page(number)
    return page, [InboxItem(n, title(n, user)) for n in page.object_list]
