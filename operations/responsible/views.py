"""第十二条 pages: the responsible-person register of each org unit, and its coverage."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404, still_in_scope
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.privacy.masking import can_unmask, display, mask_phone

from .coverage import coverage_queryset, gap_counts, has_field
from .filters import CoverageFilter, ResponsiblePersonFilter
from .forms import ResponsiblePersonForm
from .models import Duty, ResponsiblePerson

ARTICLE = "第十二条"


def _yes_no(value):
    return _("Yes") if value else _("No")


class ResponsiblePersonListView(ScopedListView):
    model = ResponsiblePerson
    filterset_class = ResponsiblePersonFilter
    template_name = "operations/responsible/person_list.html"
    sort_fields = {"org": "owner_org__path", "duty": "duty", "name": "name", "from": "valid_from",
                   "to": "valid_to"}
    default_sort = ("owner_org__path", "duty", "-valid_from")
    article = ARTICLE
    export_filename = "responsible-persons"
    export_columns = [
        (gettext_lazy("Org unit"), lambda p: p.owner_org.name),
        (gettext_lazy("Org unit code"), lambda p: p.owner_org.code),
        (gettext_lazy("Duty"), lambda p: p.get_duty_display()),
        (gettext_lazy("Name"), lambda p: p.name),
        (gettext_lazy("Post"), lambda p: p.post),
        (gettext_lazy("Office phone"), lambda p: p.office_phone),
        (gettext_lazy("Mobile phone"), lambda p: mask_phone(p.mobile)),
        (gettext_lazy("Valid from"), lambda p: p.valid_from),
        (gettext_lazy("Valid to"), lambda p: p.valid_to),
        (pgettext_lazy("validity", "Validity"), lambda p: p.validity_label),
    ]

    def base_queryset(self):
        return super().base_queryset().with_validity().select_related("owner_org")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("operations.add_responsibleperson")
        for person in ctx["object_list"]:
            person.mobile_masked = mask_phone(person.mobile)
        return ctx


class ResponsiblePersonDetailView(LoginRequiredMixin, DetailView):
    """GET: masked. POST unmask=1: the mobile number shown to a holder of accounts.unmask_personal_data (logged)."""

    model = ResponsiblePerson
    template_name = "operations/responsible/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        return get_visible_or_404(ResponsiblePerson, self.request.user, self.kwargs["pk"],
                                  queryset=ResponsiblePerson.objects.with_validity().select_related(
                                      "owner_org", "created_by"))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if "unmask" not in request.POST or not can_unmask(request.user):
            raise PermissionDenied
        return self.render_to_response(self.get_context_data(unmask=True))

    def get_context_data(self, unmask=False, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person, user = self.object, self.request.user
        ctx.update(
            article=ARTICLE,
            mobile=display(person.mobile, "phone", user, unmask=unmask, request=self.request,
                           target=f"responsible person {person.pk}"),
            unmasked=unmask and can_unmask(user),
            can_unmask=can_unmask(user),
            can_edit=still_in_scope(person, user, "change"),
            history=person.history.select_related("history_user")[:50],
        )
        return ctx


class ResponsiblePersonEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit an entry of the register; the saved entry must stay in the user's scope."""

    template_name = "operations/responsible/person_form.html"

    def get_instance(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("operations.add_responsibleperson"):
                raise PermissionDenied
            return ResponsiblePerson(created_by=user)
        return get_for_action(ResponsiblePerson, user, self.kwargs["pk"], "change")

    def render_page(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "article": ARTICLE}, status=status)

    def get(self, request, **kwargs):
        return self.render_page(ResponsiblePersonForm(instance=self.get_instance(), user=request.user))

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = ResponsiblePersonForm(request.POST, instance=instance, user=request.user)
        status = 400
        if form.is_valid():
            person, status = save_form(form, request.user, form.save, record=instance)
            if person is not None:
                messages.success(request, _("Saved."))
                return redirect("operations:responsible-detail", pk=person.pk)
        return self.render_page(form, status=status)


class CoverageView(ScopedListView):
    """Org units of the user's jurisdiction that must name persons, with a mark per duty; by default only those
    lacking a current person for some duty. One query for the rows, one aggregate for the figures."""

    model = ResponsiblePerson
    template_name = "operations/responsible/coverage.html"
    paginate_by = 50
    sort_fields = {"org": "path", "name": "name", "missing": "missing"}
    default_sort = ("-missing", "path")
    article = ARTICLE
    export_filename = "responsible-person-coverage"

    @property
    def export_columns(self):
        return [
            (gettext_lazy("Org unit"), lambda u: u.name),
            (gettext_lazy("Org unit code"), lambda u: u.code),
            (gettext_lazy("Kind"), lambda u: u.get_kind_display()),
            *[(duty.label, lambda u, d=duty.value: _yes_no(getattr(u, has_field(d)))) for duty in Duty],
            (gettext_lazy("Duties without a person"), lambda u: u.missing),
        ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.show_all = request.GET.get("show") == "all"
        self.today = timezone.localdate()

    def base_queryset(self):
        return coverage_queryset(self.request.user, self.today)

    def get_queryset(self):
        base = self.base_queryset()
        self.filterset = CoverageFilter(self.request.GET or None, queryset=base, request=self.request)
        qs = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else base
        self.in_filter = qs
        if not self.show_all:
            qs = qs.filter(is_gap=True)
        return self.sort_queryset(qs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        counts = gap_counts(self.in_filter)
        duties = [(duty.value, duty.label, counts[duty.value]) for duty in Duty]
        for unit in ctx["object_list"]:
            unit.marks = [(value, getattr(unit, has_field(value))) for value, _label, _n in duties]
        ctx.update(today=self.today, show_all=self.show_all, counts=counts, duties=duties)
        return ctx
