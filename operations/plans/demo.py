"""Demo data of operations plans (第十二条): this year's plans of a few org units in several states (acknowledged,
submitted, returned, draft), so that the list and the page of units without a plan show something. Idempotent:
a plan is found by (org unit, year); every state change goes through the engine."""

from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing

from .models import OperationsPlan

# org, author, goals, measures, schedule, steps (action, actor, comment)
PLANS = [
    ("360102", "donghu_submitter", "赣服通东湖区分厅月活跃用户提升30%，高频事项“掌上办”比例达80%。",
     "梳理高频事项清单；社区网格员推广；办事大厅扫码引导。", "一季度完成清单梳理；二、三季度集中推广；四季度总结评估。",
     [("submit", "donghu_submitter", ""), ("acknowledge", "province_reviewer", "已备案。")]),
    ("360100", "nanchang_submitter", "南昌市分厅新增上线服务50项，用户满意度不低于95%。",
     "市直部门专区共建；“小赣事聊服务”直播每月一期。", "按月调度，季度通报。",
     [("submit", "nanchang_submitter", "")]),
    ("360400", "jiujiang_submitter", "九江市分厅运营工作方案。", "待补充。", "待补充。",
     [("submit", "jiujiang_submitter", ""), ("return", "province_reviewer", "运营目标需量化，举措需明确责任单位。")]),
    ("D3601", "dept_submitter", "公安专区户政、出入境业务全程网办。", "专区改版；政策解读宣传。", "上半年完成改版。",
     []),
]


def seed(users):
    year = timezone.localdate().year
    for code, author, goals, measures, schedule, steps in PLANS:
        org = OrgUnit.objects.get(code=code)
        if OperationsPlan.objects.filter(filing__owner_org=org, year=year).exists():
            continue
        filing = Filing.objects.create(kind="operations_plan", owner_org=org, created_by=users[author],
                                       title=f"{org.name}{year}年度赣服通运营方案", summary=goals)
        OperationsPlan.objects.create(filing=filing, year=year, goals=goals, measures=measures, schedule=schedule)
        for action, actor, comment in steps:
            filing = engine.perform(Filing, filing.pk, action, users[actor], filing.version, comment)
