"""Who sees and does what in the evaluation (第二十五条), person × owner, expectations from docs/roles.md
(tests/rolepolicy.py) and the "may" column of the supervisor and the auditor:
- every reading role sees the periods (the evaluation is announced to every org unit); the system roles do not;
- score sheets follow the supervision scope: a county, a department and the operator their own, a city its own
  and its counties', the provincial authority and auditors all (out of scope: 404, not listed, not exported);
- only supervisors finalize (engine: 403 to others who see it) and score manual items; only holders of
  export_scores (auditors) export; the auditor changes nothing.
"""

from decimal import Decimal as D

import pytest
import rolepolicy
from django.urls import reverse
from factories import org
from factories_evaluation import manual, period, small_tree
from rolepolicy import READING_ROLES
from testsupport import PEOPLE

from ganfutong_admin.workflow import engine
from supervision.evaluation.models import ManualScore, ScoreSheet

pytestmark = pytest.mark.django_db
PERSONS = {**PEOPLE, "nanchang_admin": ("org_admin", "360100")}
OWNERS = ("360100", "360102", "360400", "360402", "D3601")
SCOPE = rolepolicy.POLICY.scope_of_kind(("supervision",))


def sees(person, owner):
    role, code = PERSONS[person]
    if role not in READING_ROLES:
        return False
    return role in rolepolicy.ROLES_SEEING_ALL or rolepolicy.within(SCOPE[rolepolicy.KIND[code]], code, owner)


def reads(person):
    return PERSONS[person][0] in READING_ROLES


@pytest.fixture
def person(make_user):
    def make(name):
        role, code = PERSONS[name]
        return make_user(name, role, code)

    return make


@pytest.fixture
def final(make_user):
    p = period()
    ind = small_tree(p)
    manual(p, ind["manual"], "360102", 7)
    supervisor = make_user("final_sup", "supervisor", "360000")
    engine.perform(type(p), p.pk, "finalize", supervisor, p.version, "")
    p.refresh_from_db()
    return p


@pytest.mark.parametrize("name", list(PERSONS))
def test_score_lists_and_pages(final, person, api, web, name):
    user = person(name)
    response = api(user).get("/api/v1/supervision/scores/", {"period": final.pk, "page_size": 200})
    page = web(user).get(reverse("supervision:evaluation-detail", args=[final.pk]))
    if not reads(name):
        assert (response.status_code, page.status_code) == (403, 404)
        return
    assert response.status_code == 200 and page.status_code == 200
    listed = {row["owner_org"] for row in response.json()["results"]}
    shown = {row.owner_org.code for row in page.context["rows"]}
    for owner in OWNERS:
        assert (owner in listed) == sees(name, owner), owner
        assert (owner in shown) == sees(name, owner), owner
    if not rolepolicy.ROLES_SEEING_ALL & {PERSONS[name][0]} and PERSONS[name][1] != "360000":
        assert response.json()["count"] == len(listed)


@pytest.mark.parametrize("owner", OWNERS)
@pytest.mark.parametrize("name", list(PERSONS))
def test_score_sheet_detail(final, person, api, web, name, owner):
    sheet = ScoreSheet.objects.get(period=final, owner_org__code=owner)
    user = person(name)
    expected = 200 if sees(name, owner) else 404
    assert web(user).get(reverse("supervision:score-detail", args=[sheet.pk])).status_code == expected
    detail = api(user).get(f"/api/v1/supervision/scores/{sheet.pk}/")
    assert detail.status_code == expected
    if expected == 200:
        assert detail.json()["total"] == str(sheet.total)


@pytest.mark.parametrize("name", list(PERSONS))
def test_only_supervisors_finalize(person, api, name):
    p = period()
    small_tree(p)
    user = person(name)
    response = api(user).post(f"/api/v1/supervision/evaluation-periods/{p.pk}/transitions/",
                              {"action": "finalize", "version": p.version}, format="json")
    p.refresh_from_db()
    if PERSONS[name][0] == "supervisor":
        assert response.status_code == 200 and p.status == "finalized"
        assert ScoreSheet.objects.filter(period=p).count() > 100
    else:
        assert response.status_code == (403 if reads(name) else 404)
        assert p.status == "draft" and not ScoreSheet.objects.filter(period=p).exists()


@pytest.mark.parametrize("name", list(PERSONS))
def test_only_supervisors_score_manual_items(person, web, name):
    p = period()
    ind = small_tree(p)
    user = person(name)
    response = web(user).post(reverse("supervision:evaluation-manual", args=[p.pk]), {
        "indicator": ind["manual"].pk, "owner_org": org("360102").pk, "value": "6", "reason": "资料齐全"})
    if PERSONS[name][0] == "supervisor":
        assert response.status_code == 302
        assert ManualScore.objects.get().value == D("6")
    else:
        assert response.status_code in (403, 404)
        assert not ManualScore.objects.exists()


def test_manual_score_bad_input_conflicts_and_frozen_period(make_user, web):
    p = period()
    ind = small_tree(p)
    client = web(make_user("sup", "supervisor", "360000"))
    url = reverse("supervision:evaluation-manual", args=[p.pk])
    bad = client.post(url, {"indicator": ind["manual"].pk, "owner_org": org("360102").pk, "value": "11",
                            "reason": ""})
    assert bad.status_code == 400
    assert bad.context["form"].errors["value"] == ["最多10.00分。"]
    assert "请说明评分理由。" in bad.context["form"].errors["reason"]
    assert client.post(url, {"indicator": ind["manual"].pk, "owner_org": org("360102").pk, "value": "6",
                             "reason": "资料齐全"}).status_code == 302
    score = ManualScore.objects.get()
    stale = client.post(url, {"indicator": ind["manual"].pk, "owner_org": org("360102").pk, "value": "7",
                              "reason": "复核", "version": score.version + 1})
    assert stale.status_code == 409
    edited = client.post(url, {"indicator": ind["manual"].pk, "owner_org": org("360102").pk, "value": "7",
                               "reason": "复核后调整", "version": score.version})
    assert edited.status_code == 302
    score.refresh_from_db()
    assert (score.value, score.reason, score.version) == (D("7"), "复核后调整", 2)
    engine.perform(type(p), p.pk, "finalize", make_user("sup2", "supervisor", "360000"), p.version, "")
    frozen = client.post(url, {"indicator": ind["manual"].pk, "owner_org": org("360102").pk, "value": "1",
                               "reason": "定稿后修改", "version": score.version})
    assert frozen.status_code == 409
    score.refresh_from_db()
    assert score.value == D("7")


def test_a_county_sees_its_own_score_rank_and_evidence(final, person, web):
    client = web(person("donghu_submitter"))
    page = client.get(reverse("supervision:evaluation-detail", args=[final.pk]))
    assert [r.owner_org.code for r in page.context["rows"]] == ["360102"]
    sheet = page.context["rows"][0]
    detail = client.get(reverse("supervision:score-detail", args=[sheet.pk]))
    html = detail.content.decode()
    assert f'id="sheet-total">{sheet.total}<' in html and f'id="sheet-rank">{sheet.rank_overall}<' in html
    assert "资料报送质量" in html and "抽查资料齐全" in html


def test_period_list_and_new_period(person, web, api):
    sup = web(person("province_supervisor"))
    response = sup.post(reverse("supervision:evaluation-create"), {"name": "2026年度", "kind": "year",
                                                                   "start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 302
    from supervision.evaluation.models import EvaluationPeriod

    year = EvaluationPeriod.objects.get(kind="year")
    assert year.dimensions.count() == 5 and year.indicators.count() == 21
    again = sup.post(reverse("supervision:evaluation-create"), {"name": "重复", "kind": "year", "start": "2026-01-01",
                                                                "end": "2026-12-31"})
    assert again.status_code == 400 and again.context["form"].errors  # one evaluation per kind and start
    assert EvaluationPeriod.objects.filter(kind="year").count() == 1
    backwards = sup.post(reverse("supervision:evaluation-create"), {"name": "倒置", "kind": "quarter",
                                                                    "start": "2026-04-01", "end": "2026-03-01"})
    assert backwards.status_code == 400 and backwards.context["form"].errors["end"] == ["考核期结束早于开始。"]
    assert web(person("donghu_submitter")).get(reverse("supervision:evaluation-create")).status_code == 403
    listed = api(person("donghu_submitter")).get("/api/v1/supervision/evaluation-periods/").json()
    assert [r["name"] for r in listed["results"]] == ["2026年度"]
    detail = api(person("auditor")).get(f"/api/v1/supervision/evaluation-periods/{year.pk}/").json()
    assert sum(D(d["weight"]) for d in detail["dimensions"]) == D("100")


def test_supervisors_adjust_the_tree_of_a_draft_period_only(person, web):
    p = period()
    small_tree(p)
    dims = list(p.dimensions.order_by("order"))
    inds = list(p.indicators.order_by("order"))

    def data(weights, points):
        body = {"dim-TOTAL_FORMS": str(len(dims)), "dim-INITIAL_FORMS": str(len(dims)),
                "ind-TOTAL_FORMS": str(len(inds)), "ind-INITIAL_FORMS": str(len(inds))}
        for i, (d, w) in enumerate(zip(dims, weights, strict=True)):
            body.update({f"dim-{i}-id": d.pk, f"dim-{i}-weight": w})
        for i, (ind, pts) in enumerate(zip(inds, points, strict=True)):
            body.update({f"ind-{i}-id": ind.pk, f"ind-{i}-points": pts, f"ind-{i}-cap": ind.cap or ""})
        return body

    url = reverse("supervision:evaluation-tree", args=[p.pk])
    assert web(person("donghu_submitter")).post(url, data(["50", "50"], ["40"] * 7)).status_code == 403
    sup = web(person("province_supervisor"))
    assert sup.get(url).status_code == 200
    unbalanced = sup.post(url, data(["50", "40"], ["30", "20", "30", "10", "2", "1", "1"]), follow=True)
    assert "各维度权重合计为90.00，不等于100。" in unbalanced.content.decode()
    balanced = sup.post(url, data(["50", "50"], ["30", "20", "40", "10", "2", "1", "1"]))
    assert balanced.status_code == 302
    assert [d.weight for d in p.dimensions.order_by("order")] == [D("50"), D("50")]
    from supervision.evaluation.scoring import tree_problems

    assert tree_problems(p) == []
    assert sup.post(url, data(["50", "x"], ["30"] * 7)).status_code == 400
    p.status = "finalized"
    p.save()
    frozen = sup.post(url, data(["60", "40"], ["30", "20", "30", "10", "2", "1", "1"]))
    assert frozen.status_code == 409
    assert [d.weight for d in p.dimensions.order_by("order")] == [D("50"), D("50")]
