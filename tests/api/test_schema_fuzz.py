"""schemathesis over every operation of the OpenAPI schema, as three kinds of caller (issue 11, point 7).

For each role, every operation gets a bounded number of generated requests with a fixed seed against the
demo data, checked for: no server error, a documented status code, a documented content type and a
response that matches its schema. The run collects every failure before failing, so one report names
them all. Runs in process (WSGI), inside the test's transaction."""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ganfutong_admin.accounts.models import ApiToken, User
from ganfutong_admin.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 12
# A provincial reviewer (sees everything), a county submitter (sees its own), the 12345 system account.
CALLERS = ["province_reviewer", "donghu_submitter", "hotline_system"]


def run_operation(operation, mode, headers, failures):
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,  # the fixed seed: the same requests on every run
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(app=application, headers=headers, checks=CHECKS)

    try:
        check()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - schemathesis raises a BaseExceptionGroup; one report for all
        causes = "\n".join(f"  {str(cause).strip()[:600]}" for cause in getattr(exc, "exceptions", [exc]))
        failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}):\n{causes}")


@contextmanager
def direct_calls_keep_the_connection():
    """The WSGI app is called directly, so Django's request signals would close the test's database
    connection (and its transaction) at every request; Django's test client avoids it the same way (and
    reconnects them after each of its own requests, so this wraps only the direct calls)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("username", CALLERS)
def test_every_operation_holds_its_schema(username, settings):
    # Throttling would answer 429 before the code under test runs on most of the generated requests.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    call_command("seed_demo", verbosity=0)
    caller = User.objects.get(username=username)
    _, raw = ApiToken.issue(caller, name="schemathesis")
    headers = {"Authorization": f"Bearer {raw}"}
    reviewer = APIClient()
    reviewer.force_login(User.objects.get(username="province_reviewer"))
    raw_schema = reviewer.get("/api/schema/", {"format": "json"}).json()
    schema = schemathesis.openapi.from_dict(raw_schema)
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 60  # the whole API, not a subset that happened to load
    with direct_calls_keep_the_connection():
        for operation in operations:
            # Positive: valid requests by the schema; negative: requests the schema forbids (a string id, a
            # missing field, a wrong type), which must be refused with a documented 4xx, never a 5xx.
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                run_operation(operation, mode, headers, failures)
    assert failures == [], f"{len(failures)} operations fail as {username}:\n\n" + "\n\n".join(failures)
