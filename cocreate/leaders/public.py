"""Refusing spam and abuse on the public application form, without a third-party captcha.

Three checks, all on our side:

* a honeypot: a field people never see (hidden by CSS; its label tells screen-reader users to leave
  it empty) that form-filling robots fill in;
* a minimum fill time: the form carries a signed time stamp (`django.core.signing`); an answer sent
  less than `APPLICATION_MIN_FILL_SECONDS` after the form was drawn is refused, and a stamp older
  than a day has expired (draw the form again);
* per-address throttling: each accepted submission leaves a `SubmissionAttempt` keyed by a salted
  hash of the client's address (never the address itself); more than `APPLICATION_SUBMISSIONS_PER_HOUR`
  in the last hour from one address are refused.

The address is REMOTE_ADDR, or the first hop of X-Forwarded-For when `settings.BEHIND_PROXY` says a
proxy we trust sets it (otherwise anyone could send any address in that header).
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import SubmissionAttempt

STAMP_SALT = "cocreate.leaders.application-form"
STAMP_MAX_AGE = 24 * 60 * 60  # a form drawn more than a day ago is drawn again
HONEYPOT = "website"  # the field's name: what robots like to fill in
KEEP_ATTEMPTS = timedelta(days=1)


def min_fill_seconds() -> float:
    return float(getattr(settings, "APPLICATION_MIN_FILL_SECONDS", 3))


def per_hour() -> int:
    return int(getattr(settings, "APPLICATION_SUBMISSIONS_PER_HOUR", 5))


def client_address(request: HttpRequest) -> str:
    """The address the request came from (see the module's docstring about proxies)."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def address_hash(address: str) -> str:
    """A salted hash of the address: enough to count submissions, not to know who sent them."""
    salted = f"{settings.SECRET_KEY}:leaders.address:{address}".encode()
    return hashlib.sha256(salted).hexdigest()


def form_stamp(at: float | None = None) -> str:
    """The signed moment the form was drawn (`at`, seconds since the epoch, for tests)."""
    return signing.dumps({"t": time.time() if at is None else at}, salt=STAMP_SALT)


def stamp_error(value: str, now: float | None = None) -> str | None:
    """Why a stamp is refused (forged, expired, or sent too soon after the form was drawn), or None.
    Only "too soon" keeps the stamp usable (`stamp_readable`): the form is sent again with it."""
    now = time.time() if now is None else now
    try:
        drawn = float(signing.loads(value or "", salt=STAMP_SALT, max_age=STAMP_MAX_AGE)["t"])
    except signing.SignatureExpired:
        return _("This form was opened more than a day ago. Nothing was saved: please fill it in again.")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _("We could not read this form. Nothing was saved: please fill it in again.")
    if now - drawn > STAMP_MAX_AGE:
        return _("This form was opened more than a day ago. Nothing was saved: please fill it in again.")
    if now - drawn < min_fill_seconds():
        return _(
            "That was sent faster than a person can fill in the form. Nothing was saved: check your "
            "answers and send it again."
        )
    return None


def stamp_readable(value: str) -> bool:
    try:
        signing.loads(value or "", salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def throttled(hashed: str, now: datetime) -> bool:
    """Has this address sent as many applications as it may in the last hour?"""
    since = now - timedelta(hours=1)
    return SubmissionAttempt.objects.filter(address_hash=hashed, at__gt=since).count() >= per_hour()


def record_attempt(hashed: str, now: datetime) -> None:
    """Count one submission from this address, and forget those older than a day."""
    SubmissionAttempt.objects.filter(at__lt=now - KEEP_ATTEMPTS).delete()
    SubmissionAttempt.objects.create(address_hash=hashed, at=now)
