"""第十二条 register: the mobile number is encrypted at rest and masked in every page, export, API answer and
history row; shown only on an explicit, logged unmask. Hostile edits: stale version 409, bad input 400 in Chinese."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from factories_operations import make_person
from openpyxl import load_workbook

from ganfutong_admin.audit.models import EventKind, SecurityEvent
from operations.responsible.models import ResponsiblePerson

pytestmark = pytest.mark.django_db
MOBILE = "13912345678"
MASKED = "139****5678"


@pytest.fixture
def person(db):
    return make_person("360102", "hotline", name="徐芳", mobile=MOBILE)


@pytest.fixture
def admin(make_user):
    return make_user("donghu_admin", "org_admin", "360102")


def test_mobile_is_encrypted_in_the_database(person):
    with connection.cursor() as cursor:
        cursor.execute("SELECT mobile FROM operations_responsibleperson WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
        cursor.execute("SELECT mobile FROM operations_historicalresponsibleperson WHERE id = %s", [person.pk])
        history = cursor.fetchone()[0]
    assert MOBILE not in stored and MOBILE not in history
    assert ResponsiblePerson.objects.get(pk=person.pk).mobile == MOBILE


def test_masked_everywhere_for_readers(person, admin, web, api):
    client = web(admin)
    pages = [client.get(reverse("operations:responsible-list")), client.get(person.get_absolute_url()),
             client.get(reverse("operations:responsible-edit", args=[person.pk]))]
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200 and MOBILE not in body and MASKED in body
    export = client.get(reverse("operations:responsible-list"), {"export": "xlsx"})
    cells = [c for row in load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
        values_only=True) for c in row]
    assert MASKED in cells and MOBILE not in cells
    for url in ("/api/v1/operations/responsible-persons/", f"/api/v1/operations/responsible-persons/{person.pk}/"):
        body = api(admin).get(url).content.decode()
        assert MOBILE not in body and MASKED in body
    # without the permission the unmask button does nothing but refuse
    assert client.post(person.get_absolute_url(), {"unmask": "1"}).status_code == 403
    assert not SecurityEvent.objects.filter(kind=EventKind.UNMASK).exists()


def test_unmask_is_explicit_and_logged(person, make_user, web):
    officer = make_user("operator_publisher", "publisher", "OP3601")
    officer.user_permissions.add(Permission.objects.get(codename="unmask_personal_data"))
    client = web(officer)
    page = client.get(person.get_absolute_url()).content.decode()
    assert MOBILE not in page and 'id="unmask-form"' in page
    shown = client.post(person.get_absolute_url(), {"unmask": "1"}).content.decode()
    assert MOBILE in shown
    assert SecurityEvent.objects.filter(kind=EventKind.UNMASK, username="operator_publisher").count() == 1
    assert not re.search(MOBILE, client.get(reverse("operations:responsible-list")).content.decode())


def test_edit_keeps_the_mobile_unless_a_new_one_is_typed(person, admin, web):
    client = web(admin)
    url = reverse("operations:responsible-edit", args=[person.pk])
    data = {"owner_org": person.owner_org_id, "duty": "hotline", "name": "徐芳", "post": "热线科长",
            "office_phone": "0791-86701104", "mobile": "", "valid_from": "2025-01-01", "valid_to": "",
            "note": "", "version": 1}
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.post, person.mobile, person.version) == ("热线科长", MOBILE, 2)
    assert client.post(url, {**data, "version": 2, "mobile": "13700000000"}).status_code == 302
    person.refresh_from_db()
    assert person.mobile == "13700000000"


def test_stale_version_is_a_conflict(person, admin, web, api):
    client = web(admin)
    url = reverse("operations:responsible-edit", args=[person.pk])
    data = {"owner_org": person.owner_org_id, "duty": "hotline", "name": "徐芳", "post": "别人改的",
            "office_phone": "0791-86701104", "mobile": "", "valid_from": "2025-01-01", "valid_to": "",
            "note": "", "version": 1}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "post": "我改的"})
    assert stale.status_code == 409 and stale.context["form"].non_field_errors()
    response = api(admin).patch(f"/api/v1/operations/responsible-persons/{person.pk}/",
                                {"post": "我改的", "version": 1}, format="json")
    assert response.status_code == 409
    missing = api(admin).patch(f"/api/v1/operations/responsible-persons/{person.pk}/", {"post": "我改的"},
                               format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    person.refresh_from_db()
    assert person.post == "别人改的"


def test_bad_input_is_refused_in_chinese(admin, web, api):
    response = api(admin).post("/api/v1/operations/responsible-persons/", {
        "owner_org": "360102", "duty": "nonsense", "name": "", "post": "科长", "office_phone": "abc",
        "mobile": "12345", "valid_from": "2026-05-01", "valid_to": "2026-04-01"}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert {"duty", "name", "office_phone", "mobile"} <= set(errors)
    assert "11位手机号码" in errors["mobile"][0]
    page = web(admin).post(reverse("operations:responsible-create"), {
        "owner_org": "", "duty": "hotline", "name": "赵六", "post": "科长", "office_phone": "0791-1234567",
        "mobile": "", "valid_from": "2026-05-01", "valid_to": "2026-04-01"})
    assert page.status_code == 400
    errors = page.context["form"].errors
    assert {"owner_org", "mobile", "valid_to"} <= set(errors)
    assert "结束" in errors["valid_to"][0]
    assert not ResponsiblePerson.objects.exists()
