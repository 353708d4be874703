"""Issue 15, point 11 in the browser: a history row of an edit shows the fields changed, old → new, with Chinese
labels (simple-history's diff), not "修改 —". Fails on the code before: the row named no field."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow.models import Rectification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
SHOTS = "/tmp/uxlate_shots"


def test_an_edit_shows_the_fields_changed(new_page, login):
    donghu = get_user_model().objects.create_user(username="donghu_submitter", password=PASSWORD,
                                                  org_unit=OrgUnit.objects.get(code="360102"))
    donghu.groups.add(Group.objects.get(name="submitter"))
    rect = Rectification.objects.create(owner_org=donghu.org_unit, title="服务入口失效", description="巡检发现入口失效",
                                        due_at=timezone.now() + timedelta(days=10))

    page = new_page()
    login(page, "donghu_submitter", PASSWORD)
    page.goto(f"/rectifications/{rect.pk}/")
    page.fill("#answer-form textarea[name=response]", "已更换服务入口地址，联系电话13812345678")
    page.click("#answer-save")
    page.wait_for_selector("#history-table [data-changed-field=response]")
    row = page.inner_text("#history-table [data-changed-field=response]")
    assert row.startswith("整改情况") or "→" in row
    assert "已更换服务入口地址" in row and "13812345678" not in row  # personal numbers masked, as everywhere
    assert "—" in row.split("→")[0]  # old value: empty
    page.screenshot(path=f"{SHOTS}/history_diff.png", full_page=True)
