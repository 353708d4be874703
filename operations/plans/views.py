"""第十二条 pages: operations plans filed for the record, and the units without one for a year."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.language import stored
from ganfutong_admin.core.scoping import get_for_action
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.models import Filing, FilingStatus

from .deadline import due_at, units_with_plan_status
from .forms import OperationsPlanForm
from .models import OperationsPlan

ARTICLE = "第十二条"
EDITABLE = (FilingStatus.DRAFT, FilingStatus.RETURNED)


class OperationsPlanListView(ScopedListView):
    model = OperationsPlan
    template_name = "operations/plans/plan_list.html"
    sort_fields = {"year": "year", "org": "filing__owner_org__path", "status": "filing__status"}
    default_sort = ("-year", "filing__owner_org__path")
    article = ARTICLE
    export_filename = "operations-plans"
    export_columns = [
        (gettext_lazy("Year"), lambda p: p.year),
        (gettext_lazy("Org unit"), lambda p: p.filing.owner_org.name),
        (gettext_lazy("Title"), lambda p: p.filing.title),
        (gettext_lazy("Status"), lambda p: p.filing.get_status_display()),
        (gettext_lazy("Goals"), lambda p: p.goals),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("filing", "filing__owner_org")

    def get_queryset(self):
        qs = super().get_queryset()
        year = self.request.GET.get("year", "")
        return qs.filter(year=int(year)) if year.isdigit() else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("workflow.add_filing")
        return ctx


class MissingPlansView(ScopedListView):
    """The org units of the user's scope without a filed plan for the year, with the deadline (policy parameter)."""

    model = OperationsPlan
    template_name = "operations/plans/missing.html"
    paginate_by = 50
    article = ARTICLE
    export_filename = "operations-plans-missing"
    export_columns = [
        (gettext_lazy("Org unit"), lambda u: u.name),
        (gettext_lazy("Org unit code"), lambda u: u.code),
        (gettext_lazy("Kind"), lambda u: u.get_kind_display()),
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        year = request.GET.get("year", "")
        self.year = int(year) if year.isdigit() and 2020 <= int(year) <= 2100 else timezone.localdate().year

    def get_queryset(self):
        self.filterset = None
        self.units = units_with_plan_status(self.request.user, self.year)
        return self.units.filter(has_plan=False).order_by("path")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        deadline = due_at(self.year)
        ctx.update(year=self.year, deadline=deadline, overdue=timezone.now() > deadline,
                   total=self.units.count())
        return ctx


class OperationsPlanEditView(LoginRequiredMixin, View):
    """Start (no pk) or revise (the filing's pk) an operations plan; it is then submitted on the filing's page."""

    template_name = "operations/plans/plan_form.html"

    def get_filing(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("workflow.add_filing"):
                raise PermissionDenied
            return None
        filing = get_for_action(Filing, user, self.kwargs["pk"], "change")
        if filing.kind != "operations_plan" or filing.status not in EDITABLE:
            raise PermissionDenied
        return filing

    def render_page(self, form, filing, status=200):
        return render(self.request, self.template_name, {"form": form, "filing": filing, "article": ARTICLE},
                      status=status)

    def get(self, request, **kwargs):
        filing = self.get_filing()
        form = OperationsPlanForm(instance=getattr(filing, "operations_plan", None), user=request.user,
                                  filing=filing, version=filing.version if filing else None)
        return self.render_page(form, filing)

    def post(self, request, **kwargs):
        filing = self.get_filing()
        plan = getattr(filing, "operations_plan", None) or OperationsPlan()
        form = OperationsPlanForm(request.POST, instance=plan, user=request.user, filing=filing,
                                  version=filing.version if filing else None)
        status = 400
        if form.is_valid():
            record = filing or Filing(kind="operations_plan", created_by=request.user)

            def write():
                data = form.cleaned_data
                record.owner_org = data["owner_org"]
                record.title = stored(lambda: _("Operations plan %(year)s of %(org)s")
                                      % {"year": data["year"], "org": data["owner_org"].name})[:200]
                record.summary = data["goals"][:500]
                record.save()
                details = form.save(commit=False)
                details.filing = record
                details.save()
                return record

            saved, status = save_form(form, request.user, write, record=record, editable=EDITABLE)
            if saved is not None:
                messages.success(request, _("Saved as %(reference)s. Submit it when it is complete.")
                                 % {"reference": saved.reference})
                return redirect("workflow:filing-detail", pk=saved.pk)
        return self.render_page(form, filing, status=status)
