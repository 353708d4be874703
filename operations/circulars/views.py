"""第十四条 pages: circulars (通报) drafted, reviewed and published; their official Word document."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.core.documents import OfficialDocument, Section, docx_response
from ganfutong_admin.core.language import stored
from ganfutong_admin.core.scoping import EditConflict, OutOfScope, get_for_action, get_visible_or_404, scoped_save
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.transition_views import TransitionView

from .forms import CircularForm, EntryFormSet
from .models import Circular, CircularResult, CircularStatus

ARTICLE = "第十四条"


class CircularListView(ScopedListView):
    model = Circular
    template_name = "operations/circulars/circular_list.html"
    sort_fields = {"published": "published_at", "status": "status", "number": "number"}
    default_sort = ("-created_at",)
    article = ARTICLE
    export_filename = "circulars"
    export_columns = [
        (gettext_lazy("Document number"), lambda c: c.number),
        (gettext_lazy("Title"), lambda c: c.title),
        (gettext_lazy("Status"), lambda c: c.get_status_display()),
        (gettext_lazy("Published at"), lambda c: timezone.localtime(c.published_at) if c.published_at else None),
        (gettext_lazy("Praised"), lambda c: c.praised),
        (gettext_lazy("Criticized"), lambda c: c.criticized),
        (gettext_lazy("Interviewed"), lambda c: c.interviewed),
    ]

    def base_queryset(self):
        count = {name: Count("entries", filter=Q(entries__result=result)) for name, result in (
            ("praised", CircularResult.PRAISE), ("criticized", CircularResult.CRITICISM),
            ("interviewed", CircularResult.INTERVIEW))}
        return super().base_queryset().annotate(**count)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = self.request.user.has_perm("operations.add_circular")
        return ctx


class CircularDetailView(LoginRequiredMixin, DetailView):
    model = Circular
    template_name = "operations/circulars/circular_detail.html"
    context_object_name = "circular"

    def get_object(self, queryset=None):
        return get_visible_or_404(Circular, self.request.user, self.kwargs["pk"],
                                  queryset=Circular.objects.select_related("owner_org", "created_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        circular, user = self.object, self.request.user
        ctx.update(
            article=ARTICLE,
            entries=circular.entries.select_related("org_unit"),
            transitions=Circular.workflow.allowed(circular, user),
            can_edit=circular.status == CircularStatus.DRAFT and Circular.objects.visible_to(
                user, "change").filter(pk=circular.pk).exists(),
            events=circular.events.select_related("actor", "actor__org_unit"),
        )
        return ctx


class CircularEditView(LoginRequiredMixin, View):
    template_name = "operations/circulars/circular_form.html"

    def get_circular(self):
        user = self.request.user
        if "pk" not in self.kwargs:
            if not user.has_perm("operations.add_circular"):
                raise PermissionDenied
            return Circular(created_by=user, owner_org=user.org_unit)
        circular = get_for_action(Circular, user, self.kwargs["pk"], "change")
        if circular.status != CircularStatus.DRAFT:
            raise PermissionDenied
        return circular

    def render_page(self, form, formset, status=200):
        return render(self.request, self.template_name, {"form": form, "formset": formset, "article": ARTICLE},
                      status=status)

    def get(self, request, **kwargs):
        circular = self.get_circular()
        return self.render_page(CircularForm(instance=circular), EntryFormSet(instance=circular, prefix="entries"))

    def post(self, request, **kwargs):
        circular = self.get_circular()
        form = CircularForm(request.POST, instance=circular)
        formset = EntryFormSet(request.POST, instance=circular, prefix="entries")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_page(form, formset, status=400)

        def write():
            saved = form.save()
            formset.instance = saved
            formset.save()
            return saved

        try:
            saved = scoped_save(request.user, write, record=circular if circular.pk else None,
                                version=form.cleaned_data.get("version"), editable=(CircularStatus.DRAFT,),
                                action="change" if circular.pk else "add")
        except (EditConflict, OutOfScope) as exc:
            form.add_error(None, exc.message)
            return self.render_page(form, formset, status=409 if isinstance(exc, EditConflict) else 400)
        messages.success(request, _("Saved."))
        return redirect("operations:circular-detail", pk=saved.pk)


class CircularTransitionView(TransitionView):
    model = Circular


def official_document(circular):
    """The circular in the layout of GB/T 9704-2012: its body, then the org units named, by result."""
    sections = [Section("", [line.strip() for line in circular.body.splitlines() if line.strip()])]
    entries = list(circular.entries.select_related("org_unit").order_by("result", "org_unit__path"))
    numerals = "一二三四五六七八九十"
    for result, label in CircularResult.choices:
        named = [f"{e.org_unit.name}：{e.reason}" for e in entries if e.result == result]
        if named:
            sections.append(Section(f"{numerals[len(sections) - 1]}、{label}", named))
    return OfficialDocument(issuer=circular.owner_org.name, number=circular.number, title=circular.title,
                            recipients=circular.recipients, sections=sections,
                            date=timezone.localtime(circular.published_at).date() if circular.published_at else None)


class CircularDocxView(LoginRequiredMixin, View):
    def get(self, request, pk):
        circular = get_visible_or_404(Circular, request.user, pk, queryset=Circular.objects.select_related("owner_org"))
        record(EventKind.EXPORT, user=request.user, request=request, target=f"circular-{circular.pk}", format="docx")
        return docx_response(stored(lambda: official_document(circular)), f"{circular.number or circular.pk}")
