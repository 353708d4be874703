from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ganfutong_admin.notifications.models import Notification
from ganfutong_admin.workflow.calendar import uncovered_years

from . import worklist


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    ctx = worklist.build(user)
    ctx.update({figure["key"]: figure["value"] for figure in ctx["figures"]})
    # Each role's home shows its own work: the system roles handle no filings or rectifications, so their
    # home offers their pages instead of counters that are always zero.
    ctx["handles_filings"] = user.has_perm("workflow.view_filing")
    ctx["handles_rects"] = user.has_perm("workflow.view_rectification")
    if user.has_perm("workflow.view_calendarday") or user.has_perm("workflow.review_filing"):
        ctx["missing_calendar_years"] = uncovered_years([today.year, today.year + 1])
    return render(request, "core/home.html", ctx)


@never_cache
def healthz(request):
    """Database and broker status for load balancers and monitoring. 503 when the database is down."""
    from django.conf import settings

    status = {"database": "ok", "broker": "eager (no broker)"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        status["database"] = f"error: {type(exc).__name__}"
        code = 503
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            status["broker"] = "ok"
        except Exception as exc:  # noqa: BLE001
            status["broker"] = f"error: {type(exc).__name__}"
            code = 503
    status["status"] = "ok" if code == 200 else "degraded"
    return JsonResponse(status, status=code)


@login_required
def inbox(request):
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page_obj": page, "notifications": page.object_list})


@login_required
@require_POST
def inbox_open(request, pk):
    """Mark one notification read and follow its link."""
    n = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if n.read_at is None:
        n.read_at = timezone.now()
        n.save(update_fields=["read_at"])
    return redirect(n.url or "core:inbox")


@login_required
@require_POST
def inbox_read_all(request):
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    return redirect("core:inbox")
