from decimal import Decimal

from django import template

from cocreate.compensation.money import format_money

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str = "USD") -> str:
    """{{ claim.total|money:policy.currency }} → "$209.56" (in the active language's format)."""
    return "" if amount is None else format_money(Decimal(amount), currency)
