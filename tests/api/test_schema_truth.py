"""The OpenAPI schema says what the API really answers (issue 11, point 7)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api, people):
    return api(people["province_reviewer"]).get("/api/schema/", {"format": "json"}).json()


def prop(schema, component, field):
    return schema["components"]["schemas"][component]["properties"][field]


@pytest.mark.parametrize("component, field", [
    ("OrgUnit", "parent"),  # the province has no parent
    ("Announcement", "published_by"),  # a draft has no publisher
    ("Service", "standard"),  # a service not yet self-tested against a standard
    ("BadReview", "work_order_reference"),
])
def test_read_only_fields_that_can_be_null_say_so(schema, component, field):
    assert prop(schema, component, field).get("nullable") is True


def test_read_only_choices_of_a_blank_model_field_admit_the_blank(schema):
    severity = prop(schema, "Finding", "severity")  # a finding that is not a problem has no severity
    refs = [part.get("$ref", "") for part in severity.get("oneOf", [])]
    assert any(ref.endswith("/BlankEnum") for ref in refs), severity


def test_every_operation_documents_its_errors(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            codes = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= codes, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert {"409", "413", "415"} <= codes, (method, path)
    error = schema["components"]["schemas"]["ErrorResponse"]
    assert error["oneOf"][0]["properties"]["detail"] == {"type": "string"}


def test_request_bodies_never_ask_for_read_only_fields(schema):
    components = schema["components"]["schemas"]
    requests = {name: c for name, c in components.items() if name.endswith("Request")}
    assert "AnnouncementRequest" in requests and "ServiceRequest" in requests
    for name, component in requests.items():
        read_only = {f for f, p in component.get("properties", {}).items() if p.get("readOnly")}
        assert not read_only & set(component.get("required", [])), name
        assert "published_by" not in component.get("properties", {}) or name != "AnnouncementRequest"


def test_the_schema_is_not_an_operation_of_itself(schema):
    assert "/api/schema/" not in schema["paths"]


def test_an_unknown_api_address_answers_json(api, people):
    response = api(people["province_reviewer"]).get("/api/v1/filings/not-a-number/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    page = api(people["province_reviewer"]).get("/no/such/page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
