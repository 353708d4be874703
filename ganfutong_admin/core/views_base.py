"""Base list view: scoped queryset, filter bar, whitelisted sorting, pagination, Excel export."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView

from ganfutong_admin.audit.models import EventKind, record
from ganfutong_admin.orgs.scoping import permission_for
from ganfutong_admin.privacy.redaction import redact_query

from . import export_jobs
from .exports import export_response
from .filtering import filterset_is_valid


def ordering(term):
    """"due_at" / "-due_at" as an ordering with empty values last in both directions, the same on
    SQLite and PostgreSQL (which otherwise disagree): a filing without a deadline sorts after the
    ones that have one."""
    if term.startswith("-"):
        return F(term[1:]).desc(nulls_last=True)
    return F(term).asc(nulls_last=True)


class ScopedListView(LoginRequiredMixin, ListView):
    model = None
    filterset_class = None
    paginate_by = 25
    sort_fields = {}  # query value -> ORM ordering, e.g. {"due": "due_at"}
    default_sort = None
    export_columns = None  # [(label, getter)]
    export_filename = "export"
    export_formats = ("xlsx",)  # of core.exports.EXPORT_FORMATS
    export_permission = None  # needed beyond the list's view permission
    article = ""  # the article of the measures the page serves

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(permission_for(self.model, "view")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return self.model.objects.visible_to(self.request.user, "view")

    def get_queryset(self):
        qs = self.base_queryset()
        self.filterset = None
        if self.filterset_class:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            if self.filterset.is_bound and filterset_is_valid(self.filterset):
                qs = self.filterset.qs
        return self.sort_queryset(qs)

    def sort_queryset(self, qs):
        """The whitelisted `?sort=` (a leading "-" descends), else the default order."""
        sort = self.request.GET.get("sort", "")
        key = sort.lstrip("-")
        if key in self.sort_fields:
            field = self.sort_fields[key]
            return qs.order_by(ordering(f"-{field}" if sort.startswith("-") else field), "pk")
        if self.default_sort:
            return qs.order_by(*map(ordering, self.default_sort))
        return qs

    def get(self, request, *args, **kwargs):
        file_format = request.GET.get("export")
        if file_format in self.export_formats and self.export_columns:
            return self.export(request, file_format)
        return super().get(request, *args, **kwargs)

    def may_export(self, user):
        return user.has_perm(permission_for(self.model, "view")) and (
            not self.export_permission or user.has_perm(self.export_permission))

    def export(self, request, file_format):
        """The filtered list in `file_format`, rows read as they are written; the export is a security event.
        A list longer than EXPORT_ASYNC_ROWS is written in the background: the user follows its progress on the
        job's page and downloads it there."""
        if not self.may_export(request.user):
            raise PermissionDenied
        queryset = self.get_queryset()
        job = None
        if export_jobs.too_big_for_a_request(queryset):
            job = export_jobs.start(request, file_format, self.export_filename, self.model._meta.verbose_name_plural)
        record(EventKind.EXPORT, user=request.user, request=request, target=self.export_filename,
               format=file_format, query=redact_query(request.GET.urlencode()),
               **({"background_job": job.pk} if job else {}))
        if job:
            messages.info(request, _("This list is long: the file is being written in the background. "
                                     "It can be downloaded here when it is done."))
            return redirect(job)
        return export_response(file_format, self.export_columns, queryset.iterator(chunk_size=500),
                               self.export_filename, title=self.export_filename)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        ctx.update(
            filter=self.filterset,
            current_sort=self.request.GET.get("sort", ""),
            querystring=params.urlencode(),
            can_export=bool(self.export_columns),
            article=self.article,
        )
        return ctx
