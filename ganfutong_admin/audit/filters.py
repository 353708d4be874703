"""The security log's search (issue 10 point 3): time range, actor, the actor's org unit with its subtree, event
type, result and IP address. Every filter is a condition on an indexed column or a small subquery, so the page and
its export stay fast on a log of millions of rows (the time range is a plain range on created_at, never a function
of it, so that its index serves it)."""

import ipaddress
import re
from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit

from .models import FAILURE_KINDS, EventKind, EventResult, SecurityEvent

# A date alone ("2026-12-04"), as the old ?since= / ?until= links and a typed date give it.
DATE_ONLY = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")
# The beginning of an IPv4 address: one to three whole octets ("10", "10.1", "10.1.2", with or without the dot).
IPV4_PREFIX = re.compile(r"^(\d{1,3})(\.\d{1,3}){0,2}\.?$")
# The beginning of an IPv6 address: hexadecimal groups ending with a colon ("2001:db8:").
IPV6_PREFIX = re.compile(r"^[0-9a-f]{1,4}(:[0-9a-f]{0,4})*:$")


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; it sends 2026-12-04T09:30, which Django's field reads (ISO 8601)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class IPAddressOrPrefixField(forms.CharField):
    """A whole address (matched exactly) or its beginning (matched as a prefix): ("exact", "10.1.2.3") or
    ("prefix", "10.1.")."""

    default_error_messages = {
        "invalid": _("Enter an IP address (10.1.2.3) or its beginning (10.1. or 2001:db8:)."),
    }

    def to_python(self, value):
        text = super().to_python(value).strip().lower()
        if not text:
            return None
        try:
            return ("exact", str(ipaddress.ip_address(text)))
        except ValueError:
            pass
        if IPV4_PREFIX.match(text) and all(int(octet) <= 255 for octet in text.rstrip(".").split(".")):
            # Whole octets: "10.1" means 10.1.*.*, never 10.10.*.* or 10.100.*.*.
            return ("prefix", text if text.endswith(".") else text + ".")
        if IPV6_PREFIX.match(text):
            return ("prefix", text)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class IPAddressOrPrefixFilter(django_filters.CharFilter):
    field_class = IPAddressOrPrefixField

    def filter(self, qs, value):
        if not value:
            return qs
        how, text = value
        if how == "exact":
            return qs.filter(ip_address=text)
        return qs.filter(ip_address__startswith=text)


def org_unit_choices():
    # The security auditor reads the whole province's log: every unit is a choice, in tree order.
    return OrgUnit.objects.order_by("path")


class SecurityEventFilter(django_filters.FilterSet):
    since = django_filters.DateTimeFilter(field_name="created_at", lookup_expr="gte", label=_("Start time"),
                                          widget=DateTimeLocalInput())
    until = django_filters.DateTimeFilter(method="filter_until", label=_("End time"), widget=DateTimeLocalInput())
    username = django_filters.CharFilter(field_name="username", lookup_expr="icontains", label=_("Actor (user name)"),
                                         max_length=150)
    org = django_filters.ModelChoiceFilter(queryset=org_unit_choices(), method="filter_org",
                                           label=_("Actor's org unit (with subordinates)"))
    # One or several kinds (?kind=login&kind=logout); a kind outside the list is a field error, not a 500.
    kind = django_filters.MultipleChoiceFilter(
        choices=EventKind.choices, method="filter_kind", label=_("Event kind"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    result = django_filters.ChoiceFilter(choices=EventResult.choices, method="filter_result", label=_("Result"))
    ip = IPAddressOrPrefixFilter(label=_("IP address (or its beginning)"), max_length=45)

    class Meta:
        model = SecurityEvent
        fields = []

    def until_bound(self, value):
        """("lt", the next midnight) for a date alone, which means the whole of that day; ("lte", the moment)
        for a date and time."""
        if DATE_ONLY.match(str(self.data.get("until", ""))):
            return "lt", value + timedelta(days=1)
        return "lte", value

    def filter_until(self, qs, name, value):
        lookup, bound = self.until_bound(value)
        return qs.filter(**{f"created_at__{lookup}": bound})

    def filter_kind(self, qs, name, value):
        # One IN on the indexed column (django-filter's default is an OR of equalities plus a DISTINCT).
        return qs.filter(kind__in=value) if value else qs

    def filter_org(self, qs, name, value):
        """Events of the accounts of the unit and of every unit below it. A failed login has no actor (nobody
        signed in), but when it names an existing account it counts for that account's unit: an attack on an
        office's accounts shows under that office."""
        units = OrgUnit.objects.subtree_of(value).values("pk")
        from django.contrib.auth import get_user_model

        usernames = get_user_model().objects.filter(org_unit__in=units).values("username")
        return qs.filter(Q(actor__org_unit__in=units) | Q(actor__isnull=True, username__in=usernames))

    def filter_result(self, qs, name, value):
        if value == EventResult.FAILURE:
            return qs.filter(kind__in=FAILURE_KINDS)
        return qs.exclude(kind__in=FAILURE_KINDS)

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            since, until = self.form.cleaned_data.get("since"), self.form.cleaned_data.get("until")
            lookup, bound = self.until_bound(until) if until else (None, None)
            if since and until and (since > bound or (lookup == "lt" and since == bound)):
                self.form.add_error("until", _("The end of the time range is before its start."))
                return False
        return valid
