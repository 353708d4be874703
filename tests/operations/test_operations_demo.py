"""The chapter's demo data: something on every page, and seeding twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from ganfutong_admin.workflow.models import Filing, Rectification
from operations.circulars.models import Circular
from operations.partners.models import Partner
from operations.reports.models import OperationsReport
from operations.responsible.models import ResponsiblePerson
from operations.selfchecks.models import SelfCheckReport

pytestmark = pytest.mark.django_db


def snapshot():
    return (sorted(ResponsiblePerson.objects.values_list("owner_org__code", "duty", "name", "version")),
            sorted(Partner.objects.values_list("name", "status", "version")),
            sorted(Filing.objects.filter(kind__in=("partner_application", "operations_plan"))
                   .values_list("title", "status", "version")),
            sorted(Circular.objects.values_list("number", "status", "version")),
            sorted(SelfCheckReport.objects.values_list("owner_org__code", "status", "version")),
            sorted(OperationsReport.objects.values_list("kind", "period_start", "status", "version")),
            Rectification.objects.count())


def test_demo_is_idempotent_and_fills_the_pages(client):
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first and len(first[0]) >= 20
    assert dict(Partner.objects.values_list("name", "status")) == {
        "江西云服科技有限公司": "active", "赣州智联信息有限公司": "applied", "南昌数联网络有限公司": "forced_out"}
    assert Filing.objects.filter(kind="partner_application", status="withdrawn").count() == 1
    from ganfutong_admin.accounts.models import User

    client.force_login(User.objects.get(username="province_supervisor"))
    for name in ("operations:responsible-list", "operations:responsible-coverage", "operations:partner-list",
                 "operations:plan-list", "operations:plan-missing", "operations:circular-list",
                 "operations:selfcheck-list", "operations:selfcheck-report-list", "operations:report-list"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and response.context["object_list"], name
    gaps = {u.code: u.missing for u in client.get(reverse("operations:responsible-coverage"), {
        "show": "all", "parent": ResponsiblePerson.objects.filter(owner_org__code="360100").first().owner_org_id,
    }).context["object_list"]}
    assert gaps["360100"] == 0 and gaps["360102"] == 2  # expired hotline, no data-security officer
    published = OperationsReport.objects.get(kind="quarterly", status="published")
    assert published.snapshot and OperationsReport.objects.filter(kind="monthly", status="draft").exists()
    assert sorted(Rectification.objects.filter(source_type__model="reportfinding")
                  .values_list("owner_org__code", flat=True)) == ["360100", "D3601"]
    for report in OperationsReport.objects.all():
        assert client.get(report.get_absolute_url()).status_code == 200


def test_partner_staff_see_only_their_own(client):
    call_command("seed_demo", verbosity=0)
    from ganfutong_admin.accounts.models import User

    client.force_login(User.objects.get(username="partner_submitter"))
    names = [p.name for p in client.get(reverse("operations:partner-list")).context["object_list"]]
    assert names == ["江西云服科技有限公司"]
    other = Partner.objects.get(name="赣州智联信息有限公司")
    assert client.get(other.get_absolute_url()).status_code == 404
    assert not User.objects.get(username="shulian_partner").is_active
