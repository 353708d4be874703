"""第二十五条 in the browser: the auditor finds last quarter's evaluation from the menu (监督考核 → 考核评估) and
downloads it as Excel (it opens, with the scores of the page); 东湖区 sees its own score and rank only.

(Here beside the other journeys, to share their one Playwright session.)"""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from openpyxl import load_workbook
from playwright.sync_api import expect

from ganfutong_admin.orgs.models import OrgUnit
from ganfutong_admin.workflow import engine
from supervision.evaluation.models import EvaluationPeriod, ScoreSheet
from supervision.evaluation.scoring import copy_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"


def make_user(username, org_code, role):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                org_unit=OrgUnit.objects.get(code=org_code))
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def finalized():
    supervisor = make_user("eval_sup", "360000", "supervisor")
    period = EvaluationPeriod.objects.create(name="2026年第三季度", kind="quarter", start=date(2026, 7, 1),
                                             end=date(2026, 9, 30), owner_org=OrgUnit.objects.get(code="360000"))
    copy_tree(period)
    engine.perform(EvaluationPeriod, period.pk, "finalize", supervisor, period.version, "")
    return period


def test_auditor_downloads_and_a_county_sees_only_its_own(finalized, new_page, login):
    make_user("eval_auditor", "360000", "auditor")
    make_user("eval_donghu", "360102", "submitter")

    page = new_page()
    login(page, "eval_auditor", PASSWORD)
    page.locator("a.dropdown-toggle", has_text="监督考核").click()
    page.locator("a.dropdown-item", has_text="考核评估").click()
    page.locator("#period-table a", has_text="2026年第三季度").click()
    # The click only starts the navigation: wait for the table (count() does not retry).
    expect(page.locator("#ranking-table tbody tr")).to_have_count(ScoreSheet.objects.filter(period=finalized).count())
    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    download = download_info.value
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    summary = list(book["汇总"].iter_rows(min_row=2, values_only=True))
    assert len(summary) == ScoreSheet.objects.filter(period=finalized).count()
    first = page.locator("#ranking-table tbody tr").first
    assert first.locator("[data-col=total]").inner_text() == f"{summary[0][4]:.2f}"

    county = new_page()
    login(county, "eval_donghu", PASSWORD)
    county.locator("a.dropdown-toggle", has_text="监督考核").click()
    county.locator("a.dropdown-item", has_text="考核评估").click()
    county.locator("#period-table a", has_text="2026年第三季度").click()
    rows = county.locator("#ranking-table tbody tr")
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-org") == "360102"
    assert county.locator("#export-xlsx").count() == 0
    rows.first.locator("a").click()
    own = ScoreSheet.objects.get(period=finalized, owner_org__code="360102")
    assert county.locator("#sheet-total").inner_text() == str(own.total)
    assert county.locator("#sheet-rank").inner_text() == str(own.rank_overall)
