"""The home card of daily-inspection gaps (issue 15, point 11) counts only the org units that own listed services
(a unit without a service on the platform has nothing to inspect daily) and says so on the card."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from factories import org
from factories_hotline import make_service
from factories_inspections import make_inspection, make_template

from maintenance.inspections.worklist import daily_inspection_gaps

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
FROZEN = datetime(2026, 10, 8, 9, 0, tzinfo=SH)


def test_the_card_counts_units_with_listed_services_and_explains_it(make_user, web):
    nanchang = make_user("nanchang_submitter", "submitter", "360100")
    make_service("360102")  # 东湖区: a listed service, no recent daily inspection -> counted
    make_service("360103", status="delisted")  # 西湖区: nothing listed -> not counted
    make_service("360104")  # 青云谱区: listed and inspected on 09-29 -> covered
    make_inspection(make_template("日常巡检表", "daily"), "360104", inspector=nanchang, status="completed",
                    inspected_on=date(2026, 9, 29))
    make_service("360402")  # 濂溪区 (九江市): outside 南昌市's jurisdiction
    with time_machine.travel(FROZEN, tick=False):
        section = daily_inspection_gaps(nanchang)
        home = web(nanchang).get("/").content.decode()
    assert section["count"] == 1
    assert [item["label"] for item in section["items"]] == [org("360102").name]
    assert "2026-09-29" in section["note"]
    card = home[home.index('data-section="daily-inspection-gaps"'):]
    assert "data-section-note" in card[:2000] and "有已上架服务" in card[:2000]
