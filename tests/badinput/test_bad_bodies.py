"""Issue 11 point 4 and "what must be shown": every write endpoint of the API answers each malformed body
with a 4xx and a message in Chinese, never a 5xx and never a 2xx.

The endpoints come from the OpenAPI generator (apisurface), so an endpoint added by any chapter is swept
too; each path parameter is a real demo record, so that the body is what decides.
"""

import json
import re

import apisurface
import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
USERS = ("province_reviewer", "donghu_submitter", "hotline_system")
TWENTY_MB = b'{"title": "' + b"x" * (20 * 1024 * 1024) + b'"}'
BODIES = {
    "empty list": b"[]",
    "string": b'"x"',
    "null": b"null",
    "number": b"123",
    "1000-deep list": b"[" * 1000 + b"]" * 1000,
    "1000-deep object": b'{"a":' * 1000 + b"1" + b"}" * 1000,
    "invalid UTF-8": b'{"title": "\xff\xfe\xfa", "name": "\xc3\x28"}',
    "NUL byte": b'{"title": "a\x00b", "name": "\x00"}',
    "escaped NUL": b'{"title": "a\\u0000b", "comment": "\\u0000", "payload": {"note": "\\u0000"}}',
    "NaN": b'{"version": NaN}',
    "20 MB": TWENTY_MB,
}


@pytest.fixture(scope="module")
def operations():
    return apisurface.write_operations()


def test_the_sweep_sees_the_whole_api(operations):
    paths = {(path, method) for path, method, _ in operations}
    assert len(paths) >= 25
    assert ("/api/v1/maintenance/work-orders/", "POST") in paths  # the 12345 intake
    assert ("/api/v1/services/services/", "POST") in paths
    assert ("/api/v1/auth/token/", "POST") in paths
    assert any(path.endswith("/transitions/") for path, _ in paths)


@pytest.mark.parametrize("body", list(BODIES), ids=list(BODIES))
def test_every_write_endpoint_refuses_the_body(demo_data, operations, body):
    data = BODIES[body]
    refused, failures = 0, []
    for username in USERS:
        client = APIClient()
        client.force_login(get_user_model().objects.get(username=username))
        for path, method, view in operations:
            url = apisurface.concrete_path(path, view)
            response = client.generic(method, url, data, content_type="application/json")
            if not 400 <= response.status_code < 500:
                failures.append(f"{method} {url} as {username}: {response.status_code}")
            elif not CJK.search(response.content.decode("utf-8", "replace")):
                failures.append(f"{method} {url} as {username}: {response.status_code} without a Chinese message")
            else:
                refused += 1
    assert failures == []
    assert refused == len(USERS) * len(operations)


@pytest.fixture
def hotline(make_user):
    """The 12345 hotline system's account, as the demo makes it: no role, intake permissions only."""
    from django.contrib.auth.models import Permission

    user = make_user("hotline_system", None, "OP3601")
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="maintenance", codename__in=["add_workorder", "view_workorder"]))
    return user


def detail(response):
    return json.loads(response.content)["detail"]


@pytest.mark.parametrize(("body", "status", "message"), [
    (b"[]", 400, "请求体必须是 JSON 对象。"),
    (b'"x"', 400, "请求体必须是 JSON 对象。"),
    (b"1", 400, "请求体必须是 JSON 对象。"),
    (b"null", 400, "请求体必须是 JSON 对象。"),
    (b'{"a":' * 1000 + b"1" + b"}" * 1000, 400, "JSON 请求体嵌套层级过深。"),
    (b'{"title": "\xff"}', 400, "请求体不是有效的 UTF-8 编码。"),
    (b'{"title": "a\\u0000"}', 400, "请求体不得包含 NUL 字符。"),
    (b'{"title": ', 400, "请求体不是有效的 JSON（第 1 行，第 11 列）。"),
    (TWENTY_MB, 413, "请求体过大（20.0\xa0MB）；上限为 5.0\xa0MB。"),
])
def test_the_12345_intake_says_what_is_wrong(hotline, body, status, message):
    client = APIClient()
    client.force_login(hotline)
    response = client.post("/api/v1/maintenance/work-orders/", body, content_type="application/json")
    assert response.status_code == status
    assert detail(response) == message
    assert response.json()["code"] == ("ParseError" if status == 400 else "RequestTooLarge")


def test_a_valid_body_still_passes_the_checks(hotline):
    client = APIClient()
    client.force_login(hotline)
    response = client.post("/api/v1/maintenance/work-orders/", {"hotline_id": ""}, format="json")
    assert response.status_code == 400
    assert "hotline_id" in response.json()  # the serializer's own field errors, not a parse error


def test_a_body_nested_within_the_limit_is_parsed():
    from ganfutong_admin.core.parsers import MAX_JSON_DEPTH, parse_json_body

    nested = b'{"a":' * (MAX_JSON_DEPTH - 1) + b"1" + b"}" * (MAX_JSON_DEPTH - 1)
    assert parse_json_body(nested)["a"]["a"]
    assert parse_json_body(b"") == {}
    assert parse_json_body('{"名称": "东湖区"}'.encode()) == {"名称": "东湖区"}


def test_form_and_multipart_bodies_are_capped_too(make_user, settings):
    settings.MULTIPART_MAX_BYTES = 1000
    donghu = make_user("donghu_submitter", "submitter", "360102")
    client = APIClient()
    client.force_login(donghu)
    response = client.generic("POST", "/api/v1/services/services/", b"-" * 2000,
                              content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413 and CJK.search(detail(response))
    response = client.generic("POST", "/api/v1/services/services/", b"a=" + b"x" * (6 * 1024 * 1024),
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


# --- integer filters beyond a database integer -----------------------------------------------------------

HUGE = "100000000000000000000000"  # 10^23


@pytest.fixture(scope="module")
def integer_filters():
    """(path, parameter) of every list filter the schema documents as a number or an integer."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        for parameter in get.get("parameters", []):
            if parameter["in"] == "query" and parameter.get("schema", {}).get("type") in {"integer", "number"}:
                if parameter["name"] not in {"page", "page_size"}:
                    found.append((path, parameter["name"]))
    return found


@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", "1e400", "9223372036854775808"])
def test_integer_filters_beyond_the_database_range_are_400(demo_data, integer_filters, value):
    client = APIClient()
    client.force_login(get_user_model().objects.get(username="province_reviewer"))
    assert ("/api/v1/maintenance/anomalies/", "service") in integer_filters
    failures = []
    for path, name in integer_filters:
        response = client.get(path, {name: value})
        if response.status_code != 400 or not CJK.search(response.content.decode()):
            failures.append(f"{path}?{name}={value}: {response.status_code}")
    assert failures == []


def test_the_largest_database_integer_is_still_a_filter(demo_data):
    client = APIClient()
    client.force_login(get_user_model().objects.get(username="province_reviewer"))
    response = client.get("/api/v1/maintenance/anomalies/", {"service": str(2**63 - 1)})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_a_page_filter_beyond_the_range_shows_the_error(demo_data, client):
    client.force_login(get_user_model().objects.get(username="province_reviewer"))
    response = client.get("/maintenance/monitoring/anomalies/", {"service": HUGE})
    assert response.status_code == 200  # the page, with the filter refused rather than a 500
    assert "9223372036854775807" in response.context["filter"].errors["service"][0]


def test_an_overflow_the_filters_let_through_is_400(rf, make_user):
    from rest_framework.views import APIView

    class Overflowing(APIView):
        def get(self, request):
            raise OverflowError("Python int too large to convert to SQLite INTEGER")

    request = rf.get("/api/v1/x/")
    request.user = make_user("donghu_submitter", "submitter", "360102")
    from rest_framework.test import force_authenticate

    force_authenticate(request, user=request.user)
    response = Overflowing.as_view()(request)
    assert response.status_code == 400


# --- integers beyond the database range inside well-formed bodies -----------------------------------------------

def _resolve(schema, components):
    if "$ref" in schema:
        return components[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema:
        return _resolve(schema["allOf"][0], components)
    return schema


@pytest.mark.parametrize("number", [10**23, -(10**23)])
def test_huge_numbers_in_every_numeric_field_are_never_a_server_error(demo_data, operations, number):
    """Each write operation's documented request body, with every integer and number field far out of range."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    views = {(path, method): view for path, method, view in operations}
    failures, sent = [], 0
    for username in USERS:
        client = APIClient()
        client.force_login(get_user_model().objects.get(username=username))
        for path, methods in schema["paths"].items():
            for method, operation in methods.items():
                body_schema = (operation.get("requestBody", {}).get("content", {})
                               .get("application/json", {}).get("schema"))
                if (path, method.upper()) not in views or body_schema is None:
                    continue
                properties = _resolve(body_schema, components).get("properties", {})
                body = {name: number for name, prop in properties.items()
                        if _resolve(prop, components).get("type") in {"integer", "number"}}
                if not body:
                    continue
                url = apisurface.concrete_path(path, views[(path, method.upper())])
                response = client.generic(method.upper(), url, json.dumps(body), content_type="application/json")
                sent += 1
                if response.status_code >= 500:
                    failures.append(f"{method.upper()} {url} as {username}: {response.status_code}")
    assert sent >= 10
    assert failures == []
