"""The policy-parameter page and API (政策参数): who reads, who adds a version, the validation messages (Chinese),
the security event, the menu entry, and the race of two reviewers adding the same date on PostgreSQL."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from factories import policy_version
from testsupport import PEOPLE, needs_postgres, run_at_once

from ganfutong_admin.audit.models import EventKind, SecurityEvent, first_broken_link
from ganfutong_admin.core import chapters
from ganfutong_admin.policy import parameters
from ganfutong_admin.policy.models import ParameterVersion

LIST = "/policy-parameters/"
NAME = "REVIEW_WORKING_DAYS"
DETAIL = f"/policy-parameters/{NAME}/"
API = "/api/v1/policy-parameters/"

PERSONS_TABLE = {**PEOPLE, "nanchang_admin": ("org_admin", "360100"), "nanchang_reviewer": ("reviewer", "360100")}
# Who reads the policy page, and who adds versions: the provincial authority's reviewers.
READERS = {"province_reviewer", "province_supervisor", "auditor", "nanchang_reviewer"}
SETTERS = {"province_reviewer"}


@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS_TABLE[name]
        return make_user(name, role, code)

    return make


def today():
    return timezone.localdate()


def new_version(value=7, effective_from=None, reason="省政务服务办通知调整审核时限"):
    return {"value": value, "effective_from": (effective_from or today() + timedelta(days=30)).isoformat(),
            "reason": reason}


# --- permissions ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(PERSONS_TABLE))
def test_pages_by_role(db, person, web, name):
    client = web(person(name))
    pages = (client.get(LIST).status_code, client.get(DETAIL).status_code)
    response = client.post(DETAIL, new_version())
    created = ParameterVersion.objects.filter(name=NAME).count()
    if name in SETTERS:
        assert (pages, response.status_code, created) == ((200, 200), 302, 1)
    elif name in READERS:  # supervisors and auditors read; a city's reviewer does not set provincial policy
        assert (pages, response.status_code, created) == ((200, 200), 403, 0)
    else:
        assert (pages, response.status_code, created) == ((403, 403), 403, 0)


@pytest.mark.parametrize("name", list(PERSONS_TABLE))
def test_api_by_role(db, person, api, name):
    client = api(person(name))
    reads = (client.get(API).status_code, client.get(f"{API}{NAME}/").status_code)
    response = client.post(f"{API}{NAME}/versions/", new_version(), format="json")
    created = ParameterVersion.objects.filter(name=NAME).count()
    if name in SETTERS:
        assert (reads, response.status_code, created) == ((200, 200), 201, 1)
    elif name in READERS:
        assert (reads, response.status_code, created) == ((200, 200), 403, 0)
    else:
        assert (reads, response.status_code, created) == ((403, 403), 403, 0)


def test_anonymous_is_sent_to_the_login_page(db, client, api):
    for url in (LIST, DETAIL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post(DETAIL, new_version()).status_code == 302
    assert api(None).get(API).status_code in (401, 403)
    assert not ParameterVersion.objects.exists()


def test_an_unknown_parameter_is_404(db, person, web, api):
    user = person("province_reviewer")
    assert web(user).get("/policy-parameters/NO_SUCH_LIMIT/").status_code == 404
    assert api(user).get(f"{API}NO_SUCH_LIMIT/").status_code == 404
    assert api(user).post(f"{API}NO_SUCH_LIMIT/versions/", new_version(), format="json").status_code == 404


def test_the_menu_entry_sits_between_the_calendar_and_the_security_log(db, person, english):
    from ganfutong_admin.core.context_processors import navigation

    names = [entry.url_name for entry in chapters.menu() if hasattr(entry, "url_name")]
    assert names.index("workflow:calendar") < names.index("policy:parameter-list") < names.index("audit:event-list")
    labels = [str(item["label"]) for item in navigation(person("province_supervisor"), "/")]
    assert "Policy parameters" in labels
    assert "Policy parameters" not in [str(i["label"]) for i in navigation(person("donghu_submitter"), "/")]


# --- what the pages show ---------------------------------------------------------------------------------------

def test_the_list_shows_every_parameter_with_its_article_value_and_schedule(db, person, web):
    policy_version("FAULT_REPORT_LIMIT_MINUTES", 45, effective_from=date(2025, 6, 18))
    policy_version("FAULT_REPORT_LIMIT_MINUTES", 30, effective_from=today() + timedelta(days=10),
                   reason="正式办法拟缩短故障报告时限")
    response = web(person("province_supervisor")).get(LIST)
    html = response.content.decode()
    rows = {row["spec"].name: row for row in response.context["rows"]}
    assert set(rows) == {spec.name for spec in chapters.policy_parameters()}
    assert rows["FAULT_REPORT_LIMIT_MINUTES"]["value"] == 45
    assert [v.value for v in rows["FAULT_REPORT_LIMIT_MINUTES"]["scheduled"]] == [30]
    assert rows["REVIEW_WORKING_DAYS"]["value"] == 5 and rows["REVIEW_WORKING_DAYS"]["current"] is None
    assert "依据：第十一条" in html and "依据：第十八条" in html
    assert "故障报告时限" in html and "工作日" in html and "分钟" in html
    assert f'data-scheduled-version="{(today() + timedelta(days=10)).isoformat()}"' in html


def test_the_detail_shows_the_full_history(db, person, web, make_user):
    setter = make_user("old_reviewer", "reviewer", "360000")
    policy_version(NAME, 6, effective_from=date(2025, 6, 18), reason="初始调整", set_by=setter)
    policy_version(NAME, 8, effective_from=today() + timedelta(days=3), reason="下月起延长")
    response = web(person("auditor")).get(DETAIL)
    html = response.content.decode()
    assert response.context["value"] == 6
    assert [v.value for v in response.context["versions"]] == [8, 6]
    assert "初始调整" in html and "下月起延长" in html and "测试用户 old_reviewer" in html
    assert 'data-state="scheduled"' in html and 'data-state="in-force"' in html and 'data-state="superseded"' in html
    assert 'id="new-version-form"' not in html  # read only for the auditor


# --- validation --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "field", "message"), [
    (new_version(effective_from=date.today() - timedelta(days=1)), "effective_from", "生效日期不能早于今天"),
    (new_version(value=0), "value", "取值须在 1 至 30 工作日之间"),
    (new_version(value=31), "value", "取值须在 1 至 30 工作日之间"),
    (new_version(value="abc"), "value", "请输入整数"),
    (new_version(value="2.5"), "value", "请输入整数"),
    (new_version(reason="   "), "reason", "请填写调整理由"),
    ({"value": 7, "reason": "理由"}, "effective_from", "请填写生效日期"),
])
def test_the_page_refuses_bad_input_with_a_clear_message(db, person, web, data, field, message):
    response = web(person("province_reviewer")).post(DETAIL, data)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors, errors
    assert message in response.content.decode()
    assert not ParameterVersion.objects.exists()
    assert not SecurityEvent.objects.filter(kind=EventKind.POLICY_CHANGE).exists()


def test_the_api_refuses_bad_input_with_a_message_per_field(db, person, api):
    client = api(person("province_reviewer"))
    response = client.post(f"{API}{NAME}/versions/", new_version(value=99, effective_from=date(2020, 1, 1),
                                                                 reason=""), format="json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"value", "effective_from", "reason"}
    assert "生效日期不能早于今天" in body["effective_from"][0]
    assert client.post(f"{API}{NAME}/versions/", new_version(value="abc"), format="json").status_code == 400
    assert not ParameterVersion.objects.exists()


def test_today_is_the_earliest_effective_date(db, person, web):
    response = web(person("province_reviewer")).post(DETAIL, new_version(value=6, effective_from=today()))
    assert response.status_code == 302
    assert parameters.value(NAME) == 6


def test_a_second_version_for_the_same_date_is_refused(db, person, web, api):
    client = web(person("province_reviewer"))
    assert client.post(DETAIL, new_version(value=7)).status_code == 302
    response = client.post(DETAIL, new_version(value=8))
    assert response.status_code == 400
    assert "已有一个版本" in " ".join(response.context["form"].errors["effective_from"])
    response = api(person("province_reviewer")).post(f"{API}{NAME}/versions/", new_version(value=8), format="json")
    assert response.status_code == 400 and "已有一个版本" in response.json()["effective_from"][0]
    assert list(ParameterVersion.objects.values_list("value", flat=True)) == [7]


# --- the security event and the API's shape ----------------------------------------------------------------------

def test_each_new_version_writes_a_security_event(db, person, web):
    reviewer = person("province_reviewer")
    effective = today() + timedelta(days=30)
    assert web(reviewer).post(DETAIL, new_version(value=7, effective_from=effective)).status_code == 302
    version = ParameterVersion.objects.get()
    assert (version.value, version.effective_from, version.article, version.set_by, version.reason) == (
        7, effective, "第十一条", reviewer, "省政务服务办通知调整审核时限")
    event = SecurityEvent.objects.get(kind=EventKind.POLICY_CHANGE)
    assert (event.actor, event.target) == (reviewer, NAME)
    assert event.detail == {"value": 7, "previous": 5, "effective_from": effective.isoformat(), "article": "第十一条",
                            "reason": "省政务服务办通知调整审核时限"}
    assert event.ip_address == "127.0.0.1"
    assert first_broken_link() is None


def test_the_api_shows_the_value_in_force_and_the_versions(db, person, api):
    policy_version(NAME, 6, effective_from=date(2025, 6, 18), reason="初始调整")
    policy_version(NAME, 8, effective_from=today() + timedelta(days=3), reason="下月起延长")
    client = api(person("province_supervisor"))
    rows = {row["name"]: row for row in client.get(API).json()}
    assert set(rows) == {spec.name for spec in chapters.policy_parameters()}
    assert (rows["FAULT_REPORT_LIMIT_MINUTES"]["value"], rows["FAULT_REPORT_LIMIT_MINUTES"]["unit"]) == (60, "minutes")
    row = client.get(f"{API}{NAME}/").json()
    assert (row["value"], row["default"], row["min"], row["max"], row["article"]) == (6, 5, 1, 30, "第十一条")
    assert row["effective_since"] == "2025-06-18"
    assert [v["value"] for v in row["scheduled"]] == [8]
    assert [(v["value"], v["reason"]) for v in row["versions"]] == [(6, "初始调整"), (8, "下月起延长")]


# --- the race ------------------------------------------------------------------------------------------------------

@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_adding_the_same_date_at_once_make_one_version(make_user):
    from django.core.exceptions import ValidationError

    reviewers = [make_user(f"race_reviewer_{i}", "reviewer", "360000") for i in range(2)]
    effective = today() + timedelta(days=5)

    def add(user, value):
        return parameters.add_version(name=NAME, value=value, effective_from=effective, reason="并发提交",
                                      user=user)

    outcomes = run_at_once([lambda: add(reviewers[0], 6), lambda: add(reviewers[1], 7)])
    made = [o for o in outcomes if isinstance(o, ParameterVersion)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert (len(made), len(refused)) == (1, 1), outcomes
    assert "already exists" in str(refused[0]) or "已有一个版本" in str(refused[0])
    assert ParameterVersion.objects.filter(name=NAME, effective_from=effective).count() == 1
    assert SecurityEvent.objects.filter(kind=EventKind.POLICY_CHANGE).count() == 1
    assert parameters.value(NAME, effective) == made[0].value
    assert first_broken_link() is None
