"""Issue 10 point 3: the security auditor's search of the security log (time, actor, the actor's org unit with its
subtree, event kind, result, IP), its streamed export, and the hash chain's verification from the page."""

import csv
import io
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ganfutong_admin.audit.models import (
    FAILURE_KINDS,
    GENESIS,
    EventKind,
    EventResult,
    SecurityEvent,
    result_of,
    verify_chain,
)

pytestmark = pytest.mark.django_db

URL = "/security-log/"
FORMULA = "=cmd|' /C calc'!A0"


def at(text):
    """The moment of a local time, "2026-06-01 09:30", in UTC as timezone.now() gives it (the hash covers the
    time's isoformat, which must read back from the database the same)."""
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M")).astimezone(UTC)


def chain(*rows):
    """Events appended to the chain as record() does, with the times and addresses the test gives: each row is a
    dict of SecurityEvent fields (kind, created_at, actor, username, ip_address, target, detail)."""
    last = SecurityEvent.objects.order_by("-pk").first()
    prev = last.row_hash if last else GENESIS
    events = []
    for fields in rows:
        fields = dict(fields)
        actor = fields.pop("actor", None)
        event = SecurityEvent(actor=actor, username=fields.pop("username", getattr(actor, "username", "")),
                              prev_hash=prev, **fields)
        event.row_hash = event.compute_hash()
        event.save()
        events.append(event)
        prev = event.row_hash
    return events


def listed(response):
    assert response.status_code == 200, response.status_code
    return [e.pk for e in response.context["object_list"]]


@pytest.fixture
def auditor_client(web, people):
    return web(people["audit_admin"])


@pytest.fixture
def log(people):
    """A small log: two days, actors in 南昌市/东湖区 and 九江市/濂溪区, failures and successes, three addresses."""
    return dict(zip(
        ["nanchang_login", "donghu_export", "jiujiang_denied", "lianxi_failed", "lianxi_login", "province_policy"],
        chain(
            {"kind": EventKind.LOGIN, "created_at": at("2026-06-01 08:00"), "actor": people["nanchang_submitter"],
             "ip_address": "10.1.2.3"},
            {"kind": EventKind.EXPORT, "created_at": at("2026-06-01 12:30"), "actor": people["donghu_submitter"],
             "ip_address": "10.1.20.5", "target": "filings", "detail": {"format": "xlsx", "query": "status=draft"}},
            {"kind": EventKind.ACCESS_DENIED, "created_at": at("2026-06-01 23:59"),
             "actor": people["jiujiang_submitter"], "ip_address": "10.10.1.1", "target": "/security-log/",
             "detail": {"path": "/security-log/", "method": "GET"}},
            # A failed login has no actor: it counts for the account it names (濂溪区, under 九江市).
            {"kind": EventKind.LOGIN_FAILED, "created_at": at("2026-06-02 00:00"), "username": "lianxi_submitter",
             "ip_address": "10.10.1.1"},
            {"kind": EventKind.LOGIN, "created_at": at("2026-06-02 09:15"), "actor": people["lianxi_submitter"],
             "ip_address": "2001:db8::7"},
            {"kind": EventKind.POLICY_CHANGE, "created_at": at("2026-06-03 10:00"), "actor": people["sec_admin"],
             "target": "PASSWORD_MIN_LENGTH", "detail": {"value": "14", "previous": "12", "reason": "等保测评整改"}},
        ), strict=True,
    ))


def pks(log, *names):
    return sorted(log[n].pk for n in names)


def search(client, **params):
    """The events the search lists, within June 2026 unless the search says otherwise (signing the auditor in is an
    event of today's)."""
    params.setdefault("until", "2026-06-30")
    return sorted(listed(client.get(URL, params)))


# ---- the result mapping -------------------------------------------------------------------------------------------

def test_failures_are_the_refusals_and_failed_attempts():
    assert {EventKind.LOGIN_FAILED, EventKind.OTP_FAILED, EventKind.LOCKOUT, EventKind.ACCESS_DENIED} == FAILURE_KINDS
    assert result_of(EventKind.LOGIN_FAILED) == EventResult.FAILURE
    assert result_of(EventKind.LOGIN) == EventResult.SUCCESS
    assert result_of(EventKind.EXPORT) == EventResult.SUCCESS


# ---- each filter narrows ------------------------------------------------------------------------------------------

def test_the_whole_log_newest_first(auditor_client, log):
    signed_in = SecurityEvent.objects.get(kind=EventKind.LOGIN, username="audit_admin").pk
    oldest_first = sorted(e.pk for e in log.values())
    assert listed(auditor_client.get(URL)) == [signed_in, *reversed(oldest_first)]
    assert listed(auditor_client.get(URL, {"sort": "time"})) == [*oldest_first, signed_in]


def test_time_range_by_date_and_time(auditor_client, log):
    assert search(auditor_client, since="2026-06-01T12:00", until="2026-06-02T00:00") == pks(
        log, "donghu_export", "jiujiang_denied", "lianxi_failed")
    # A date alone for the end means the whole of that day (23:59 included, the next midnight not).
    assert search(auditor_client, since="2026-06-01", until="2026-06-01") == pks(
        log, "nanchang_login", "donghu_export", "jiujiang_denied")
    assert search(auditor_client, since="2026-06-03") == pks(log, "province_policy")


def test_actor_by_user_name(auditor_client, log):
    assert search(auditor_client, username="lianxi") == pks(log, "lianxi_failed", "lianxi_login")
    assert search(auditor_client, username="DONGHU_SUB") == pks(log, "donghu_export")


def test_org_unit_includes_its_subtree(auditor_client, log):
    from factories import org

    # 九江市 with 濂溪区 below it, the failed login that names a 濂溪区 account included; not 南昌市.
    assert search(auditor_client, org=org("360400").pk) == pks(
        log, "jiujiang_denied", "lianxi_failed", "lianxi_login")
    assert search(auditor_client, org=org("360402").pk) == pks(log, "lianxi_failed", "lianxi_login")
    assert search(auditor_client, org=org("360100").pk) == pks(log, "nanchang_login", "donghu_export")
    assert search(auditor_client, org=org("360102").pk) == pks(log, "donghu_export")


def test_event_kind_one_or_several(auditor_client, log):
    assert search(auditor_client, kind="login") == pks(log, "nanchang_login", "lianxi_login")
    assert sorted(listed(auditor_client.get(URL, {"kind": ["login", "export"], "until": "2026-06-30"}))) == pks(
        log, "nanchang_login", "donghu_export", "lianxi_login")


def test_result_success_or_failure(auditor_client, log):
    assert search(auditor_client, result="failure") == pks(log, "jiujiang_denied", "lianxi_failed")
    assert search(auditor_client, result="success") == pks(
        log, "nanchang_login", "donghu_export", "lianxi_login", "province_policy")


def test_ip_address_exact_or_its_beginning(auditor_client, log):
    assert search(auditor_client, ip="10.1.2.3") == pks(log, "nanchang_login")
    # Whole octets: "10.1" is 10.1.*.*, not 10.10.1.1.
    assert search(auditor_client, ip="10.1") == pks(log, "nanchang_login", "donghu_export")
    assert search(auditor_client, ip="10.1.") == pks(log, "nanchang_login", "donghu_export")
    assert search(auditor_client, ip="10.10.1.1") == pks(log, "jiujiang_denied", "lianxi_failed")
    assert search(auditor_client, ip="2001:DB8::7") == pks(log, "lianxi_login")
    assert search(auditor_client, ip="2001:db8:") == pks(log, "lianxi_login")


def test_filters_combine(auditor_client, log):
    from factories import org

    assert search(auditor_client, org=org("360400").pk, result="failure", since="2026-06-02T00:00",
                  ip="10.10.") == pks(log, "lianxi_failed")


@pytest.mark.parametrize(("params", "field"), [
    ({"ip": "999.1.1.1"}, "ip"),
    ({"ip": "10.1.2.3'; DROP TABLE audit_securityevent;--"}, "ip"),
    ({"ip": "10..1"}, "ip"),
    ({"since": "2026-13-45"}, "since"),
    ({"until": "yesterday"}, "until"),
    ({"since": "2026-06-03T00:00", "until": "2026-06-01"}, "until"),
    ({"kind": "drop_tables"}, "kind"),
    ({"kind": ["login", "not_a_kind"]}, "kind"),
    ({"result": "maybe"}, "result"),
    ({"org": "99999999"}, "org"),
    ({"org": "abc"}, "org"),
    ({"org": str(2**70)}, "org"),
])
def test_a_wrong_search_is_a_field_error_and_no_rows(auditor_client, log, params, field):
    response = auditor_client.get(URL, params)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert list(response.context["object_list"]) == []  # never the whole log as if it matched
    page = response.content.decode()
    assert "gft-field-error" in page and "data-empty-state" in page


# ---- the page -----------------------------------------------------------------------------------------------------

def test_the_page_reads_as_a_log(auditor_client, log):
    page = auditor_client.get(URL).content.decode()
    row = page[page.index(f'data-security-event="{log["jiujiang_denied"].pk}"'):]
    row = row[:row.index("</tr>")]
    assert 'data-result-badge="failure"' in row and "失败" in row
    assert "九江市" in row and "10.10.1.1" in row and "拒绝访问" in row
    assert "路径：</span>/security-log/" in row and "请求方法：</span>GET" in row  # not {"path": ...}
    assert '{"' not in row
    policy = page[page.index(f'data-security-event="{log["province_policy"].pk}"'):]
    policy = policy[:policy.index("</tr>")]
    assert 'data-result-badge="success"' in policy and "原值：</span>12" in policy
    failed = page[page.index(f'data-security-event="{log["lianxi_failed"].pk}"'):]
    assert "濂溪区" in failed[:failed.index("</tr>")]  # the named account's unit
    for label in ("开始时间", "结束时间", "操作人（用户名）", "操作人所属单位（含下级）", "事件类型",
                  "IP 地址（或开头部分）"):
        assert label in page


def test_empty_state(auditor_client, log):
    page = auditor_client.get(URL, {"username": "nobody-at-all"}).content.decode()
    assert "data-empty-state" in page and "没有符合条件的安全事件" in page


def test_pagination_is_elided_and_the_page_is_a_fixed_number_of_queries(auditor_client, people):
    chain(*[{"kind": EventKind.LOGIN, "created_at": at("2026-06-01 08:00") + timedelta(minutes=i),
             "actor": people["donghu_submitter"] if i % 2 else None, "username": "donghu_submitter"}
            for i in range(30)])
    with CaptureQueriesContext(connection) as small:
        assert auditor_client.get(URL).status_code == 200
    chain(*[{"kind": EventKind.LOGOUT, "created_at": at("2026-06-02 08:00") + timedelta(minutes=i),
             "actor": people["lianxi_submitter"]} for i in range(600)])
    with CaptureQueriesContext(connection) as big:
        response = auditor_client.get(URL, {"page": 6})
    assert len(big) == len(small)
    assert response.context["paginator"].num_pages == 13
    pagination = response.content.decode().split('id="pagination"')[1]
    assert "…" in pagination and "page=13" in pagination and "page=9" not in pagination


# ---- the export ---------------------------------------------------------------------------------------------------

def csv_rows(response):
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    chunks = list(response.streaming_content)
    text = b"".join(chunks).decode("utf-8")
    assert text.startswith("\ufeff")
    return chunks, list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_export_is_streamed_filtered_neutralised_and_logged(auditor_client, people, log):
    chain({"kind": EventKind.LOGIN_FAILED, "created_at": at("2026-06-02 01:00"), "username": FORMULA,
           "ip_address": "10.10.9.9"},
          {"kind": EventKind.LOGIN_FAILED, "created_at": at("2026-06-02 01:01"), "username": "+1+1",
           "ip_address": "10.10.9.9", "detail": {"reason": "@SUM(A1)"}})
    response = auditor_client.get(URL, {"export": "csv", "ip": "10.10.", "result": "failure"})
    assert response.status_code == 200
    assert "attachment; filename*=UTF-8''security-events-" in response["Content-Disposition"]
    chunks, rows = csv_rows(response)
    assert len(chunks) >= 2  # the header leaves before the rows are read
    header, body = rows[0], rows[1:]
    assert header[:4] == ["时间", "事件类型", "用户名", "结果"]
    usernames = [r[2] for r in body]
    assert usernames == ["'+1+1", "'" + FORMULA, "lianxi_submitter", "jiujiang_submitter"]  # the filtered ones
    assert {r[3] for r in body} == {"失败"}
    assert body[0][header.index("详情")] == "事由：@SUM(A1)"  # a formula character inside a cell is harmless
    assert body[0][header.index("详情（JSON）")] == '{"reason": "@SUM(A1)"}'
    assert all(r[0].startswith("2026-06-0") for r in body)
    event = SecurityEvent.objects.filter(kind=EventKind.EXPORT, username="audit_admin").get()
    assert event.target == "security-events" and event.detail["format"] == "csv"
    assert "ip=10.10." in event.detail["query"] and "result=failure" in event.detail["query"]


def test_xlsx_export_is_filtered_and_neutralised(auditor_client, log):
    chain({"kind": EventKind.LOGIN_FAILED, "created_at": at("2026-06-02 01:00"), "username": FORMULA})
    response = auditor_client.get(URL, {"export": "xlsx", "kind": "login_failed"})
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("时间", "事件类型", "用户名")
    assert [r[2] for r in rows[1:]] == ["'" + FORMULA, "lianxi_submitter"]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    exports = SecurityEvent.objects.filter(kind=EventKind.EXPORT, username="audit_admin")
    assert [e.detail["format"] for e in exports] == ["xlsx"]


@pytest.mark.parametrize("params", [{"export": "csv", "ip": "not-an-ip"}, {"export": "pdf"}])
def test_an_export_of_a_wrong_search_is_refused_and_not_logged(auditor_client, log, params):
    response = auditor_client.get(URL, params)
    assert response.status_code == 400
    assert "未导出任何内容" in response.content.decode()
    assert not SecurityEvent.objects.filter(kind=EventKind.EXPORT, username="audit_admin").exists()


# ---- verification from the page ----------------------------------------------------------------------------------

def test_verification_reports_an_intact_chain_and_counts_the_rows(auditor_client, log):
    response = auditor_client.get(URL, {"verify": "1"})
    check = response.context["chain_check"]
    assert check.intact and check.checked == SecurityEvent.objects.count() == len(log) + 1  # + the sign-in
    page = response.content.decode()
    assert 'data-chain="intact"' in page and f"共校验 {check.checked} 条事件" in page


def tamper(event, column, value):
    """Change a row around the model (which refuses) and, on PostgreSQL, around the append-only trigger, as an
    intruder with database rights would."""
    table = SecurityEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # as tests/audit/test_security_log.py does (a superuser's bypass)
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, event.pk])  # noqa: S608
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_verification_reports_the_first_tampered_event_with_its_time(auditor_client, log):
    victim = log["donghu_export"]
    tamper(victim, "username", "someone_else")
    response = auditor_client.get(URL, {"verify": "1", "kind": "login"})  # the search does not limit the check
    check = response.context["chain_check"]
    assert not check.intact and check.broken.pk == victim.pk
    assert check.checked == SecurityEvent.objects.filter(pk__lte=victim.pk).count()
    page = response.content.decode()
    assert f'data-broken-event="{victim.pk}"' in page
    assert f"#{victim.pk}" in page and timezone.localtime(victim.created_at).strftime("%Y-%m-%d %H:%M:%S") in page
    assert verify_chain().broken.pk == victim.pk


def test_verification_counts_the_archive_too(web, people, settings):
    from ganfutong_admin.observability import housekeeping

    now = timezone.now()
    chain(*[{"kind": EventKind.LOGIN, "created_at": now - timedelta(days=days), "username": f"u{days}"}
            for days in (500, 400, 3)])
    settings.SECURITY_LOG_RETENTION_DAYS = 365
    assert housekeeping.archive_security_log() == 2
    check = web(people["audit_admin"]).get(URL, {"verify": "1"}).context["chain_check"]
    assert check.intact and (check.checked, check.archived) == (4, 2)  # + the auditor's sign-in


def test_the_page_offers_the_verification_and_both_exports(auditor_client, log):
    page = auditor_client.get(URL, {"kind": "login"}).content.decode()
    assert 'id="verify-chain"' in page and "kind=login&amp;verify=1" in page
    assert "kind=login&amp;export=csv" in page and "kind=login&amp;export=xlsx" in page
    assert 'id="chain-status"' not in page  # verifying reads the whole log: only when asked


def test_the_verify_command_under_the_issue_s_name_counts_the_rows(log):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("verify_security_log", stdout=out)
    assert f"{len(log)} events checked (0 archived)" in out.getvalue()
