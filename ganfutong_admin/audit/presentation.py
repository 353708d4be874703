"""How a security event reads on the page and in the export: the detail as labelled text, not raw JSON.

The writers of events (sign-in, exports, accounts, policy...) put what they know in `detail` under their own keys;
the common keys have a label here, any other key is shown under its own name, so nothing written is hidden.
"""

import json
from urllib.parse import unquote_plus

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .models import EventKind, EventResult

DETAIL_LABELS = {
    "method": _("Method"),
    "path": _("Path"),
    "query": _("Filter used"),
    "format": _("Format"),
    "rows": _("Rows"),
    "field": _("Field"),
    "value": _("Value"),
    "previous": _("Previous value"),
    "effective_from": _("Effective from"),
    "article": _("Article"),
    "reason": _("Reason"),
    "role": _("Role"),
    "roles": _("Roles"),
    "granted": _("Granted"),
    "revoked": _("Revoked"),
    "org_unit": _("Org unit"),
    "permission": _("Permission"),
    "object": _("Record"),
    "expires_at": _("Expires"),
    "period": _("Period"),
    "token": _("Token"),
    "sessions": _("Sessions"),
    "failures": _("Failures"),
    "until": _("Until"),
    "checked": _("Rows checked"),
}
# The order in which the common keys are shown (then the others, alphabetically).
DETAIL_ORDER = list(DETAIL_LABELS)
TRUE, FALSE = _("Yes"), _("No")


def _text(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(TRUE if value else FALSE)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float)) for v in value):
        return "、".join(str(v) for v in value) or "—"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def detail_items(event):
    """[(label, text)] of the event's detail: the common keys first, in a fixed order, then the others."""
    detail = event.detail if isinstance(event.detail, dict) else {"value": event.detail}
    keys = sorted(detail, key=lambda k: (DETAIL_ORDER.index(k) if k in DETAIL_ORDER else len(DETAIL_ORDER), k))
    items = []
    for key in keys:
        value = detail[key]
        if key == "query" and isinstance(value, str):
            value = unquote_plus(value)  # a filter as the person typed it (already redacted when recorded)
        items.append((str(DETAIL_LABELS.get(key, key)), _text(value)))
    return items


def detail_text(event):
    """The detail on one line: "方法：GET；路径：/x/"."""
    return "；".join(f"{label}：{text}" for label, text in detail_items(event))


def detail_json(event):
    return json.dumps(event.detail, ensure_ascii=False, sort_keys=True)


def with_org_unit_names(queryset):
    """The events with `org_unit_name`: the actor's unit, or for an event without an actor (a failed login)
    that of the account its user name names, as the org-unit filter counts it. Subqueries by primary key and by
    the unique user name, not joins: a page or an export stays one query, and the paginator's COUNT(*) reads the
    event table alone."""
    from django.contrib.auth import get_user_model
    from django.db.models import Case, OuterRef, Subquery, When

    users = get_user_model().objects
    by_actor = users.filter(pk=OuterRef("actor_id")).values("org_unit__name")[:1]
    by_username = users.filter(username=OuterRef("username")).values("org_unit__name")[:1]
    return queryset.annotate(org_unit_name=Case(
        When(actor__isnull=True, then=Subquery(by_username)), default=Subquery(by_actor)))


def actor_org_unit(event):
    return getattr(event, "org_unit_name", None) or ""


_LABELS_BY_LANGUAGE = {}


def _labels():
    """{kind or result: label} in the active language, built once per language: Model.get_FOO_display() rebuilds
    and hashes the whole choice list on every call, which was three quarters of an export's time."""
    language = translation.get_language()
    labels = _LABELS_BY_LANGUAGE.get(language)
    if labels is None:
        labels = {value: str(label) for value, label in [*EventKind.choices, *EventResult.choices]}
        _LABELS_BY_LANGUAGE[language] = labels
    return labels


def kind_label(event):
    return _labels().get(event.kind, event.kind)


def result_label(event):
    return _labels()[event.result]


def export_columns():
    """The export's columns. The first three (time, type, user name) keep the places they always had."""
    return [
        (_("Time"), lambda e: timezone.localtime(e.created_at)),
        (_("Event kind"), kind_label),
        (_("User name"), lambda e: e.username),
        (_("Result"), result_label),
        (_("Org unit"), lambda e: actor_org_unit(e)),
        (_("IP address"), lambda e: e.ip_address),
        (_("Target"), lambda e: e.target),
        (_("Detail"), detail_text),
        (_("Detail (JSON)"), detail_json),
        (_("Event id"), lambda e: e.pk),
        (_("Hash"), lambda e: e.row_hash),
    ]

