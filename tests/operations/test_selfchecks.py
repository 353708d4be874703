"""第十四条 self-checks: the provincial authority issues a campaign with a checklist; an org unit answers item by
item with evidence and submits; each problem opens a rectification for that unit (through the kernel), visible to
it and not to others. Matrix of the reports (org-owned); hostile input; the query counts of the lists."""

import matrix
import pytest
import querycounts
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories_operations import make_campaign, make_report
from matrix import API, PAGE, Action, ApiDetail, PageDetail, PageList, Spec
from querycounts import Pin, one_page
from rolepolicy import in_own_subtree
from testsupport import PEOPLE

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Rectification
from operations.selfchecks.models import SelfCheckAnswer, SelfCheckCampaign, SelfCheckReport

OWNERS = ("360100", "360102", "360400", "360402", "D3601")


def submits(person, owner):
    role, code = PEOPLE[person]
    return role == "submitter" and in_own_subtree(code, owner)


SPEC = Spec(
    "selfcheck_report", OWNERS,
    make=lambda c: make_report(c.owner, campaign=make_campaign(title=c.label)),
    label=lambda owner: f"MTX-selfcheck-{owner}",
    lists=(PageList("operations:selfcheck-report-list", lambda r: r.campaign.title),),
    details=(PageDetail("operations:selfcheck-report"),),
    transitions=(Action("submit", PAGE, "operations:selfcheck-report-transition", submits,
                        data=lambda c: {"action": "submit", "version": c.record.version, "comment": ""},
                        happened=lambda c: c.record.status == "submitted", state=lambda r: r.status),),
)

globals().update(matrix.tests(SPEC))
del API, ApiDetail

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%self-check evidence\n%%EOF\n"


def answers(campaign, results):
    data = {}
    for item, (result, note) in zip(campaign.items.all(), results, strict=True):
        data[f"item-{item.pk}-result"], data[f"item-{item.pk}-note"] = result, note
    return data


def test_campaign_report_and_rectifications(make_user, web, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    supervisor = make_user("province_supervisor", "supervisor", "360000")
    created = web(supervisor).post(reverse("operations:selfcheck-create"), {
        "title": "2026年第四季度运营自查", "description": "", "due_on": "2026-12-20",
        "checklist": "专人负责运营\n运营方案已备案\n\n12345工单按时办结"})
    assert created.status_code == 302
    campaign = SelfCheckCampaign.objects.get()
    assert list(campaign.items.values_list("text", flat=True)) == [
        "专人负责运营", "运营方案已备案", "12345工单按时办结"]
    submitter = make_user("nanchang_submitter", "submitter", "360100")
    client = web(submitter)
    url = reverse("operations:selfcheck-report-create", args=[campaign.pk])
    bad = client.post(url, answers(campaign, [("ok", ""), ("problem", ""), ("ok", "")]))
    assert bad.status_code == 400 and not SelfCheckReport.objects.exists()
    filled = answers(campaign, [("ok", ""), ("problem", "运营方案未按期报备"), ("problem", "3件超期")])
    saved = client.post(url, {**filled, "summary": "已完成自查", "evidence": SimpleUploadedFile("自查.pdf", PDF)})
    assert saved.status_code == 302
    report = SelfCheckReport.objects.get()
    assert (report.owner_org.code, report.status, report.answers.count()) == ("360100", "draft", 3)
    assert not Rectification.objects.exists()
    engine.perform(SelfCheckReport, report.pk, "submit", submitter, report.version)
    opened = Rectification.objects.filter(source_type=ContentType.objects.get_for_model(SelfCheckAnswer))
    assert sorted(opened.values_list("owner_org__code", "description")) == [
        ("360100", "3件超期"), ("360100", "运营方案未按期报备")]
    page = client.get(report.get_absolute_url()).content.decode()
    assert "运营方案已备案" in page and page.count("自查：") >= 2
    other = make_user("jiujiang_submitter", "submitter", "360400")
    assert web(other).get(report.get_absolute_url()).status_code == 404
    assert not Rectification.objects.visible_to(other).exists()
    client = web(submitter)  # (the test client was signed in as the other unit)
    assert client.get(url).status_code == 403  # one report per unit and campaign
    assert client.get(reverse("operations:selfcheck-report-edit", args=[report.pk])).status_code == 403  # submitted


def test_an_incomplete_report_cannot_be_submitted_and_a_stale_edit_conflicts(make_user, web):
    submitter = make_user("donghu_submitter", "submitter", "360102")
    report = make_report("360102")
    report.answers.first().delete()
    with pytest.raises(engine.GuardRefused):
        engine.perform(SelfCheckReport, report.pk, "submit", submitter, report.version)
    url = reverse("operations:selfcheck-report-edit", args=[report.pk])
    data = {**answers(report.campaign, [("ok", "")] * 3), "summary": "先改", "version": 1}
    assert web(submitter).post(url, data).status_code == 302
    assert web(submitter).post(url, {**data, "summary": "后改"}).status_code == 409
    report.refresh_from_db()
    assert (report.summary, report.answers.count()) == ("先改", 3)


def test_only_the_provincial_authority_issues_campaigns(make_user, web):
    assert web(make_user("nanchang_submitter", "submitter", "360100")).get(
        reverse("operations:selfcheck-create")).status_code == 403
    bad = web(make_user("province_supervisor", "supervisor", "360000")).post(reverse("operations:selfcheck-create"), {
        "title": "空清单", "due_on": "2026-12-20", "checklist": "  \n"})
    assert bad.status_code == 400 and "checklist" in bad.context["form"].errors


def populate(n, user):
    campaign = make_campaign()
    codes = ("360100", "360102", "360103", "360104", "360111")
    for i in range(n):
        make_report(codes[i % len(codes)], campaign=campaign if i < len(codes) else make_campaign(title=f"c{i}"))


PINS = [
    Pin("operations:selfcheck-report-list", "province_supervisor", 12, rows=one_page),
    Pin("operations:selfcheck-report-list", "nanchang_submitter", 13),
    Pin("operations:selfcheck-list", "province_supervisor", 12, rows=lambda n: min(25, n - 4)),
]
test_query_counts = querycounts.test(PINS, populate)
