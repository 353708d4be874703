"""Filter bars and API filters: one validity check for every filterset, pages and API alike.

A number the database cannot compare (an id of 10^23: SQLite raises OverflowError, a 500) is a field
error like any other invalid filter value, named on the field.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend

# What a 64-bit database integer holds (SQLite INTEGER, PostgreSQL bigint).
INTEGER_MIN, INTEGER_MAX = -(2**63), 2**63 - 1


def _out_of_range(value):
    if isinstance(value, slice):
        return any(_out_of_range(v) for v in (value.start, value.stop) if v is not None)
    if isinstance(value, (list, tuple)):
        return any(_out_of_range(v) for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return False
    return not (INTEGER_MIN <= value <= INTEGER_MAX)


def filterset_is_valid(filterset):
    """filterset.is_valid(), with numbers beyond a database integer as field errors."""
    if not filterset.is_valid():
        return False
    form = filterset.form
    for name, value in list(form.cleaned_data.items()):
        if _out_of_range(value):
            form.add_error(name, _("Ensure this value is between %(min)s and %(max)s.")
                           % {"min": INTEGER_MIN, "max": INTEGER_MAX})
    return filterset.is_valid()


class CheckedFilterBackend(DjangoFilterBackend):
    """The API's filter backend: django-filter's, with the range check (400 naming the field)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset_is_valid(filterset) and self.raise_exception:
            from django_filters import utils

            raise utils.translate_validation(filterset.errors)
        return filterset.qs
