from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


@shared_task
def send_notification_emails(notification_ids):
    """E-mail copies of inbox notifications to recipients that have an address."""
    from .models import Notification

    sent = 0
    for n in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
        if n.recipient.email:
            send_mail(f"[赣服通] {n.title}", f"{n.body}\n\n{n.url}".strip(), settings.DEFAULT_FROM_EMAIL,
                      [n.recipient.email], fail_silently=False)
            sent += 1
    return sent


@shared_task
def remind_approaching_deadlines():
    from ganfutong_admin.core.language import in_office_language

    return in_office_language(_remind_approaching_deadlines)()


def _remind_approaching_deadlines():
    """Tell the people who must act about filings and rectifications due within a day.

    Overdue status is computed by queries, never stored here; this task only sends reminders, each once
    per record and deadline (dedup key).
    """
    from ganfutong_admin.workflow.models import FILING_ACTIVE_STATES, RECTIFICATION_OPEN_STATES, Filing, Rectification

    from .services import notify, reviewers, users_with_permission

    horizon = timezone.now() + timedelta(days=1)
    count = 0
    for filing in Filing.objects.filter(status__in=FILING_ACTIVE_STATES, due_at__lte=horizon).select_related(
        "owner_org"
    ):
        if filing.status == "submitted":
            recipients = reviewers()
        else:
            recipients = users_with_permission("submit_filing", "workflow", org=filing.owner_org)
        count += len(notify(
            recipients,
            _("Due soon: %(reference)s %(title)s") % {"reference": filing.reference, "title": filing.title},
            _("Deadline: %(due)s") % {"due": timezone.localtime(filing.due_at).strftime("%Y-%m-%d %H:%M")},
            reverse("workflow:filing-detail", args=[filing.pk]),
            dedup_key=f"due:filing:{filing.pk}:{filing.due_at:%Y%m%d}:{filing.status}",
        ))
    for rect in Rectification.objects.filter(status__in=RECTIFICATION_OPEN_STATES, due_at__lte=horizon).select_related(
        "owner_org"
    ):
        count += len(notify(
            users_with_permission("answer_rectification", "workflow", org=rect.owner_org),
            _("Rectification due soon: %(title)s") % {"title": rect.title},
            _("Deadline: %(due)s") % {"due": timezone.localtime(rect.due_at).strftime("%Y-%m-%d %H:%M")},
            reverse("workflow:rectification-detail", args=[rect.pk]),
            dedup_key=f"due:rect:{rect.pk}:{rect.due_at:%Y%m%d}:{rect.status}",
        ))
    return count
