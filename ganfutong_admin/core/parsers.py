"""The API's request parsers: every write endpoint reads its body through these (DEFAULT_PARSER_CLASSES), so
that a malformed body is a 400 with a clear message before any view sees it.

A JSON body is one object (every write endpoint takes named fields), nested no deeper than a form can be,
in UTF-8, without NUL characters (PostgreSQL text cannot hold them), and no larger than
DATA_UPLOAD_MAX_MEMORY_SIZE. Multipart bodies are capped as a whole by core.middleware.RequestSizeLimit
and per file by the one upload validator (workflow.uploads).
"""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

# Deeper than any payload of this API (a transition's payload inside the body is three levels).
MAX_JSON_DEPTH = 20


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "RequestTooLarge"


def _walk(value, depth=1):
    """Iteratively: a deep document must not exhaust the stack here either."""
    stack = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if level > MAX_JSON_DEPTH:
            raise exceptions.ParseError(_("The JSON body is nested too deeply."))
        if isinstance(item, str):
            if "\x00" in item:
                raise exceptions.ParseError(_("The request body must not contain NUL characters."))
        elif isinstance(item, dict):
            for key, child in item.items():
                stack.append((key, level))
                stack.append((child, level + 1))
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)


def parse_json_body(raw):
    """The body of a JSON write: one object, or ParseError (400) / RequestTooLarge (413) saying what is wrong."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and len(raw) > limit:
        raise RequestTooLarge()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise exceptions.ParseError(_("The request body is not valid UTF-8.")) from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise exceptions.ParseError(_("The JSON body is nested too deeply.")) from None
    except json.JSONDecodeError as exc:
        raise exceptions.ParseError(_("The request body is not valid JSON (line %(line)s, column %(column)s).")
                                    % {"line": exc.lineno, "column": exc.colno}) from None
    except ValueError:
        raise exceptions.ParseError(_("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise exceptions.ParseError(_("The body must be a JSON object."))
    _walk(data)
    return data


def _refuse_constant(name):
    raise ValueError(name)  # NaN and Infinity are not JSON


def is_json(content_type):
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class StrictJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1 if limit is not None else -1) if stream is not None else b""
        return parse_json_body(raw)


def view_accepts_files(view):
    """A view takes file parts when it says so (`accepts_files`) or when its serializer has a file field."""
    declared = getattr(view, "accepts_files", None)
    if declared is not None:
        return bool(declared)
    get_class = getattr(view, "get_serializer_class", None)
    if get_class is None:
        return False
    try:
        serializer_class = get_class()
    except (AssertionError, AttributeError):
        return False
    fields = getattr(serializer_class, "_declared_fields", {})
    from rest_framework import serializers

    if any(isinstance(field, serializers.FileField) for field in fields.values()):
        return True
    model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    names = getattr(getattr(serializer_class, "Meta", None), "fields", ())
    if model is None or not isinstance(names, (list, tuple)):
        return False
    from django.db.models import FileField

    return any(isinstance(f, FileField) and f.name in names for f in model._meta.get_fields())


class StrictMultiPartParser(parsers.MultiPartParser):
    """Multipart as DRF parses it, but a file sent to an endpoint that takes none is refused (400), not
    silently stored in a temporary file and dropped."""

    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        view = (parser_context or {}).get("view")
        if result.files and not view_accepts_files(view):
            for upload in result.files.values():
                upload.close()
            raise exceptions.ParseError(_("This endpoint does not accept files."))
        return result
