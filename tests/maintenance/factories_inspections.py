"""Builders for the inspection and budget tests (第十六条、第十七条、第十九条).

Records are inserted in the state a test needs (a "completed" inspection is created as completed); the lifecycle
itself (completing, opening rectifications, signing off) is exercised by the tests through pages, API and engine.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone
from factories import RectificationFactory, org

from maintenance.budgets.models import BudgetItem, BudgetPlan
from maintenance.inspections.models import Inspection, InspectionFinding, InspectionTemplate, InspectionTemplateItem

CHECKLIST = ("统一身份认证登录正常", "高频服务入口可用", "个人信息脱敏展示")


def make_template(name="平台巡检清单", kind="platform", items=CHECKLIST, active=True):
    template = InspectionTemplate.objects.create(name=name, kind=kind, is_active=active)
    for order, text in enumerate(items, start=1):
        InspectionTemplateItem.objects.create(template=template, order=order, text=text)
    return template


def make_inspection(template, owner_code="360102", inspector=None, kind=None, status="draft", inspected_on=None,
                    problems=(), summary="", with_rectifications=False):
    """An inspection with one finding per checklist item; items whose text is in `problems` are problems.
    `with_rectifications`: problem findings get an open rectification (as completion would have done)."""
    from factories import UserFactory

    inspector = inspector or UserFactory()
    inspection = Inspection.objects.create(
        kind=kind or template.kind, template=template, owner_org=org(owner_code), inspector=inspector,
        inspected_on=inspected_on or timezone.localdate(), status=status, summary=summary,
        completed_at=timezone.now() if status == "completed" else None,
    )
    for order, item in enumerate(template.items.all(), start=1):
        problem = item.text in problems
        rect = None
        if problem and with_rectifications:
            rect = RectificationFactory(owner_org=inspection.owner_org, title=f"整改：{item.text}")
        InspectionFinding.objects.create(
            inspection=inspection, template_item=item, order=order, check_item=item.text,
            result="problem" if problem else "ok", severity="major" if problem else "",
            description="发现问题" if problem else "", rectification=rect,
        )
    return inspection


def checklist_post(checklist, results=None, **header):
    """POST data of the inspection form: `results` maps item text -> (result, severity, description)."""
    results = results or {}
    data = {"inspected_on": header.pop("inspected_on", date.today().isoformat()),
            "summary": header.pop("summary", ""), "rectification_working_days": header.pop("days", 10),
            "free-TOTAL_FORMS": "0", "free-INITIAL_FORMS": "0", "free-MIN_NUM_FORMS": "0",
            "free-MAX_NUM_FORMS": "50"}
    data.update(header)
    for item in checklist.items.all():
        result, severity, description = results.get(item.text, ("ok", "", ""))
        data[f"item-{item.pk}-result"] = result
        data[f"item-{item.pk}-severity"] = severity
        data[f"item-{item.pk}-description"] = description
    return data


# --- budgets ---------------------------------------------------------------------------------------------------

def make_plan(owner_code="360102", year=2026, status="draft", items=(("应用运维服务", "100000.00", "90000.00"),),
              title=None):
    plan = BudgetPlan.objects.create(owner_org=org(owner_code), year=year, status=status,
                                     title=title or f"{owner_code} {year} 运维经费计划",
                                     signed_off_at=timezone.now() if status == "signed_off" else None)
    for order, (name, planned, actual) in enumerate(items, start=1):
        BudgetItem.objects.create(plan=plan, order=order, name=name, category="software_maintenance",
                                  planned_amount=Decimal(planned),
                                  actual_amount=Decimal(actual) if actual is not None else None)
    return plan


def items_post(rows, extra_blank=1, **header):
    """POST data of the plan form: rows of (name, category, planned, actual, note[, id])."""
    data = dict(header)
    all_rows = list(rows) + [("", "software_maintenance", "", "", "")] * extra_blank
    data.update({"items-TOTAL_FORMS": str(len(all_rows)), "items-INITIAL_FORMS": "0",
                 "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "100"})
    for i, row in enumerate(all_rows):
        name, category, planned, actual, note = row[:5]
        data.update({f"items-{i}-name": name, f"items-{i}-category": category, f"items-{i}-planned_amount": planned,
                     f"items-{i}-actual_amount": actual, f"items-{i}-note": note,
                     f"items-{i}-id": row[5] if len(row) > 5 else ""})
    return data


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)
