"""Headers of every answer (issue 11, point 7): what a signed-in person sees is never cached, the page
may use no powerful browser feature, and the server does not say which Python it runs."""

import urllib.request

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_not_stored(web, people):
    response = web(people["nanchang_submitter"]).get(reverse("core:home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "camera=()" in response["Permissions-Policy"]


def test_api_json_is_not_stored_signed_in_or_not(api, people):
    signed_in = api(people["province_reviewer"]).get("/api/v1/filings/")
    assert signed_in.status_code == 200 and signed_in["Cache-Control"] == "no-store"
    # The token endpoint answers anonymous callers with a credential: never cached either.
    anonymous = api(None).post("/api/v1/auth/token/", {"username": "nobody", "password": "x"})
    assert anonymous.status_code in (400, 401) and anonymous["Cache-Control"] == "no-store"


def test_the_public_feed_keeps_its_own_caching(client):
    response = client.get("/public/announcements.json")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]


def test_the_login_page_is_not_stored_once_signed_in_but_static_assets_are_cacheable(web, people, client):
    page = web(people["auditor"]).get(reverse("core:home"))
    css = next(part.split('"')[0] for part in page.content.decode().split('href="')[1:]
               if part.split('"')[0].endswith(".css"))
    asset = client.get(css)
    assert asset.status_code == 200
    assert "no-store" not in asset.get("Cache-Control", "")


@pytest.mark.django_db(transaction=True)
def test_the_server_header_names_no_python_version(live_server):
    with urllib.request.urlopen(f"{live_server.url}/healthz") as response:
        server = response.headers["Server"]
    assert "Python" not in server and "WSGIServer" not in server
