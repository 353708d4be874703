from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from ganfutong_admin.core.scoping import get_visible_or_404, record_url, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView

from . import kinds, naming
from .calendar import uncovered_years
from .filters import FilingFilter, RectificationFilter
from .forms import CalendarDayForm, CalendarYearForm, RectificationAnswerForm, RectificationOpenForm
from .models import CalendarDay, CalendarYear, Filing, FilingStatus, Rectification
from .transition_views import TransitionView


def _local(dt):
    return timezone.localtime(dt) if dt else None


WAITING, EVERYTHING = "waiting", "all"


class FilingQueueView(ScopedListView):
    """The one list of filings, every kind, filtered and sorted by deadline, named by what the user does on it
    (naming.filing_page): a reviewer's 审核队列 opens on what waits for review (submitted, in scope) with a tab for
    everything; a submitter's 我的报备 is its org unit's filings, drafts included (scope decides which). The page
    offers every filing kind the user may start (the kernel's registry: kinds.startable)."""

    model = Filing
    filterset_class = FilingFilter
    template_name = "workflow/filing_list.html"
    sort_fields = {"due": "due_at", "submitted": "submitted_at", "created": "created_at", "reference": "reference"}
    default_sort = ("due_at", "-created_at")
    export_filename = "filings"
    export_columns = [
        (gettext_lazy("Reference number"), lambda f: f.reference),
        (gettext_lazy("Kind"), lambda f: f.kind_label),
        (gettext_lazy("Title"), lambda f: f.title),
        (gettext_lazy("Org unit"), lambda f: f.owner_org.name),
        (gettext_lazy("Status"), lambda f: f.get_status_display()),
        (gettext_lazy("Submitted at"), lambda f: _local(f.submitted_at)),
        (gettext_lazy("Due at"), lambda f: _local(f.due_at)),
        (gettext_lazy("Overdue"), lambda f: _("Yes") if f.overdue else _("No")),
    ]

    def current_view(self):
        """WAITING (the reviewer's default, unless the link asks for a status) or EVERYTHING."""
        if naming.filing_page(self.request.user) != naming.QUEUE:
            return EVERYTHING
        view = self.request.GET.get("view", "")
        if view in (WAITING, EVERYTHING):
            return view
        return EVERYTHING if self.request.GET.get("status") else WAITING

    def base_queryset(self):
        qs = super().base_queryset().with_overdue().select_related("owner_org", "created_by")
        if self.current_view() == WAITING:
            qs = qs.filter(status=FilingStatus.SUBMITTED)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = naming.filing_page(self.request.user)
        params = self.request.GET.copy()
        for name in ("page", "view", "export"):
            params.pop(name, None)
        ctx.update(
            filing_page=page,
            page_heading=naming.PAGE_TITLES[page],
            current_view=self.current_view(),
            tab_query=params.urlencode(),
            start_kinds=kinds.startable(self.request.user),
        )
        return ctx


def filing_back_link(request):
    """(url, label) of the filing page the user came from: the list with its filters when the user came from it,
    else the list itself, named as the user's own page (我的报备 / 审核队列)."""
    list_url = reverse("workflow:filing-list")
    referer = request.META.get("HTTP_REFERER", "")
    url = list_url
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        parts = urlsplit(referer)
        if parts.path == list_url:
            url = f"{list_url}?{parts.query}" if parts.query else list_url
    return url, naming.BACK_LABELS[naming.filing_page(request.user)]


class FilingDetailView(LoginRequiredMixin, DetailView):
    model = Filing
    template_name = "workflow/filing_detail.html"
    context_object_name = "filing"

    def get_object(self, queryset=None):
        return get_visible_or_404(Filing, self.request.user, self.kwargs["pk"],
                                  queryset=Filing.objects.with_overdue().select_related("owner_org", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filing = self.object
        user = self.request.user
        info = filing.kind_info
        editable = filing.status in ("draft", "returned", "oral_reported") and still_in_scope(filing, user, "change")
        ctx.update(
            kind=info,
            details=filing.details,
            oral_report=getattr(filing, "oral_report", None),
            transitions=Filing.workflow.allowed(filing, user),
            events=filing.events.select_related("actor", "actor__org_unit"),
            history=filing.history.select_related("history_user")[:50],
            rectifications=Rectification.objects.visible_to(user).filter(
                source_type__model="filing", source_type__app_label="workflow", source_id=filing.pk
            ),
            can_open_rectification=user.has_perm("workflow.add_rectification"),
            edit_url=reverse(info.edit_url, args=[filing.pk]) if info and info.edit_url and editable else "",
            rectification_form=RectificationOpenForm(),
            article=info.article if info else "",
        )
        ctx["back_url"], ctx["back_label"] = filing_back_link(self.request)
        return ctx


class FilingTransitionView(TransitionView):
    model = Filing


@login_required
@require_POST
def filing_open_rectification(request, pk):
    filing = get_visible_or_404(Filing, request.user, pk)
    if not request.user.has_perm("workflow.add_rectification"):
        raise PermissionDenied
    form = RectificationOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please correct the rectification form: %(errors)s") % {
            "errors": "; ".join(e for errs in form.errors.values() for e in errs)})
        return redirect("workflow:filing-detail", pk=pk)
    rect = Rectification.open_for(source=filing, owner_org=filing.owner_org, user=request.user,
                                  title=form.cleaned_data["title"], description=form.cleaned_data["description"],
                                  working_days=form.cleaned_data["working_days"])
    due = _local(rect.due_at).strftime("%Y-%m-%d")
    messages.success(request, _("Rectification opened, due %(due)s.") % {"due": due})
    return redirect("workflow:rectification-detail", pk=rect.pk)


class RectificationListView(ScopedListView):
    model = Rectification
    filterset_class = RectificationFilter
    template_name = "workflow/rectification_list.html"
    sort_fields = {"due": "due_at", "created": "created_at", "status": "status"}
    default_sort = ("due_at", "pk")
    export_filename = "rectifications"
    export_columns = [
        (gettext_lazy("Title"), lambda r: r.title),
        (gettext_lazy("Org unit"), lambda r: r.owner_org.name),
        (gettext_lazy("Source"), lambda r: r.source_label),
        (gettext_lazy("Status"), lambda r: r.get_status_display()),
        (gettext_lazy("Due at"), lambda r: _local(r.due_at)),
        (gettext_lazy("Overdue"), lambda r: _("Yes") if r.overdue else _("No")),
    ]

    def base_queryset(self):
        return super().base_queryset().with_overdue().select_related("owner_org")


class RectificationDetailView(LoginRequiredMixin, DetailView):
    model = Rectification
    template_name = "workflow/rectification_detail.html"
    context_object_name = "rect"

    def get_object(self, queryset=None):
        queryset = Rectification.objects.with_overdue().select_related("owner_org", "source_type")
        return get_visible_or_404(Rectification, self.request.user, self.kwargs["pk"], queryset=queryset)

    def can_answer(self):
        rect = self.object
        return rect.status in ("open", "reopened") and Rectification.objects.visible_to(
            self.request.user, "answer_rectification").filter(pk=rect.pk).exists()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rect = self.object
        ctx.update(
            transitions=Rectification.workflow.allowed(rect, self.request.user),
            source_url=record_url(self.request.user, rect.source_type, rect.source_id),
            events=rect.events.select_related("actor", "actor__org_unit"),
            history=rect.history.select_related("history_user")[:50],
            answer_form=kwargs.get("answer_form") or (RectificationAnswerForm(instance=rect)
                                                      if self.can_answer() else None),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        """Save the owner's answer (text and evidence); submitting it is a separate transition."""
        self.object = self.get_object()
        if not self.can_answer():
            raise PermissionDenied
        form = RectificationAnswerForm(request.POST, request.FILES, instance=self.object)
        if not form.is_valid():
            messages.error(request, _("The answer was not saved; see the errors below."))
            return self.render_to_response(self.get_context_data(answer_form=form), status=400)
        with transaction.atomic():
            form.save()
        messages.success(request, _("Answer saved. Submit it when it is complete."))
        return redirect("workflow:rectification-detail", pk=self.object.pk)


class RectificationTransitionView(TransitionView):
    model = Rectification


@login_required
def rectification_evidence(request, pk):
    """Evidence is served only through this scoped view, always as a download."""
    rect = get_visible_or_404(Rectification, request.user, pk)
    if not rect.evidence:
        raise Http404
    filename = rect.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(rect.evidence.open("rb"), as_attachment=True, filename=filename)


@login_required
@permission_required("workflow.view_calendarday", raise_exception=True)
def calendar_view(request):
    """The working-day calendar: coverage per year, exceptions, and overrides by the administrator."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    can_edit = request.user.has_perm("workflow.change_calendarday")
    day_form = CalendarDayForm(prefix="day")
    year_form = CalendarYearForm(prefix="year")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "day-date" in request.POST:
            day_form = CalendarDayForm(request.POST, prefix="day")
            if day_form.is_valid():
                data = day_form.cleaned_data
                CalendarDay.objects.update_or_create(
                    date=data["date"],
                    defaults={"is_working_day": data["is_working_day"], "note": data["note"],
                              "source": CalendarDay.Source.MANUAL},
                )
                messages.success(request, _("%(date)s saved.") % {"date": data["date"]})
                return redirect(f"{reverse('workflow:calendar')}?year={data['date'].year}")
        else:
            year_form = CalendarYearForm(request.POST, prefix="year")
            if year_form.is_valid():
                year_form.save()
                messages.success(request, _("Year %(year)s marked as complete.") % {"year": year_form.instance.year})
                return redirect(f"{reverse('workflow:calendar')}?year={year_form.instance.year}")
        messages.error(request, _("Nothing was saved; see the errors below."))
    return render(request, "workflow/calendar.html", {
        "year": year,
        "years": CalendarYear.objects.all()[:30],
        "days": CalendarDay.objects.filter(date__year=year),
        "year_covered": CalendarYear.objects.filter(year=year).exists(),
        "missing_years": uncovered_years([today.year, today.year + 1]),
        "can_edit": can_edit,
        "day_form": day_form,
        "year_form": year_form,
    }, status=400 if request.method == "POST" else 200)
