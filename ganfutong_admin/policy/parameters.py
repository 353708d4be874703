"""The policy-parameter API: declarations (ParameterSpec), the value in force at a moment, adding a version.

    from ganfutong_admin.policy.parameters import value
    days = value("REVIEW_WORKING_DAYS", at=filing.submitted_at)

`value(name, at)` is the version with the latest effective_from on or before the local date of `at` (default:
now), else the declared default. Callers pass the moment the record's clock started, and store what the value
gave them (a deadline, or the value itself): a later version never moves a running deadline.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    MINUTES = "minutes", _("minutes")
    DAYS = "days", _("calendar days")
    MONTHS = "months", _("months")
    PEOPLE = "people", _("people")
    HOURS = "hours", _("hours")
    CHARACTERS = "characters", _("characters")
    TIMES = "times", _("times")


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter an app reads, declared through ChapterConfig.policy_parameters()."""

    name: str  # UPPER_SNAKE_CASE, unique over every app
    label: object  # lazy translation
    article: str  # the article of the measures it serves, e.g. "第十六条"
    unit: str  # Unit value
    default: int  # in force until a version says otherwise
    min: int
    max: int
    help: object = ""  # lazy translation: what the value governs
    # A permission that alone decides who sets it ("accounts.set_security_policy": the security administrator
    # sets the sign-in policy); None: the measures' rule of can_set() (the provincial authority's reviewers).
    set_permission: str | None = None

    def __post_init__(self):
        if not self.min <= self.default <= self.max:
            raise ValueError(f"{self.name}: default {self.default} outside {self.min}..{self.max}")
        if self.unit not in Unit.values:
            raise ValueError(f"{self.name}: unknown unit {self.unit!r}")

    @property
    def unit_label(self):
        return Unit(self.unit).label


class UnknownParameter(LookupError):
    pass


def specs():
    """Every declared parameter, in INSTALLED_APPS order of the declaring apps."""
    from ganfutong_admin.core import chapters

    return chapters.policy_parameters()


def spec(name):
    for item in specs():
        if item.name == name:
            return item
    raise UnknownParameter(f"no policy parameter {name!r} is declared")


def local_day(at=None):
    """The local date of a moment (aware datetime), a date as given, today for None."""
    if at is None:
        return timezone.localdate()
    if isinstance(at, datetime):
        return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    if isinstance(at, date):
        return at
    raise TypeError(f"expected a datetime or a date, not {type(at).__name__}")


def version_in_force(name, at=None):
    """The ParameterVersion in force at `at`, or None while the declared default applies."""
    from .models import ParameterVersion

    spec(name)
    return (ParameterVersion.objects.filter(name=name, effective_from__lte=local_day(at))
            .order_by("-effective_from").first())


def value(name, at=None):
    """The value of parameter `name` in force at `at` (datetime or date; default now). Unknown names raise."""
    return _value_in_force(name, at)


def _value_in_force(name, at):
    from .models import ParameterVersion

    declared = spec(name)
    found = (ParameterVersion.objects.filter(name=name, effective_from__lte=local_day(at))
             .order_by("-effective_from").values_list("value", flat=True).first())
    return declared.default if found is None else found


# --- who may change them, and how ------------------------------------------------------------------------------

ADD_PERMISSION = "policy.add_parameterversion"
VIEW_PERMISSION = "policy.view_parameterversion"


def can_view(user, parameter=None):
    """Readers of the policy page see every parameter; whoever sets a parameter by its own permission
    (set_permission) sees that one."""
    if not (user and user.is_authenticated):
        return False
    if user.has_perm(VIEW_PERMISSION):
        return True
    return bool(parameter is not None and parameter.set_permission and user.has_perm(parameter.set_permission))


def can_set(user, parameter=None):
    """Reviewers of the provincial authority set the measures' parameters (第六条: it sets the standards); a
    parameter with a set_permission is set by the holders of that permission only. Without `parameter`: may the
    user set the measures' parameters."""
    if not (user and user.is_authenticated):
        return False
    if parameter is not None and parameter.set_permission:
        return user.has_perm(parameter.set_permission)
    if not user.has_perm(ADD_PERMISSION):
        return False
    org = getattr(user, "org_unit", None)
    return user.is_superuser or (org is not None and org.kind == "provincial_authority")


REASON_REQUIRED = _("Give the reason for the change (for example the document that sets the new limit).")
DATE_REQUIRED = _("Enter the date from which the value applies.")
WHOLE_NUMBER = _("Enter a whole number.")


def validation_errors(parameter, new_value, effective_from, reason, today=None):
    """{field: message} of what is wrong with a new version; empty when it may be added."""
    today = today or timezone.localdate()
    errors = {}
    if new_value is None or isinstance(new_value, bool) or not isinstance(new_value, int):
        errors["value"] = WHOLE_NUMBER
    elif not parameter.min <= new_value <= parameter.max:
        errors["value"] = _("The value must be between %(min)s and %(max)s %(unit)s.") % {
            "min": parameter.min, "max": parameter.max, "unit": parameter.unit_label}
    if effective_from is None:
        errors["effective_from"] = DATE_REQUIRED
    elif effective_from < today:
        errors["effective_from"] = _("The effective date cannot be before today (%(today)s): a policy parameter "
                                     "never changes retroactively.") % {"today": today.isoformat()}
    if not (reason or "").strip():
        errors["reason"] = REASON_REQUIRED
    return errors


def duplicate_message(effective_from):
    return _("A version of this parameter taking effect on %(date)s already exists (perhaps just added by "
             "someone else): reload the page and choose another date.") % {"date": effective_from.isoformat()}


def add_version(*, name, value, effective_from, reason, user, request=None):
    """Add a version (validated again here: the page and the API both come through). Raises ValidationError
    with a message per field; a second version for the same date, also from a concurrent request, is refused by
    the unique constraint. Writes a security event in the same transaction."""
    from ganfutong_admin.audit.models import EventKind, record

    from .models import ParameterVersion

    parameter = spec(name)
    errors = validation_errors(parameter, value, effective_from, reason)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        previous = _value_in_force(name, effective_from)
        try:
            with transaction.atomic():
                version = ParameterVersion.objects.create(
                    name=name, value=value, effective_from=effective_from, article=parameter.article,
                    reason=reason.strip(), set_by=user)
        except IntegrityError:
            raise ValidationError({"effective_from": duplicate_message(effective_from)}) from None
        record(EventKind.POLICY_CHANGE, user=user, request=request, target=name, value=value,
               previous=previous, effective_from=effective_from.isoformat(), article=parameter.article,
               reason=version.reason)
    return version


def overview(today=None):
    """Per declared parameter: the spec, the version in force today (None: the default), the value in force and
    the versions scheduled after today. One query for every parameter."""
    from .models import ParameterVersion

    today = today or timezone.localdate()
    by_name = {}
    for version in ParameterVersion.objects.select_related("set_by").order_by("name", "effective_from", "pk"):
        by_name.setdefault(version.name, []).append(version)
    rows = []
    for parameter in specs():
        versions = by_name.get(parameter.name, [])
        past = [v for v in versions if v.effective_from <= today]
        current = past[-1] if past else None
        rows.append({
            "spec": parameter,
            "current": current,
            "value": current.value if current else parameter.default,
            "scheduled": [v for v in versions if v.effective_from > today],
            "versions": versions,
        })
    return rows
