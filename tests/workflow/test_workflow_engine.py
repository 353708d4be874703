"""The workflow engine: filing and rectification life cycles, guards, conflicts, events, reference numbers,
and the emergency (oral report) path."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from factories import FilingFactory, RectificationFactory, org

from ganfutong_admin.workflow import engine, kinds
from ganfutong_admin.workflow.models import Filing, FilingEvent, Rectification

SH = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


def act(filing, action, user, comment="", version=None):
    return engine.perform(Filing, filing.pk, action, user, filing.version if version is None else version, comment)


def events(filing):
    return list(FilingEvent.objects.filter(filing=filing).order_by("version").values_list(
        "action", "from_status", "to_status", "actor__username", "comment", "version"))


# --- the filing life cycle ---------------------------------------------------------------------------------

def test_full_filing_life_cycle(donghu, reviewer):
    filing = FilingFactory(owner_org=org("360102"), created_by=donghu)
    assert (filing.status, filing.version) == ("draft", 1)

    with time_machine.travel(datetime(2026, 9, 21, 10, 0, tzinfo=SH), tick=False):
        filing = act(filing, "submit", donghu)
    assert (filing.status, filing.version) == ("submitted", 2)
    assert filing.submitted_at == datetime(2026, 9, 21, 10, 0, tzinfo=SH)
    # new_app_exception is reviewed within 10 working days: Mid-autumn (9-25) and National Day (10-1..7)
    # are skipped, Saturday 10-10 is a make-up working day.
    assert filing.due_at == datetime(2026, 10, 12, 23, 59, 59, tzinfo=SH)
    assert filing.due_estimated is False

    with pytest.raises(engine.GuardRefused, match="comment is required"):
        act(filing, "return", reviewer, comment="   ")
    filing.refresh_from_db()
    assert (filing.status, filing.version) == ("submitted", 2)

    filing = act(filing, "return", reviewer, comment="请补充迁移计划")
    # A return is a reviewer's decision: the returned filing names who returned it (issue 15, point 11).
    assert filing.decided_by == reviewer and filing.decided_at is not None
    assert filing.status == "returned"
    filing = act(filing, "resubmit", donghu, comment="已补充")
    assert filing.status == "submitted"
    filing = act(filing, "approve", reviewer, comment="同意作为例外")
    assert (filing.status, filing.version) == ("approved", 5)
    assert filing.decided_by == reviewer and filing.decided_at is not None

    filing.refresh_from_db()
    assert filing.status == "approved"
    assert events(filing) == [
        ("submit", "draft", "submitted", "donghu_submitter", "", 2),
        ("return", "submitted", "returned", "province_reviewer", "请补充迁移计划", 3),
        ("resubmit", "returned", "submitted", "donghu_submitter", "已补充", 4),
        ("approve", "submitted", "approved", "province_reviewer", "同意作为例外", 5),
    ]
    # simple-history keeps a snapshot of every state.
    assert [h.status for h in filing.history.order_by("history_id")] == [
        "draft", "submitted", "returned", "submitted", "approved"]


def test_new_app_exception_approval_needs_a_recorded_reason(donghu, reviewer):
    filing = FilingFactory(owner_org=org("360102"), created_by=donghu, submitted=True)
    offered = {t.action: t.comment_required for t in Filing.workflow.allowed(filing, reviewer)}
    assert offered == {"approve": True, "return": True, "reject": True}  # the page asks for the reason
    with pytest.raises(engine.GuardRefused, match="comment is required"):
        act(filing, "approve", reviewer, comment="")
    filing.refresh_from_db()
    assert filing.status == "submitted" and filing.new_app_exception.decision_reason == ""
    assert not filing.events.exists()

    act(filing, "approve", reviewer, comment="涉密业务，确需独立建设")
    filing.refresh_from_db()
    assert filing.status == "approved"
    assert filing.new_app_exception.decision_reason == "涉密业务，确需独立建设"


def test_reject_needs_a_comment_and_closes_the_filing(donghu, reviewer):
    filing = FilingFactory(owner_org=org("360102"), submitted=True)
    with pytest.raises(engine.GuardRefused):
        act(filing, "reject", reviewer)
    filing = act(filing, "reject", reviewer, comment="不符合例外条件")
    assert filing.status == "rejected" and filing.decided_by == reviewer
    with pytest.raises(engine.NotAllowedFromState):
        act(filing, "resubmit", donghu)


def test_withdraw_by_the_owner(donghu):
    filing = FilingFactory(owner_org=org("360102"))
    filing = act(filing, "withdraw", donghu)
    assert filing.status == "withdrawn" and filing.decided_at is None


# --- refusals --------------------------------------------------------------------------------------------

def test_unknown_action(donghu):
    filing = FilingFactory(owner_org=org("360102"))
    with pytest.raises(engine.UnknownAction) as info:
        act(filing, "publish", donghu)
    assert info.value.status_code == 400


def test_wrong_version_is_a_conflict(donghu, reviewer):
    filing = FilingFactory(owner_org=org("360102"), submitted=True)
    with pytest.raises(engine.StaleVersion) as info:
        act(filing, "approve", reviewer, comment="ok", version=filing.version + 1)
    assert info.value.status_code == 409
    filing.refresh_from_db()
    assert (filing.status, filing.version) == ("submitted", 1)


def test_action_not_allowed_from_state_is_a_conflict(reviewer):
    filing = FilingFactory(owner_org=org("360102"))  # draft
    with pytest.raises(engine.NotAllowedFromState) as info:
        act(filing, "approve", reviewer, comment="ok")
    assert info.value.status_code == 409
    filing.refresh_from_db()
    assert filing.status == "draft"


def test_a_submitter_cannot_approve(donghu):
    filing = FilingFactory(owner_org=org("360102"), submitted=True)
    with pytest.raises(engine.NotPermitted):
        act(filing, "approve", donghu, comment="自己批准")


def test_out_of_scope_is_not_found(make_user):
    jiujiang = make_user("jiujiang_submitter", "submitter", "360400")
    filing = FilingFactory(owner_org=org("360102"))
    with pytest.raises(engine.NotFound):
        act(filing, "submit", jiujiang)


# --- through the API --------------------------------------------------------------------------------------

def post(api_client, filing, **data):
    return api_client.post(f"/api/v1/filings/{filing.pk}/transitions/", data, format="json")


def test_api_life_cycle_and_errors(donghu, reviewer, api):
    filing = FilingFactory(owner_org=org("360102"), created_by=donghu)
    owner, province = api(donghu, language="en"), api(reviewer, language="en")

    response = post(owner, filing, action="submit", version=1)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("submitted", 2)

    response = post(owner, filing, action="approve", version=2, comment="自批")
    assert response.status_code == 403
    assert response.json()["code"] == "NotPermitted"

    response = post(province, filing, action="return", version=2)
    assert response.status_code == 400
    assert "comment" in response.json()["detail"]

    response = post(province, filing, action="approve", version=1, comment="ok")
    assert response.status_code == 409
    assert response.json()["code"] == "StaleVersion"

    response = post(province, filing, action="resubmit", version=2)
    assert response.status_code == 409
    assert response.json()["code"] == "NotAllowedFromState"

    response = post(province, filing, action="fly", version=2)
    assert response.status_code == 400
    assert response.json()["code"] == "UnknownAction"
    assert "fly" in response.json()["detail"]

    response = post(province, filing, action="return", version=2, comment="补充材料")
    assert response.status_code == 200 and response.json()["status"] == "returned"
    response = post(owner, filing, action="resubmit", version=3)
    assert response.status_code == 200
    response = post(province, filing, action="approve", version=4, comment="同意")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "approved"
    assert [(e["action"], e["from_status"], e["to_status"], e["actor"]) for e in body["events"]] == [
        ("submit", "draft", "submitted", "donghu_submitter"),
        ("return", "submitted", "returned", "province_reviewer"),
        ("resubmit", "returned", "submitted", "donghu_submitter"),
        ("approve", "submitted", "approved", "province_reviewer"),
    ]
    filing.refresh_from_db()
    assert (filing.status, filing.version, filing.events.count()) == ("approved", 5, 4)


# --- for the record (备案) ----------------------------------------------------------------------------------

@pytest.fixture
def record_kind():
    kind = kinds.register(kinds.FilingKind(code="test_record", label="测试备案", article="第十一条",
                                           detail_attr="test_record_details", for_the_record=True))
    yield kind
    kinds._REGISTRY.pop(kind.code)


def test_filing_for_the_record_is_acknowledged_not_approved(record_kind, donghu, reviewer):
    filing = Filing.objects.create(kind="test_record", owner_org=org("360102"), title="系统维护备案",
                                   created_by=donghu)
    assert filing.for_the_record is True  # taken from the kind
    filing = act(filing, "submit", donghu)
    assert [t.action for t in Filing.workflow.allowed(filing, reviewer)] == ["acknowledge", "return"]
    with pytest.raises(engine.NotAllowedFromState):
        act(filing, "approve", reviewer, comment="ok")
    with pytest.raises(engine.NotAllowedFromState):
        act(filing, "reject", reviewer, comment="no")
    filing.refresh_from_db()
    assert filing.status == "submitted"
    filing = act(filing, "acknowledge", reviewer)
    assert filing.status == "acknowledged"
    assert filing.decided_by == reviewer
    assert filing.events.last().action == "acknowledge"


def test_an_ordinary_filing_cannot_be_acknowledged(reviewer):
    filing = FilingFactory(owner_org=org("360102"), submitted=True)
    assert filing.for_the_record is False
    assert "acknowledge" not in [t.action for t in Filing.workflow.allowed(filing, reviewer)]
    with pytest.raises(engine.NotAllowedFromState):
        act(filing, "acknowledge", reviewer)


# --- reference numbers ------------------------------------------------------------------------------------

def test_reference_numbers(db):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SH), tick=False):
        made = [FilingFactory() for _ in range(3)]
    assert [f.reference for f in made] == ["GFT-2026-000001", "GFT-2026-000002", "GFT-2026-000003"]
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=SH), tick=False):
        next_year = FilingFactory()
    assert next_year.reference == "GFT-2027-000001"
    refs = list(Filing.objects.values_list("reference", flat=True))
    assert len(refs) == len(set(refs)) == 4
    assert all(re.fullmatch(r"GFT-\d{4}-\d{6}", r) for r in refs)
    # The reference never changes on later saves.
    made[0].title = "改名"
    made[0].save()
    made[0].refresh_from_db()
    assert made[0].reference == "GFT-2026-000001"


# --- the emergency path: oral report first, written filing within N working days ----------------------------

def oral_report(user, when, title="系统紧急变更"):
    with time_machine.travel(when, tick=False):
        return Filing.start_with_oral_report(
            kind="new_app_exception", owner_org=user.org_unit, title=title, user=user,
            reported_by="张三（东湖区政务服务中心）", reported_to="省政务服务管理办公室值班室",
            reported_at=timezone.now(), reason="突发故障需紧急上线临时入口",
        )


def test_oral_report_on_friday_is_due_monday(donghu):
    filing = oral_report(donghu, datetime(2026, 9, 25, 16, 30, tzinfo=SH))
    assert filing.status == "oral_reported"
    assert filing.due_at == datetime(2026, 9, 28, 23, 59, 59, tzinfo=SH)
    assert filing.due_estimated is False
    assert filing.oral_report.reported_to == "省政务服务管理办公室值班室"
    assert events(filing) == [("oral_report", "", "oral_reported", "donghu_submitter", "突发故障需紧急上线临时入口", 1)]


def test_oral_report_before_national_day_is_due_after_it(donghu):
    filing = oral_report(donghu, datetime(2026, 9, 30, 11, 0, tzinfo=SH))
    assert filing.due_at == datetime(2026, 10, 8, 23, 59, 59, tzinfo=SH)


def test_oral_report_becomes_overdue_after_its_deadline(donghu, api):
    """Overdue is computed in the query against the database clock (Now()), which time_machine does not move:
    the 2026-09-25 report is past its deadline for the real clock, a report made today is not."""
    late = oral_report(donghu, datetime(2026, 9, 25, 16, 30, tzinfo=SH), title="逾期的口头报告")
    fresh = oral_report(donghu, timezone.now(), title="今天的口头报告")
    assert late.due_at < timezone.now() < fresh.due_at

    assert list(Filing.objects.overdue()) == [late]
    assert late.overdue is True and fresh.overdue is False
    client = api(donghu)
    rows = {row["title"]: row["is_overdue"] for row in client.get("/api/v1/filings/").json()["results"]}
    assert rows == {"逾期的口头报告": True, "今天的口头报告": False}
    assert client.get(f"/api/v1/filings/{late.pk}/").json()["is_overdue"] is True
    assert [f["title"] for f in client.get("/api/v1/filings/", {"overdue": "true"}).json()["results"]] == [
        "逾期的口头报告"]

    # The written filing ends the emergency clock; the review clock starts.
    response = client.post(f"/api/v1/filings/{late.pk}/transitions/",
                           {"action": "submit_written", "version": late.version}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted" and response.json()["is_overdue"] is False
    assert not Filing.objects.overdue().exists()


# --- rectifications --------------------------------------------------------------------------------------

def test_rectification_life_cycle(donghu, reviewer):
    with time_machine.travel(datetime(2026, 9, 21, 10, 0, tzinfo=SH), tick=False):
        rect = Rectification.open_for(source=None, owner_org=org("360102"), title="办件超时", description="超期 3 件",
                                      user=reviewer, working_days=10)
    assert rect.status == "open"
    assert rect.due_at == datetime(2026, 10, 12, 23, 59, 59, tzinfo=SH)

    def do(action, user, comment=""):
        return engine.perform(Rectification, rect.pk, action, user, Rectification.objects.get(pk=rect.pk).version,
                              comment)

    with pytest.raises(engine.GuardRefused, match="Describe the rectification"):
        do("submit", donghu)
    Rectification.objects.filter(pk=rect.pk).update(response="已完成整改并建立台账")
    with pytest.raises(engine.NotPermitted):
        do("submit", reviewer)
    assert do("submit", donghu).status == "submitted"
    with pytest.raises(engine.NotPermitted):
        do("accept", donghu)
    with pytest.raises(engine.GuardRefused):
        do("reopen", reviewer)
    assert do("reopen", reviewer, "台账不完整").status == "reopened"
    assert do("submit", donghu).status == "submitted"
    accepted = do("accept", reviewer)
    assert accepted.status == "accepted" and accepted.closed_at is not None
    assert list(accepted.events.values_list("action", "from_status", "to_status", "actor__username")) == [
        ("open", "", "open", "province_reviewer"),
        ("submit", "open", "submitted", "donghu_submitter"),
        ("reopen", "submitted", "reopened", "province_reviewer"),
        ("submit", "reopened", "submitted", "donghu_submitter"),
        ("accept", "submitted", "accepted", "province_reviewer"),
    ]


def test_rectification_opened_from_a_filing_page(donghu, reviewer, web):
    filing = FilingFactory(owner_org=org("360102"), submitted=True)
    response = web(reviewer).post(f"/filings/{filing.pk}/rectifications/new/",
                                  {"title": "补正材料", "description": "缺少安全评估", "working_days": 5})
    rect = Rectification.objects.get()
    assert response.status_code == 302 and response.url == f"/rectifications/{rect.pk}/"
    assert (rect.owner_org.code, rect.source, rect.created_by) == ("360102", filing, reviewer)
    # The owner cannot open rectifications.
    response = web(donghu).post(f"/filings/{filing.pk}/rectifications/new/",
                                {"title": "x", "description": "y", "working_days": 5})
    assert response.status_code == 403
    assert Rectification.objects.count() == 1


def test_rectification_factory_states(db):
    assert RectificationFactory(submitted=True).status == "submitted"
