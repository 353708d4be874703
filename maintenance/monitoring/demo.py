"""Demo data of availability monitoring (第十七条): 30 days of checks of the demo's listed services, so that the
dashboard and the charts are alive after `make run` without any network access (the demo entry URLs are not
reachable, and in the embedded default no beat runs the probes).

- Checks every 15 minutes, synthesised deterministically (a hash of service code and time slot): response times
  with a daily rhythm, a few single failures, and outages: 九江市住房公积金缴存查询 twice, 南昌市公交老年卡办理 once
  (name lookup failing), 出入境证件办理预约 once; 养老保险待遇资格认证 flaky (connection resets);
  东湖区高龄津贴申领 is down right now.
- The raw results go through the real roll-up (UptimeDay for complete days, raw results older than
  MONITOR_RAW_RESULT_DAYS purged), so the figures on the pages are computed as in production.
- Every outage of at least MONITOR_FAILURE_THRESHOLD checks has its anomaly: resolved ones (one acknowledged by
  its owner first), and an open one for the service that is down. They move through the workflow engine; only
  their timestamps are set back afterwards (queryset updates, demo only).

Idempotent: the first run seeds the history; a later run only adds the checks since the last one (the service that
is down stays down while its anomaly is unresolved) and rolls up again.
"""

import zlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ganfutong_admin.workflow import engine
from services import selectors as service_selectors

from .actor import system_actor
from .models import AnomalyEvent, AnomalyStatus, AvailabilityAnomaly, ProbeResult
from .notifications import notify_anomaly_opened
from .rollup import roll_up

STEP = timedelta(minutes=15)
DAYS = 30

# code: (base response ms, share of single failures in 1000, failure error)
PROFILES = {
    "360102-SB-0001": (320, 1, "http_5xx"),
    "360102-MZ-0002": (450, 2, "timeout"),
    "360100-GJJ-0001": (260, 1, "http_5xx"),
    "360100-JT-0002": (380, 1, "timeout"),
    "360400-SB-0001": (510, 2, "http_5xx"),
    "360400-GJJ-0002": (690, 12, "timeout"),
    "D3601-HZ-0001": (230, 0, "http_5xx"),
    "D3601-CRJ-0002": (410, 20, "http_5xx"),
    "D3602-SB-0001": (300, 30, "connection_reset"),
}

# code, starts (hours ago), lasts (hours), error, acknowledged by (username) or None, acknowledgement note
OUTAGES = [
    ("360400-GJJ-0002", 20 * 24 + 9, 3, "http_5xx", "jiujiang_submitter",
     "公积金核心系统数据库主从切换失败，厂商正在处理。"),
    ("360400-GJJ-0002", 9 * 24 + 14, 5, "timeout", None, ""),
    ("360100-JT-0002", 13 * 24 + 22, 8, "dns", "nanchang_submitter", "域名解析记录被误删，已联系网络运营商恢复。"),
    ("D3601-CRJ-0002", 2 * 24 + 3, 1.5, "http_5xx", None, ""),
    ("D3601-HZ-0001", 4 * 24 + 20, 1.5, "http_5xx", "dept_submitter", "户籍业务系统接口升级后异常，已回滚至原版本。"),
    ("D3602-SB-0001", 6 * 24 + 10, 2, "connection_refused", None, ""),
]
DOWN_NOW = ("360102-MZ-0002", 0.9, "timeout")  # down since 0.9 h ago: four failed checks, an open anomaly
ERROR_STATUS = {"http_5xx": 503}


def _slot_start(now):
    """Slots at whole quarters of an hour."""
    return now.replace(minute=(now.minute // 15) * 15, second=0, microsecond=0)


def _noise(code, slot, salt=""):
    return zlib.crc32(f"{code}|{slot.isoformat()}|{salt}".encode()) % 1000


def _in_outage(code, slot, now):
    for o_code, starts, lasts, error, *_rest in OUTAGES:
        begin = now - timedelta(hours=starts)
        if o_code == code and begin <= slot < begin + timedelta(hours=lasts):
            return error
    if code == DOWN_NOW[0] and slot >= now - timedelta(hours=DOWN_NOW[1]):
        return DOWN_NOW[2]
    return None


def _result(service, slot, now, keep_down=False):
    base, flaky, flaky_error = PROFILES[service.code]
    error = _in_outage(service.code, slot, now) or (DOWN_NOW[2] if keep_down else None)
    if error is None and _noise(service.code, slot, "fail") < flaky:
        error = flaky_error
    if error is not None:
        status = ERROR_STATUS.get(error)
        return ProbeResult(service=service, checked_at=slot, ok=False, status_code=status,
                           response_ms=base * 3 if status else None, error=error)
    hour = timezone.localtime(slot).hour
    busy = 1.6 if 9 <= hour <= 11 or 14 <= hour <= 17 else 1.0  # office hours are slower
    ms = int(base * busy * (0.7 + _noise(service.code, slot, "ms") / 1000))
    return ProbeResult(service=service, checked_at=slot, ok=True, status_code=200, response_ms=ms, error="")


def _services():
    return {s.code: s for s in service_selectors.monitored_services().filter(code__in=PROFILES)}


def seed(users):
    services = _services()
    if not services:
        return
    now = timezone.now()
    last = _slot_start(now)
    latest = dict(ProbeResult.objects.filter(service__in=services.values()).values("service_id")
                  .annotate(at=Max("checked_at")).values_list("service_id", "at"))
    first_run = not latest and not AvailabilityAnomaly.objects.filter(service__in=services.values()).exists()
    if not first_run and not latest:
        return  # already seeded and rolled up long ago: nothing left to continue from
    start = last - timedelta(days=DAYS)
    rows = []
    for service in services.values():
        keep_down = (not first_run and service.code == DOWN_NOW[0]
                     and AvailabilityAnomaly.objects.active().filter(service=service).exists())
        slot = latest[service.pk] + STEP if service.pk in latest else start
        while slot <= last:
            rows.append(_result(service, slot, now, keep_down=keep_down))
            slot += STEP
    ProbeResult.objects.bulk_create(rows, batch_size=2000)
    if first_run:
        _seed_anomalies(users, services, now)
    roll_up()


def _failed_slots(service, begin, end):
    return list(ProbeResult.objects.filter(service=service, ok=False, checked_at__gte=begin, checked_at__lt=end)
                .order_by("checked_at"))


def _open(service, failed, actor):
    anomaly = AvailabilityAnomaly(
        owner_org_id=service.owner_org_id, service=service, created_by=actor, status=AnomalyStatus.OPEN,
        started_at=failed[0].checked_at, last_failure_at=failed[-1].checked_at, consecutive_failures=len(failed),
        last_error=failed[-1].error, last_status_code=failed[-1].status_code,
    )
    anomaly._history_user = actor
    anomaly.save()
    AnomalyEvent.objects.create(anomaly=anomaly, actor=actor, action="open", to_status=AnomalyStatus.OPEN,
                                version=1, created_at=failed[settings.MONITOR_FAILURE_THRESHOLD - 1].checked_at,
                                comment=f"连续 {len(failed)} 次检测失败。")
    return anomaly


def _seed_anomalies(users, services, now):
    actor = system_actor()
    for code, starts, lasts, _error, acknowledger, note in OUTAGES:
        service = services.get(code)
        if service is None:
            continue
        begin = now - timedelta(hours=starts)
        failed = _failed_slots(service, begin, begin + timedelta(hours=lasts))
        if len(failed) < settings.MONITOR_FAILURE_THRESHOLD:
            continue
        anomaly = _open(service, failed, actor)
        opened_at = failed[settings.MONITOR_FAILURE_THRESHOLD - 1].checked_at
        if acknowledger and acknowledger in users:
            anomaly = engine.perform(AvailabilityAnomaly, anomaly.pk, "acknowledge", users[acknowledger],
                                     anomaly.version, note)
            acknowledged_at = opened_at + timedelta(minutes=25)
            AvailabilityAnomaly.objects.filter(pk=anomaly.pk).update(acknowledged_at=acknowledged_at)
            AnomalyEvent.objects.filter(anomaly=anomaly, action="acknowledge").update(created_at=acknowledged_at)
        back = failed[-1].checked_at + STEP
        comment = f"恢复可用：{timezone.localtime(back):%Y-%m-%d %H:%M} 的检测成功。"
        anomaly = engine.perform(AvailabilityAnomaly, anomaly.pk, "resolve", actor, anomaly.version, comment)
        AvailabilityAnomaly.objects.filter(pk=anomaly.pk).update(resolved_at=back)
        AnomalyEvent.objects.filter(anomaly=anomaly, action="resolve").update(created_at=back)

    service = services.get(DOWN_NOW[0])
    if service is not None:
        failed = _failed_slots(service, now - timedelta(hours=DOWN_NOW[1] + 0.25), now + STEP)
        if len(failed) >= settings.MONITOR_FAILURE_THRESHOLD:
            anomaly = _open(service, failed, actor)
            transaction.on_commit(lambda: notify_anomaly_opened(anomaly))
