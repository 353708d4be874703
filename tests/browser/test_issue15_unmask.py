"""Issue 15, point 11 in the browser: unmasking shows one field at a time (the README's promise), each a security
event naming the field. Fails on the code before: one button showed name, phone and ID number at once."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from ganfutong_admin.audit.models import EventKind, SecurityEvent
from ganfutong_admin.orgs.models import OrgUnit
from maintenance.hotline import lifecycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-Test-2026"
SHOTS = "/tmp/uxlate_shots"
PHONE, ID_NUMBER = "13812345678", "36010219900101123X"


def test_unmask_one_field_at_a_time(new_page, login):
    operator = get_user_model().objects.create_user(username="operator_publisher", password=PASSWORD,
                                                    org_unit=OrgUnit.objects.get(code="OP3601"))
    operator.groups.add(Group.objects.get(name="publisher"))
    operator.user_permissions.add(Permission.objects.get(codename="unmask_personal_data"))
    wo = lifecycle.receive(user=operator, type="complaint", title="页面报错", content="提交时报错。",
                           citizen_name="张三丰", citizen_phone=PHONE, citizen_id_number=ID_NUMBER,
                           responsible_org=OrgUnit.objects.get(code="360102"))

    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "operator_publisher", PASSWORD)
    page.goto(f"/maintenance/hotline/work-orders/{wo.pk}/")
    assert PHONE not in page.inner_text("#citizen-card")
    page.click("#unmask-phone")
    page.wait_for_selector("#mask-again")
    card = page.inner_text("#citizen-card")
    assert page.inner_text("#citizen-phone") == PHONE
    assert "张三丰" not in card and ID_NUMBER not in card
    page.screenshot(path=f"{SHOTS}/unmask_phone_only.png", full_page=True)
    assert list(SecurityEvent.objects.filter(kind=EventKind.UNMASK).values_list("detail__field", flat=True)) == [
        "phone"]

    page.click("#unmask-id_number")
    page.wait_for_selector("#mask-again")
    assert page.inner_text("#citizen-id-number") == ID_NUMBER
    assert PHONE not in page.inner_text("#citizen-card")
    assert sorted(SecurityEvent.objects.filter(kind=EventKind.UNMASK).values_list("detail__field", flat=True)) == [
        "id_number", "phone"]
