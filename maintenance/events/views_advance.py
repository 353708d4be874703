"""Pages of advance filings (第十六条 "提前报备"): create and edit (the kernel's filing page shows them and carries
their transitions), the list with its lateness flags, the planned maintenance windows, and the operator's action that
drafts the maintenance announcement.

A record the user cannot see is 404; a record the user sees but may not act on is 403 (as everywhere).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.models import Filing, FilingStatus

from . import advance, leadtime
from .filters import AdvanceFilingFilter, MaintenanceWindowFilter
from .forms import AdvanceFilingForm
from .models import AdvanceFiling

WINDOW_STATES = (FilingStatus.SUBMITTED, FilingStatus.ACKNOWLEDGED)


def _local(dt):
    return timezone.localtime(dt) if dt else None


def _day(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d") if dt else "—"


def late_label(details):
    if details.filed_late is None:
        return _("Not submitted yet")
    return _("Filed late") if details.filed_late else _("In time")


class AdvanceFilingEditView(LoginRequiredMixin, View):
    """Start (no pk) or revise (draft or returned) an advance filing; pk is the kernel filing's."""

    template_name = "maintenance/events/advance_filing_form.html"

    def setup_objects(self, request, pk):
        """(filing or None, details, editable)."""
        if pk is None:
            if not request.user.has_perm("workflow.add_filing"):
                raise PermissionDenied
            return None, AdvanceFiling(), True
        filing = get_visible_or_404(Filing, request.user, pk, queryset=Filing.objects.select_related("owner_org"))
        if filing.kind != advance.KIND:
            raise Http404
        get_for_action(Filing, request.user, filing.pk, "change")
        if filing.status not in advance.EDITABLE_STATES:
            messages.error(request, _("This filing is “%(status)s” and can no longer be edited.")
                           % {"status": filing.get_status_display()})
            return filing, None, False
        return filing, filing.advance_filing, True

    def render_form(self, request, form, filing, status=200):
        return render(request, self.template_name, {
            "form": form, "filing": filing, "article": advance.ARTICLE,
            "working_days": leadtime.working_days_required(),
        }, status=status)

    def get(self, request, pk=None):
        filing, details, editable = self.setup_objects(request, pk)
        if not editable:
            return redirect("workflow:filing-detail", pk=pk)
        form = AdvanceFilingForm(instance=details, user=request.user, filing=filing,
                                 version=filing.version if filing else None)
        return self.render_form(request, form, filing)

    def post(self, request, pk=None):
        filing, details, editable = self.setup_objects(request, pk)
        if not editable:
            return redirect("workflow:filing-detail", pk=pk)
        form = AdvanceFilingForm(request.POST, instance=details, user=request.user, filing=filing,
                                 version=filing.version if filing else None)
        saved, status = self.save(request, form, filing) if form.is_valid() else (None, 400)
        if saved is None:
            return self.render_form(request, form, filing, status=status)
        messages.success(request, _("Saved as %(reference)s. Submit it when it is complete.")
                         % {"reference": saved.reference})
        lead = leadtime.required_by(saved.advance_filing.window_start)
        if timezone.now() > lead.required_by:
            messages.warning(request, _("Submitted now, this filing is late: it should have been filed by %(day)s "
                                        "(%(days)s working days before the window). It is accepted and flagged "
                                        "late.") % {"day": _day(lead.required_by),
                                                    "days": leadtime.working_days_required()})
        else:
            messages.info(request, _("To be in time, submit it by the end of %(day)s.") % {
                "day": _day(lead.required_by)})
        return redirect("workflow:filing-detail", pk=saved.pk)

    def save(self, request, form, filing):
        data = form.cleaned_data
        record = filing or Filing(kind=advance.KIND, created_by=request.user)

        def write():
            record.owner_org = data["owner_org"]
            record.title = data["title"].strip()
            record.summary = data["expected_impact"][:500]
            record.save()
            details = form.save(commit=False)
            details.filing = record
            details.save()
            form.save_m2m()
            return record

        return save_form(form, request.user, write, record=record, editable=advance.EDITABLE_STATES)


class AdvanceFilingListView(ScopedListView):
    """Every advance filing in the user's jurisdiction, with how it was filed (in time or late)."""

    model = Filing
    filterset_class = AdvanceFilingFilter
    template_name = "maintenance/events/advance_filing_list.html"
    sort_fields = {"reference": "reference", "window": "advance_filing__window_start",
                   "submitted": "advance_filing__first_submitted_at", "required": "advance_filing__required_by",
                   "status": "status", "org": "owner_org__path"}
    default_sort = ("-advance_filing__window_start", "-pk")
    article = advance.ARTICLE
    export_filename = "advance-filings"
    export_columns = [
        (gettext_lazy("Reference number"), lambda f: f.reference),
        (gettext_lazy("Title"), lambda f: f.title),
        (gettext_lazy("Org unit"), lambda f: f.owner_org.name),
        (gettext_lazy("Event type"), lambda f: f.advance_filing.get_event_type_display()),
        (gettext_lazy("Window start"), lambda f: _local(f.advance_filing.window_start)),
        (gettext_lazy("Window end"), lambda f: _local(f.advance_filing.window_end)),
        (gettext_lazy("Affected services"), lambda f: "、".join(s.name for s in f.advance_filing.services.all())),
        (gettext_lazy("Status"), lambda f: f.get_status_display()),
        (gettext_lazy("First submitted at"), lambda f: _local(f.advance_filing.first_submitted_at)),
        (gettext_lazy("To be filed by"), lambda f: _local(f.advance_filing.required_by)),
        (gettext_lazy("Filed late"), lambda f: late_label(f.advance_filing)),
        (gettext_lazy("Announcement"), lambda f: f.advance_filing.announcement.title
         if f.advance_filing.announcement_id else ""),
    ]

    def base_queryset(self):
        return (super().base_queryset().filter(kind=advance.KIND)
                .select_related("owner_org", "advance_filing", "advance_filing__announcement")
                .prefetch_related("advance_filing__services"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("workflow.add_filing")
        return ctx


class MaintenanceWindowListView(ScopedListView):
    """Planned maintenance windows: filed events and upgrades that have not ended, soonest first, by day."""

    model = Filing
    filterset_class = MaintenanceWindowFilter
    template_name = "maintenance/events/maintenance_windows.html"
    paginate_by = 50
    sort_fields = {"window": "advance_filing__window_start"}
    default_sort = ("advance_filing__window_start", "pk")
    article = advance.ARTICLE
    export_filename = "maintenance-windows"
    export_columns = [
        (gettext_lazy("Window start"), lambda f: _local(f.advance_filing.window_start)),
        (gettext_lazy("Window end"), lambda f: _local(f.advance_filing.window_end)),
        (gettext_lazy("Event type"), lambda f: f.advance_filing.get_event_type_display()),
        (gettext_lazy("Title"), lambda f: f.title),
        (gettext_lazy("Org unit"), lambda f: f.owner_org.name),
        (gettext_lazy("Affected services"), lambda f: "、".join(s.name for s in f.advance_filing.services.all())),
        (gettext_lazy("Status"), lambda f: f.get_status_display()),
        (gettext_lazy("Reference number"), lambda f: f.reference),
    ]

    def base_queryset(self):
        return (super().base_queryset()
                .filter(kind=advance.KIND, status__in=WINDOW_STATES, advance_filing__window_end__gt=timezone.now())
                .select_related("owner_org", "advance_filing", "advance_filing__announcement")
                .prefetch_related("advance_filing__services"))


@login_required
@require_POST
def advance_filing_announce(request, pk):
    """The operator drafts the scheduled-maintenance announcement of a filed window (once per filing)."""
    filing = get_visible_or_404(Filing, request.user, pk)
    if filing.kind != advance.KIND:
        raise Http404
    if not request.user.has_perm(advance.ANNOUNCE_PERMISSION):
        raise PermissionDenied
    try:
        announcement = advance.draft_announcement(filing.pk, request.user)
    except advance.AnnouncementRefused as exc:
        messages.error(request, exc.message)
        return redirect("workflow:filing-detail", pk=pk)
    messages.success(request, _("Draft announcement “%(title)s” made; check it and publish it.")
                     % {"title": announcement.title})
    return redirect("announcements:announcement-detail", pk=announcement.pk)
