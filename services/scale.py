"""Province-scale services and the details of the scale service filings (manage.py seed_scale)."""

import json

from ganfutong_admin.core.scale_sql import choice, pick, rnd, spread, weighted_status

from .models import SelfTestReport, Service, ServiceChangeFiling, ServiceListFiling

SERVICES = "{a}.code LIKE 'SCALE-S%%'"
SCALE_FILINGS = "SELECT id FROM workflow_filing WHERE reference LIKE 'SC-%%'"
WEIGHTS = [("planned", 15), ("ready", 5), ("listed", 70), ("delisted", 10)]
CHANGES = {"service_listing": "listing", "service_update": "update", "service_delisting": "delisting",
           "emergency_delisting": "emergency_delisting"}


def clear(ctx):
    ctx.delete_marked(ServiceChangeFiling, f"t.filing_id IN ({SCALE_FILINGS}) OR t.service_id IN "
                      f"(SELECT id FROM services_service WHERE code LIKE 'SCALE-S%%')")
    ctx.delete_marked(ServiceListFiling, f"t.filing_id IN ({SCALE_FILINGS})")
    ctx.delete_marked(SelfTestReport, "t.service_id IN (SELECT id FROM services_service WHERE code LIKE 'SCALE-S%%')",
                      history=False)
    ctx.delete_marked(Service, SERVICES.format(a="t"))


def seed(ctx):
    status = weighted_status(WEIGHTS, salt=21)
    source = f"(SELECT g, {status} AS st, {rnd(60 * 24 * 1000, 22)} AS age FROM generate_series(1, %(n)s) g) s"
    created = "(%(now)s - s.age * interval '1 minute')"
    ctx.insert_select(Service, source, {
        "name": f"{pick('topics', 23, 's.g')} || " + choice(["查询", "申请", "办理", "变更", "预约"], 24, "s.g")
                + " || '服务' || s.g",
        "code": "'SCALE-S' || lpad(s.g::text, 7, '0')",
        "zone": "''",
        "category": choice(["administrative", "public_service", "query", "convenience"], 25, "s.g"),
        "entry_url": "CASE WHEN s.st = 'planned' THEN '' ELSE 'https://scale.invalid/s/' || s.g END",
        "description": "'规模测试数据：' || s.g",
        "status": "s.st",
        "listed_at": f"CASE WHEN s.st IN ('listed', 'delisted') THEN {created} + interval '10 days' END",
        "delisted_at": f"CASE WHEN s.st = 'delisted' THEN {created} + interval '200 days' END",
        "version": "CASE s.st WHEN 'planned' THEN 1 WHEN 'ready' THEN 2 WHEN 'listed' THEN 3 ELSE 4 END",
        "owner_org": spread("orgs", 26, "s.g"),
        "created_by": pick("users", 27, "s.g"),
        "created_at": created,
        "updated_at": created,
    }, {"n": ctx.sizes["services"]})
    ctx.insert_history(Service, SERVICES.format(a="t"))
    ctx.insert_history(Service, SERVICES.format(a="t") + " AND t.version > 1", date="t.updated_at",
                       history_type="'~'", reason="'seed_scale'")
    ids = [row[0] for row in ctx.fetch("SELECT id FROM services_service WHERE code LIKE 'SCALE-S%%' ORDER BY id")]
    ctx.shared["service_ids"] = ids
    if not ids:
        return
    # The details of the scale filings of the service kinds: one service each, the change by the kind.
    filings = "workflow_filing f WHERE f.reference LIKE 'SC-%%' AND "
    ctx.insert_select(ServiceChangeFiling, filings + "f.kind = ANY(%(kinds)s)", {
        "filing": "f.id",
        "service": pick("services", 28, "f.id"),
        "change": "(%(changes)s::jsonb ->> f.kind)",
        "description": "'规模测试数据：' || f.title",
        "new_name": "''",
        "new_code": "''",
        "new_entry_url": "''",
    }, {"kinds": list(CHANGES), "changes": json.dumps(CHANGES), "services": ids})
    ctx.insert_select(ServiceListFiling, filings + "f.kind = 'service_list'", {
        "filing": "f.id",
        "period": "'2026'",
        "note": "''",
    })
    ctx.insert_history(ServiceChangeFiling, f"t.filing_id IN ({SCALE_FILINGS})", date="%(now)s", user="NULL")
    ctx.insert_history(ServiceListFiling, f"t.filing_id IN ({SCALE_FILINGS})", date="%(now)s", user="NULL")
