import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.privacy.crypto import normalize_phone, search_hash
from ganfutong_admin.privacy.masking import can_unmask, mask_free_text
from ganfutong_admin.workflow.filters import OrgSubtreeFilter

from .models import BadReview, BadReviewStatus, Light, Satisfaction, WorkOrder, WorkOrderStatus, WorkOrderType

DATE = forms.DateInput(attrs={"type": "date"})


@extend_schema_field(OpenApiTypes.STR)
class LightFilter(django_filters.ChoiceFilter):
    """By the light computed in the query (the queryset is annotated with `light`)."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(light=value)


class WorkOrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Reference or title"))
    type = django_filters.ChoiceFilter(choices=WorkOrderType.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=WorkOrderStatus.choices, label=_("Status"))
    light = LightFilter(choices=Light.choices, label=_("Light"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))
    service = django_filters.CharFilter(method="filter_service", label=_("Service (code or name)"))
    received_after = django_filters.DateFilter(field_name="received_at", lookup_expr="date__gte",
                                               label=_("Received from"), widget=DATE)
    received_before = django_filters.DateFilter(field_name="received_at", lookup_expr="date__lte",
                                                label=_("Received until"), widget=DATE)
    phone = django_filters.CharFilter(method="filter_phone", label=_("Caller's phone (exact)"))
    # The list page turns a searched phone into its keyed hash (privacy.phone_key) and filters on that.
    phone_key = django_filters.CharFilter(method="filter_phone_key", widget=forms.HiddenInput)

    class Meta:
        model = WorkOrder
        fields = []

    def is_valid(self):
        """An exact-phone search (phone, or phone_key from the page) needs the unmask permission; `phone` is also
        rate-limited and logged (privacy.phone_search_refusal). Refused: a field error (the API answers 400)."""
        if not super().is_valid():
            return False
        if getattr(self, "_phone_checked", False):  # asked again in the same request: checked (and logged) once
            return not self.form.errors
        self._phone_checked = True
        from .privacy import phone_search_refusal

        user = getattr(self.request, "user", None)
        data = self.form.cleaned_data
        if data.get("phone") and normalize_phone(data["phone"]):
            refusal = phone_search_refusal(user, data["phone"], self.request)
            if refusal:
                self.form.add_error("phone", refusal)
        if data.get("phone_key") and not can_unmask(user):
            self.form.add_error("phone_key", _("Searching by a caller's exact phone number needs the permission "
                                               "to see personal data."))
        return not self.form.errors

    def search(self, qs, name, value):
        # The title is stored masked (models.WorkOrder.seal_free_text): a number typed in full is searched in its
        # masked form too, so the search can never tell more than the list shows.
        value = value.strip()
        if not value:
            return qs
        q = Q(hotline_id__icontains=value) | Q(title__icontains=mask_free_text(value))
        if value.upper().startswith("SD-") and value[3:].isdigit():
            q |= Q(pk=int(value[3:]))
        return qs.filter(q)

    def filter_service(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(service__code__iexact=value) | Q(service__name__icontains=value))

    def filter_phone_key(self, qs, name, value):
        value = value.strip().lower()
        if not value:
            return qs
        return qs.filter(phone_hash=value) if re.fullmatch(r"[0-9a-f]{64}", value) else qs.none()

    def filter_phone(self, qs, name, value):
        """Exact match through the keyed hash: the phone column itself is ciphertext."""
        digits = normalize_phone(value)
        if not digits:
            return qs
        return qs.filter(phone_hash=search_hash(digits))


class BadReviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Case number or work order"))
    status = django_filters.ChoiceFilter(choices=BadReviewStatus.choices, label=_("Status"))
    rating = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in Satisfaction.choices if v in ("unsatisfied", "very_unsatisfied")],
        label=_("Rating"))
    excluded = django_filters.BooleanFilter(label=_("Excluded"))
    org = OrgSubtreeFilter(queryset=OrgUnit.objects.all(), label=_("Org unit (with subordinates)"))

    class Meta:
        model = BadReview
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(case_number__icontains=value) | Q(work_order__hotline_id__icontains=value)
                         | Q(work_order__title__icontains=mask_free_text(value)))
