"""第二十四条 pages: simulated handling (list, record with its steps, detail)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.language import office_language
from ganfutong_admin.core.scoping import get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.models import Rectification

from .forms import ApplicationForm, StepFormSet
from .models import SimulatedApplication

ARTICLE = "第二十四条"


class SimulationListView(ScopedListView):
    model = SimulatedApplication
    template_name = "supervision/simulations/list.html"
    default_sort = ("-performed_at", "-pk")
    article = ARTICLE

    def base_queryset(self):
        return super().base_queryset().select_related("service", "owner_org", "rectification")


class SimulationDetailView(LoginRequiredMixin, DetailView):
    model = SimulatedApplication
    template_name = "supervision/simulations/detail.html"
    context_object_name = "application"

    def get_object(self, queryset=None):
        return get_visible_or_404(SimulatedApplication, self.request.user, self.kwargs["pk"],
                                  queryset=SimulatedApplication.objects.select_related(
                                      "service", "owner_org", "performed_by", "rectification"))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "article": ARTICLE, "steps": self.object.steps.all()}


def save_simulation(form, steps, user):
    """The application, its steps (numbered in order), and a rectification for the owner if a step failed."""
    with transaction.atomic():
        application = form.save(commit=False)
        application.owner_org_id = application.service.owner_org_id
        application.performed_by = application.created_by = user
        application.save()
        steps.instance = application
        saved = [s for s in steps.save(commit=False)]
        for order, step in enumerate(saved, start=1):
            step.order = order
            step.save()
        application.total_seconds = sum(s.seconds for s in saved)
        failed = [s for s in saved if not s.passed]
        if failed:
            with office_language():
                application.rectification = Rectification.open_for(
                    source=application, owner_org=application.owner_org, user=user,
                    title=(_("Simulated handling: %(service)s") % {"service": application.service.name})[:200],
                    description=_("Failed steps when applying through %(channel)s: %(steps)s.") % {
                        "channel": application.channel,
                        "steps": "；".join(f"{s.order}. {s.action}（{s.result or '—'}）" for s in failed)})
        application.save()
    return application


class SimulationCreateView(LoginRequiredMixin, View):
    template_name = "supervision/simulations/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("supervision.add_simulatedapplication"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": ApplicationForm(), "steps": StepFormSet(),
                                                    "article": ARTICLE})

    def post(self, request):
        form = ApplicationForm(request.POST)
        steps = StepFormSet(request.POST, request.FILES)
        if form.is_valid() and steps.is_valid():
            application = save_simulation(form, steps, request.user)
            if application.rectification_id:
                messages.warning(request, _("Recorded: a step failed, a rectification was opened for %(org)s.") % {
                    "org": application.owner_org.name})
            else:
                messages.success(request, _("Recorded: every step succeeded."))
            return redirect(application)
        return render(request, self.template_name, {"form": form, "steps": steps, "article": ARTICLE}, status=400)
