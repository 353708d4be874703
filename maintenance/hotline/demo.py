"""Demo data of the 12345 hotline (第十八条): work orders of every type and state for 东湖区, 南昌市, 九江市 and
省公安厅 (some yellow, some red, an extension waiting, a satisfied callback, unsatisfied ones with their bad
review and rectification, an appeal waiting and one upheld), a bad review of a platform case, and the
`hotline_system` account the hotline system posts with.

Idempotent: work orders are found by their hotline id, the manual bad review by its case number. Work orders
are driven through the workflow engine by the demo users; the red and yellow ones are received far enough in
the past that their real working-day deadlines make them so today.

The hotline system gets a token with its password (DEMO_PASSWORD in the demo):
    curl -X POST http://127.0.0.1:8000/api/v1/auth/token/ -d username=hotline_system -d password=...
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.calendar import WorkingCalendar, add_working_days
from services import selectors

from ..parameters import hotline_limits
from . import lifecycle
from .appeals import open_bad_review
from .models import BadReview, WorkOrder, WorkOrderEvent, WorkOrderSource
from .validators import id_check_digit

HOTLINE_USER = "hotline_system"


def _id_number(first17):
    return first17 + id_check_digit(first17)


# hotline id, type, title, content, service code or org code, citizen (name, phone, first 17 of the ID number),
# timing ("red", "yellow", "red_ack", "yellow_ack" or None: see _received_at), steps [(action, actor, comment, inputs)]
ORDERS = [
    ("12345-2026-DH0001", "complaint", "灵活就业人员社保登记提交后页面一直转圈",
     "市民反映在赣服通办理灵活就业人员社保登记，提交后页面长时间无响应，重复提交三次均失败，希望尽快解决。",
     "360102-SB-0001", ("张建国", "13907910001", "36010219800512301"), "red_ack", []),
    ("12345-2026-DH0002", "consultation", "高龄津贴申领条件咨询",
     "市民咨询父亲年满80周岁，户籍在东湖区，如何在赣服通申领高龄津贴，需要准备哪些材料。",
     "360102-MZ-0002", ("李秀英", "13907910002", "36010219560823402"), "yellow",
     [("acknowledge", "donghu_submitter", "", {})]),
    ("12345-2026-DH0003", "report", "举报代办中介违规收费",
     "市民举报有中介在政务大厅附近以“加急办理”为名收取费用，要求核查。",
     "360102", ("王志强", "13907910003", "36010219900101303"), None,
     [("acknowledge", "donghu_submitter", "", {}),
      ("request_extension", "donghu_submitter", "需会同市场监管部门联合调查，申请延期。", {"extension_days": 5}),
      ("approve_extension", "province_reviewer", "同意延期5个工作日，请抓紧核查。", {})]),
    ("12345-2026-DH0004", "complaint", "不动产登记进度查询服务下架后无替代入口",
     "市民投诉不动产登记进度查询服务下架后，赣服通上找不到替代查询入口。",
     "360102", ("赵丽", "13907910004", "36010219881212204"), None,
     [("acknowledge", "donghu_submitter", "", {}),
      ("reply", "donghu_submitter", "",
       {"reply": "该查询已并入“不动产登记”综合服务，入口：赣服通首页-住房-不动产登记-进度查询。"}),
      ("callback", "operator_publisher", "市民称已告知入口但仍不满意，认为应保留原入口。",
       {"satisfaction": "unsatisfied"}),
     ], ),
    # Signed after its 签收期限 (received six days ago): the light is green now, the late sign-off stays on the page
    # and in the timeline (issue 15, point 4).
    ("12345-2026-DH0005", "complaint", "生育津贴申领材料上传失败",
     "市民反映在赣服通申领生育津贴时，上传出生医学证明总是提示失败，换了几种格式也不行。",
     "360102-SB-0001", ("陈晓燕", "13907910005", "36010219920315402"), "red_ack",
     [("acknowledge", "donghu_submitter", "已联系技术支持排查上传问题。", {})]),
    ("12345-2026-NC0001", "help_request", "住房公积金提取到账时间过长",
     "市民求助：在赣服通提交公积金提取申请已超过7个工作日，资金仍未到账。",
     "360100-GJJ-0001", ("陈明", "13907910005", "36010219850630105"), None,
     [("acknowledge", "nanchang_submitter", "", {}),
      ("request_extension", "nanchang_submitter", "需银行协查到账记录，银行反馈周期较长，申请延期。",
       {"extension_days": 5})]),
    ("12345-2026-NC0002", "suggestion", "建议增加公交老年卡办理进度查询",
     "市民建议在赣服通公交老年卡办理页面增加办理进度查询功能。",
     "360100-JT-0002", ("刘芳", "13907910006", "36010019600315206"), None,
     [("acknowledge", "nanchang_submitter", "", {}),
      ("reply", "nanchang_submitter", "",
       {"reply": "感谢建议，进度查询功能已纳入下一版本，预计下月上线。"}),
      ("callback", "hotline_system", "", {"satisfaction": "satisfied"})]),
    ("12345-2026-NC0003", "complaint", "个体工商户设立登记页面身份证号未脱敏",
     "市民投诉在办理结果页面看到完整身份证号码，担心个人信息泄露。",
     "360100", ("孙伟", "13907910007", "36010019790909107"), None,
     [("acknowledge", "nanchang_submitter", "", {})]),
    ("12345-2026-JJ0001", "complaint", "社会保障卡申领进度长期未更新",
     "市民投诉社保卡申领已一个月，赣服通上进度一直显示“制卡中”。",
     "360400-SB-0001", ("周杰", "13907910008", "36040219870420108"), None,
     [("acknowledge", "jiujiang_submitter", "", {}),
      ("reply", "jiujiang_submitter", "", {"reply": "经核查，制卡数据已推送银行，预计5个工作日内可领取。"}),
      ("callback", "operator_publisher", "市民表示仍未收到短信通知，非常不满意。",
       {"satisfaction": "very_unsatisfied"})]),
    ("12345-2026-JJ0002", "report", "举报他人冒用身份信息预约婚姻登记",
     "市民举报有人使用其身份信息在赣服通预约婚姻登记。",
     "360400-MZ-0003", ("吴刚", "13907910009", "36040219920202309"), None,
     [("acknowledge", "jiujiang_submitter", "", {}),
      ("reply", "jiujiang_submitter", "", {"reply": "已核查，预约系本人家属误操作，已取消该预约并加强实名核验。"}),
      ("callback", "hotline_system", "", {"satisfaction": "unsatisfied"})]),
    ("12345-2026-JJ0003", "help_request", "公共文化场馆预约无法选择日期",
     "市民求助：预约九江市图书馆时日期选择控件无法点击。",
     "360400", ("郑敏", "13907910010", ""), None,
     [("acknowledge", "jiujiang_submitter", "", {}),
      ("reply", "jiujiang_submitter", "", {"reply": "已修复日期控件兼容性问题，请更新赣服通后重试。"}),
      ("callback", "operator_publisher", "市民反馈仍无法预约。", {"satisfaction": "unsatisfied"}),
      ("reopen", "operator_publisher", "回访不满意，重新办理，请核实老版本客户端兼容问题。", {})]),
    ("12345-2026-JJ0004", "consultation", "中小学学籍信息查询范围咨询",
     "市民咨询学籍信息查询是否包含高中阶段。",
     "360400-GJJ-0002", ("冯雪", "13907910011", ""), None,
     [("acknowledge", "jiujiang_submitter", "", {})]),
    ("12345-2026-GA0001", "complaint", "户口迁移网上办理材料被反复退回",
     "市民投诉户口迁移申请材料被退回三次，每次理由不同。",
     "D3601-HZ-0001", ("钱进", "13907910012", "36010219830707112"), "red",
     [("acknowledge", "dept_submitter", "", {})]),
    ("12345-2026-GA0002", "suggestion", "出入境证件预约增加周末时段",
     "市民建议出入境证件办理预约增加周末时段。",
     "D3601-CRJ-0002", ("何静", "13907910013", ""), None,
     [("acknowledge", "dept_submitter", "", {}),
      ("reply", "dept_submitter", "", {"reply": "已协调各出入境接待大厅，自下月起每周六上午开放预约。"})]),
    ("12345-2026-GA0003", "consultation", "驾驶证期满换证体检要求咨询",
     "市民咨询驾驶证期满换证是否需要线下体检。",
     "D3601-JJ-0003", ("韩冰", "13907910014", ""), "yellow_ack", []),
    ("12345-2026-OP0001", "consultation", "赣服通账号注销流程咨询",
     "市民咨询如何注销赣服通账号及注销后数据如何处理。",
     None, ("马丽", "13907910015", ""), None, []),
    ("12345-2026-OP0002", "help_request", "异地医保备案无法提交",
     "市民求助异地就医备案提交时提示“参保地不符”。",
     "360102", ("林涛", "13907910016", "36010219750101116"), None,
     [("return", "donghu_submitter", "该事项为南昌市医保局市级事项，不属于东湖区职责，请重新派发。", {})]),
]

APPEALS = [
    # hotline id of the work order whose bad review is appealed, appellant, reason, decision
    ("12345-2026-JJ0002", "jiujiang_submitter",
     "经核查，举报系其家属误操作，已如实答复；差评与办理质量无关，属恶意差评。", None),
    ("12345-2026-DH0004", "donghu_submitter", "入口调整系全省统一安排，已准确告知，市民不满意的是政策本身，申请剔除。",
     ("uphold", "province_reviewer", "经核实，答复准确及时，不满意原因不在承办单位，同意剔除。")),
]

MANUAL_BAD_REVIEW = ("GFT-BJ-2026-004512", "360100", "very_unsatisfied", "窗口人员态度冷淡，材料要求与网上指南不一致。")


def seed(users):
    users = dict(users)
    users[HOTLINE_USER] = _hotline_user()
    _grant_unmask(users.get("operator_publisher"))
    for row in ORDERS:
        _seed_order(users, *row)
    for hotline_id, appellant, reason, decision in APPEALS:
        _seed_appeal(users, hotline_id, appellant, reason, decision)
    case_number, org_code, rating, comment = MANUAL_BAD_REVIEW
    operator = users.get("operator_publisher")
    if operator and not BadReview.objects.filter(case_number=case_number).exists():
        open_bad_review(case_number=case_number, owner_org=OrgUnit.objects.get(code=org_code), rating=rating,
                        comment=comment, user=operator)


def _hotline_user():
    """The account of the 12345 hotline system: no role, only what intake and callbacks need."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=HOTLINE_USER,
        defaults={"org_unit": OrgUnit.objects.get(code="OP3601"), "full_name": "12345热线系统（接口）",
                  "email": ""})
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        user.user_permissions.add(*Permission.objects.filter(
            content_type__app_label="maintenance", codename__in=["add_workorder", "view_workorder"]))
    return User.objects.get(pk=user.pk)


def _grant_unmask(user):
    """The demo lets the operator's publisher unmask personal data (no role holds it by default)."""
    if user is None:
        return
    user.user_permissions.add(Permission.objects.get(content_type__app_label="accounts",
                                                     codename="unmask_personal_data"))


def _received_at(work_order_type, timing):
    """A reception time that makes the order's real deadline red or yellow today: "red" / "yellow" for the
    handling deadline, "red_ack" / "yellow_ack" for the acknowledgement."""
    now = timezone.now()
    _ack_days, handle_days = hotline_limits(work_order_type, now)
    if timing == "red":
        return now - timedelta(days=handle_days * 2 + 10)
    if timing == "red_ack":
        return now - timedelta(days=6)
    if timing in ("yellow", "yellow_ack"):
        # Due at the end of the next working day from today on: less than one working day left.
        target = _next_working_day(timezone.localdate())
        start = target
        for _ in range(120):
            start -= timedelta(days=1)
            ack_days, handle_days = hotline_limits(work_order_type, start)  # the limits of a clock started then
            days = ack_days if timing == "yellow_ack" else handle_days
            if add_working_days(start, days).date == target:
                return timezone.make_aware(datetime.combine(start, time(10, 0)))
    return now - timedelta(hours=3)


def _next_working_day(day):
    calendar = WorkingCalendar(day.year, day.year + 1)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _seed_order(users, hotline_id, type_, title, content, target, citizen, timing, steps):
    if WorkOrder.objects.filter(hotline_id=hotline_id).exists():
        return
    name, phone, id17 = citizen
    service = selectors.find_service_by_code(target) if target and "-" in target else None
    org = OrgUnit.objects.filter(code=target).first() if target and service is None else None
    intake_user = users[HOTLINE_USER]
    work_order = lifecycle.receive(
        user=intake_user, source=WorkOrderSource.API, hotline_id=hotline_id, type=type_, title=title, content=content,
        service=service, responsible_org=org, citizen_name=name, citizen_phone=phone,
        citizen_id_number=_id_number(id17) if id17 else "", received_at=_received_at(type_, timing),
    )
    # The demo receives in one moment orders that 12345 received days ago: their timelines start then.
    WorkOrderEvent.objects.filter(work_order=work_order, action="receive").update(created_at=work_order.received_at)
    for action, actor, comment, inputs in steps:
        work_order = lifecycle.perform(work_order.pk, action, users[actor], work_order.version, comment, **inputs)


def _seed_appeal(users, hotline_id, appellant, reason, decision):
    review = BadReview.objects.filter(work_order__hotline_id=hotline_id).order_by("pk").first()
    if review is None or review.status != "active":
        return
    review = engine.perform(BadReview, review.pk, "appeal", users[appellant], review.version, reason)
    if decision:
        action, actor, comment = decision
        engine.perform(BadReview, review.pk, action, users[actor], review.version, comment)
