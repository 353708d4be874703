"""The computed state of an announcement and the filters of its list (page and API).

The state (draft / scheduled / public / expired / withdrawn) is never stored: it follows from the status and
the times, computed in the query against the application's clock. A scheduled announcement is therefore
public as soon as its time comes, whether or not any worker runs.
"""

import django_filters
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Announcement, AnnouncementCategory, AnnouncementStatus


class AnnouncementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLIC = "public", _("Public")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = AnnouncementStatus


def state_q(state, now):
    """The condition on status and times that puts a record in `state` at `now`."""
    published = Q(status=S.PUBLISHED)
    not_started = Q(publish_at__isnull=True) | Q(publish_at__gt=now)
    ended = Q(expire_at__isnull=False, expire_at__lte=now)
    return {
        AnnouncementState.DRAFT: Q(status=S.DRAFT),
        AnnouncementState.WITHDRAWN: Q(status=S.WITHDRAWN),
        AnnouncementState.SCHEDULED: published & not_started,
        AnnouncementState.EXPIRED: published & ~not_started & ended,
        AnnouncementState.PUBLIC: published & ~not_started & ~ended,
    }[state]


def with_state(queryset, now=None):
    """Annotate `state` (an AnnouncementState value) computed in SQL from the status and the times."""
    now = now or timezone.now()
    return queryset.annotate(state=Case(
        *(When(state_q(state, now), then=Value(state.value)) for state in AnnouncementState),
        default=Value(AnnouncementState.DRAFT.value),
        output_field=models.CharField(),
    ))


def state_of(announcement, now=None):
    """The same state, in Python, for a record that was not annotated."""
    now = now or timezone.now()
    if announcement.status == S.DRAFT:
        return AnnouncementState.DRAFT
    if announcement.status == S.WITHDRAWN:
        return AnnouncementState.WITHDRAWN
    if announcement.publish_at is None or announcement.publish_at > now:
        return AnnouncementState.SCHEDULED
    if announcement.expire_at is not None and announcement.expire_at <= now:
        return AnnouncementState.EXPIRED
    return AnnouncementState.PUBLIC


def state_label(state):
    return AnnouncementState(state).label


class AnnouncementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search title"))
    category = django_filters.ChoiceFilter(choices=AnnouncementCategory.choices, label=_("Category"))
    state = django_filters.ChoiceFilter(choices=AnnouncementState.choices, method="filter_state",
                                        label=_("State"))

    class Meta:
        model = Announcement
        fields = []

    def search(self, qs, name, value):
        return qs.filter(title__icontains=value.strip())

    def filter_state(self, qs, name, value):
        return qs.filter(state_q(AnnouncementState(value), timezone.now())) if value else qs
