import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ganfutong_admin.orgs.models import OrgUnit

from .. import roles
from . import services

ACTIVE_CHOICES = (("yes", _("In use")), ("no", _("Disabled")))
LOCKED_CHOICES = (("yes", _("Locked")),)


class AccountFilter(django_filters.FilterSet):
    """The account list's filter bar. The search looks at the user name and the full name only."""

    q = django_filters.CharFilter(method="filter_q", label=_("User name or full name"))
    org_unit = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all(), label=_("Org unit"))
    role = django_filters.ModelChoiceFilter(field_name="groups", queryset=Group.objects.order_by("name"),
                                            to_field_name="name", label=_("Role"))
    active = django_filters.ChoiceFilter(choices=ACTIVE_CHOICES, method="filter_active", label=_("Status"))
    locked = django_filters.ChoiceFilter(choices=LOCKED_CHOICES, method="filter_locked", label=_("Lockout"))
    login_since = django_filters.DateFilter(field_name="last_login", lookup_expr="date__gte",
                                            label=_("Last login from"))
    login_until = django_filters.DateFilter(field_name="last_login", lookup_expr="date__lte",
                                            label=_("Last login to"))

    class Meta:
        model = get_user_model()
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["role"].field.label_from_instance = lambda g: roles.ROLE_LABELS.get(g.name, g.name)
        for name in ("login_since", "login_until"):
            self.filters[name].field.widget = forms.DateInput(attrs={"type": "date"})

    def filter_q(self, queryset, name, value):
        return services.search_accounts(queryset, value.strip()) if value.strip() else queryset

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")

    def filter_locked(self, queryset, name, value):
        from .. import lockout

        # The lockout keeps its counters in the cache, not in the user table: ask it about the accounts listed.
        locked = lockout.locked_usernames(queryset.values_list("username", flat=True).iterator(chunk_size=2000))
        return queryset.filter(username__in=locked)


class AccountCreateForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["org_unit", "username", "full_name", "phone", "email"]
        labels = {"username": _("User name"), "email": _("E-mail")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].required = True
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(is_active=True)
        self.fields["full_name"].required = True
        self.fields["org_unit"].error_messages["required"] = _("Choose the org unit the account belongs to.")
        self.fields["full_name"].error_messages["required"] = _("Enter the person's full name.")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("An account with this user name already exists (perhaps disabled: "
                                          "enable it instead of creating a second one)."))
        return username


class RoleForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("Roles"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = services.allowed_roles(account)
        self.fields["roles"].choices = [(r, roles.ROLE_LABELS[r]) for r in allowed]
        # Roles held but no longer allowed for the unit's kind stay visible so they can be revoked.
        held = [r for r in account.role_names if r not in allowed and r in roles.ROLE_LABELS]
        self.fields["roles"].choices += [(r, roles.ROLE_LABELS[r]) for r in sorted(held)]


def _model_choices():
    return [(label, f"{model._meta.verbose_name}（{label}）") for label, model in services.grantable_models().items()]


class RecordGrantForm(forms.Form):
    model = forms.ChoiceField(label=_("Record type"), choices=_model_choices)
    object_pk = forms.IntegerField(label=_("Record id"), min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(label=_("Permission"), choices=(("view", _("View")), ("change", _("Change"))))
    expires_at = forms.DateTimeField(label=_("Expires at"),
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                     help_text=_("The grant is removed automatically at this time."))
    reason = forms.CharField(label=_("Reason"), max_length=200,
                             error_messages={"required": _("Give the reason for the grant.")})

    def clean_expires_at(self):
        value = self.cleaned_data["expires_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return value
