from django import template

from cocreate.assessments.text import pick

register = template.Library()


@register.filter
def tr(text) -> str:
    """`{{ item.text|tr }}`: instrument text in the reader's language."""
    return pick(text)
