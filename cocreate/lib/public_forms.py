"""Helpers for forms anyone may send without an account (a survey's answers, an application).

* `client_address`: REMOTE_ADDR, or the first hop of X-Forwarded-For when `settings.BEHIND_PROXY`
  says a proxy we trust sets it (otherwise anyone could send any address in that header);
* `address_hash`: a salted hash of it, enough to count submissions and never enough to know who sent
  them; nothing here stores or logs the address itself;
* `Throttle`: at most `limit` accepted submissions per address hash in a sliding hour, counted in the
  cache (one small entry per address and hour, gone when the hour is over).

`cocreate.leaders.public` predates this module and keeps its own copy backed by a table.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

HONEYPOT = "website"  # the hidden field's name: what form-filling robots like to fill in


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        first = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
        if first:
            return first
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def address_hash(address: str, purpose: str) -> str:
    salted = f"{settings.SECRET_KEY}:{purpose}:{address}".encode()
    return hashlib.sha256(salted).hexdigest()


@dataclass(frozen=True)
class Throttle:
    """At most `limit` submissions an hour from one address (per `purpose`)."""

    purpose: str
    limit: int

    def _key(self, hashed: str, hour: int) -> str:
        return f"throttle:{self.purpose}:{hashed}:{hour}"

    def _counts(self, hashed: str) -> tuple[int, int, float]:
        now = time.time()
        hour = int(now // 3600)
        current = cache.get(self._key(hashed, hour), 0)
        previous = cache.get(self._key(hashed, hour - 1), 0)
        return current, previous, (now % 3600) / 3600

    def exceeded(self, request: HttpRequest) -> bool:
        """Has this address sent as many as it may in the last hour (a sliding estimate)?"""
        current, previous, elapsed = self._counts(address_hash(client_address(request), self.purpose))
        return current + previous * (1 - elapsed) >= self.limit

    def record(self, request: HttpRequest) -> None:
        hashed = address_hash(client_address(request), self.purpose)
        key = self._key(hashed, int(time.time() // 3600))
        if cache.add(key, 1, timeout=2 * 3600):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=2 * 3600)
