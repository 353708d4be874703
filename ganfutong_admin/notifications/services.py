"""Who must be told what. Called after the transaction commits; e-mail goes out through Celery."""


from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ganfutong_admin.core.language import in_office_language

from .models import Notification


def users_with_permission(codename, app_label, org=None):
    """Active users holding the permission through a role; limited to an org unit's members if given."""
    perm = Permission.objects.filter(codename=codename, content_type__app_label=app_label)
    users = get_user_model().objects.filter(is_active=True).filter(
        Q(groups__permissions__in=perm) | Q(user_permissions__in=perm)
    )
    if org is not None:
        users = users.filter(org_unit=org)
    return users.distinct()


def reviewers():
    """Provincial reviewers: they hold review_filing inside the provincial authority."""
    return users_with_permission("review_filing", "workflow").filter(org_unit__kind="provincial_authority")


def notify(users, title, body="", url="", dedup_key=""):
    users = list(users)
    if dedup_key:
        already = set(
            Notification.objects.filter(dedup_key=dedup_key, recipient__in=users).values_list("recipient_id", flat=True)
        )
        users = [u for u in users if u.pk not in already]
    created = Notification.objects.bulk_create(
        [Notification(recipient=u, title=title, body=body, url=url, dedup_key=dedup_key) for u in users]
    )
    from .tasks import send_notification_emails

    ids = [n.pk for n in created if n.pk]
    if ids:
        send_notification_emails.delay(ids)
    return created


@in_office_language
def notify_filing_transition(filing, transition, actor, comment):
    url = reverse("workflow:filing-detail", args=[filing.pk])
    title = _("%(reference)s %(title)s: %(action)s") % {
        "reference": filing.reference, "title": filing.title, "action": transition.label,
    }
    body = comment
    if transition.target == "submitted":
        recipients = reviewers()
    else:
        submitters = users_with_permission("submit_filing", "workflow", org=filing.owner_org)
        recipients = submitters.exclude(pk=actor.pk)
        if filing.created_by_id and filing.created_by_id != actor.pk:
            recipients = list(recipients) + [filing.created_by]
    notify({u.pk: u for u in recipients}.values(), title, body, url)


@in_office_language
def notify_rectification_opened(rect, actor):
    url = reverse("workflow:rectification-detail", args=[rect.pk])
    notify(
        users_with_permission("answer_rectification", "workflow", org=rect.owner_org),
        _("New rectification: %(title)s") % {"title": rect.title},
        rect.description, url,
    )


@in_office_language
def notify_rectification_transition(rect, transition, actor, comment):
    url = reverse("workflow:rectification-detail", args=[rect.pk])
    title = _("Rectification %(title)s: %(action)s") % {"title": rect.title, "action": transition.label}
    if transition.target == "submitted":
        recipients = users_with_permission("review_rectification", "workflow").filter(
            org_unit__kind="provincial_authority"
        )
        if rect.created_by_id:
            recipients = list(recipients) + [rect.created_by]
    else:
        recipients = users_with_permission("answer_rectification", "workflow", org=rect.owner_org)
    notify({u.pk: u for u in recipients if u.pk != actor.pk}.values(), title, comment, url)
