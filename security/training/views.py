"""第二十条 training pages: sessions (list with export, detail with attendance, new session), and coverage per org
unit for a year with the units below the minimum."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.orgs.scoping import permission_for

from .coverage import coverage, minimum
from .forms import AttendanceForm, SessionForm
from .models import TrainingSession

ARTICLE = "第二十条"


class SessionListView(ScopedListView):
    model = TrainingSession
    template_name = "security/training/session_list.html"
    sort_fields = {"date": "held_on", "org": "owner_org__path"}
    default_sort = ("-held_on", "-pk")
    article = ARTICLE
    export_filename = "security-training"
    export_columns = [
        (gettext_lazy("Topic"), lambda s: s.topic),
        (gettext_lazy("Organised by"), lambda s: s.owner_org.name),
        (gettext_lazy("Held on"), lambda s: s.held_on),
        (gettext_lazy("Trainer"), lambda s: s.trainer),
        (gettext_lazy("Attendances"), lambda s: s.attendance_count),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org").annotate(attendance_count=Count("attendances"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("security.add_trainingsession")
        return ctx


class SessionDetailView(LoginRequiredMixin, DetailView):
    model = TrainingSession
    template_name = "security/training/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return get_visible_or_404(TrainingSession, self.request.user, self.kwargs["pk"],
                                  queryset=TrainingSession.objects.select_related("owner_org"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session = self.object
        can_edit = still_in_scope(session, self.request.user, "change")
        ctx.update(article=ARTICLE, org_units=session.org_units.order_by("path"),
                   attendances=session.attendances.select_related("org_unit"),
                   attendance_form=kwargs.get("attendance_form") or (AttendanceForm(session=session)
                                                                     if can_edit else None))
        return ctx


class SessionCreateView(LoginRequiredMixin, View):
    template_name = "security/training/session_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("security.add_trainingsession"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": SessionForm(user=request.user), "article": ARTICLE})

    def post(self, request):
        form = SessionForm(request.POST, request.FILES, user=request.user,
                           instance=TrainingSession(created_by=request.user))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=400)
        session, status = save_form(form, request.user, form.save, action="add")
        if session is None:
            return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=status)
        messages.success(request, _("Training session saved."))
        return redirect("security:training-detail", pk=session.pk)


@login_required
@require_POST
def attendance_add(request, pk):
    session = get_for_action(TrainingSession, request.user, pk, "change")
    form = AttendanceForm(request.POST, session=session)
    if not form.is_valid():
        view = SessionDetailView(request=request, kwargs={"pk": pk}, object=session)
        return render(request, view.template_name, view.get_context_data(object=session, attendance_form=form),
                      status=400)
    attendance = form.save(commit=False)
    attendance.session, attendance.person = session, attendance.person.strip()
    attendance.save()
    messages.success(request, _("Attendance recorded."))
    return redirect("security:training-detail", pk=pk)


@login_required
def training_coverage(request):
    if not request.user.has_perm(permission_for(TrainingSession, "view")):
        raise PermissionDenied
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2020), this_year)
    needed = minimum(year)
    rows = list(coverage(request.user, year))
    return render(request, "security/training/coverage.html", {
        "article": ARTICLE, "year": year, "minimum": needed, "rows": rows,
        "below": [row for row in rows if row.attended < needed]})
