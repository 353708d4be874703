"""Pages of bad reviews (办件差评整改, 第十八条)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ganfutong_admin.core.scoping import OutOfScope, get_visible_or_404, scoped_save
from ganfutong_admin.core.views_base import ScopedListView
from ganfutong_admin.workflow.transition_views import TransitionView

from .appeals import open_bad_review
from .filters import BadReviewFilter
from .forms import BadReviewEntryForm
from .models import BadReview, WorkOrder
from .privacy import mask_free_text, masked_history

ARTICLE = "第十八条"


def _source(review):
    return review.work_order.reference if review.work_order_id else review.case_number


class BadReviewListView(ScopedListView):
    model = BadReview
    filterset_class = BadReviewFilter
    template_name = "maintenance/hotline/badreview_list.html"
    sort_fields = {"created": "created_at", "status": "status", "org": "owner_org__path",
                   "due": "rectification__due_at"}
    default_sort = ("-created_at", "-pk")
    article = ARTICLE
    export_filename = "bad-reviews"
    export_columns = [
        (gettext_lazy("Source"), _source),
        (gettext_lazy("Responsible org unit"), lambda r: r.owner_org.name),
        (gettext_lazy("Rating"), lambda r: r.get_rating_display()),
        (gettext_lazy("Citizen's comment"), lambda r: mask_free_text(r.comment)),
        (gettext_lazy("Status"), lambda r: r.get_status_display()),
        (gettext_lazy("Excluded"), lambda r: _("Yes") if r.excluded else _("No")),
        (gettext_lazy("Rectification"), lambda r: r.rectification.get_status_display() if r.rectification_id else ""),
        (gettext_lazy("Rectification due"), lambda r: r.rectification.due_at if r.rectification_id else None),
        (gettext_lazy("Created at"), lambda r: r.created_at),
    ]

    def base_queryset(self):
        return super().base_queryset().select_related("owner_org", "work_order", "rectification")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for review in ctx["object_list"]:
            review.display_comment = mask_free_text(review.comment)
        ctx["can_add"] = self.request.user.has_perm("maintenance.add_badreview")
        return ctx


class BadReviewDetailView(LoginRequiredMixin, View):
    template_name = "maintenance/hotline/badreview_detail.html"

    def get(self, request, pk):
        return render_review(request, pk)


def render_review(request, pk, comment="", status=200):
    user = request.user
    review = get_visible_or_404(BadReview, user, pk, queryset=BadReview.objects.select_related(
        "owner_org", "work_order", "rectification", "decided_by", "created_by"))
    work_order_visible = bool(review.work_order_id) and WorkOrder.objects.visible_to(user).filter(
        pk=review.work_order_id).exists()
    rectification_visible = bool(review.rectification_id) and type(review.rectification).objects.visible_to(
        user).filter(pk=review.rectification_id).exists()
    return render(request, "maintenance/hotline/badreview_detail.html", {
        "review": review,
        "comment_text": mask_free_text(review.comment),
        "appeal_reason": mask_free_text(review.appeal_reason),
        "decision_comment": mask_free_text(review.decision_comment),
        "work_order_title": mask_free_text(review.work_order.title) if review.work_order_id else "",
        "work_order_visible": work_order_visible,
        "rectification_visible": rectification_visible,
        "transitions": BadReview.workflow.allowed(review, user),
        "events": review.events.select_related("actor", "actor__org_unit"),
        "history": masked_history(review.history.select_related("history_user")[:50]),
        "comment": comment,
        "article": ARTICLE,
    }, status=status)


class BadReviewTransitionView(TransitionView):
    """Appeal, uphold or reject an appeal; a refusal re-renders the page with the typed reason kept."""

    model = BadReview

    def refused(self, exc, form):
        messages.error(self.request, exc.message)
        return render_review(self.request, self.kwargs["pk"], self.request.POST.get("comment", ""),
                             status=exc.status_code)

    def unreadable(self, form):
        messages.error(self.request, _("The action could not be read. Reload the page and try again."))
        return render_review(self.request, self.kwargs["pk"], self.request.POST.get("comment", ""), status=400)

    def success_message(self, review, action):
        return _("Done: the bad review is now “%(status)s”.") % {"status": review.get_status_display()}


class BadReviewCreateView(LoginRequiredMixin, View):
    """A bad review of a platform case entered by hand (the operator): it opens a rectification at once."""

    template_name = "maintenance/hotline/badreview_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("maintenance.add_badreview"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": BadReviewEntryForm(), "article": ARTICLE})

    def post(self, request):
        form = BadReviewEntryForm(request.POST)
        review = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = scoped_save(request.user, lambda: open_bad_review(
                    case_number=data["case_number"], owner_org=data["owner_org"], rating=data["rating"],
                    comment=data["comment"], user=request.user), action="add_badreview")
            except OutOfScope as exc:
                form.add_error("owner_org", exc.message)
            except IntegrityError:
                form.add_error("case_number", _("A bad review of this case is recorded already."))
                review = None
        if review is None:
            return render(request, self.template_name, {"form": form, "article": ARTICLE}, status=400)
        messages.success(request, _("Bad review recorded; its rectification is due %(due)s.") % {
            "due": timezone.localtime(review.rectification.due_at).strftime("%Y-%m-%d")})
        return redirect("maintenance:hotline-badreview-detail", pk=review.pk)
