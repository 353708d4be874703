"""Random spot checks (第二十四条): the draw is reproducible from its seed and frozen frame (same seed + same frame
= same sample; another seed another), sizes, rates and strata; a failed checklist item opens a rectification for
the service's owner; who may draw, check and see (docs/roles.md)."""

import pytest
from django.urls import reverse
from factories import org
from factories_supervision import service

from ganfutong_admin.workflow.models import Rectification
from services.models import Service
from supervision.spotchecks.actions import CampaignError, build_frame, draw_campaign, record_check
from supervision.spotchecks.draw import allocation, draw
from supervision.spotchecks.models import SpotCheckCampaign, SpotCheckItem

pytestmark = pytest.mark.django_db
FRAME = [(pk, "A" if pk % 3 else "B") for pk in range(1, 61)]
CHECKLIST = ["办事指南要素齐全", "在线申报可用", "办结时限符合承诺"]


def test_same_seed_same_sample_another_seed_another():
    first = draw(FRAME, "2026Q4-a", size=10)
    assert first == draw(list(reversed(FRAME)), "2026Q4-a", size=10) and len(first) == 10
    assert draw(FRAME, "2026Q4-b", size=10) != first
    # Literal: the sample is a pure function of frame and seed (Python's Mersenne Twister, string seed).
    assert draw([(i, "") for i in range(1, 11)], "seed-1", size=3) == draw([(i, "") for i in range(1, 11)],
                                                                            "seed-1", size=3)


def test_strata_get_their_share():
    assert allocation({"A": 40, "B": 20}, size=9) == {"A": 6, "B": 3}
    assert allocation({"A": 40, "B": 20}, rate="0.1") == {"A": 4, "B": 2}
    sample = draw(FRAME, "s", size=9)
    assert sum(1 for pk in sample if pk % 3 == 0) == 3
    assert len(draw(FRAME, "s", rate="0.25")) == 10 + 5
    assert draw(FRAME, "s", size=500) == sorted(pk for pk, _ in FRAME)


@pytest.fixture
def listed():
    return [service(code) for code in ("360100", "360102", "360102", "360400", "360402", "D3601")]


def campaign(**kwargs):
    defaults = {"name": "2026年第四季度随机抽查", "seed": "fixed-seed", "sample_size": 3, "checklist": CHECKLIST,
                "owner_org": org("360000")}
    return SpotCheckCampaign.objects.create(**{**defaults, **kwargs})


def test_drawing_freezes_the_frame_and_can_be_reproduced(listed, make_user):
    supervisor = make_user("sup", "supervisor", "360000")
    c = campaign(strata="city")
    c, sample = draw_campaign(c.pk, supervisor)
    assert c.status == "running" and len(sample) == 3
    assert set(SpotCheckItem.objects.filter(campaign=c).values_list("service_id", flat=True)) == set(sample)
    # Later listings do not change the frame; the recorded frame and seed reproduce the sample.
    service("360402")
    assert draw([tuple(row) for row in c.frame], c.seed, c.sample_size) == sample
    assert len(c.frame) == Service.objects.filter(status="listed").count() - 1
    with pytest.raises(CampaignError):
        draw_campaign(c.pk, supervisor)
    again = campaign(name="复核", strata="city")
    assert draw_campaign(again.pk, supervisor)[1] != sample or len(build_frame("city")) > len(c.frame)


def test_frame_strata(listed):
    by_city = dict((pk, s) for pk, s in build_frame("city"))
    assert by_city[listed[1].pk] == "360100" and by_city[listed[4].pk] == "360400"
    assert by_city[listed[5].pk] == "provincial"
    by_kind = dict((pk, s) for pk, s in build_frame("org_kind"))
    assert by_kind[listed[1].pk] == "county_authority"


def test_a_failed_item_opens_a_rectification_for_the_owner(listed, make_user):
    supervisor = make_user("sup", "supervisor", "360000")
    c, _sample = draw_campaign(campaign(sample_size=6).pk, supervisor)
    item = SpotCheckItem.objects.get(campaign=c, service=listed[1])
    checked = record_check(item, supervisor, {CHECKLIST[0]: True, CHECKLIST[1]: False, CHECKLIST[2]: True}, "无法提交")
    rect = Rectification.objects.get()
    assert (checked.rectification, rect.owner_org.code, rect.source) == (rect, "360102", checked)
    assert "在线申报可用" in rect.description
    passed = record_check(SpotCheckItem.objects.get(campaign=c, service=listed[0]), supervisor,
                          dict.fromkeys(CHECKLIST, True))
    assert passed.rectification is None and Rectification.objects.count() == 1
    with pytest.raises(CampaignError):
        record_check(item, supervisor, dict.fromkeys(CHECKLIST, True))
    with pytest.raises(CampaignError):
        record_check(SpotCheckItem.objects.get(campaign=c, service=listed[2]), supervisor, {"别的": True})


def test_pages_who_draws_checks_and_sees(listed, make_user, web):
    sup_user, county_user = make_user("sup", "supervisor", "360000"), make_user("dh", "submitter", "360102")

    def sup_client():
        return web(sup_user)

    def county_client():
        return web(county_user)

    sup = sup_client()
    created = sup.post(reverse("supervision:spotcheck-create"), {
        "name": "抽查", "seed": "", "sample_size": "6", "strata": "", "checklist_text": "\n".join(CHECKLIST)})
    assert created.status_code == 302
    c = SpotCheckCampaign.objects.get()
    assert len(c.seed) == 16 and c.checklist == CHECKLIST
    bad = sup.post(reverse("supervision:spotcheck-create"), {"name": "x", "sample_size": "3", "sample_rate": "0.1",
                                                             "checklist_text": ""})
    assert bad.status_code == 400
    assert bad.context["form"].errors["sample_size"] == ["请填写抽样数量或抽样比例，二者选一。"]
    assert bad.context["form"].errors["checklist_text"] == ["请至少填写一项检查内容。"]
    assert county_client().post(reverse("supervision:spotcheck-draw", args=[c.pk])).status_code == 404
    assert sup_client().post(reverse("supervision:spotcheck-draw", args=[c.pk])).status_code == 302
    assert web(make_user("aud", "auditor", "360000")).post(
        reverse("supervision:spotcheck-draw", args=[c.pk])).status_code == 403
    item = SpotCheckItem.objects.get(campaign=c, service=listed[1])
    other = SpotCheckItem.objects.get(campaign=c, service=listed[3])
    # The owner sees its own sampled service (read only), not the others, nor the campaign.
    county = county_client()
    own = county.get(reverse("supervision:spotcheck-item", args=[item.pk]))
    assert own.status_code == 200 and 'id="check-form"' not in own.content.decode()
    assert county.get(reverse("supervision:spotcheck-item", args=[other.pk])).status_code == 404
    assert county.get(reverse("supervision:spotcheck-detail", args=[c.pk])).status_code == 404
    listing = county.get(reverse("supervision:spotcheck-items"))
    assert [i.pk for i in listing.context["object_list"]] == [i.pk for i in SpotCheckItem.objects.filter(
        owner_org__code="360102").order_by("-created_at", "-pk")]
    assert county.post(reverse("supervision:spotcheck-item", args=[item.pk]), {"item_0": "on"}).status_code == 403
    sup = sup_client()
    done = sup.post(reverse("supervision:spotcheck-item", args=[item.pk]), {"item_0": "on", "item_2": "on",
                                                                          "note": "在线申报页面报错"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.results == {CHECKLIST[0]: True, CHECKLIST[1]: False, CHECKLIST[2]: True}
    assert item.rectification.owner_org.code == "360102"
    twice = sup.post(reverse("supervision:spotcheck-item", args=[item.pk]), {"item_0": "on"})
    assert twice.status_code == 409


def test_demo_campaign_is_running_and_idempotent():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    c = SpotCheckCampaign.objects.get()
    assert c.status == "running" and c.items.exists()
    assert c.items.filter(rectification__isnull=False).count() == 1
    before = sorted(c.items.values_list("service_id", "checked_at"))
    call_command("seed_demo", verbosity=0)
    assert SpotCheckCampaign.objects.count() == 1
    assert sorted(c.items.values_list("service_id", "checked_at")) == before
    assert draw([tuple(r) for r in c.frame], c.seed, rate=c.sample_rate) == sorted(s for s, _ in before)


def test_the_api_draws_checks_and_scopes(listed, make_user, api):
    sup = api(make_user("sup", "supervisor", "360000"))
    county = api(make_user("dh", "submitter", "360102"))
    c = campaign(sample_size=6)
    assert county.post(f"/api/v1/supervision/spot-checks/{c.pk}/draw/").status_code == 404
    drawn = sup.post(f"/api/v1/supervision/spot-checks/{c.pk}/draw/")
    assert drawn.status_code == 200 and drawn.json()["status"] == "running" and len(drawn.json()["frame"]) == 6
    assert sup.post(f"/api/v1/supervision/spot-checks/{c.pk}/draw/").status_code == 409
    own = county.get("/api/v1/supervision/spot-check-items/").json()
    assert {row["owner_org"] for row in own["results"]} == {"360102"} and own["count"] == 2
    item = SpotCheckItem.objects.filter(owner_org__code="360102").first()
    url = f"/api/v1/supervision/spot-check-items/{item.pk}/check/"
    assert county.post(url, {"results": dict.fromkeys(CHECKLIST, True)}, format="json").status_code == 403
    bad = sup.post(url, {"results": {"别的": True}}, format="json")
    assert bad.status_code == 400 and "results" in bad.json()
    done = sup.post(url, {"results": {**dict.fromkeys(CHECKLIST, True), CHECKLIST[0]: False}, "note": "缺要素"},
                    format="json")
    assert done.status_code == 200 and done.json()["rectification"] is not None
    assert sup.post(url, {"results": dict.fromkeys(CHECKLIST, True)}, format="json").status_code == 409
