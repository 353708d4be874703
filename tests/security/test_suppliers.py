"""第二十一条 suppliers and personnel: the expiry lists are right at their boundaries (expires today and tomorrow and
in 30 days: expiring; in 31: not yet; yesterday: expired), personnel of a supplier whose agreement expired are
flagged, the supervision rules name what expired, input errors are in Chinese, and the demo is seeded once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from factories import org
from factories_security import person, supplier

from ganfutong_admin.core import chapters
from security.suppliers.models import Supplier, SupplierPerson

pytestmark = pytest.mark.django_db


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


BOUNDARIES = {"yesterday": -1, "today": 0, "tomorrow": 1, "in 30": 30, "in 31": 31}


def test_expiry_lists_at_the_boundaries(donghu, web):
    suppliers = {label: supplier("360102", name=f"协议{label}", nda_in_days=days) for label, days in BOUNDARIES.items()}
    holder = supplier("360102", name="人员所属供应商", nda_in_days=365)
    people = {label: person(holder, name=f"人员{label}", check_in_days=days) for label, days in BOUNDARIES.items()}
    page = web(donghu).get(reverse("security:supplier-expiry"))
    assert page.status_code == 200
    ctx = page.context
    assert {s.name for s in ctx["nda_expiring"]} == {"协议today", "协议tomorrow", "协议in 30"}
    assert {s.name for s in ctx["nda_expired"]} == {"协议yesterday"}
    assert {p.name for p in ctx["checks_expiring"]} == {"人员today", "人员tomorrow", "人员in 30"}
    assert {p.name for p in ctx["checks_expired"]} == {"人员yesterday"}
    # the same on the model, for any day: tomorrow, "today" has expired and "in 31" is within the window
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert set(Supplier.objects.nda_expired(tomorrow)) == {suppliers["yesterday"], suppliers["today"]}
    assert suppliers["in 31"] in Supplier.objects.nda_expiring(tomorrow)
    assert set(SupplierPerson.objects.check_expired(tomorrow)) == {people["yesterday"], people["today"]}
    assert [s.nda_state for s in suppliers.values()] == ["expired", "expiring", "expiring", "expiring", "valid"]


def test_personnel_of_a_supplier_whose_agreement_expired_are_flagged(donghu, web):
    lapsed = supplier("360102", name="协议已过期的供应商", nda_in_days=-1)
    valid = supplier("360102", name="协议有效的供应商", nda_in_days=10)
    flagged, fine = person(lapsed, name="被标记的人员"), person(valid, name="正常人员")
    page = web(donghu).get(reverse("security:supplier-expiry"))
    assert [p.name for p in page.context["flagged"]] == ["被标记的人员"]
    detail = web(donghu).get(reverse("security:supplier-detail", args=[lapsed.pk]))
    assert f'data-person="{flagged.pk}" data-flagged="1"' in detail.content.decode()
    other = web(donghu).get(reverse("security:supplier-detail", args=[valid.pk])).content.decode()
    assert f'data-person="{fine.pk}">' in other and "data-flagged" not in other


def test_the_expiry_lists_are_scoped(make_user, web):
    supplier("360400", name="九江的过期协议", nda_in_days=-3)
    supplier("OP3601", name="运营机构的过期协议", nda_in_days=-3)
    county = web(make_user("donghu_submitter", "submitter", "360102")).get(reverse("security:supplier-expiry"))
    assert county.context["nda_expired"] == []
    operator = web(make_user("operator_publisher", "publisher", "OP3601")).get(reverse("security:supplier-expiry"))
    assert [s.name for s in operator.context["nda_expired"]] == ["运营机构的过期协议"]
    city = web(make_user("jiujiang_submitter", "submitter", "360400")).get(reverse("security:supplier-expiry"))
    assert [s.name for s in city.context["nda_expired"]] == ["九江的过期协议"]


def test_the_supervision_rules_name_what_expired():
    lapsed = supplier("360102", nda_in_days=-2)
    supplier("360102", nda_in_days=0)  # expires today: not yet a breach
    holder = supplier("360400", nda_in_days=100)
    expired = person(holder, check_in_days=-1)
    person(holder, check_in_days=-5, core=False)  # no access to core data: not the rule's
    person(holder, check_in_days=0)
    rules = {r.code: r for r in chapters.supervision_rules()}
    ndas = list(rules["security.nda_expired"].query(timezone.now()).values("pk", "owner_org_id", "breach_started_at"))
    assert [(row["pk"], row["owner_org_id"]) for row in ndas] == [(lapsed.pk, org("360102").pk)]
    checks = list(rules["security.background_check_expired"].query(timezone.now())
                  .values("pk", "owner_org_id", "breach_started_at"))
    assert [(row["pk"], row["owner_org_id"]) for row in checks] == [(expired.pk, org("360400").pk)]
    assert checks[0]["breach_started_at"] is not None


def test_bad_input_is_400_in_chinese(donghu, web):
    today = timezone.localdate()
    response = web(donghu).post(reverse("security:supplier-create"), {
        "owner_org": org("360102").pk, "name": "倒签的供应商", "nda_signed_on": today.isoformat(),
        "nda_expires_on": (today - timedelta(days=1)).isoformat()})
    assert response.status_code == 400 and "不能早于签订" in response.content.decode()
    assert not Supplier.objects.exists()
    made = supplier("360102")
    response = web(donghu).post(reverse("security:supplier-person-add", args=[made.pk]),
                                {"name": "未填日期", "check_result": "passed", "core_data_access": "on"})
    assert response.status_code == 400 and "背景审查" in response.content.decode()
    assert not made.people.exists()


def test_adding_a_person_to_another_citys_supplier_is_404(make_user, web):
    theirs = supplier("360400")
    response = web(make_user("donghu_submitter", "submitter", "360102")).post(
        reverse("security:supplier-person-add", args=[theirs.pk]), {"name": "越权", "check_result": "pending"})
    assert response.status_code == 404 and not theirs.people.exists()


def test_demo_suppliers_once():
    call_command("seed_demo", verbosity=0)
    assert Supplier.objects.nda_expired().count() == 1 and Supplier.objects.nda_expiring().count() == 1
    assert SupplierPerson.objects.check_expired().count() == 1 and SupplierPerson.objects.check_expiring().count() == 1
    counts = (Supplier.objects.count(), SupplierPerson.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Supplier.objects.count(), SupplierPerson.objects.count()) == counts
