"""The public feed of the platform's announcements: JSON and Atom, no authentication (DESIGN section 5).

Only what `Announcement.objects.public()` returns right now (published, started, not expired, not withdrawn),
newest first, at most FEED_LIMIT entries. Bodies are sanitized again on the way out (nh3), titles are escaped
by the format (JSON strings with <, > and & escaped; XML text in Atom).

Conditional GET: the ETag and Last-Modified come from ONE aggregate query over the rows that can change the
feed, computed before the rows are read; a matching If-None-Match or a fresh If-Modified-Since gets 304 after
that single query. Last-Modified moves forward with every event that changes the feed's content:
- a row published, withdrawn or edited (its updated_at),
- a scheduled row's publication time passing (its publish_at, once in the past),
- a row's expiry time passing (its expire_at, once in the past),
so a client is never told "not modified" after an announcement went public or left the feed by itself.
"""

import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from ganfutong_admin.core.language import office_language

from .models import Announcement, AnnouncementStatus, sanitize_html

FEED_LIMIT = 50
FEED_FORMAT_VERSION = "1"  # bump when the feed's shape changes, so that cached copies are refetched
MAX_AGE = 60

# JSON strings may be pasted into HTML by a consumer: no raw markup characters in the output at all.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _now(request):
    if not hasattr(request, "_feed_now"):
        request._feed_now = timezone.now()
    return request._feed_now


def feed_state(request):
    """ETag and Last-Modified of the feed, from one aggregate query (memoized on the request)."""
    state = getattr(request, "_feed_state", None)
    if state is not None:
        return state
    now = _now(request)
    published = Q(status=AnnouncementStatus.PUBLISHED)
    figures = Announcement.objects.aggregate(
        changed=Max("updated_at", filter=~Q(status=AnnouncementStatus.DRAFT)),
        started=Max("publish_at", filter=published & Q(publish_at__lte=now)),
        ended=Max("expire_at", filter=published & Q(expire_at__lte=now)),
        listed=Count("pk", filter=Q(pk__in=Announcement.objects.public(now).values("pk"))),
    )
    moments = [figures[k] for k in ("changed", "started", "ended") if figures[k] is not None]
    fingerprint = "|".join([FEED_FORMAT_VERSION, settings.LANGUAGE_CODE, str(figures["listed"])]
                           + [figures[k].isoformat() if figures[k] else "-" for k in ("changed", "started", "ended")])
    # Weak: the same announcements, but "generated_at" differs from one response to the next.
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
    state = {
        "etag": f'W/"{digest}"',
        "last_modified": max(moments) if moments else None,
    }
    request._feed_state = state
    return state


def _etag(request, *args, **kwargs):
    return feed_state(request)["etag"]


def _last_modified(request, *args, **kwargs):
    return feed_state(request)["last_modified"]


def feed_rows(request):
    """The listed announcements: one query whatever their number."""
    return list(Announcement.objects.public(_now(request)).select_related("owner_org")
                .order_by("-publish_at", "-pk")[:FEED_LIMIT])


def _iso(dt):
    return timezone.localtime(dt).isoformat() if dt else None


def public_feed(view):
    """No login, GET/HEAD only, conditional on the aggregate, cacheable by anyone for a minute."""
    view = condition(etag_func=_etag, last_modified_func=_last_modified)(view)
    view = cache_control(public=True, max_age=MAX_AGE)(view)
    return require_safe(view)


@public_feed
def announcements_json(request):
    with office_language():  # one language for everyone: the feed is cached publicly
        data = {
            "announcements": [
                {
                    "id": a.pk,
                    "title": a.title,
                    "category": a.category,
                    "category_label": str(a.get_category_display()),
                    "body_html": sanitize_html(a.body),
                    "published_at": _iso(a.publish_at),
                    "expires_at": _iso(a.expire_at),
                    "url": request.build_absolute_uri(reverse("public:announcement-page", args=[a.pk])),
                }
                for a in feed_rows(request)
            ],
            "generated_at": _iso(_now(request)),
        }
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


class AnnouncementAtomFeed(Atom1Feed):
    """Atom 1.0 with each announcement's sanitized body as <content type="html">."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html") is not None:
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


@public_feed
def announcements_atom(request):
    with office_language():
        self_url = request.build_absolute_uri(reverse("public:announcements-atom"))
        feed = AnnouncementAtomFeed(
            title=_("Ganfutong platform announcements"),
            link=request.build_absolute_uri(reverse("public:announcements-json")),
            description=_("Announcements of the Ganfutong mobile government-service platform"),
            subtitle=_("Announcements of the Ganfutong mobile government-service platform"),
            feed_url=self_url,
            feed_guid=self_url,
            language=settings.LANGUAGE_CODE,
        )
        for a in feed_rows(request):
            page = request.build_absolute_uri(reverse("public:announcement-page", args=[a.pk]))
            feed.add_item(
                title=a.title,
                link=page,
                description=None,
                unique_id=page,
                pubdate=a.publish_at,
                updateddate=max(a.updated_at, a.publish_at),
                author_name=a.owner_org.name,
                categories=[str(a.get_category_display())],
                content_html=sanitize_html(a.body),
            )
        content = feed.writeString("utf-8")
    return HttpResponse(content, content_type="application/atom+xml; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=MAX_AGE)
def announcement_page(request, pk):
    """One public announcement as a plain page (the feeds' links); 404 unless it is public right now."""
    announcement = Announcement.objects.public().select_related("owner_org").filter(pk=pk).first()
    if announcement is None:
        raise Http404
    with office_language():
        return render(request, "announcements/public_detail.html", {
            "announcement": announcement,
            "body_html": mark_safe(sanitize_html(announcement.body)),  # noqa: S308 - sanitized by nh3 just now
        })
