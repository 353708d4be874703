"""DRF settings hooks (kept apart from viewsets so that DRF can import them while it starts)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination


class StandardPagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as 400 with the messages, and the input errors Python raises
    on absurd values (OverflowError, RecursionError) as 400."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, OverflowError):
        # A number too large for the database (SQLite refuses Python ints beyond 64 bits) that a filter or
        # field let through: the request's fault, not the server's (core.filtering names the field first).
        exc = exceptions.ValidationError({"detail": [_("A number in the request is out of range.")]})
    elif isinstance(exc, RecursionError):
        exc = exceptions.ParseError(_("The request is nested too deeply."))
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)
