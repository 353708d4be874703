"""第二十六条 pages: accountability records (list, detail with the linked records, new, edit, link a record)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from ganfutong_admin.core.editing import save_form
from ganfutong_admin.core.scoping import get_for_action, get_visible_or_404
from ganfutong_admin.core.views_base import ScopedListView

from .forms import AccountabilityForm, LinkForm
from .linking import resolve
from .models import AccountabilityLink, AccountabilityRecord

ARTICLE = "第二十六条"


class AccountabilityListView(ScopedListView):
    model = AccountabilityRecord
    template_name = "supervision/accountability/list.html"
    default_sort = ("-decided_on", "-pk")
    article = ARTICLE
    export_filename = "accountability"
    export_columns = [
        (gettext_lazy("Case number"), lambda r: r.case_number),
        (gettext_lazy("Case"), lambda r: r.title),
        (gettext_lazy("Org unit concerned"), lambda r: r.owner_org.name),
        (gettext_lazy("Persons held accountable"), lambda r: r.persons),
        (gettext_lazy("Decision"), lambda r: r.decision),
        (gettext_lazy("Decided on"), lambda r: r.decided_on),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org")


class AccountabilityDetailView(LoginRequiredMixin, DetailView):
    model = AccountabilityRecord
    template_name = "supervision/accountability/detail.html"
    context_object_name = "record"

    def get_object(self, queryset=None):
        return get_visible_or_404(AccountabilityRecord, self.request.user, self.kwargs["pk"],
                                  queryset=AccountabilityRecord.objects.select_related("owner_org"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx.update(article=ARTICLE, links=self.object.links.select_related("target_type"),
                   can_change=user.has_perm("supervision.change_accountabilityrecord"),
                   link_form=LinkForm(), history=self.object.history.select_related("history_user")[:50])
        return ctx


class AccountabilityFormView(LoginRequiredMixin, View):
    template_name = "supervision/accountability/form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.record = None
        if "pk" in kwargs:
            self.record = get_for_action(AccountabilityRecord, request.user, kwargs["pk"], "change")
        elif not request.user.has_perm("supervision.add_accountabilityrecord"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk=None):
        return render(request, self.template_name, {"form": AccountabilityForm(instance=self.record),
                                                    "record": self.record, "article": ARTICLE})

    def post(self, request, pk=None):
        form = AccountabilityForm(request.POST, instance=self.record)
        if form.is_valid():
            def write():
                saved = form.save(commit=False)
                if saved.created_by_id is None:
                    saved.created_by = request.user
                saved.save()
                return saved

            saved, status = save_form(form, request.user, write, record=self.record,
                                      action="change" if self.record else "add")
            if saved is not None:
                messages.success(request, _("Accountability record saved."))
                return redirect(saved)
        else:
            status = 400
        return render(request, self.template_name, {"form": form, "record": self.record, "article": ARTICLE},
                      status=status)


class LinkView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        record = get_for_action(AccountabilityRecord, request.user, pk, "change")
        form = LinkForm(request.POST)
        if form.is_valid():
            try:
                target_type, target = resolve(request.user, form.cleaned_data["target_type"],
                                              form.cleaned_data["target_id"])
            except ValueError as exc:
                field, message = exc.args[0]
                form.add_error(field, message)
            else:
                try:
                    with transaction.atomic():
                        AccountabilityLink.objects.create(record=record, target_type=target_type,
                                                          target_id=target.pk, target_label=str(target)[:200])
                    messages.success(request, _("Record linked."))
                except IntegrityError:
                    messages.info(request, _("That record is linked already."))
                return redirect(record)
        return render(request, "supervision/accountability/detail.html", {
            "record": record, "links": record.links.select_related("target_type"), "link_form": form,
            "can_change": True, "article": ARTICLE, "history": record.history.all()[:50]}, status=400)
