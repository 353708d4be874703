"""第十五条 forced exit: one transaction that delists the partner's services, drafts an announcement, withdraws its
open filings, disables its accounts and puts the event on its timeline. With a failure injected after each step,
nothing changes at all; the page and the API refuse those who may not, and bad input in Chinese."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from factories_operations import make_partner

from ganfutong_admin.accounts.models import User
from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing, FilingEvent
from operations.partners import forced_exit
from operations.partners.models import Partner
from services.models import Service

pytestmark = pytest.mark.django_db
PAYLOAD = {"reason": "public_opinion"}


@pytest.fixture
def scene(make_user):
    partner = make_partner("PT0001", name="江西云服科技有限公司")
    other = make_partner("PT0002", name="赣州智联信息有限公司")
    unit = partner.owner_org
    for i, status in enumerate(("listed", "ready", "delisted")):
        Service.objects.create(owner_org=unit, name=f"合作方服务{i}", code=f"PT-S{i}", category="convenience",
                               status=status)
    Service.objects.create(owner_org=other.owner_org, name="他方服务", code="PT2-S0", category="convenience",
                           status="listed")
    for i, status in enumerate(("draft", "submitted", "returned", "approved")):
        Filing.objects.create(kind="new_app_exception", owner_org=unit, title=f"合作方申报{i}", status=status)
    Filing.objects.create(kind="new_app_exception", owner_org=other.owner_org, title="他方申报", status="submitted")
    make_user("partner_staff", "submitter", "PT0001")
    make_user("partner_staff2", "submitter", "PT0001")
    make_user("other_staff", "submitter", "PT0002")
    return {"partner": partner, "other": other,
            "supervisor": make_user("province_supervisor", "supervisor", "360000")}


def snapshot():
    return {
        "services": sorted(Service.objects.values_list("code", "status", "version")),
        "filings": sorted(Filing.objects.values_list("title", "status", "version")),
        "filing events": FilingEvent.objects.count(),
        "announcements": Announcement.objects.count(),
        "accounts": sorted(User.objects.values_list("username", "is_active")),
        "partners": sorted(Partner.objects.values_list("name", "status", "version", "exit_reason")),
        "partner events": sorted(Partner.objects.values_list("name", "events__action")),
    }


def force(scene, comment="其运营的服务引发重大舆情事件"):
    partner = scene["partner"]
    return engine.perform(Partner, partner.pk, "force_exit", scene["supervisor"], partner.version, comment,
                          payload=PAYLOAD)


def test_forced_exit_does_everything_at_once(scene):
    untouched = {k: v for k, v in snapshot().items()}
    done = force(scene)
    assert (done.status, done.exit_reason) == ("forced_out", "public_opinion")
    services = dict(Service.objects.values_list("code", "status"))
    assert services == {"PT-S0": "delisted", "PT-S1": "delisted", "PT-S2": "delisted", "PT2-S0": "listed"}
    filings = dict(Filing.objects.values_list("title", "status"))
    assert filings == {"合作方申报0": "withdrawn", "合作方申报1": "withdrawn", "合作方申报2": "withdrawn",
                       "合作方申报3": "approved", "他方申报": "submitted"}
    assert FilingEvent.objects.filter(action="withdraw_by_authority").count() == 3
    accounts = dict(User.objects.values_list("username", "is_active"))
    assert accounts["partner_staff"] is False and accounts["partner_staff2"] is False
    assert accounts["other_staff"] is True and accounts["province_supervisor"] is True
    announcement = Announcement.objects.get(source_type=ContentType.objects.get_for_model(Partner),
                                            source_id=done.pk)
    assert announcement.status == "draft" and "江西云服科技有限公司" in announcement.title
    event = done.events.get(action="force_exit")
    assert event.comment == "其运营的服务引发重大舆情事件"
    assert "2" in event.detail and "3" in event.detail  # services delisted, filings withdrawn, accounts disabled
    assert untouched["partners"] != snapshot()["partners"]
    # the other partner is untouched
    scene["other"].refresh_from_db()
    assert scene["other"].status == "active"


@pytest.mark.parametrize("failing", forced_exit.STEPS)
def test_a_failure_at_any_step_changes_nothing(scene, monkeypatch, failing):
    before = snapshot()
    real = getattr(forced_exit, failing)

    def then_fail(step):
        real(step)  # the step's own writes happen, then the failure
        raise RuntimeError(f"injected failure after {failing}")

    monkeypatch.setattr(forced_exit, failing, then_fail)
    with pytest.raises(RuntimeError, match=failing):
        force(scene)
    assert snapshot() == before


def test_a_failure_when_the_timeline_row_is_written_changes_nothing(scene, monkeypatch):
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("injected failure at the timeline")

    monkeypatch.setattr(Partner, "record_event", fail)
    with pytest.raises(RuntimeError):
        force(scene)
    assert snapshot() == before


def test_page_and_api_refuse_others_and_bad_input(scene, make_user, web, api):
    partner = scene["partner"]
    reviewer = make_user("province_reviewer", "reviewer", "360000")
    before = snapshot()
    url = f"/api/v1/operations/partners/{partner.pk}/transitions/"
    assert api(reviewer).post(url, {"action": "force_exit", "version": 1, "comment": "x", **PAYLOAD},
                              format="json").status_code == 403
    missing = api(scene["supervisor"]).post(url, {"action": "force_exit", "version": 1, "comment": "舆情"},
                                            format="json")
    assert missing.status_code == 400 and "退出原因" in missing.json()["reason"][0]
    no_comment = api(scene["supervisor"]).post(url, {"action": "force_exit", "version": 1, **PAYLOAD},
                                               format="json")
    assert no_comment.status_code == 400
    stale = api(scene["supervisor"]).post(url, {"action": "force_exit", "version": 7, "comment": "舆情", **PAYLOAD},
                                          format="json")
    assert stale.status_code == 409
    partner_staff = User.objects.get(username="other_staff")
    assert api(partner_staff).post(url, {"action": "force_exit", "version": 1, "comment": "x", **PAYLOAD},
                                   format="json").status_code == 404
    assert snapshot() == before
    page = web(scene["supervisor"]).get(partner.get_absolute_url())
    assert page.context["can_force_exit"] and 'id="forced-exit-form"' in page.content.decode()
    response = web(scene["supervisor"]).post(reverse("operations:partner-transition", args=[partner.pk]), {
        "action": "force_exit", "version": 1, "comment": "影响平台正常运行", "reason": "platform_operation"})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.status, partner.exit_reason) == ("forced_out", "platform_operation")


def test_a_disabled_partner_account_cannot_sign_in(scene, api):
    from factories import PASSWORD

    token = "/api/v1/auth/token/"
    issued = api(None).post(token, {"username": "partner_staff", "password": PASSWORD})
    assert issued.status_code == 201
    bearer = api(None)
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.json()['token']}")
    assert bearer.get("/api/v1/operations/partners/").status_code == 200
    force(scene)
    assert api(None).post(token, {"username": "partner_staff", "password": PASSWORD}).status_code in (400, 401)
    assert bearer.get("/api/v1/operations/partners/").status_code in (401, 403)
    assert api(None).post(token, {"username": "other_staff", "password": PASSWORD}).status_code == 201
