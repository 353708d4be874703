"""第二十三条 in the browser: 东湖区 (a county) records a drill of its emergency plan with a finding; the finding's
rectification appears in the county's rectification list and in the provincial supervisor's, and not in another
city's (九江市), to whom the drill itself does not exist (404)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Rectification
from security.drills.lifecycle import create_plan
from security.drills.models import Drill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
FINDING = "应急值班电话无人接听，联系人名单未及时更新"


def make_user(username, org_code, role):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code=org_code))
    user.groups.add(Group.objects.get(name=role))
    return user


def test_a_county_drill_finding_is_rectified_where_it_belongs(new_page, login):
    from django.utils import timezone

    donghu = make_user("donghu_submitter", "360102", "submitter")
    make_user("province_supervisor", "360000", "supervisor")
    make_user("jiujiang_submitter", "360400", "submitter")
    plan = create_plan(user=donghu, owner_org=donghu.org_unit, title="东湖区政务数据安全事件应急预案", label="V1.0",
                       effective_on=timezone.localdate())

    county = new_page()
    login(county, "donghu_submitter", PASSWORD)
    county.goto(f"/security/plans/{plan.pk}/")
    county.click("#drill-this-plan")
    county.wait_for_selector("#drill-form")
    assert county.locator("[name=plan]").input_value() == str(plan.pk)
    county.fill("[name=scenario]", "社保登记接口数据泄露处置演练")
    county.fill("[name=participants]", "东湖区政务服务管理办公室、区网信办、运维单位")
    county.fill("[name=findings]", FINDING)
    county.click("#drill-save")
    county.wait_for_url(re.compile(r"/security/drills/\d+/$"))
    county.wait_for_selector("#messages .alert[data-message-level=success]")
    drill = Drill.objects.get()
    rect = Rectification.objects.get()
    assert (rect.owner_org.code, rect.status, drill.findings.get().rectification) == ("360102", "open", rect)
    assert FINDING in county.inner_text("#findings")
    assert "待整改" in county.inner_text("#findings")

    # the county's rectification list shows it; the link from the drill leads to it
    county.goto("/rectifications/")
    assert FINDING in county.inner_text("main")
    county.goto(f"/security/drills/{drill.pk}/")
    county.click(f"[data-rectification-link='{rect.pk}']")
    county.wait_for_url(f"**/rectifications/{rect.pk}/")

    # the provincial supervisor sees it in its list
    supervisor = new_page()
    login(supervisor, "province_supervisor", PASSWORD)
    supervisor.goto("/rectifications/")
    assert FINDING in supervisor.inner_text("main")
    assert supervisor.goto(f"/security/drills/{drill.pk}/").status == 200

    # another city does not
    jiujiang = new_page()
    login(jiujiang, "jiujiang_submitter", PASSWORD)
    jiujiang.goto("/rectifications/")
    assert FINDING not in jiujiang.inner_text("main")
    assert jiujiang.goto(f"/rectifications/{rect.pk}/").status == 404
    assert jiujiang.goto(f"/security/drills/{drill.pk}/").status == 404
