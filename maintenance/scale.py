"""Province-scale 12345 work orders with their timelines, extensions and history (manage.py seed_scale)."""

from ganfutong_admin.core.scale_sql import choice, pick, rnd, spread, version_case, weighted_status
from ganfutong_admin.privacy.crypto import encrypt, normalize_phone, search_hash

from .hotline.models import WorkOrder, WorkOrderEvent, WorkOrderExtension

WORK_ORDERS = "{a}.hotline_id LIKE 'SCALE-W%%'"
WEIGHTS = [("received", 4), ("dispatched", 6), ("processing", 15), ("extension_requested", 3), ("returned", 2),
           ("replied", 10), ("closed", 60)]
R, D, A = ("receive", "", "received"), ("dispatch", "received", "dispatched"), ("acknowledge", "dispatched",
                                                                                   "processing")
PATHS = {
    "received": [R],
    "dispatched": [R, D],
    "processing": [R, D, A],
    "extension_requested": [R, D, A, ("request_extension", "processing", "extension_requested")],
    "returned": [R, D, ("return", "dispatched", "returned")],
    "replied": [R, D, A, ("reply", "processing", "replied")],
    "closed": [R, D, A, ("reply", "processing", "replied"), ("callback", "replied", "closed")],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"]
DISTINCT = 200  # distinct citizens: each value is encrypted once, then reused by the SQL


def citizens():
    names = [SURNAMES[i % len(SURNAMES)] + GIVEN[i // len(SURNAMES) % len(GIVEN)] for i in range(DISTINCT)]
    phones = [f"139{70000000 + i * 7919:08d}" for i in range(DISTINCT)]
    ids = [f"3601021980{(i % 12) + 1:02d}{(i % 28) + 1:02d}{i % 1000:03d}X" if i % 2 else ""
           for i in range(DISTINCT)]
    return {
        "names": [encrypt(v) for v in names],
        "phones": [encrypt(v) for v in phones],
        "phone_hashes": [search_hash(normalize_phone(v)) for v in phones],
        "ids": [encrypt(v) if v else "" for v in ids],
    }


def clear(ctx):
    ctx.delete_marked(WorkOrderExtension, "t.work_order_id IN (SELECT id FROM maintenance_workorder "
                      "WHERE hotline_id LIKE 'SCALE-W%%')")
    ctx.delete_marked(WorkOrder, WORK_ORDERS.format(a="t"), children=[(WorkOrderEvent, "work_order_id")])


def seed(ctx):
    status = weighted_status(WEIGHTS, salt=31)
    active = "('received', 'dispatched', 'processing', 'extension_requested', 'returned')"
    source = (f"(SELECT g, {status} AS st, 1 + {rnd(DISTINCT, 32)} AS c, "
              f"CASE WHEN {status} IN {active} THEN {rnd(60 * 24 * 30, 33)} ELSE {rnd(60 * 24 * 730, 33)} END AS age "
              f"FROM generate_series(1, %(n)s) g) s")
    received = "(%(now)s - s.age * interval '1 minute')"
    dispatched = f"{received} + interval '1 hour'"
    acked = "s.st IN ('processing', 'extension_requested', 'replied', 'closed')"
    replied = "s.st IN ('replied', 'closed')"
    services = ctx.shared.get("service_ids") or []
    service = f"CASE WHEN {rnd(10, 34, 's.g')} < 6 THEN {pick('services', 35, 's.g')} END" if services else "NULL"
    params = {"n": ctx.sizes["work_orders"], "services": services, **citizens()}
    ctx.insert_select(WorkOrder, source, {
        "hotline_id": "'SCALE-W' || lpad(s.g::text, 8, '0')",
        "source": "'api'",
        "type": choice(["consultation", "help_request", "complaint", "report", "suggestion"], 36, "s.g"),
        "title": f"{pick('topics', 37, 's.g')} || "
                 + choice(["业务咨询", "办理进度", "材料问题", "系统无法登录", "投诉建议"], 38, "s.g"),
        "content": f"'市民反映' || {pick('topics', 37, 's.g')} || '相关问题，请尽快处理。工单' || s.g",
        "service": service,
        "citizen_name": "(%(names)s)[s.c]",
        "citizen_phone": "(%(phones)s)[s.c]",
        "citizen_id_number": "(%(ids)s)[s.c]",
        "phone_hash": "(%(phone_hashes)s)[s.c]",
        "sealed_text": "''",
        "received_at": received,
        "dispatched_at": f"CASE WHEN s.st <> 'received' THEN {dispatched} END",
        "ack_due_at": f"CASE WHEN s.st <> 'received' THEN {dispatched} + interval '1 day' END",
        "ack_warn_at": f"CASE WHEN s.st <> 'received' THEN {dispatched} + interval '16 hours' END",
        "due_at": f"CASE WHEN s.st <> 'received' THEN {dispatched} + interval '10 days' END",
        "warn_at": f"CASE WHEN s.st <> 'received' THEN {dispatched} + interval '9 days' END",
        "due_estimated": "false",
        "acknowledged_at": f"CASE WHEN {acked} THEN {dispatched} + interval '2 hours' END",
        "replied_at": f"CASE WHEN {replied} THEN {dispatched} + interval '5 days' END",
        "reply": f"CASE WHEN {replied} THEN '已联系市民并办结。' ELSE '' END",
        "satisfaction": f"CASE WHEN s.st = 'closed' THEN (ARRAY['very_satisfied', 'satisfied', 'satisfied', "
                        f"'basically_satisfied', 'unsatisfied', 'very_unsatisfied'])[1 + {rnd(6, 39, 's.g')}] "
                        f"ELSE '' END",
        "callback_at": f"CASE WHEN s.st = 'closed' THEN {dispatched} + interval '6 days' END",
        "reopen_count": "0",
        "status": "s.st",
        "version": version_case(PATHS),
        # The operator holds what waits for dispatch; the rest is spread over every org unit.
        "owner_org": f"CASE WHEN s.st IN ('received', 'returned') THEN %(operator)s "
                     f"ELSE {spread('orgs', 40, 's.g')} END",
        "created_by": pick("users", 41, "s.g"),
        "created_at": received,
        "updated_at": received,
    }, params)
    where = WORK_ORDERS.format(a="r")
    ctx.insert_timeline(WorkOrderEvent, WorkOrder, where, PATHS, extra={"detail": "''"})
    ctx.insert_select(WorkOrderExtension, "maintenance_workorder w WHERE w.hotline_id LIKE 'SCALE-W%%' "
                      "AND w.status = 'extension_requested'", {
                          "work_order": "w.id",
                          "requested_days": "5",
                          "reason": "'需协调多部门办理，申请延期。'",
                          "status": "'pending'",
                          "requested_by": "w.created_by_id",
                          "requested_at": "w.received_at + interval '4 hours'",
                          "due_before": "w.due_at",
                          "decision_comment": "''",
                      })
    ctx.insert_history(WorkOrderExtension, "t.work_order_id IN (SELECT id FROM maintenance_workorder "
                       "WHERE hotline_id LIKE 'SCALE-W%%')", date="t.requested_at", user="t.requested_by_id")
    ctx.insert_history(WorkOrder, WORK_ORDERS.format(a="t"))
    ctx.insert_history(WorkOrder, WORK_ORDERS.format(a="t") + " AND t.version > 1", date="t.updated_at",
                       history_type="'~'", reason="'seed_scale'")
