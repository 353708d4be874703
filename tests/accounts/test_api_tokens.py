"""API tokens for other systems: issued for a user name and password, stored as SHA-256 only, expiring."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from factories import PASSWORD
from rest_framework.test import APIClient

from ganfutong_admin.accounts.models import ApiToken
from ganfutong_admin.accounts.security_policy import API_TOKEN_DAYS
from ganfutong_admin.policy.parameters import spec

TOKEN_URL = "/api/v1/auth/token/"
# The API_TOKEN_DAYS policy value's declared default (no version in the test database).
TOKEN_LIFETIME = timedelta(days=spec(API_TOKEN_DAYS).default)


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


def obtain(username, password):
    return APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")


def bearer(raw, keyword="Bearer"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {raw}")
    return client


def test_good_credentials_give_a_token_stored_only_as_its_hash(reviewer):
    before = timezone.now()
    response = obtain("province_reviewer", PASSWORD)
    assert response.status_code == 201
    raw = response.json()["token"]
    assert len(raw) >= 40

    token = ApiToken.objects.get(user=reviewer)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in token.key_hash and token.key_hash != raw
    assert token.prefix == raw[:8]
    # Nothing else on the row holds the raw value either.
    assert raw not in repr(ApiToken.objects.filter(pk=token.pk).values().get())
    assert before + TOKEN_LIFETIME <= token.expires_at <= timezone.now() + TOKEN_LIFETIME


def test_the_token_works_as_bearer_and_as_token(reviewer):
    raw = obtain("province_reviewer", PASSWORD).json()["token"]
    response = bearer(raw).get("/api/v1/filings/")
    assert response.status_code == 200
    assert bearer(raw, "Token").get("/api/v1/filings/").status_code == 200
    assert ApiToken.objects.get(user=reviewer).last_used_at is not None
    # The token acts as its user: a transition by a reviewer is possible, so is the scope.
    assert bearer(raw).get("/api/v1/org-units/").status_code == 200


def test_an_expired_token_is_refused(reviewer):
    raw = obtain("province_reviewer", PASSWORD).json()["token"]
    with time_machine.travel(timezone.now() + TOKEN_LIFETIME - timedelta(minutes=1)):
        assert bearer(raw).get("/api/v1/filings/").status_code == 200
    with time_machine.travel(timezone.now() + TOKEN_LIFETIME + timedelta(seconds=5)):
        response = bearer(raw).get("/api/v1/filings/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_unknown_and_malformed_tokens_are_refused(reviewer):
    raw = obtain("province_reviewer", PASSWORD).json()["token"]
    ApiToken.objects.filter(user=reviewer).update(revoked_at=timezone.now())
    assert bearer(raw).get("/api/v1/filings/").status_code == 401
    assert bearer("not-a-token").get("/api/v1/filings/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    assert client.get("/api/v1/filings/").status_code == 401
    # The stored hash itself is not a credential.
    assert bearer(ApiToken.objects.get(user=reviewer).key_hash).get("/api/v1/filings/").status_code == 401


def test_a_token_of_a_disabled_user_is_refused(reviewer):
    raw = obtain("province_reviewer", PASSWORD).json()["token"]
    reviewer.is_active = False
    reviewer.save()
    assert bearer(raw).get("/api/v1/filings/").status_code == 401


def test_bad_password_is_401_and_issues_nothing(reviewer):
    response = obtain("province_reviewer", "wrong-password-1")
    assert response.status_code == 401
    assert "detail" in response.json()
    response = obtain("nobody", "wrong-password-1")
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_missing_fields_are_400(db):
    response = APIClient().post(TOKEN_URL, {"username": "x"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_anonymous_api_access_is_401(db):
    response = APIClient().get("/api/v1/filings/")
    assert response.status_code == 401
