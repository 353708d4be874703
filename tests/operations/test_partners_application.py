"""第十五条 written application: a partner's staff apply (a filing of the kind partner_application with the
agreement attached), submit it, and its approval approves the register entry; a rejected or returned one does not.
Outsiders cannot apply; the details show on the filing page; a stale edit is a conflict."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories_operations import partner_org

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from operations.partners.models import Partner

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%test agreement\n%%EOF\n"


def form(**extra):
    return {"name": "江西云服科技有限公司", "credit_code": "91360100MA35XXXX0X", "services_offered": "社保查询便民服务",
            "contacts": "李经理 0791-88886666", "commitments": "遵守平台规范",
            "agreement": SimpleUploadedFile("协议.pdf", PDF, content_type="application/pdf"), **extra}


@pytest.fixture
def staff(make_user):
    partner_org("PT0001")
    return make_user("partner_staff", "submitter", "PT0001")


def apply(web, staff, **extra):
    response = web(staff).post(reverse("operations:partner-apply"), form(**extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Filing.objects.get(kind="partner_application")


def test_apply_submit_approve(staff, web, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    filing = apply(web, staff)
    partner = Partner.objects.get()
    assert (filing.status, filing.owner_org.code, partner.status) == ("draft", "PT0001", "applied")
    assert filing.partner_application.partner == partner and partner.agreement.name.endswith(".pdf")
    page = web(staff).get(reverse("workflow:filing-detail", args=[filing.pk])).content.decode()
    assert 'id="partner-application-details"' in page and "社保查询便民服务" in page
    filing = engine.perform(Filing, filing.pk, "submit", staff, filing.version)
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    engine.perform(Filing, filing.pk, "approve", reviewer, filing.version, "同意")
    partner.refresh_from_db()
    assert partner.status == "approved" and partner.approved_at is not None
    assert partner.events.get().action == "approve"
    # registered: no second application
    assert web(staff).get(reverse("operations:partner-apply")).status_code == 403


def test_a_rejected_application_approves_nothing(staff, web, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    filing = apply(web, staff)
    filing = engine.perform(Filing, filing.pk, "submit", staff, filing.version)
    engine.perform(Filing, filing.pk, "reject", make_user("province_reviewer", "reviewer", "360000"),
                   filing.version, "资质不符")
    assert Partner.objects.get().status == "applied"


def test_bad_input_and_outsiders(staff, web, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad = web(staff).post(reverse("operations:partner-apply"), {**form(name="", agreement=""), "agreement": ""})
    assert bad.status_code == 400
    errors = bad.context["form"].errors
    assert {"name", "agreement"} <= set(errors) and "合作协议" in errors["agreement"][0]
    fake = web(staff).post(reverse("operations:partner-apply"), form(
        agreement=SimpleUploadedFile("协议.pdf", b"not a pdf", content_type="application/pdf")))
    assert fake.status_code == 400 and "agreement" in fake.context["form"].errors
    assert not Partner.objects.exists() and not Filing.objects.exists()
    city = make_user("nanchang_submitter", "submitter", "360100")
    assert web(city).get(reverse("operations:partner-apply")).status_code == 403
    assert web(city).post(reverse("operations:partner-apply"), form()).status_code == 403


def test_edit_of_a_returned_application_and_a_stale_one(staff, web, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    filing = apply(web, staff)
    filing = engine.perform(Filing, filing.pk, "submit", staff, filing.version)
    filing = engine.perform(Filing, filing.pk, "return", make_user("province_reviewer", "reviewer", "360000"),
                            filing.version, "请补充数据安全承诺")
    url = reverse("operations:partner-apply-edit", args=[filing.pk])
    data = {**form(commitments="遵守平台规范；签署数据安全承诺书"), "version": filing.version}
    del data["agreement"]  # the stored agreement is kept
    assert web(staff).post(url, data).status_code == 302
    partner = Partner.objects.get()
    assert "数据安全承诺书" in partner.commitments and partner.agreement
    stale = web(staff).post(url, {**data, "commitments": "旧版本"})
    assert stale.status_code == 409
    partner.refresh_from_db()
    assert "旧版本" not in partner.commitments
    other = make_user("other_staff", "submitter", partner_org("PT0002").code)
    assert web(other).get(url).status_code == 404
