"""Kernel v2, held on the chapters that use it (maintenance and services models): the chapter contract, engine
payloads and internal transitions, hooks bound once, scoped_save with versioned edits, and per-action scope."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from factories import FilingFactory, org
from factories_hotline import WorkOrderFactory
from factories_inspections import make_inspection, make_template

from ganfutong_admin.celery import app as celery_app
from ganfutong_admin.core import chapters
from ganfutong_admin.core.scoping import EditConflict, OutOfScope, scoped_save
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from maintenance.hotline.models import WorkOrder
from maintenance.inspections.models import Inspection, InspectionFinding
from services.models import Service

BASE = Path(settings.BASE_DIR)
CHAPTERS = {"services", "maintenance", "operations", "security", "supervision"}

pytestmark = pytest.mark.usefixtures("english")


# --- the kernel names no chapter ------------------------------------------------------------------------------

def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_kernel_module_imports_a_chapter():
    offending = sorted(
        f"{path.relative_to(BASE)}: {name}"
        for path in (BASE / "ganfutong_admin").rglob("*.py") if "migrations" not in path.parts
        for name in _imports(path) if name.split(".")[0] in CHAPTERS
    )
    assert offending == []


def test_no_chapter_passes_transition_inputs_in_context_variables():
    offending = [str(path.relative_to(BASE)) for app in CHAPTERS if (BASE / app).is_dir()
                 for path in (BASE / app).rglob("*.py") if "ContextVar" in path.read_text(encoding="utf-8")]
    assert offending == []


def test_every_app_of_the_product_declares_through_the_contract():
    ours = [c for c in apps.get_app_configs() if c.name.startswith("ganfutong_admin.") or c.name in CHAPTERS]
    assert ours and all(isinstance(c, chapters.ChapterConfig) for c in ours), [
        c.name for c in ours if not isinstance(c, chapters.ChapterConfig)]


def test_chapter_api_routes_sit_under_their_app_label_and_kernel_ones_at_the_root():
    routes = {prefix: basename for prefix, _viewset, basename in chapters.api_routes()}
    assert routes["filings"] == "filing" and routes["org-units"] == "orgunit"
    assert routes["maintenance/work-orders"] == "maintenance-workorder"
    assert routes["services/services"] == "services-service"
    for config in chapters.chapters():
        for route in config.api_routes():
            expected = route.prefix if config.kernel_app else f"{config.label}/{route.prefix}"
            assert expected in routes, (config.label, route.prefix)


def test_declarations_reach_the_kernel(client):
    # beat entries of every app, in Celery's schedule; enums of every app, in the schema settings
    assert {"remind-approaching-deadlines", "probe-listed-services", "remind-work-orders-due"} <= set(
        celery_app.conf.beat_schedule)
    assert settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["WorkOrderStatusEnum"].startswith("maintenance.")
    # the role grants of chapters reach the roles
    from ganfutong_admin.accounts.roles import all_role_permissions

    grants = all_role_permissions()
    assert "maintenance.sign_off_budgetplan" in grants["org_admin"]
    assert set(grants["submitter"]) <= set(grants["org_admin"])
    assert "services.view_*" in grants["auditor"] and "maintenance.view_*" in grants["supervisor"]
    # filing kinds and menu entries of chapters
    from ganfutong_admin.workflow import kinds

    assert {"service_listing", "advance_filing", "new_app_exception"} <= {k.code for k in kinds.all_kinds()}
    labels = [str(item.label) for item in chapters.menu()]
    assert labels[0] == "Work list" and "Operation and maintenance" in labels


def test_two_apps_cannot_claim_one_api_path(monkeypatch):
    config = apps.get_app_config("services")
    twice = config.api_routes() + config.api_routes()[:1]
    monkeypatch.setattr(type(config), "api_routes", lambda self: twice)
    with pytest.raises(ValueError, match="declared twice"):
        chapters.api_routes()


# --- engine: payloads, internal transitions, hooks bound once ------------------------------------------------

def test_a_payload_is_validated_before_any_hook_runs(make_user):
    handler = make_user("donghu_submitter", "submitter", "360102")
    wo = WorkOrderFactory(owner_org=org("360102"))  # processing
    with pytest.raises(engine.InvalidPayload) as refused:
        engine.perform(WorkOrder, wo.pk, "reply", handler, wo.version, payload={"reply": "   "})
    assert set(refused.value.errors) == {"reply"}
    with pytest.raises(engine.InvalidPayload):
        engine.perform(WorkOrder, wo.pk, "reply", handler, wo.version, payload=["not", "an", "object"])
    wo.refresh_from_db()
    assert (wo.status, wo.version, wo.reply) == ("processing", 1, "")
    done = engine.perform(WorkOrder, wo.pk, "reply", handler, wo.version, payload={"reply": "已办结", "x": 1})
    assert (done.status, done.reply) == ("replied", "已办结")


def test_an_invalid_payload_over_the_api_names_its_fields(make_user, api):
    handler = make_user("donghu_submitter", "submitter", "360102")
    wo = WorkOrderFactory(owner_org=org("360102"))
    url = f"/api/v1/maintenance/work-orders/{wo.pk}/transitions/"
    response = api(handler).post(url, {"action": "request_extension", "version": 1, "comment": "需协调",
                                       "extension_days": 99}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidPayload" and "extension_days" in body and "30" in body["detail"]
    response = api(handler).post(url, ["action", "reply"], format="json")
    assert response.status_code == 400 and response.json()["code"] == "ParseError"


def test_internal_transitions_are_never_offered_nor_taken_by_hand(make_user):
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    service = Service.objects.create(owner_org=org("360102"), name="内部转换测试", code="T-INTERNAL-1")
    assert "mark_ready" not in {t.action for t in Service.workflow.allowed(service, reviewer)}
    with pytest.raises(engine.GuardRefused, match="not taken by hand"):
        engine.perform(Service, service.pk, "mark_ready", reviewer, service.version)
    assert Service.objects.get(pk=service.pk).status == "planned"
    ready = engine.perform_internal(Service, service.pk, "mark_ready", reviewer)
    assert (ready.status, ready.version) == ("ready", 2)
    with pytest.raises(ValueError):
        engine.perform_internal(Service, service.pk, "record_listing", reviewer)


def test_hooks_are_bound_once_per_model():
    bound = type(Filing.workflow.hooks)
    assert bound.__name__ == "FilingLifecycle"
    Filing.workflow.bind(bound())  # the same kind again (an app registry reloaded): fine

    class Other(engine.Lifecycle):
        pass

    with pytest.raises(ValueError, match="already bound"):
        Filing.workflow.bind(Other())
    for model in (WorkOrder, Inspection, Service):
        assert type(model.workflow.hooks) is not engine.Lifecycle, model


# --- scoped_save: versioned edits, scope after saving --------------------------------------------------------

def test_an_edit_based_on_an_old_version_is_refused_and_changes_nothing(make_user):
    donghu = make_user("donghu_submitter", "submitter", "360102")
    filing = FilingFactory(owner_org=org("360102"), created_by=donghu, title="原标题")
    mine, theirs = Filing.objects.get(pk=filing.pk), Filing.objects.get(pk=filing.pk)
    theirs.title = "他人的修改"
    scoped_save(donghu, lambda: theirs.save() or theirs, record=theirs, version=1)
    mine.title = "我的修改"
    with pytest.raises(EditConflict, match="version 2, you had 1"):
        scoped_save(donghu, lambda: mine.save() or mine, record=mine, version=1)
    with pytest.raises(EditConflict, match="which version"):
        scoped_save(donghu, lambda: mine.save() or mine, record=mine, version=None)
    filing.refresh_from_db()
    assert (filing.title, filing.version) == ("他人的修改", 2)


def test_a_save_that_leaves_the_scope_is_rolled_back(make_user):
    donghu = make_user("donghu_submitter", "submitter", "360102")
    filing = FilingFactory(owner_org=org("360102"), created_by=donghu, title="东湖的")
    filing.owner_org = org("360400")
    with pytest.raises(OutOfScope):
        scoped_save(donghu, lambda: filing.save() or filing, record=filing, version=filing.version)
    filing.refresh_from_db()
    assert (filing.owner_org.code, filing.version) == ("360102", 1)


def test_an_api_edit_needs_the_version_and_a_stale_one_is_409(make_user, api):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    service = Service.objects.create(owner_org=org("360100"), name="版本测试", code="T-VERSION-1")
    url = f"/api/v1/services/services/{service.pk}/"
    client = api(nanchang)
    assert client.patch(url, {"zone": "甲"}, format="json").status_code == 400  # no version
    assert client.patch(url, {"zone": "甲", "version": 1}, format="json").status_code == 200
    stale = client.patch(url, {"zone": "乙", "version": 1}, format="json")
    assert stale.status_code == 409
    service.refresh_from_db()
    assert (service.zone, service.version) == ("甲", 2)


# --- seeing and acting are separate rules ---------------------------------------------------------------------

def test_the_operator_sees_every_inspection_but_acts_on_its_own_daily_ones(make_user):
    operator = make_user("operator_publisher", "publisher", "OP3601")
    daily = make_inspection(make_template("日常巡检清单", "daily"), "360102", inspector=operator)
    platform = make_inspection(make_template("平台巡检清单", "platform"), "360102", inspector=operator)
    seen = set(Inspection.objects.visible_to(operator).values_list("pk", flat=True))
    acted = set(Inspection.objects.visible_to(operator, "change").values_list("pk", flat=True))
    assert {daily.pk, platform.pk} <= seen
    assert platform.pk in acted and daily.pk not in acted
    county = make_user("donghu_submitter", "submitter", "360102")
    # The inspected county sees both but completes only its daily one (platform: those who inspect the platform).
    assert set(Inspection.objects.visible_to(county, "change").values_list("pk", flat=True)) == {daily.pk}


def test_a_child_record_shares_its_parents_scope(make_user):
    inspection = make_inspection(make_template("日常巡检清单", "daily"), "360102",
                                 inspector=make_user("insp", "reviewer", "360000"), problems=("项目一",))
    finding = inspection.findings.first()
    assert InspectionFinding.objects.visible_to(make_user("donghu_submitter", "submitter", "360102")).filter(
        pk=finding.pk).exists()
    assert not InspectionFinding.objects.visible_to(make_user("jj", "submitter", "360400")).filter(
        pk=finding.pk).exists()


def test_an_app_adds_a_guard_to_another_apps_filing_kind(make_user, monkeypatch):
    """FilingGuard: e.g. security refuses a listing without a complete data-security register."""
    from ganfutong_admin.workflow import kinds
    from services.models import ServiceChangeFiling

    def service(status):
        n = Service.objects.count() + 1
        return Service.objects.create(owner_org=org("360102"), name=f"守卫测试{n}", code=f"T-GUARD-{n}", status=status)

    def change_filing(svc, change, user):
        filing = Filing.objects.create(kind="service_update", owner_org=svc.owner_org, title=svc.name, created_by=user)
        ServiceChangeFiling.objects.create(filing=filing, service=svc, change=change, description="更新说明")
        return filing, None

    monkeypatch.setattr(kinds, "_EXTRA_GUARDS", {})
    donghu = make_user("donghu_submitter", "submitter", "360102")
    refused, _ = change_filing(service(status="listed"), "update", user=donghu)
    kinds.add_guard("service_update", "submit", lambda step: "登记表不完整" if step.record.pk == refused.pk else None)
    with pytest.raises(engine.GuardRefused, match="登记表不完整"):
        engine.perform(Filing, refused.pk, "submit", donghu, refused.version)
    allowed, _ = change_filing(service(status="listed"), "update", user=donghu)
    assert engine.perform(Filing, allowed.pk, "submit", donghu, allowed.version).status == "submitted"
    # The kind's own guard still runs first (only a listed service can be updated).
    planned, _ = change_filing(service(status="planned"), "update", user=donghu)
    with pytest.raises(engine.GuardRefused, match="Only a listed service"):
        engine.perform(Filing, planned.pk, "submit", donghu, planned.version)
