"""Province-scale filings and rectifications (manage.py seed_scale): see core/scale_sql.py."""

from django.utils import translation

from ganfutong_admin.core.scale_sql import pick, rnd, spread, version_case, weighted_status

from . import kinds
from .models import Filing, FilingEvent, OralReport, Rectification, RectificationEvent

# The marker of this module's rows: a reference the reference counter never gives (GFT-…).
FILINGS = "{a}.reference LIKE 'SC-%%'"
RECTIFICATIONS = "{a}.source_label = '规模测试数据'"

FILING_WEIGHTS = [("draft", 5), ("oral_reported", 3), ("submitted", 15), ("returned", 7), ("approved", 40),
                  ("acknowledged", 15), ("rejected", 8), ("withdrawn", 7)]
FILING_PATHS = {
    "draft": [("create", "", "draft")],
    "oral_reported": [("oral_report", "", "oral_reported")],
    "submitted": [("create", "", "draft"), ("submit", "draft", "submitted")],
    "returned": [("create", "", "draft"), ("submit", "draft", "submitted"), ("return", "submitted", "returned")],
    "approved": [("create", "", "draft"), ("submit", "draft", "submitted"), ("approve", "submitted", "approved")],
    "acknowledged": [("create", "", "draft"), ("submit", "draft", "submitted"),
                     ("acknowledge", "submitted", "acknowledged")],
    "rejected": [("create", "", "draft"), ("submit", "draft", "submitted"), ("reject", "submitted", "rejected")],
    "withdrawn": [("create", "", "draft"), ("withdraw", "draft", "withdrawn")],
}
RECT_WEIGHTS = [("open", 30), ("submitted", 15), ("accepted", 40), ("reopened", 10), ("waived", 5)]
RECT_PATHS = {
    "open": [("open", "", "open")],
    "submitted": [("open", "", "open"), ("submit", "open", "submitted")],
    "accepted": [("open", "", "open"), ("submit", "open", "submitted"), ("accept", "submitted", "accepted")],
    "reopened": [("open", "", "open"), ("submit", "open", "submitted"), ("reopen", "submitted", "reopened")],
    "waived": [("open", "", "open"), ("waive", "open", "waived")],
}


def clear(ctx):
    ctx.delete_marked(OralReport, "t.filing_id IN (SELECT id FROM workflow_filing WHERE reference LIKE 'SC-%%')",
                      history=False)
    ctx.delete_marked(Filing, FILINGS.format(a="t"), children=[(FilingEvent, "filing_id")])
    ctx.delete_marked(Rectification, RECTIFICATIONS.format(a="t"), children=[(RectificationEvent,
                                                                                 "rectification_id")])


def seed(ctx):
    seed_filings(ctx)
    seed_rectifications(ctx)


def seed_filings(ctx):
    all_kinds = sorted(kinds.all_kinds(), key=lambda k: k.code)
    with translation.override("zh-hans"):
        labels = [str(k.label) for k in all_kinds]
    codes = [k.code for k in all_kinds]
    for_record = [k.code for k in all_kinds if k.for_the_record]
    status = weighted_status(FILING_WEIGHTS, salt=1)
    # Open filings are recent (some overdue, most not); decided ones spread over two years.
    source = (f"(SELECT g, {status} AS st, {rnd(len(codes), 2)} AS k, "
              f"CASE WHEN {status} IN ('submitted', 'oral_reported', 'returned', 'draft') "
              f"THEN {rnd(60 * 24 * 30, 4)} ELSE {rnd(60 * 24 * 730, 4)} END AS age "
              f"FROM generate_series(1, %(n)s) g) s")
    created = "(%(now)s - s.age * interval '1 minute')"
    past_draft = "s.st NOT IN ('draft', 'oral_reported')"
    ctx.insert_select(Filing, source, {
        "kind": "(%(codes)s)[1 + s.k]",
        "reference": "'SC-' || lpad(s.g::text, 8, '0')",
        "title": f"{pick('topics', 5, 's.g')} || (%(labels)s)[1 + s.k] || '（第' || s.g || '号）'",
        "summary": f"'关于' || {pick('topics', 6, 's.g')} || '事项的报备材料，规模测试数据。'",
        "status": "s.st",
        "for_the_record": "(%(codes)s)[1 + s.k] = ANY(%(for_record)s)",
        "submitted_at": f"CASE WHEN {past_draft} THEN {created} + interval '1 hour' END",
        "due_at": f"CASE WHEN s.st = 'oral_reported' THEN {created} + interval '3 days' "
                  f"WHEN {past_draft} THEN {created} + interval '14 days' END",
        "due_estimated": "false",
        "decided_at": f"CASE WHEN s.st IN ('approved', 'acknowledged', 'rejected') "
                      f"THEN {created} + interval '2 hours' END",
        "decided_by": "CASE WHEN s.st IN ('approved', 'acknowledged', 'rejected') THEN %(reviewer)s END",
        "version": version_case(FILING_PATHS),
        "owner_org": spread("orgs", 7, "s.g"),
        "created_by": pick("users", 8, "s.g"),
        "created_at": created,
        "updated_at": created,
    }, {"n": ctx.sizes["filings"], "codes": codes, "labels": labels, "for_record": for_record,
        "reviewer": ctx.shared["reviewer_id"]})
    ctx.insert_timeline(FilingEvent, Filing, FILINGS.format(a="r"), FILING_PATHS)
    ctx.insert_select(OralReport, "workflow_filing f WHERE f.reference LIKE 'SC-%%' AND f.status = 'oral_reported'", {
        "filing": "f.id",
        "reported_by": "'值班负责人'",
        "reported_to": "'省数据局值班室'",
        "reported_at": "f.created_at",
        "reason": "'系统故障需紧急下架，规模测试数据。'",
    })
    ctx.insert_history(Filing, FILINGS.format(a="t"))
    ctx.insert_history(Filing, FILINGS.format(a="t") + " AND t.version > 1", date="t.updated_at",
                       history_type="'~'", reason="'seed_scale'")


def seed_rectifications(ctx):
    status = weighted_status(RECT_WEIGHTS, salt=11)
    source = (f"(SELECT g, {status} AS st, {rnd(60 * 24 * 365, 12)} AS age "
              f"FROM generate_series(1, %(n)s) g) s")
    created = "(%(now)s - s.age * interval '1 minute')"
    ctx.insert_select(Rectification, source, {
        "source_label": "'规模测试数据'",
        "title": f"{pick('topics', 13, 's.g')} || '服务问题整改（第' || s.g || '号）'",
        "description": f"'检查发现' || {pick('topics', 14, 's.g')} || '服务办理指南与实际不一致。'",
        "due_at": f"{created} + interval '15 days'",
        "due_estimated": "false",
        "status": "s.st",
        "response": "CASE WHEN s.st IN ('submitted', 'accepted', 'reopened') THEN '已完成整改并更新办事指南。' "
                    "ELSE '' END",
        "evidence": "''",
        "submitted_at": f"CASE WHEN s.st IN ('submitted', 'accepted', 'reopened') "
                        f"THEN {created} + interval '3 days' END",
        "closed_at": f"CASE WHEN s.st = 'accepted' THEN {created} + interval '5 days' END",
        "version": version_case(RECT_PATHS),
        "owner_org": spread("orgs", 15, "s.g"),
        "created_by": pick("users", 16, "s.g"),
        "created_at": created,
        "updated_at": created,
    }, {"n": ctx.sizes["rectifications"]})
    ctx.insert_timeline(RectificationEvent, Rectification, RECTIFICATIONS.format(a="r"), RECT_PATHS)
    ctx.insert_history(Rectification, RECTIFICATIONS.format(a="t"))
