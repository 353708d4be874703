"""factory_boy factories for the kernel's models.

Org units are never created here: the real tree (province, 11 cities, 100 counties, departments and the
operator) is seeded by a data migration, so factories look units up by code (`org("360102")`).
Records are created in the state a test needs directly (a "submitted" filing is inserted as submitted);
the workflow engine itself is exercised by the engine tests.
"""

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from ganfutong_admin.accounts.models import User
from ganfutong_admin.channel_integration.models import LegacyApp, NewAppException
from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.policy.models import ParameterVersion
from ganfutong_admin.policy.parameters import spec as parameter_spec
from ganfutong_admin.workflow.models import Filing, Rectification

PASSWORD = "Ganfutong@2026-test"


def org(code):
    return OrgUnit.objects.get(code=code)


def policy_version(name, value, effective_from=date(2020, 1, 1), reason="测试设定", set_by=None):
    """A version of a policy parameter, inserted as the test needs it (also in the past, which the page and
    parameters.add_version refuse): by default in force for every moment the tests travel to."""
    return ParameterVersion.objects.create(name=name, value=value, effective_from=effective_from, reason=reason,
                                           article=parameter_spec(name).article, set_by=set_by)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.LazyAttribute(lambda u: f"测试用户 {u.username}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.cn")
    org_unit = factory.LazyFunction(lambda: org("360102"))
    is_active = True

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        """roles=["reviewer"]: the role groups made by the data migration."""
        if create and extracted:
            obj.groups.add(*[Group.objects.get(name=name) for name in extracted])
            obj.__dict__.pop("role_names", None)


class FilingFactory(factory.django.DjangoModelFactory):
    """A "new standalone app exception" filing (the one kind registered today), with its details."""

    class Meta:
        model = Filing
        skip_postgeneration_save = True

    kind = "new_app_exception"
    owner_org = factory.LazyFunction(lambda: org("360102"))
    title = factory.Sequence(lambda n: f"新建独立应用例外申请 {n}")
    summary = "平台无法承载的特殊需求"
    created_by = None

    class Params:
        submitted = factory.Trait(
            status="submitted",
            submitted_at=factory.LazyFunction(timezone.now),
            due_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=7)),
        )
        overdue = factory.Trait(
            status="submitted",
            submitted_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=20)),
            due_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=2)),
        )

    @factory.post_generation
    def details(obj, create, extracted, **kwargs):
        if create and extracted is not False and obj.kind == "new_app_exception":
            NewAppException.objects.create(
                filing=obj, app_name=f"{obj.title} 应用", app_type="app",
                justification="涉密业务无法在平台办理", **kwargs,
            )


class RectificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rectification

    owner_org = factory.LazyFunction(lambda: org("360102"))
    title = factory.Sequence(lambda n: f"整改事项 {n}")
    description = "检查发现的问题"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    source_label = "专项检查"

    class Params:
        submitted = factory.Trait(
            status="submitted", response="已完成整改", submitted_at=factory.LazyFunction(timezone.now),
        )
        answered = factory.Trait(response="已完成整改")


class LegacyAppFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegacyApp

    owner_org = factory.LazyFunction(lambda: org("360102"))
    name = factory.Sequence(lambda n: f"旧版政务应用 {n}")
    app_type = "app"
    vendor = "某科技有限公司"
    migration_plan = "2026 年底前迁移至赣服通"
    target_date = factory.LazyFunction(lambda: date.today() + timedelta(days=90))
