"""The supervision endpoints are in the OpenAPI schema under /api/v1/supervision/, with their enums."""

import pytest


@pytest.mark.django_db
def test_schema_lists_the_endpoints(make_user, api):
    schema = api(make_user("rev", "reviewer", "360000")).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in ("/api/v1/supervision/alerts/", "/api/v1/supervision/alerts/{id}/transitions/",
                 "/api/v1/supervision/alerts/run/", "/api/v1/supervision/alerts/by-city/",
                 "/api/v1/supervision/evaluation-periods/{id}/transitions/", "/api/v1/supervision/scores/",
                 "/api/v1/supervision/accountability/{id}/links/", "/api/v1/supervision/spot-checks/{id}/draw/",
                 "/api/v1/supervision/spot-check-items/{id}/check/", "/api/v1/supervision/simulations/"):
        assert path in paths, path
    for enum in ("AlertLevelEnum", "AlertStatusEnum", "EvaluationPeriodStatusEnum"):
        assert enum in schema["components"]["schemas"], enum
