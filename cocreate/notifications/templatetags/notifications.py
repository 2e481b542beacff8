"""Filters for notification templates, whose context is JSON: `{{ starts_at|as_datetime|date:"DATETIME_FORMAT" }}`."""

from __future__ import annotations

import datetime

from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

register = template.Library()


@register.filter
def as_datetime(value: str | None) -> datetime.datetime | str | None:
    """An ISO date-time from a notification's context, in the active time zone (the organization's)."""
    if not value or not isinstance(value, str):
        return value
    parsed = parse_datetime(value)
    if parsed is None:
        return value
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return timezone.localtime(parsed)


@register.filter
def as_date(value: str | None) -> datetime.date | str | None:
    if not value or not isinstance(value, str):
        return value
    return parse_date(value) or value
