"""The bench's report writer and pin checker (bench/report.py), and its query counter (bench mode only)."""

import json
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench import report  # noqa: E402


def test_percentiles_by_nearest_rank():
    values = [float(v) for v in range(1, 21)]  # 1..20
    assert report.percentile(values, 50) == 10
    assert report.percentile(values, 95) == 19
    assert report.percentile([7.0], 95) == 7
    assert report.percentile([], 50) is None


def test_summary_has_the_fields_of_the_report_and_the_admin_ratio():
    case = report.summarize("page work orders province none", [100, 120, 110], 13, admin_timings_ms=[300, 330])
    assert case == {"name": "page work orders province none", "p50_ms": 110, "p95_ms": 120, "queries": 13, "n": 3,
                    "admin_p50_ms": 300, "admin_ratio": 2.73}
    assert "admin_p50_ms" not in report.summarize("api filings city none", [5.0], 9)


def test_report_file_is_one_object_per_case(tmp_path):
    cases = [report.summarize("api filings city none", [5.0, 6.0], 9)]
    path = report.write_report(cases, tmp_path / "bench" / "report.json", {"scale": "small"})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["meta"] == {"scale": "small"}
    assert [c["name"] for c in data["cases"]] == ["api filings city none"]
    assert {"name", "p50_ms", "p95_ms", "queries"} <= set(data["cases"][0])


PINS = {
    "same_queries_deep_page": False,
    "cases": {"page work orders city deep": {"current": 14, "target": 12}},
    "rules": [{"prefix": "page ", "current": 13, "target": 12}, {"prefix": "api ", "current": 10, "target": 10}],
}


def case(name, queries):
    return {"name": name, "queries": queries}


def test_over_the_current_pin_fails_over_the_target_is_reported():
    failures, misses = report.check_pins([
        case("page work orders city none", 13),  # at current, over target: reported
        case("page work orders city deep", 14),  # its own pin
        case("api filings city none", 11),  # over current: fails
        case("home auditor", 50),  # no pin
    ], PINS)
    assert failures == ["api filings city none: 11 queries, pinned at 10 (target 10)"]
    assert "page work orders city none: 13 queries, target 12" in misses
    assert "page work orders city deep: 14 queries, target 12" in misses
    failures, _ = report.check_pins([case("page work orders city deep", 15)], PINS)
    assert failures == ["page work orders city deep: 15 queries, pinned at 14 (target 12)"]


def test_a_deep_page_with_more_queries_than_page_one_is_a_miss_then_a_failure_once_fixed():
    cases = [case("page work orders city none", 13), case("page work orders city deep", 14)]
    failures, misses = report.check_pins(cases, PINS)
    assert not failures
    assert "page work orders city deep: 14 queries, page 1 runs 13" in misses
    failures, _ = report.check_pins(cases, {**PINS, "same_queries_deep_page": True})
    assert "page work orders city deep: 14 queries, page 1 runs 13" in failures


def test_the_committed_pins_cover_pages_api_and_home_with_the_issues_targets():
    pins = report.load_pins()
    assert report.pin_for("page work orders province none", pins)["target"] == 12
    assert report.pin_for("api work orders province none", pins)["target"] == 10
    assert report.pin_for("home auditor", pins)["target"] == 20


def test_table_lists_every_case():
    table = report.format_table([report.summarize("api filings city none", [5.0], 9),
                                 {"name": "export work orders", "p50_ms": 1000, "note": "first byte 0.5 s"}])
    assert "api filings city none" in table and "first byte 0.5 s" in table


def test_the_query_counter_is_off_unless_the_bench_asks():
    assert "ganfutong_admin.core.middleware.BenchQueryCountMiddleware" not in settings.MIDDLEWARE


@pytest.mark.django_db
def test_the_query_counter_reports_the_queries_of_a_request(client):
    middleware = ["ganfutong_admin.core.middleware.BenchQueryCountMiddleware", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=middleware):
        response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert int(response["X-Bench-Queries"]) >= 0
    # Without the setting (a fresh client: the test client keeps the middleware chain it loaded) no header.
    assert "X-Bench-Queries" not in Client().get("/accounts/login/")


def test_pins_from_a_report_pin_todays_figure_of_the_cases_over_target_only():
    cases = [case("page work orders city none", 14), case("api filings city none", 9),
             {"name": "page security risks city none", "queries": 30, "status": 403}]
    pins = report.pins_from_report(cases, PINS)
    assert pins["cases"] == {"page work orders city none": {"current": 14, "target": 12}}
    assert pins["rules"] == PINS["rules"]
    assert report.check_pins(cases[:2], pins)[0] == []
