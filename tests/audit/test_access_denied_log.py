"""Issue 10 point 3: every refused request (403) is an ACCESS_DENIED security event with its path and method, written
once per request, on pages and on the API alike; a failure to write it never turns the 403 into a 500."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseForbidden
from django.test import Client, RequestFactory
from django.urls import reverse

from ganfutong_admin.audit import denials
from ganfutong_admin.audit.models import EventKind, SecurityEvent

pytestmark = pytest.mark.django_db


def denied():
    return list(SecurityEvent.objects.filter(kind=EventKind.ACCESS_DENIED).order_by("pk"))


def test_a_refused_page_is_written_once_with_path_and_method(web, people):
    response = web(people["sec_admin"]).get(reverse("audit:event-list"), {"kind": "login"}, REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 403
    [event] = denied()
    assert (event.actor_id, event.username, event.ip_address) == (people["sec_admin"].pk, "sec_admin", "10.9.8.7")
    assert event.target == "/security-log/"
    assert event.detail == {"path": "/security-log/", "method": "GET"}  # the path, never the query string


def test_a_refused_api_request_is_written_once(api, people):
    response = api(people["audit_admin"]).get("/api/v1/filings/")
    assert response.status_code == 403
    [event] = denied()
    assert event.username == "audit_admin" and event.detail == {"path": "/api/v1/filings/", "method": "GET"}


def test_a_refused_post_is_written_with_its_method(web, people):
    response = web(people["audit_admin"]).post(reverse("maintenance:budget-create"), {})
    assert response.status_code == 403
    [event] = denied()
    assert event.detail["method"] == "POST"


def test_a_csrf_refusal_is_written_too(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["donghu_submitter"])
    assert client.post(reverse("accounts:password_change"), {}).status_code == 403
    [event] = denied()
    assert event.username == "donghu_submitter" and event.detail["method"] == "POST"


def test_every_request_refused_is_one_event(web, people):
    client = web(people["province_reviewer"])
    for _ in range(3):
        assert client.get(reverse("audit:event-list")).status_code == 403
    assert len(denied()) == 3


def test_a_page_that_is_not_refused_writes_nothing(web, people):
    assert web(people["audit_admin"]).get(reverse("audit:event-list")).status_code == 200
    assert web(people["province_reviewer"]).get(reverse("workflow:filing-list")).status_code == 200
    assert denied() == []


def test_a_view_that_records_the_denial_itself_is_not_recorded_twice(people):
    """A view that knows more (which grant it refused) writes the event with that detail; the middleware adds no
    second one."""
    request = RequestFactory().post("/accounts/admin/roles/7/grant/")
    request.user = people["sys_admin"]

    def view(request):
        denials.record_access_denied(request, reason="sys_admin may not grant roles")
        return HttpResponseForbidden()

    response = denials.AccessDeniedLogMiddleware(view)(request)
    assert response.status_code == 403
    [event] = denied()
    assert event.detail == {"path": "/accounts/admin/roles/7/grant/", "method": "POST",
                            "reason": "sys_admin may not grant roles"}


def test_an_anonymous_refusal_has_no_actor():
    request = RequestFactory().get("/x/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    denials.AccessDeniedLogMiddleware(lambda r: HttpResponseForbidden())(request)
    [event] = denied()
    assert event.actor_id is None and event.username == ""


def test_other_statuses_are_not_access_denied(people):
    request = RequestFactory().get("/x/")
    request.user = people["donghu_submitter"]
    for status in (200, 302, 400, 401, 404, 429, 500):
        denials.AccessDeniedLogMiddleware(lambda r, s=status: HttpResponse(status=s))(request)
    assert denied() == []


def test_the_403_page_stands_when_the_log_cannot_be_written(web, people, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(denials, "record", broken)
    response = web(people["sec_admin"]).get(reverse("audit:event-list"))
    assert response.status_code == 403  # not a 500
    assert "could not record the refused request GET /security-log/" in caplog.text
    assert denied() == []


def test_a_long_path_is_cut_to_fit(people):
    request = RequestFactory().get("/" + "a" * 900)
    request.user = people["donghu_submitter"]

    def view(request):
        raise PermissionDenied

    from django.core.handlers.exception import convert_exception_to_response

    denials.AccessDeniedLogMiddleware(convert_exception_to_response(view))(request)
    [event] = denied()
    assert len(event.target) == 200 and len(event.detail["path"]) == denials.PATH_LENGTH


def test_the_middleware_comes_after_authentication():
    from django.conf import settings

    order = settings.MIDDLEWARE
    assert order.index("ganfutong_admin.audit.denials.AccessDeniedLogMiddleware") == (
        order.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1)
