from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.models import Filing, FilingStatus

from .filters import LegacyAppFilter
from .forms import LegacyAppForm, NewAppExceptionForm
from .models import LegacyApp, NewAppException

ARTICLE = "第五条"


class LegacyAppListView(ScopedListView):
    model = LegacyApp
    filterset_class = LegacyAppFilter
    template_name = "channel_integration/legacyapp_list.html"
    sort_fields = {"target": "target_date", "name": "name", "status": "status", "org": "owner_org__path"}
    default_sort = ("target_date", "pk")
    article = ARTICLE
    export_filename = "legacy-apps"
    export_columns = [
        (gettext_lazy("Name"), lambda a: a.name),
        (gettext_lazy("Type"), lambda a: a.get_app_type_display()),
        (gettext_lazy("Org unit"), lambda a: a.owner_org.name),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
        (gettext_lazy("Target date"), lambda a: a.target_date),
        (gettext_lazy("Overdue"), lambda a: _("Yes") if a.overdue else _("No")),
        (gettext_lazy("Migration plan"), lambda a: a.migration_plan),
    ]

    def base_queryset(self):
        return super().base_queryset().with_overdue().select_related("owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("channel_integration.add_legacyapp")
        ctx["can_request_exception"] = self.request.user.has_perm("workflow.add_filing")
        return ctx


class LegacyAppDetailView(LoginRequiredMixin, DetailView):
    model = LegacyApp
    template_name = "channel_integration/legacyapp_detail.html"
    context_object_name = "app"

    def get_object(self, queryset=None):
        return get_visible_or_404(LegacyApp, self.request.user, self.kwargs["pk"],
                                  queryset=LegacyApp.objects.with_overdue().select_related("owner_org"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = still_in_scope(self.object, self.request.user, "change")
        ctx["history"] = self.object.history.select_related("history_user")[:50]
        ctx["article"] = ARTICLE
        return ctx


class LegacyAppEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a register entry; the saved record must stay in the user's scope."""

    template_name = "channel_integration/legacyapp_form.html"

    def get_instance(self):
        if "pk" not in self.kwargs:
            if not self.request.user.has_perm("channel_integration.add_legacyapp"):
                raise PermissionDenied
            return LegacyApp(created_by=self.request.user)
        return get_visible_or_404(LegacyApp, self.request.user, self.kwargs["pk"], action="change")

    def get(self, request, **kwargs):
        form = LegacyAppForm(instance=self.get_instance(), user=request.user)
        return render(request, self.template_name, {"form": form, "article": ARTICLE})

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = LegacyAppForm(request.POST, instance=instance, user=request.user)
        status = 400
        if form.is_valid():
            app, status = save_form(form, request.user, form.save, record=instance)
            if app is not None:
                messages.success(request, _("Saved."))
                return redirect("channel_integration:legacyapp-detail", pk=app.pk)
        return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=status)


class ExceptionEditView(LoginRequiredMixin, View):
    """Start (no pk) or revise a "new standalone app" exception filing (第五条)."""

    template_name = "channel_integration/exception_form.html"

    def get_filing(self):
        if "pk" not in self.kwargs:
            if not self.request.user.has_perm("workflow.add_filing"):
                raise PermissionDenied
            return None
        filing = get_visible_or_404(Filing, self.request.user, self.kwargs["pk"], action="change")
        if filing.kind != "new_app_exception" or filing.status not in ("draft", "returned"):
            raise PermissionDenied
        return filing

    def get(self, request, **kwargs):
        filing = self.get_filing()
        form = NewAppExceptionForm(instance=getattr(filing, "new_app_exception", None), user=request.user,
                                   filing=filing, version=filing.version if filing else None)
        return render(request, self.template_name, {"form": form, "filing": filing, "article": ARTICLE})

    def post(self, request, **kwargs):
        filing = self.get_filing()
        details = getattr(filing, "new_app_exception", None) or NewAppException()
        form = NewAppExceptionForm(request.POST, instance=details, user=request.user, filing=filing,
                                   version=filing.version if filing else None)
        status = 400
        if form.is_valid():
            record = filing or Filing(kind="new_app_exception", created_by=request.user)

            def write():
                record.title = form.cleaned_data["title"]
                record.owner_org = form.cleaned_data["owner_org"]
                record.summary = form.cleaned_data["justification"][:500]
                record.save()
                saved_details = form.save(commit=False)
                saved_details.filing = record
                saved_details.save()
                return record

            saved, status = save_form(form, request.user, write, record=record,
                                      editable=(FilingStatus.DRAFT, FilingStatus.RETURNED))
            if saved is not None:
                messages.success(request, _("Saved as %(reference)s. Submit it when it is complete.")
                                 % {"reference": saved.reference})
                return redirect("workflow:filing-detail", pk=saved.pk)
        return render(request, self.template_name, {"form": form, "filing": filing, "article": ARTICLE},
                      status=status)
