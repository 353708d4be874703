"""The default indicator tree of a new evaluation period (第二十五条), the team's EVALUATION.md copied into the
product. Codes name declared evaluation figures (chapters.evaluation_indicators()); a code no installed chapter
declares yet (operations, security) has no data, so every org unit gets its full points ("无数据") until the
chapter lands.

(dimension, weight, tiebreak, [(code, label, method, points, extra)]), then the deductions and bonuses:
(code, label, method, points per occurrence, cap, cap group).
"""

from decimal import Decimal as D

TREE = (
    ("服务管理", D("25"), False, (
        ("services.listed_share", "应上尽上：已申请上架事项的上架比例", "rate", D("10"), {}),
        ("services.listing_approved_first_time", "上架备案一次通过率", "rate", D("5"), {}),
        ("services.emergency_written_on_time", "紧急下架按时书面备案率", "rate", D("10"), {}),
    )),
    ("运营管理", D("20"), False, (
        ("operations.responsible_person_coverage", "各项职责均有在任责任人", "rate", D("5"), {}),
        ("operations.promotion_activities", "推广活动完成情况（对照本期目标）", "target", D("5"), {"target": D("4")}),
        ("operations.rectifications_on_time", "运营报告及通报整改按时办结率", "rate", D("10"), {}),
    )),
    ("运维管理", D("25"), True, (
        ("maintenance.work_orders_on_time", "12345工单按时办结率", "rate", D("10"), {}),
        ("maintenance.satisfied_callbacks", "回访满意率（满意+非常满意）", "rate", D("5"), {}),
        ("maintenance.uptime", "已上架服务可用率", "linear", D("5"), {"lower": D("0.95"), "upper": D("0.995")}),
        ("maintenance.reports_on_time", "提前报备及时率与故障1小时内报告率", "rate", D("5"), {}),
    )),
    ("安全管理", D("20"), False, (
        ("security.staff_trained", "本年度人员安全培训覆盖率", "rate", D("5"), {}),
        ("security.risk_treatments_on_time", "风险处置按时关闭率", "rate", D("5"), {}),
        ("security.drills_on_schedule", "应急演练按计划开展率", "rate", D("5"), {}),
        ("security.supplier_staff_checks", "供应商人员保密协议与背景审查有效率", "rate", D("5"), {}),
    )),
    ("监督检查", D("10"), False, (
        ("supervision.rectifications_on_time", "抽查及模拟办事发现问题按时整改率", "rate", D("10"), {}),
    )),
)

ADJUSTMENTS = (
    ("supervision.alerts_red", "红牌", "deduction", D("2"), D("10"), "alerts"),
    ("supervision.alerts_yellow", "黄牌", "deduction", D("1"), D("10"), "alerts"),
    ("supervision.alerts_reminder", "提醒", "deduction", D("0.2"), D("10"), "alerts"),
    ("operations.circular_criticisms", "通报批评", "deduction", D("1"), D("5"), ""),
    ("operations.circular_praise", "通报表扬", "bonus", D("1"), D("5"), "bonus"),
    ("", "创新做法（人工认定）", "bonus", D("1"), D("5"), "bonus"),
)
