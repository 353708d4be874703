"""Inbox notifications and e-mail copies (sent by Celery after the transaction commits), deadline
reminders (once per record and deadline), and /healthz."""

import os
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from factories import FilingFactory, RectificationFactory, org

from ganfutong_admin.notifications import tasks
from ganfutong_admin.notifications.models import Notification
from ganfutong_admin.notifications.tasks import remind_approaching_deadlines
from ganfutong_admin.workflow.models import Rectification

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def cast(make_user):
    return {
        "reviewer_a": make_user("reviewer_a", "reviewer", "360000", email="a@jxzwfw.gov.cn"),
        "reviewer_b": make_user("reviewer_b", "reviewer", "360000", email="b@jxzwfw.gov.cn"),
        "reviewer_no_mail": make_user("reviewer_no_mail", "reviewer", "360000", email=""),
        "supervisor": make_user("supervisor", "supervisor", "360000", email="s@jxzwfw.gov.cn"),
        "donghu": make_user("donghu_submitter", "submitter", "360102", email="dh@donghu.gov.cn"),
        "donghu_colleague": make_user("donghu_colleague", "submitter", "360102", email="dh2@donghu.gov.cn"),
        "jiujiang": make_user("jiujiang_submitter", "submitter", "360400", email="jj@jiujiang.gov.cn"),
        "auditor": make_user("auditor", "auditor", "360000", email="audit@jxzwfw.gov.cn"),
    }


def inbox(user):
    return list(Notification.objects.filter(recipient=user))


def recipients():
    return set(Notification.objects.values_list("recipient__username", flat=True))


def transition(api, user, filing, action, comment="", language=None):
    return api(user, language=language).post(f"/api/v1/filings/{filing.pk}/transitions/",
                                             {"action": action, "version": filing.version, "comment": comment},
                                             format="json")


def test_submit_notifies_provincial_reviewers_after_commit(cast, api, mailoutbox, django_capture_on_commit_callbacks):
    filing = FilingFactory(owner_org=org("360102"), created_by=cast["donghu"], title="东湖停车 APP 例外")
    spy = mock.patch.object(tasks.send_notification_emails, "delay", wraps=tasks.send_notification_emails.delay)
    with spy as delay:
        with django_capture_on_commit_callbacks() as callbacks:
            response = transition(api, cast["donghu"], filing, "submit", language="en")
            assert response.status_code == 200
            # Nothing is told before the transaction commits.
            assert not Notification.objects.exists() and mailoutbox == [] and not delay.called
        assert len(callbacks) == 1
        callbacks[0]()  # the commit

    assert recipients() == {"reviewer_a", "reviewer_b", "reviewer_no_mail"}
    [note] = inbox(cast["reviewer_a"])
    filing.refresh_from_db()
    assert filing.reference in note.title and "东湖停车 APP 例外" in note.title
    assert CJK.search(note.title.replace("东湖停车 APP 例外", ""))  # written in the office language
    assert note.url == f"/filings/{filing.pk}/" and note.read_at is None

    # E-mail copies went through the Celery task, to those with an address.
    delay.assert_called_once()
    assert sorted(delay.call_args.args[0]) == sorted(Notification.objects.values_list("pk", flat=True))
    assert sorted(m.to[0] for m in mailoutbox) == ["a@jxzwfw.gov.cn", "b@jxzwfw.gov.cn"]
    assert all(m.subject.startswith("[赣服通]") and filing.reference in m.subject for m in mailoutbox)
    assert all(f"/filings/{filing.pk}/" in m.body for m in mailoutbox)


def test_return_notifies_the_submitter(cast, api, mailoutbox, django_capture_on_commit_callbacks):
    filing = FilingFactory(owner_org=org("360102"), created_by=cast["donghu"], submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = transition(api, cast["reviewer_a"], filing, "return", comment="请补充用户规模数据")
    assert response.status_code == 200
    assert recipients() == {"donghu_submitter", "donghu_colleague"}
    [note] = inbox(cast["donghu"])
    assert note.body == "请补充用户规模数据"
    assert sorted(m.to[0] for m in mailoutbox) == ["dh2@donghu.gov.cn", "dh@donghu.gov.cn"]
    assert not inbox(cast["jiujiang"]) and not inbox(cast["reviewer_a"])


def test_a_failed_transition_notifies_nobody(cast, api, mailoutbox, django_capture_on_commit_callbacks):
    filing = FilingFactory(owner_org=org("360102"), created_by=cast["donghu"], submitted=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = transition(api, cast["reviewer_a"], filing, "return")  # no comment
    assert response.status_code == 400
    assert callbacks == [] and not Notification.objects.exists() and mailoutbox == []


def test_rectification_opened_and_answered(cast, web, api, django_capture_on_commit_callbacks):
    filing = FilingFactory(owner_org=org("360102"), submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        web(cast["reviewer_a"]).post(f"/filings/{filing.pk}/rectifications/new/",
                                     {"title": "补充安全评估", "description": "缺少等保测评报告", "working_days": 5})
    assert recipients() == {"donghu_submitter", "donghu_colleague"}
    rect = Rectification.objects.get()
    rect.response = "已补充"
    rect.save()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(cast["donghu"]).post(f"/api/v1/rectifications/{rect.pk}/transitions/",
                                            {"action": "submit", "version": rect.version}, format="json")
    assert response.status_code == 200
    # The provincial reviewers and whoever opened it (reviewer_a, a reviewer too).
    assert recipients() == {"reviewer_a", "reviewer_b", "reviewer_no_mail"}


# --- reminders --------------------------------------------------------------------------------------------

def test_reminders_are_sent_once_for_what_falls_due_within_a_day(cast, make_user, mailoutbox):
    now = timezone.now()
    soon = FilingFactory(owner_org=org("360102"), submitted=True, title="明天到期")
    soon.due_at = now + timedelta(hours=12)
    soon.save()
    later = FilingFactory(owner_org=org("360102"), submitted=True, title="三天后到期")
    later.due_at = now + timedelta(days=3)
    later.save()
    decided = FilingFactory(owner_org=org("360102"), title="已批准")
    decided.status, decided.due_at = "approved", now + timedelta(hours=2)
    decided.save()
    rect = RectificationFactory(owner_org=org("360400"), title="整改明天到期", due_at=now + timedelta(hours=20))

    sent = remind_approaching_deadlines()
    assert sent == 4  # three provincial reviewers for the filing, 九江市's submitter for the rectification
    assert recipients() == {"reviewer_a", "reviewer_b", "reviewer_no_mail", "jiujiang_submitter"}
    assert all("明天到期" in n.title for n in Notification.objects.all())
    soon.refresh_from_db()
    assert Notification.objects.filter(title=f"即将到期：{soon.reference} 明天到期").count() == 3
    assert not Notification.objects.filter(title__contains="三天后").exists()
    assert not Notification.objects.filter(title__contains="已批准").exists()
    assert len(mailoutbox) == 3

    # Hourly runs do not repeat themselves.
    assert remind_approaching_deadlines() == 0
    assert Notification.objects.count() == 4
    assert len(mailoutbox) == 3

    # Someone who joins 九江市 later is still told, once; the others are not told again.
    newcomer = make_user("jiujiang_newcomer", "submitter", "360400")
    assert remind_approaching_deadlines() == 1
    assert [n.title for n in inbox(newcomer)] == [f"整改即将到期：{rect.title}"]  # in the office language
    assert remind_approaching_deadlines() == 0
    assert Notification.objects.count() == 5


def test_an_oral_report_due_soon_reminds_the_owner(cast):
    filing = FilingFactory(owner_org=org("360102"), title="口头报告待书面报备")
    filing.status, filing.due_at = "oral_reported", timezone.now() + timedelta(hours=6)
    filing.save()
    assert remind_approaching_deadlines() == 2
    assert recipients() == {"donghu_submitter", "donghu_colleague"}


# --- inbox ------------------------------------------------------------------------------------------------

def test_inbox_lists_and_opens_only_ones_own(cast, web):
    mine = Notification.objects.create(recipient=cast["donghu"], title="给我的", url="/filings/")
    other = Notification.objects.create(recipient=cast["jiujiang"], title="给别人的", url="/filings/")
    client = web(cast["donghu"])
    response = client.get("/inbox/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "给我的" in content and "给别人的" not in content
    response = client.post(f"/inbox/{mine.pk}/open/")
    assert response.status_code == 302 and response.url == "/filings/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(f"/inbox/{other.pk}/open/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


# --- health ----------------------------------------------------------------------------------------------

def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok" and body["status"] == "ok"
    if os.environ.get("REDIS_URL"):
        assert body["broker"] == "ok"
    else:
        assert body["broker"].startswith("eager")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_reports_a_broken_broker(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["broker"].startswith("error")
