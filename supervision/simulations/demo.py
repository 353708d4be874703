"""Demo simulated handling (第二十四条): one application through the app with a failed upload step (a rectification
for the owner) and one that went through. Idempotent: found by service and note."""

from datetime import timedelta

from django.utils import timezone

from services import selectors

from .models import SimulatedApplication, SimulatedStep

STEPS = (
    (("扫码登录赣服通APP并搜索事项", True, 25, "正常"), ("填写申请信息", True, 140, "表单字段与办事指南一致"),
     ("上传身份证明材料", False, 90, "上传后提示“系统繁忙”，重试三次仍失败"), ("提交申请", False, 10, "无法提交")),
    (("进入事项页面", True, 15, "正常"), ("在线填报并提交", True, 180, "提交成功，收到受理短信")),
)


def seed(users):
    from django.db import transaction

    from ganfutong_admin.workflow.models import Rectification

    supervisor = users.get("province_supervisor")
    services = list(selectors.listed_services().order_by("code")[:2])
    if supervisor is None or not services:
        return
    for service, steps in zip(services, STEPS, strict=False):
        note = f"模拟办事（演示）：{service.name}"
        if SimulatedApplication.objects.filter(note=note).exists():
            continue
        with transaction.atomic():
            app = SimulatedApplication.objects.create(
                service=service, owner_org_id=service.owner_org_id, channel="赣服通APP", note=note,
                performed_at=timezone.now() - timedelta(days=3), performed_by=supervisor, created_by=supervisor,
                total_seconds=sum(s[2] for s in steps))
            for order, (action, passed, seconds, result) in enumerate(steps, start=1):
                SimulatedStep.objects.create(application=app, order=order, action=action, passed=passed,
                                             seconds=seconds, result=result)
            failed = [f"{i}. {s[0]}（{s[3]}）" for i, s in enumerate(steps, start=1) if not s[1]]
            if failed:
                app.rectification = Rectification.open_for(
                    source=app, owner_org=app.owner_org, user=supervisor, title=f"模拟办事整改：{service.name}",
                    description="通过赣服通APP模拟办理时以下步骤未通过：" + "；".join(failed) + "。")
                app.save()
