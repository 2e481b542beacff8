"""Links for pages of many rows, still from `reverse()`."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.urls import reverse


def page_reverser() -> Callable[..., str]:
    """`reverse(name, args=args)` remembered for one page: `url("planning:goal", org, slug, pk)`.

    A list of fifty actions links to a dozen goals and a few communities; reversing each target once
    instead of once per row keeps a long table as fast as links pasted together by hand, while the
    URLconf stays the one place that knows a URL's shape. Make one per page (per request): `reverse()`
    depends on the request's script prefix, so the results must not outlive it.
    """

    @cache
    def url(name: str, *args: object) -> str:
        return reverse(name, args=args)

    return url
