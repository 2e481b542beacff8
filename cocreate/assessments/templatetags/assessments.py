from django import template

from cocreate.assessments.text import pick, plain_text
from cocreate.core.models import Role

register = template.Library()


@register.filter
def tr(text) -> str:
    """`{{ item.text|tr }}`: instrument text in the reader's language."""
    return pick(text)


@register.filter
def can_anywhere(tenant, action: str) -> bool:
    """`{% if tenant|can_anywhere:"instrument.view" %}`: does any of the person's roles allow it?"""
    return bool(tenant) and tenant.can_anywhere(action)


@register.filter
def plain(item) -> str:
    """`{{ row.item|plain }}`: the item's plain-language wording in the reader's language, or ""."""
    return plain_text(item) if item is not None else ""


@register.simple_tag(takes_context=True)
def plain_first(context, community) -> bool:
    """`{% plain_first community as plain_first %}`: does this reader take part as a partner only
    (no staff role), so that items read in plain words first?"""
    request = context.get("request")
    tenant = context.get("tenant") or getattr(request, "tenant", None)
    if not tenant or community is None:
        return False
    return tenant.roles_in(community) == frozenset({Role.PARTNER})
