"""The API's operations as its OpenAPI generator sees them (so a new endpoint is covered without a test
change), with a real record for each path parameter."""

import re

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import get_view_model

WRITE_METHODS = {"POST", "PUT", "PATCH"}
PARAMETER = re.compile(r"\{([^}]+)\}")


def write_operations():
    """[(path template, method, view)] for every write operation under /api/."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    endpoints = generator._get_paths_and_endpoints()
    found = []
    for path, _regex, method, view in endpoints:
        if method.upper() in WRITE_METHODS and path.startswith("/api/"):
            found.append((path, method.upper(), view))
    return found


def concrete_path(path, view):
    """The template with the pk of an existing record of the view's model (the first one), so that the body
    is read (a missing record would answer 404 before anything parses it)."""
    if not PARAMETER.search(path):
        return path
    model = get_view_model(view)
    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first() if model else None
    return PARAMETER.sub(str(pk if pk is not None else 1), path)
