"""Request types as the type checker should see them (Django's HttpRequest knows no middleware)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """Every request: django-htmx's middleware sets `htmx` (falsy unless htmx sent it)."""

    htmx: HtmxDetails
