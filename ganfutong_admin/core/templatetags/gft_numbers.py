"""Counts and figures grouped as the office writes them (issue 15 point 9): 12,800 views, 1,234.5. Unlike
floatformat:"g" it keeps a figure's own decimals (a rate stored as 97.14 stays 97.14); text passes unchanged."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def grouped(value):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return format(value, ",")
