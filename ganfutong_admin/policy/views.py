from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import parameters
from .forms import NewVersionForm
from .models import ParameterVersion


@login_required
@permission_required(parameters.VIEW_PERMISSION, raise_exception=True)
def parameter_list(request):
    """Every declared parameter: value in force today, its article, and what is scheduled."""
    return render(request, "policy/parameter_list.html", {
        "rows": parameters.overview(),
        "today": timezone.localdate(),
        "can_set": parameters.can_set(request.user),
        "page_heading": _("Policy parameters"),
        "page_intro": _("The time limits and thresholds of the measures, with the value in force today and the "
                        "changes scheduled."),
    })


@login_required
def parameter_detail(request, name):
    """One parameter: the full version history; reviewers of the provincial authority add a version (the
    security administrator, for the parameters it sets: ParameterSpec.set_permission)."""
    try:
        spec = parameters.spec(name)
    except parameters.UnknownParameter:
        if not parameters.can_view(request.user):
            raise PermissionDenied from None
        raise Http404 from None
    if not parameters.can_view(request.user, spec):
        raise PermissionDenied
    can_set = parameters.can_set(request.user, spec)
    form = NewVersionForm(spec=spec) if can_set else None
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied
        form = NewVersionForm(request.POST, spec=spec)
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = parameters.add_version(name=name, value=data["value"],
                                                 effective_from=data["effective_from"], reason=data["reason"],
                                                 user=request.user, request=request)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("%(label)s: %(value)s %(unit)s from %(date)s. Deadlines already running "
                                            "keep the value they started with.") % {
                    "label": spec.label, "value": version.value, "unit": spec.unit_label,
                    "date": version.effective_from.isoformat()})
                return redirect("policy:parameter-detail", name=name)
        messages.error(request, _("Nothing was saved; see the errors below."))
    today = timezone.localdate()
    versions = list(ParameterVersion.objects.filter(name=name).select_related("set_by")
                    .order_by("-effective_from", "-pk"))
    current = next((v for v in versions if v.effective_from <= today), None)
    return render(request, "policy/parameter_detail.html", {
        "spec": spec,
        "article": spec.article,
        "versions": versions,
        "current": current,
        "first_version": versions[-1] if versions else None,
        "value": current.value if current else spec.default,
        "today": today,
        "can_set": can_set,
        "form": form,
    }, status=400 if request.method == "POST" else 200)
