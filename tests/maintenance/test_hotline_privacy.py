"""Citizens' personal data in the hotline (第二十一条): ciphertext in the database (history included), masked in
every response of the area for a user without accounts.unmask_personal_data, shown only on an explicit unmask
action by a user with it, and each unmask logged as a security event."""

import io
import re
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from factories_hotline import ID_NUMBER, PHONE, make_service

from ganfutong_admin.audit.models import EventKind, SecurityEvent
from ganfutong_admin.privacy.crypto import normalize_phone as phone_digits
from ganfutong_admin.privacy.crypto import search_hash
from maintenance.hotline import lifecycle
from maintenance.hotline.models import BadReview, WorkOrder

# Full mainland mobile numbers and 18-character ID numbers, not glued to other digits, letters or a decimal point
# (tokens and spreadsheet numbers are not phone numbers).
MOBILE = re.compile(r"(?<![0-9A-Za-z.])1[3-9]\d{9}(?![0-9A-Za-z])")
ID_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z.])\d{17}[0-9Xx](?![0-9A-Za-z])")
OTHER_PHONE = "13900001111"
OTHER_ID = "360102198805051236"  # typed into free text (not checked: only the pattern matters here)


def act(work_order, action, user, comment="", **inputs):
    work_order.refresh_from_db()
    return lifecycle.perform(work_order.pk, action, user, work_order.version, comment, **inputs)


@pytest.fixture
def scene(people, django_capture_on_commit_callbacks):
    """A work order through its whole life (with personal data typed into the free text too), its bad review
    under appeal, and one order waiting for dispatch and one with a pending extension."""
    operator, donghu = people["operator_publisher"], people["donghu_submitter"]
    service = make_service("360102", code="360102-PD-0001", name="隐私测试服务")
    with django_capture_on_commit_callbacks(execute=True):
        wo = lifecycle.receive(user=operator, type="complaint", title=f"来电人{OTHER_PHONE}反映页面报错",
                               content=f"请回电{OTHER_PHONE}，身份证{OTHER_ID}。", citizen_name="张三丰",
                               citizen_phone=PHONE, citizen_id_number=ID_NUMBER, service=service,
                               hotline_id="12345-PRIV-1")
        wo = act(wo, "acknowledge", donghu, f"已联系{OTHER_PHONE}")
        wo = act(wo, "reply", donghu, reply=f"已电话{PHONE}告知处理结果。")
        wo = act(wo, "callback", operator, f"回访{PHONE}，不满意", satisfaction="unsatisfied")
        review = BadReview.objects.get(work_order=wo)
        from ganfutong_admin.workflow import engine

        engine.perform(BadReview, review.pk, "appeal", donghu, review.version, f"群众{PHONE}诉求超出范围")
        waiting = lifecycle.receive(user=operator, type="consultation", title="咨询", content="内容",
                                    citizen_name="李四", citizen_phone="13712345678", hotline_id="12345-PRIV-2")
        pending = lifecycle.receive(user=operator, type="help_request", title="求助", content="内容",
                                    citizen_name="王五", citizen_phone="0791-86123456",
                                    citizen_id_number=ID_NUMBER, service=service, hotline_id="12345-PRIV-3")
        pending = act(pending, "acknowledge", donghu)
        act(pending, "request_extension", donghu, "需协调", extension_days=3)
    return {"wo": wo, "review": review, "waiting": waiting, "pending": pending}


def test_the_database_holds_ciphertext_only(scene):
    with connection.cursor() as cursor:
        for table in ("maintenance_workorder", "maintenance_historicalworkorder"):
            cursor.execute(f"SELECT citizen_name, citizen_phone, citizen_id_number, phone_hash FROM {table}")
            rows = cursor.fetchall()
            assert rows, table
            for name, phone, id_number, phone_hash in rows:
                assert name.startswith("v1:") and phone.startswith("v1:"), table
                assert id_number == "" or id_number.startswith("v1:")
                raw = f"{name}{phone}{id_number}{phone_hash}"
                for plaintext in (PHONE, ID_NUMBER, "张三丰", "13712345678", "079186123456"):
                    assert plaintext not in raw, (table, plaintext)
    assert WorkOrder.objects.get(pk=scene["wo"].pk).citizen_phone == PHONE  # read back in clear
    assert WorkOrder.objects.filter(phone_hash=search_hash(PHONE)).count() == 1


def _texts(client, scene, people):
    """Every response of the area for this client, as text (Excel exports unzipped)."""
    wo, review, pending = scene["wo"], scene["review"], scene["pending"]
    pages = [
        "/maintenance/hotline/work-orders/", f"/maintenance/hotline/work-orders/?phone={PHONE}",
        f"/maintenance/hotline/work-orders/{wo.pk}/", f"/maintenance/hotline/work-orders/{scene['waiting'].pk}/",
        f"/maintenance/hotline/work-orders/{pending.pk}/",
        f"/maintenance/hotline/work-orders/{scene['waiting'].pk}/dispatch/",
        f"/maintenance/hotline/work-orders/{pending.pk}/extension/",
        "/maintenance/hotline/bad-reviews/", f"/maintenance/hotline/bad-reviews/{review.pk}/",
        f"/rectifications/{review.rectification_id}/", "/rectifications/", "/", "/inbox/",
        "/api/v1/maintenance/work-orders/", f"/api/v1/maintenance/work-orders/{wo.pk}/",
        f"/api/v1/maintenance/work-orders/{wo.pk}/?unmask=true", "/api/v1/maintenance/bad-reviews/",
        f"/api/v1/maintenance/bad-reviews/{review.pk}/",
    ]
    texts = {}
    for url in pages:
        response = client.get(url, follow=True)
        if response.status_code in (403, 404):
            continue
        assert response.status_code == 200, url
        texts[url] = response.content.decode()
    for url in ("/maintenance/hotline/work-orders/?export=xlsx", "/maintenance/hotline/bad-reviews/?export=xlsx"):
        response = client.get(url)
        if response.status_code == 200:
            archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
            texts[url] = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    # The unmask button, pressed by someone without the permission, changes nothing.
    response = client.post(f"/maintenance/hotline/work-orders/{wo.pk}/", {"unmask": "1"})
    if response.status_code == 200:
        texts["POST unmask"] = response.content.decode()
    return texts


@pytest.mark.parametrize("name", ["operator_publisher", "donghu_submitter", "province_reviewer", "auditor"])
def test_no_response_shows_a_full_phone_or_id_number(scene, people, web, name):
    texts = _texts(web(people[name]), scene, people)
    assert "/maintenance/hotline/work-orders/" in texts and "/api/v1/maintenance/work-orders/" in texts
    if name in ("operator_publisher", "province_reviewer", "auditor"):
        assert "/maintenance/hotline/work-orders/?export=xlsx" in texts
    for url, text in texts.items():
        assert not MOBILE.findall(text), (url, MOBILE.findall(text))
        assert not ID_NUMBER_RE.findall(text), (url, ID_NUMBER_RE.findall(text))
        assert "张三丰" not in text, url
    detail = texts[f"/maintenance/hotline/work-orders/{scene['wo'].pk}/"]
    assert "138****5678" in detail and "张**" in detail and "360***********" in detail
    assert "139****1111" in detail  # the number typed into the content is masked too
    assert not SecurityEvent.objects.filter(kind=EventKind.UNMASK).exists()


@pytest.fixture
def officer(people):
    """The demo grants unmasking to the operator's publisher as a user permission (no role holds it)."""
    user = people["operator_publisher"]
    user.user_permissions.add(Permission.objects.get(codename="unmask_personal_data"))
    return type(user).objects.get(pk=user.pk)


def test_with_the_permission_masked_until_asked(scene, officer, web):
    client = web(officer)
    page = client.get(f"/maintenance/hotline/work-orders/{scene['wo'].pk}/").content.decode()
    assert PHONE not in page and 'id="unmask-phone"' in page and 'id="unmask-name"' in page
    assert not SecurityEvent.objects.filter(kind=EventKind.UNMASK).exists()
    for url in ("/maintenance/hotline/work-orders/", "/api/v1/maintenance/work-orders/"):
        assert not MOBILE.findall(client.get(url).content.decode()), url  # lists never unmask


def test_unmask_shows_one_field_at_a_time_and_logs_each(scene, officer, web):
    """The README's promise (issue 15, point 11): name, phone and ID number are unmasked separately, each a
    security event naming the field; the free text's original wording is a field of its own."""
    client = web(officer)
    url = f"/maintenance/hotline/work-orders/{scene['wo'].pk}/"
    events = SecurityEvent.objects.filter(kind=EventKind.UNMASK)

    page = client.post(url, {"unmask": "phone"}).content.decode()
    assert PHONE in page and ID_NUMBER not in page and "张三丰" not in page and OTHER_PHONE not in page
    assert list(events.values_list("detail__field", flat=True)) == ["phone"]
    assert 'id="unmask-phone"' not in page and 'id="unmask-name"' in page

    page = client.post(url, {"unmask": "id_number"}).content.decode()
    assert ID_NUMBER in page and PHONE not in page
    page = client.post(url, {"unmask": "name"}).content.decode()
    assert "张三丰" in page and ID_NUMBER not in page
    assert sorted(events.values_list("detail__field", flat=True)) == ["id_number", "name", "phone"]
    assert set(events.values_list("username", flat=True)) == {"operator_publisher"}
    assert set(events.values_list("target", flat=True)) == {"work order 12345-PRIV-1"}

    page = client.post(url, {"unmask": "text"}).content.decode()
    # The original wording only (the reply quoted the caller's phone), not the citizen's fields.
    assert OTHER_PHONE in page and ID_NUMBER not in page and 'id="citizen-name">张' in page
    assert "张三丰" not in page
    assert events.filter(detail__field="free_text").count() == 1

    client.post(url, {"unmask": "phone"})
    assert events.count() == 5  # every unmask is logged again
    # Anything else unmasks nothing (the old all-at-once button included).
    response = client.post(url, {"unmask": "1"})
    assert response.status_code == 302 and events.count() == 5


def test_api_unmask_parameter(scene, officer, api, people):
    url = f"/api/v1/maintenance/work-orders/{scene['wo'].pk}/"
    body = api(officer).get(url, {"unmask": "true"}).json()
    assert (body["citizen_phone"], body["citizen_id_number"], body["citizen_name"]) == (PHONE, ID_NUMBER, "张三丰")
    # The API's unmask=true shows every field, each logged, the original wording of the free text included.
    assert sorted(SecurityEvent.objects.filter(kind=EventKind.UNMASK, username="operator_publisher")
                  .values_list("detail__field", flat=True)) == ["free_text", "id_number", "name", "phone"]
    masked = api(people["province_reviewer"]).get(url, {"unmask": "true"}).json()
    assert masked["citizen_phone"] == "138****5678"
    assert SecurityEvent.objects.filter(kind=EventKind.UNMASK).count() == 4


def test_exact_phone_search_on_the_list(scene, officer, web):
    client = web(officer)  # the exact-phone search needs the unmask permission (test_hotline_oracle.py)
    url = "/maintenance/hotline/work-orders/"

    def found(phone):
        response = client.get(url, {"phone": phone, "type": ""}, follow=True)
        # The number went into its keyed hash: it is in neither the final URL nor the page.
        final_url = response.redirect_chain[-1][0]
        assert "phone=" not in final_url and f"phone_key={search_hash(phone_digits(phone))}" in final_url
        assert phone_digits(phone) not in response.content.decode()
        return [w.pk for w in response.context["object_list"]]

    assert found("+86 138-1234-5678") == [scene["wo"].pk]
    assert found("0791-86123456") == [scene["pending"].pk]
    assert found("1381234567") == []
    assert client.get(url, {"phone_key": "not-a-hash"}).context["paginator"].count == 0
