"""The inbox, the notification settings, and the one-click unsubscribe of every email."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.accounts.models import User
from cocreate.core.errors import WriteError, show_on_form

from . import actions
from .forms import PreferencesForm
from .models import Notification, NotificationPreference
from .queries import inbox_page
from .registry import OFF, notification_kinds
from .render import language_of, read_unsubscribe_token


@login_required
def inbox(request: SignedInRequest) -> HttpResponse:
    # session, user, the count, one page of rows (with organization and community)
    page, items = inbox_page(request.user, request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@login_required
def open_notification(request: SignedInRequest, pk: int) -> HttpResponse:
    """Follow a notification: it is read now, and she lands where it leads."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    actions.do_mark_read(notification, acting_user=request.user)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:inbox")
    return redirect(target)


@login_required
@require_POST
def mark_read(request: SignedInRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    actions.do_mark_read(notification, acting_user=request.user)
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request: SignedInRequest) -> HttpResponse:
    count = actions.do_mark_all_read(request.user, acting_user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    url = reverse("notifications:inbox")
    return f"{url}?page={page}" if page.isdigit() else url


@login_required
def preferences(request: SignedInRequest) -> HttpResponse:
    user = request.user
    current = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_notification_preferences(user, acting_user=user, choices=form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the proof; a mail program's one-click POST carries no CSRF token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page that asks to confirm; POST (the button, or a mail program's RFC 8058 one-click):
    no more email of these kinds. No sign-in needed; the page speaks the person's language."""
    try:
        user_id, kinds = read_unsubscribe_token(token)
        person = User.objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    known = [k for k in notification_kinds if k.key in kinds]
    with translation.override(language_of(person)):
        if request.method == "POST":
            actions.do_set_notification_preferences(
                person, acting_user=person, choices={k.key: OFF for k in known}
            )
            response = render(
                request, "notifications/unsubscribe_done.html", {"kinds": known, "person": person}
            )
        else:
            response = render(request, "notifications/unsubscribe.html", {"kinds": known, "person": person})
        response.headers["Content-Language"] = translation.get_language()
    return response
