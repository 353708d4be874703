"""No way around masking (issue 11, point 1). Personal numbers inside a work order's free text are masked at
intake and searched only in their masked form, so the count of a search can never tell a digit the page hides;
the exact-phone search needs the unmask permission, is rate-limited and written to the security log; query
strings with personal data reach no log in clear."""

import importlib
import io
import json
import logging

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from factories import org
from factories_hotline import WorkOrderFactory
from testsupport import results

from ganfutong_admin.accounts.models import User
from ganfutong_admin.audit.models import EventKind, SecurityEvent
from ganfutong_admin.privacy.redaction import RedactPersonalData
from maintenance.hotline import lifecycle
from maintenance.hotline.models import BadReview, WorkOrder, WorkOrderEvent, WorkOrderExtension

URL = "/api/v1/maintenance/work-orders/"
PAGE = "/maintenance/hotline/work-orders/"
SECRET_PHONE = "13912340005"  # shown as 139****0005
SECRET_ID = "360102199001011234"  # shown as 360***********1234
DIGITS = "0123456789"
NEEDS_PERMISSION = "需要查看个人信息的权限"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def target(db):
    """A work order of 东湖区 whose title and content quote a caller's phone and ID number."""
    return WorkOrderFactory(owner_org=org("360102"), title=f"来电人{SECRET_PHONE}反映社保查询报错",
                            content=f"请回电{SECRET_PHONE}，身份证号{SECRET_ID}。", reply=f"已短信告知{SECRET_PHONE}")


def grant_unmask(user):
    user.user_permissions.add(Permission.objects.get(codename="unmask_personal_data"))
    return User.objects.get(pk=user.pk)


def guesses(secret, position, digit):
    """What an attacker types to test `digit` at a hidden `position`: the full number with that digit, the prefix
    up to it, and the suffix from it."""
    full = secret[:position] + digit + secret[position + 1:]
    return [full, full[:position + 1], full[position:]]


def hidden_positions(secret, shown):
    return [i for i, char in enumerate(shown) if char == "*"]


def count(client, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["count"]


@pytest.mark.parametrize(("secret", "shown"), [(SECRET_PHONE, "139****0005"), (SECRET_ID, "360***********1234")])
def test_the_oracle_attack_learns_no_digit(target, people, api, secret, shown):
    """As a county submitter without the unmask permission: vary one hidden digit at a time and watch the count.
    Every digit must give the same answer, at every hidden position and for every shape of guess."""
    client = api(people["donghu_submitter"])
    assert results(client.get(URL))[0]["title"] == "来电人139****0005反映社保查询报错"
    learned = {}
    for position in hidden_positions(secret, shown):
        for shape in range(3):
            answers = {digit: count(client, guesses(secret, position, digit)[shape]) for digit in DIGITS}
            if len(set(answers.values())) > 1:
                learned[position, shape] = answers
    assert learned == {}, f"digits learned from the count: {learned}"


def test_the_page_search_is_no_oracle_either(target, people, web):
    client = web(people["donghu_submitter"])
    position = 5
    counts = {d: client.get(PAGE, {"q": guesses(SECRET_PHONE, position, d)[0]}).context["paginator"].count
              for d in DIGITS}
    assert len(set(counts.values())) == 1


def test_a_number_typed_in_full_finds_the_order_by_its_masked_form(target, people, api):
    client = api(people["donghu_submitter"])
    assert count(client, "139****0005") == 1
    assert count(client, SECRET_PHONE) == 1  # the same as any number shown as 139****0005
    assert count(client, "13999990005") == 1
    assert count(client, "13912349999") == 0  # differs in a digit the page shows


def test_free_text_is_stored_masked_and_sealed(target):
    with connection.cursor() as cursor:
        cursor.execute("SELECT title, content, reply, sealed_text FROM maintenance_workorder WHERE id = %s",
                       [target.pk])
        title, content, reply, sealed = cursor.fetchone()
        cursor.execute("SELECT title, content, reply, sealed_text FROM maintenance_historicalworkorder")
        history = cursor.fetchall()
    raw = " ".join([title, content, reply, sealed] + [str(v) for row in history for v in row])
    assert SECRET_PHONE not in raw and SECRET_ID not in raw
    assert sealed.startswith("v1:") and title == "来电人139****0005反映社保查询报错"
    fresh = WorkOrder.objects.get(pk=target.pk)
    assert fresh.original_text("content") == f"请回电{SECRET_PHONE}，身份证号{SECRET_ID}。"
    # A later save keeps the sealed original; a new wording replaces it.
    fresh.save()
    assert WorkOrder.objects.get(pk=target.pk).original_text("title") == f"来电人{SECRET_PHONE}反映社保查询报错"
    fresh.title = "新标题，无号码"
    fresh.save(update_fields=["title"])
    fresh = WorkOrder.objects.get(pk=target.pk)
    assert fresh.original_text("title") == "新标题，无号码" and "title" not in json.loads(fresh.sealed_text)


def test_the_unmasking_officer_still_reads_the_original_wording(target, people, api):
    officer = grant_unmask(people["province_reviewer"])
    body = api(officer).get(f"{URL}{target.pk}/", {"unmask": "true"}).json()
    assert body["content"] == f"请回电{SECRET_PHONE}，身份证号{SECRET_ID}。"
    assert body["reply"] == f"已短信告知{SECRET_PHONE}"
    masked = api(people["donghu_submitter"]).get(f"{URL}{target.pk}/", {"unmask": "true"}).json()
    assert SECRET_PHONE not in json.dumps(masked, ensure_ascii=False)


def test_comments_reasons_and_reviews_are_masked_at_intake(people, django_capture_on_commit_callbacks):
    operator, donghu = people["operator_publisher"], people["donghu_submitter"]
    with django_capture_on_commit_callbacks(execute=True):
        wo = lifecycle.receive(user=operator, type="complaint", title="咨询", content="内容", citizen_name="张三",
                               citizen_phone="13812345678", hotline_id="12345-ORACLE-1")
        wo = lifecycle.perform(wo.pk, "dispatch", operator, wo.version, "", target_org=org("360102"))
        wo = lifecycle.perform(wo.pk, "acknowledge", donghu, wo.version, f"已联系{SECRET_PHONE}")
        wo = lifecycle.perform(wo.pk, "request_extension", donghu, wo.version, f"需与{SECRET_PHONE}核实",
                               extension_days=2)
        wo = lifecycle.perform(wo.pk, "reply", donghu, wo.version, "", reply=f"已回电{SECRET_PHONE}说明")
    replied = WorkOrder.objects.get(pk=wo.pk)
    assert (replied.reply, replied.original_text("reply")) == ("已回电139****0005说明", f"已回电{SECRET_PHONE}说明")
    review = BadReview.objects.create(owner_org=org("360102"), case_number="BJ-ORACLE-1", rating="unsatisfied",
                                      comment=f"身份证{SECRET_ID}被泄露", created_by=operator)
    stored = [e.comment for e in WorkOrderEvent.objects.filter(work_order=wo)]
    stored += [x.reason for x in WorkOrderExtension.objects.filter(work_order=wo)]
    stored.append(BadReview.objects.get(pk=review.pk).comment)
    assert "已联系139****0005" in stored and "身份证360***********1234被泄露" in stored
    assert not [text for text in stored if SECRET_PHONE in text or SECRET_ID in text]


# --- exact-phone search -------------------------------------------------------------------------------------------

def test_phone_search_without_the_permission_is_refused(target, people, api):
    client = api(people["donghu_submitter"])
    for params in ({"phone": SECRET_PHONE}, {"phone": "139-1234-0006"}, {"phone_key": "0" * 64}):
        response = client.get(URL, params)
        assert response.status_code == 400
        (field,) = params
        assert NEEDS_PERMISSION in response.json()[field][0]
        assert "count" not in response.json()
    assert not SecurityEvent.objects.filter(kind=EventKind.PERSONAL_DATA_SEARCH).exists()


def test_the_page_refuses_it_and_does_not_offer_it(target, people, web):
    client = web(people["donghu_submitter"])
    page = client.get(PAGE)
    assert "phone" not in page.context["filter"].form.fields
    response = client.get(PAGE, {"phone": SECRET_PHONE}, follow=True)
    final_url = response.redirect_chain[-1][0]
    assert "phone" not in final_url
    assert NEEDS_PERMISSION in response.content.decode()
    assert not response.context["phone_filtered"]


def test_phone_search_with_the_permission_is_logged_masked_and_rate_limited(target, people, api, settings):
    settings.PHONE_SEARCH_LIMIT = 3
    officer = grant_unmask(people["province_reviewer"])
    client = api(officer)
    assert [r["id"] for r in results(client.get(URL, {"phone": "138-1234-5678"}))] == [target.pk]
    for _ in range(2):
        assert client.get(URL, {"phone": "13800000000"}).status_code == 200
    refused = client.get(URL, {"phone": "13800000001"})
    assert refused.status_code == 400 and "过于频繁" in refused.json()["phone"][0]
    events = SecurityEvent.objects.filter(kind=EventKind.PERSONAL_DATA_SEARCH, username=officer.username)
    assert events.count() == 3
    assert [e.detail["value"] for e in events.order_by("pk")] == ["138****5678", "138****0000", "138****0000"]
    assert all("13812345678" not in json.dumps(e.detail) for e in events)


def test_the_page_search_is_logged_once(target, people, web):
    officer = grant_unmask(people["operator_publisher"])
    response = web(officer).get(PAGE, {"phone": "13812345678"}, follow=True)
    assert "phone_key=" in response.redirect_chain[-1][0] and response.context["phone_filtered"]
    assert SecurityEvent.objects.filter(kind=EventKind.PERSONAL_DATA_SEARCH).count() == 1


# --- logs ---------------------------------------------------------------------------------------------------------

def emitted(logger_name, message, *args):
    """What the handlers settings.LOGGING configured (the redacting ones) write for one record of `logger_name`."""
    logger, handlers = logging.getLogger(logger_name), []
    while logger is not None:
        handlers += [h for h in logger.handlers if any(isinstance(f, RedactPersonalData) for f in h.filters)]
        logger = logger.parent if logger.propagate else None
    assert handlers, f"no redacting handler for {logger_name}"
    streams = [(handler, handler.setStream(io.StringIO())) for handler in handlers]
    try:
        logging.getLogger(logger_name).warning(message, *args)
    finally:
        written = "".join(handler.stream.getvalue() for handler, _old in streams)
        for handler, old in streams:
            handler.setStream(old)
    return written


def test_the_access_log_hides_searched_personal_data():
    line = emitted("django.server", '"%s" %s %s',
                   f"GET {PAGE}?q={SECRET_ID}&phone=139+1234+0005&status=received&x={SECRET_PHONE} HTTP/1.1",
                   "302", "0")
    assert "status=received" in line and "q=***" in line and "phone=***" in line
    assert SECRET_ID not in line and SECRET_PHONE not in line and "1234+0005" not in line


def test_other_logs_hide_personal_numbers():
    line = emitted("django.request", "Bad Request: %s (%s)", URL, f"caller {SECRET_PHONE}")
    assert "139****0005" in line and SECRET_PHONE not in line


def test_the_export_is_logged_without_the_searched_text(target, people, web):
    web(people["donghu_submitter"]).get(PAGE, {"q": SECRET_PHONE, "export": "xlsx", "status": "processing"})
    event = SecurityEvent.objects.filter(kind=EventKind.EXPORT).latest("pk")
    assert event.detail["query"] == "q=***&export=xlsx&status=processing"


# --- stored rows --------------------------------------------------------------------------------------------------

def test_the_migration_masks_rows_stored_in_clear(db, people):
    wo = WorkOrderFactory(title="无号码")
    review = BadReview.objects.create(owner_org=org("360102"), case_number="BJ-MIG-1", rating="unsatisfied",
                                      created_by=people["operator_publisher"])
    # Rows as earlier versions stored them: written past save().
    WorkOrder.objects.filter(pk=wo.pk).update(title=f"来电{SECRET_PHONE}", content=f"身份证{SECRET_ID}",
                                              sealed_text="")
    BadReview.objects.filter(pk=review.pk).update(appeal_reason=f"群众{SECRET_PHONE}")
    WorkOrder.history.filter(id=wo.pk).update(content=f"身份证{SECRET_ID}")
    migration = importlib.import_module("maintenance.migrations.0008_mask_free_text_at_rest")
    migration.mask_at_rest(django_apps, None)
    fresh = WorkOrder.objects.get(pk=wo.pk)
    assert (fresh.title, fresh.content) == ("来电139****0005", "身份证360***********1234")
    assert fresh.original_text("title") == f"来电{SECRET_PHONE}"
    assert BadReview.objects.get(pk=review.pk).appeal_reason == "群众139****0005"
    assert not WorkOrder.history.filter(id=wo.pk, content__contains=SECRET_ID).exists()
    migration.mask_at_rest(django_apps, None)  # twice: nothing changes
    assert WorkOrder.objects.get(pk=wo.pk).original_text("title") == f"来电{SECRET_PHONE}"
