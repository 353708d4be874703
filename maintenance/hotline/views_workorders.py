"""Pages of the 12345 hotline work orders (第十八条): list, detail with actions and timeline, manual entry,
dispatch, extension decision. Personal data is masked everywhere; the detail page unmasks on an explicit
action of a user holding accounts.unmask_personal_data (logged). Out of scope is 404; in scope but not the
user's to act on is 403."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ganfutong_admin.core.scoping import OutOfScope, get_for_action, get_visible_or_404, scoped_save
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.privacy.masking import can_unmask
from ganfutong_admin.workflow.models import Rectification
from ganfutong_admin.workflow.transition_views import TransitionView

from . import lifecycle
from .filters import WorkOrderFilter
from .forms import DispatchForm, WorkOrderActionForm, WorkOrderEntryForm
from .models import BadReview, ExtensionStatus, Light, WorkOrder, WorkOrderSource
from .privacy import (
    citizen_for,
    mask_free_text,
    masked_citizen,
    masked_history,
    phone_key,
    phone_search_refusal,
    unmask_field,
)

ARTICLE = "第十八条"
# Actions offered on the detail page itself; dispatch and the extension decision have their own pages.
PAGE_ACTIONS = ("acknowledge", "return", "request_extension", "reply", "callback", "reopen")


def _local(dt):
    return timezone.localtime(dt) if dt else None


def decorate(rows):
    """Masked citizen data and title on each row (lists never unmask)."""
    for wo in rows:
        wo.masked = masked_citizen(wo)
        wo.display_title = mask_free_text(wo.title)
    return rows


class WorkOrderListView(ScopedListView):
    model = WorkOrder
    filterset_class = WorkOrderFilter
    template_name = "maintenance/hotline/workorder_list.html"
    sort_fields = {"due": "due_at", "received": "received_at", "status": "status", "org": "owner_org__path",
                   "type": "type"}
    default_sort = ("due_at", "-received_at")
    article = ARTICLE
    export_filename = "work-orders"
    export_columns = [
        (gettext_lazy("Reference"), lambda w: w.reference),
        (gettext_lazy("Source"), lambda w: w.get_source_display()),
        (gettext_lazy("Type"), lambda w: w.get_type_display()),
        (gettext_lazy("Title"), lambda w: mask_free_text(w.title)),
        (gettext_lazy("Responsible org unit"), lambda w: w.owner_org.name),
        (gettext_lazy("Service"), lambda w: w.service.name if w.service_id else ""),
        (gettext_lazy("Citizen name"), lambda w: masked_citizen(w)["name"]),
        (gettext_lazy("Citizen phone"), lambda w: masked_citizen(w)["phone"]),
        (gettext_lazy("Citizen ID number"), lambda w: masked_citizen(w)["id_number"]),
        (gettext_lazy("Received at"), lambda w: _local(w.received_at)),
        (gettext_lazy("Acknowledge by"), lambda w: _local(w.ack_due_at)),
        (gettext_lazy("Due at"), lambda w: _local(w.due_at)),
        (gettext_lazy("Light"), lambda w: w.light_label),
        (gettext_lazy("Status"), lambda w: w.get_status_display()),
        (gettext_lazy("Replied at"), lambda w: _local(w.replied_at)),
        (gettext_lazy("Callback satisfaction"), lambda w: w.get_satisfaction_display()),
    ]

    def get(self, request, *args, **kwargs):
        # A searched phone number does not stay in the URL, the page, its links or the browser history: the
        # search continues under the number's keyed hash.
        if request.GET.get("phone", "").strip():
            params = request.GET.copy()
            phone = params.pop("phone")[-1]
            params.pop("page", None)
            # Needs the unmask permission, rate-limited, written to the security log (privacy).
            refusal = phone_search_refusal(request.user, phone, request)
            if refusal:
                messages.error(request, refusal)
            else:
                params["phone_key"] = phone_key(phone)
            return redirect(f"{request.path}?{params.urlencode()}")
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        return super().base_queryset().with_light().select_related("owner_org", "service")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        decorate(ctx["object_list"])
        ctx["phone_filtered"] = bool(self.request.GET.get("phone_key")) and can_unmask(self.request.user)
        if self.filterset is not None and not can_unmask(self.request.user):
            # The exact-phone search is not offered to those who may not use it.
            self.filterset.form.fields.pop("phone", None)
        ctx["can_add"] = self.request.user.has_perm("maintenance.add_workorder")
        ctx["lights"] = Light
        return ctx


class WorkOrderDetailView(LoginRequiredMixin, View):
    """GET: the work order, masked. POST unmask=<field> (name, phone, id_number, text): the same page with that one
    field shown (logged as a security event naming it)."""

    template_name = "maintenance/hotline/workorder_detail.html"

    def get(self, request, pk):
        return render_detail(request, pk)

    def post(self, request, pk):
        field = unmask_field(request.POST)
        if not field:
            return redirect("maintenance:hotline-workorder-detail", pk=pk)
        return render_detail(request, pk, unmask=field)


def render_detail(request, pk, *, unmask=False, action_form=None, status=200):
    user = request.user
    work_order = get_visible_or_404(WorkOrder, user, pk, queryset=WorkOrder.objects.with_light().select_related(
        "owner_org", "service", "created_by"))
    citizen, unmasked = citizen_for(work_order, user, unmask=unmask, request=request)
    transitions = {t.action: t for t in WorkOrder.workflow.allowed(work_order, user)}
    failed_action = action_form.data.get("action") if action_form is not None else ""
    ctx = {
        "wo": work_order,
        "citizen": citizen,
        "unmasked": unmasked,
        "can_unmask": can_unmask(user),
        "has_sealed_text": bool(work_order.sealed_text),
        "article": ARTICLE,
        "page_actions": [transitions[a] for a in PAGE_ACTIONS if a in transitions],
        "can_dispatch": "dispatch" in transitions,
        "can_decide_extension": "approve_extension" in transitions,
        "action_form": action_form,
        "failed_action": failed_action,
        "extensions": work_order.extensions.select_related("requested_by", "decided_by"),
        "bad_reviews": BadReview.objects.visible_to(user).filter(work_order=work_order).select_related(
            "rectification"),
        "rectifications": Rectification.objects.visible_to(user).filter(
            pk__in=BadReview.objects.filter(work_order=work_order).values("rectification_id")),
        "events": work_order.events.select_related("actor", "actor__org_unit"),
        "history": masked_history(work_order.history.select_related("history_user")[:50]),
        "satisfaction_choices": WorkOrderActionForm.base_fields["satisfaction"].choices,
    }
    return render(request, "maintenance/hotline/workorder_detail.html", ctx, status=status)


class WorkOrderTransitionView(TransitionView):
    """One action of the detail page. A refused action re-renders the page with what was typed kept."""

    model = WorkOrder
    actions = PAGE_ACTIONS

    def refused(self, exc, form):
        messages.error(self.request, exc.message)
        return render_detail(self.request, self.kwargs["pk"], action_form=self.bound_form(WorkOrderActionForm, exc),
                             status=exc.status_code)

    def unreadable(self, form):
        messages.error(self.request, _("Please correct the action's fields."))
        return render_detail(self.request, self.kwargs["pk"], action_form=self.bound_form(WorkOrderActionForm),
                             status=400)

    def success_message(self, work_order, action):
        return _("Done: the work order is now “%(status)s”.") % {"status": work_order.get_status_display()}


class WorkOrderCreateView(LoginRequiredMixin, View):
    """Manual entry (the operator): with a service its owner is responsible at once; else dispatched later."""

    template_name = "maintenance/hotline/workorder_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("maintenance.add_workorder"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "article": ARTICLE}, status=status)

    def get(self, request):
        return self.render_form(WorkOrderEntryForm())

    def post(self, request):
        form = WorkOrderEntryForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = form.cleaned_data
        try:
            work_order = scoped_save(request.user, lambda: lifecycle.receive(
                user=request.user, source=WorkOrderSource.MANUAL, hotline_id=data["hotline_id"],
                type=data["type"], title=data["title"], content=data["content"], service=data["service_code"],
                responsible_org=data["responsible_org"], citizen_name=data["citizen_name"],
                citizen_phone=data["citizen_phone"], citizen_id_number=data["citizen_id_number"],
                received_at=data["received_at"],
            ), action="add_workorder")
        except OutOfScope as exc:
            form.add_error(None, exc.message)
            return self.render_form(form, status=400)
        except IntegrityError:
            form.add_error("hotline_id", _("A work order with this hotline id exists already."))
            return self.render_form(form, status=400)
        messages.success(request, _("Work order %(reference)s recorded.") % {"reference": work_order.reference})
        return redirect("maintenance:hotline-workorder-detail", pk=work_order.pk)


class DispatchView(TransitionView):
    """The operator dispatches a work order to the org unit that handles it (the `dispatch` transition)."""

    model = WorkOrder
    fixed_action = "dispatch"
    http_method_names = ["get", "post"]
    template_name = "maintenance/hotline/workorder_dispatch.html"

    def get_work_order(self):
        return get_for_action(WorkOrder, self.request.user, self.kwargs["pk"], "dispatch_workorder",
                              queryset=WorkOrder.objects.select_related("owner_org", "service"))

    def render_page(self, work_order, form, status=200):
        return render(self.request, self.template_name, {
            "wo": work_order, "form": form, "article": ARTICLE, "title": mask_free_text(work_order.title),
            "content": mask_free_text(work_order.content),
            "dispatchable": work_order.status in ("received", "returned"),
            "last_return": work_order.events.filter(action="return").order_by("-pk").first(),
        }, status=status)

    def get(self, request, pk):
        work_order = self.get_work_order()
        initial = {"version": work_order.version}
        if work_order.service_id:
            initial["target_org"] = work_order.service.owner_org_id
        return self.render_page(work_order, DispatchForm(initial=initial))

    def payload(self):
        # The page lists the units by primary key; the engine's payload takes the unit itself (or its code).
        form = DispatchForm(self.request.POST)
        return {"target_org": form.cleaned_data["target_org"]} if form.is_valid() else {}

    def refused(self, exc, form):
        messages.error(self.request, exc.message)
        return self.render_page(self.get_work_order(), self.bound_form(DispatchForm, exc), status=exc.status_code)

    def unreadable(self, form):
        return self.render_page(self.get_work_order(), self.bound_form(DispatchForm), status=400)

    def success_message(self, work_order, action):
        return _("Dispatched to %(org)s.") % {"org": work_order.owner_org.name}


class ExtensionDecisionView(TransitionView):
    """The provincial reviewer approves or denies a requested extension (approval moves the deadline)."""

    model = WorkOrder
    actions = ("approve_extension", "deny_extension")
    http_method_names = ["get", "post"]
    template_name = "maintenance/hotline/extension_decision.html"

    def get_work_order(self):
        return get_for_action(WorkOrder, self.request.user, self.kwargs["pk"], "approve_extension",
                              queryset=WorkOrder.objects.with_light().select_related("owner_org", "service"))

    def render_page(self, work_order, comment="", status=200):
        extension = work_order.extensions.filter(status=ExtensionStatus.PENDING).select_related(
            "requested_by").first()
        preview = None
        if extension is not None and work_order.due_at:
            from ganfutong_admin.workflow.calendar import add_working_days

            preview = add_working_days(work_order.due_at, extension.requested_days).end_of_day
        return render(self.request, self.template_name, {
            "wo": work_order, "extension": extension, "new_due_preview": preview, "comment": comment,
            "title": mask_free_text(work_order.title), "reason": mask_free_text(extension.reason) if extension else "",
            "transitions": [t for t in WorkOrder.workflow.allowed(work_order, self.request.user)
                            if t.action in self.actions],
            "decided": work_order.extensions.exclude(status=ExtensionStatus.PENDING).select_related("decided_by"),
            "article": ARTICLE,
        }, status=status)

    def get(self, request, pk):
        return self.render_page(self.get_work_order())

    def refused(self, exc, form):
        messages.error(self.request, exc.message)
        return self.render_page(self.get_work_order(), self.request.POST.get("comment", ""),
                                status=exc.status_code)

    def unreadable(self, form):
        messages.error(self.request, _("Choose to approve or deny the extension."))
        return self.render_page(self.get_work_order(), self.request.POST.get("comment", ""), status=400)

    def success_message(self, work_order, action):
        if action == "approve_extension":
            return _("Extension approved: now due %(due)s.") % {"due": _local(work_order.due_at).strftime("%Y-%m-%d")}
        return _("Extension denied; the deadline is unchanged.")
