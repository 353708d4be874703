"""Demo users for every role and demo records, so that a new user sees a living system.

Idempotent: every object is found by a natural key first, so running it twice adds nothing.
"""

import importlib
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ganfutong_admin.channel_integration.models import LegacyApp, NewAppException
from ganfutong_admin.core.language import stored
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing, Rectification

# username, org unit code, role, full name. README and acceptance checks rely on these names.
DEMO_USERS = [
    ("province_reviewer", "360000", "reviewer", "王审核"),
    ("province_supervisor", "360000", "supervisor", "李监督"),
    ("operator_publisher", "OP3601", "publisher", "赵运营"),
    ("nanchang_submitter", "360100", "submitter", "陈南昌"),
    # The heads of these org units (org_admin) sign off their plans and budgets.
    ("nanchang_admin", "360100", "org_admin", "黄南昌"),
    ("donghu_admin", "360102", "org_admin", "何东湖"),
    ("jiujiang_admin", "360400", "org_admin", "许九江"),
    ("donghu_submitter", "360102", "submitter", "刘东湖"),
    ("jiujiang_submitter", "360400", "submitter", "周九江"),
    ("dept_submitter", "D3601", "submitter", "吴省厅"),
    ("auditor", "360000", "auditor", "孙审计"),
    ("sys_admin", "360000", "sys_admin", "钱系统"),
    ("sec_admin", "360000", "sec_admin", "郑安全"),
    ("audit_admin", "360000", "audit_admin", "冯审计管理"),
]

LEGACY_APPS = [
    # org, name, type, status, target offset (days from today), plan
    ("360102", "东湖智慧政务APP", "app", "migrating", -20, "2026年底前将办事服务迁移至赣服通东湖区专区，旧APP下线。"),
    ("360102", "东湖区社保查询小程序", "mini_program", "planned", 60, "统一接入赣服通社保服务，停止独立小程序运维。"),
    ("360100", "洪城一点通APP", "app", "migrating", 45, "分三批迁移高频事项，第三批完成后停止更新。"),
    ("360100", "南昌公积金微信小程序", "mini_program", "migrated", -90, "已迁移至赣服通公积金专区。"),
    ("360400", "九江政务通APP", "app", "planned", -5, "制定迁移方案，整合至赣服通九江分厅。"),
    ("360400", "浔阳办事H5", "h5", "retired", -120, "服务已全部由赣服通承接，H5页面已下线。"),
    ("D3601", "江西公安服务小程序", "mini_program", "migrating", 30, "户政、出入境业务迁移至赣服通公安专区。"),
]

# org, title, app name, type, justification, steps after creation (action, actor, comment)
EXCEPTION_FILINGS = [
    ("360102", "东湖区新建“社区养老服务”独立APP例外申请", "东湖颐养", "app",
     "需对接社区养老服务设备，赣服通暂不支持蓝牙设备接入。", []),
    ("360102", "东湖区“文旅导览”小程序例外申请", "东湖文旅导览", "mini_program",
     "景区导览需要离线地图能力。", [("submit", "donghu_submitter", "")]),
    ("360100", "南昌市“城市停车”独立APP例外申请", "洪城停车", "app",
     "停车诱导需高频实时定位推送。",
     [("submit", "nanchang_submitter", ""),
      ("return", "province_reviewer", "请说明为何不能以赣服通专区形式建设，并补充用户规模测算。")]),
    ("360400", "九江市“长江航运服务”APP例外申请", "九江航运通", "app",
     "面向船员的离线航运服务，需在无网络江面使用。",
     [("submit", "jiujiang_submitter", ""),
      ("approve", "province_reviewer",
       "航运场景需离线使用，赣服通暂无法满足，同意作为例外建设，须于2027年底前评估迁移。")]),
    ("360400", "九江市“庐山旅游”独立APP例外申请", "庐山游", "app", "旅游推广需要。",
     [("submit", "jiujiang_submitter", ""),
      ("reject", "province_reviewer", "旅游推广不属于政务服务，应通过赣服通宣传推广渠道开展。")]),
    ("D3601", "省公安厅“交管业务”独立APP例外申请", "赣警交管", "app",
     "公安部统一要求建设的交管APP，需保持独立。", [("submit", "dept_submitter", "")]),
]


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo records. Safe to run again."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # Demo users share one published password: they must never exist in the province's database.
            raise CommandError("seed_demo refuses a production configuration (DJANGO_ENV=production).")
        password = settings.DEMO_PASSWORD
        with transaction.atomic():
            users = self.seed_users(password)
            self.seed_legacy_apps(users)
            self.seed_filings(users)
            # Each app may ship a `demo` module with seed(users): chapters add their own demo data.
            for app_config in apps.get_app_configs():
                if app_config.name.startswith("django"):
                    continue
                try:
                    module = importlib.import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.seed(users)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(users)} demo users (password from DEMO_PASSWORD), "
            f"{Filing.objects.count()} filings, {LegacyApp.objects.count()} legacy apps, "
            f"{Rectification.objects.count()} rectifications."
        ))

    def seed_users(self, password):
        User = get_user_model()
        users = {}
        for username, org_code, role, full_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"org_unit": OrgUnit.objects.get(code=org_code), "full_name": full_name,
                          "email": f"{username}@demo.invalid"},
            )
            if created:
                user.set_password(password)
                user.save()
                user.groups.add(Group.objects.get(name=role))
            users[username] = user
        # The demo's password is published, so rotating it protects nothing: each seeding (every `make run`)
        # restarts its age, so a demo database kept for months does not force every reviewer to change it.
        User.objects.filter(pk__in=[u.pk for u in users.values()]).update(password_changed_at=timezone.now())
        return users

    def seed_legacy_apps(self, users):
        today = timezone.localdate()
        creators = {u.org_unit.code: u for u in users.values() if u.has_role("submitter")}
        for org_code, name, app_type, status, offset, plan in LEGACY_APPS:
            org = OrgUnit.objects.get(code=org_code)
            target = today + timedelta(days=offset)
            LegacyApp.objects.get_or_create(
                owner_org=org, name=name,
                defaults={
                    "app_type": app_type, "status": status, "target_date": target, "migration_plan": plan,
                    "vendor": "江西某信息技术有限公司",
                    "monthly_active_users": 12000 + offset * 10 if offset > 0 else 3000,
                    "services_count": 25, "completed_on": target if status in ("migrated", "retired") else None,
                    "created_by": creators.get(org_code),
                },
            )

    def seed_filings(self, users):
        creators = {u.org_unit.code: u for u in users.values() if u.has_role("submitter")}
        for org_code, title, app_name, app_type, justification, steps in EXCEPTION_FILINGS:
            if Filing.objects.filter(title=title).exists():
                continue
            org = OrgUnit.objects.get(code=org_code)
            filing = Filing.objects.create(kind="new_app_exception", owner_org=org, title=title,
                                           summary=justification, created_by=creators[org_code])
            NewAppException.objects.create(filing=filing, app_name=app_name, app_type=app_type,
                                           justification=justification)
            for action, actor, comment in steps:
                filing = engine.perform(Filing, filing.pk, action, users[actor], filing.version, comment)

        # One submitted filing whose review deadline has passed, so that "overdue" is visible.
        late = Filing.objects.filter(title="省公安厅“交管业务”独立APP例外申请", status="submitted").first()
        if late and late.due_at and late.due_at > timezone.now():
            late.submitted_at = timezone.now() - timedelta(days=20)
            late.due_at = timezone.now() - timedelta(days=6)
            late._change_reason = stored(lambda: _("Demo data: a review past its deadline"))
            late.save()

        # Rectifications in several states, from a returned filing and from register entries.
        if Rectification.objects.exists():
            return
        reviewer = users["province_reviewer"]
        returned = Filing.objects.get(title="南昌市“城市停车”独立APP例外申请")
        Rectification.open_for(
            source=returned, owner_org=returned.owner_org, user=reviewer, working_days=10,
            title="补充独立APP建设必要性论证",
            description="申请材料未说明赣服通专区方案不可行的原因，请补充论证材料。",
        )
        donghu_app = LegacyApp.objects.get(name="东湖智慧政务APP")
        overdue = Rectification.open_for(
            source=donghu_app, owner_org=donghu_app.owner_org, user=reviewer, working_days=5,
            title="东湖区旧APP迁移进度滞后",
            description="东湖智慧政务APP迁移已超过目标日期，请说明原因并提交新的迁移计划。",
        )
        overdue.due_at = timezone.now() - timedelta(days=3)
        overdue._change_reason = stored(lambda: _("Demo data: a rectification past its deadline"))
        overdue.save()
        jiujiang_app = LegacyApp.objects.get(name="九江政务通APP")
        answered = Rectification.open_for(
            source=jiujiang_app, owner_org=jiujiang_app.owner_org, user=reviewer, working_days=10,
            title="九江政务通APP迁移方案备案",
            description="请提交九江政务通APP迁移方案及时间表。",
        )
        answered.response = "已制定迁移方案，计划分两批迁移，2027年3月底前完成。"
        answered.save()
        engine.perform(Rectification, answered.pk, "submit", users["jiujiang_submitter"], answered.version)
