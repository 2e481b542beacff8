from django import template

from cocreate.assessments.text import pick

register = template.Library()


@register.filter
def tr(text) -> str:
    """`{{ item.text|tr }}`: instrument text in the reader's language."""
    return pick(text)


@register.filter
def can_anywhere(tenant, action: str) -> bool:
    """`{% if tenant|can_anywhere:"instrument.view" %}`: does any of the person's roles allow it?"""
    return bool(tenant) and tenant.can_anywhere(action)
