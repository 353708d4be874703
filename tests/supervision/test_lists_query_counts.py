"""The remaining supervision lists (accountability, spot checks, simulated handling, the accountability API) run
a fixed number of queries whatever the number of rows (10 and 100), for the provincial supervisor and for a city.

- pages (12): the shared part (session, user, permissions, org unit, session save), the shell, COUNT and the rows
  with their joins; a scoped user one more (visible_to() asks whether the user is an auditor);
- the accountability API (11): COUNT, the rows, their links (one prefetch).
"""

from datetime import timedelta

import querycounts
from django.utils import timezone
from factories import org
from factories_supervision import service
from querycounts import Pin, every_row, in_scope, one_page

from supervision.accountability.models import AccountabilityRecord
from supervision.simulations.models import SimulatedApplication
from supervision.spotchecks.models import SpotCheckCampaign, SpotCheckItem

OWNERS = ("360100", "360102", "360400", "360402")
NANCHANG = in_scope(OWNERS, {"360100", "360102"})
SUPERVISOR, CITY = "province_supervisor", "nanchang_submitter"


def populate(n, user):
    owners = [org(code) for code in OWNERS]
    services = [service(code) for code in OWNERS]
    campaign = SpotCheckCampaign.objects.create(name="抽查", seed="s", sample_size=n, checklist=["a"],
                                                owner_org=org("360000"), status="running")
    AccountabilityRecord.objects.bulk_create([
        AccountabilityRecord(case_number=f"ZR-{i}", title=f"案{i}", owner_org=owners[i % 4], persons="p", facts="f",
                             basis="b", decision="d", decided_on=timezone.localdate() - timedelta(days=i))
        for i in range(n)])
    SpotCheckCampaign.objects.bulk_create([
        SpotCheckCampaign(name=f"抽查{i}", seed=str(i), sample_size=1, checklist=["a"], owner_org=org("360000"))
        for i in range(n - 1)])
    from services.models import Service

    extra = [Service.objects.create(owner_org=owners[i % 4], name=f"抽{i}", code=f"QC-{i}", status="listed")
             for i in range(n)]
    SpotCheckItem.objects.bulk_create([SpotCheckItem(campaign=campaign, service=s, owner_org=s.owner_org)
                                       for s in extra])
    SimulatedApplication.objects.bulk_create([
        SimulatedApplication(service=services[i % 4], owner_org=owners[i % 4], channel="APP",
                             performed_at=timezone.now() - timedelta(hours=i)) for i in range(n)])


PINS = [
    Pin("supervision:accountability-list", SUPERVISOR, 12, rows=one_page),
    Pin("supervision:spotcheck-list", SUPERVISOR, 12, rows=one_page),
    Pin("supervision:spotcheck-items", SUPERVISOR, 12, rows=one_page),
    Pin("supervision:simulation-list", SUPERVISOR, 12, rows=one_page),
    Pin("/api/v1/supervision/accountability/", SUPERVISOR, 11, rows=every_row),
    Pin("supervision:accountability-list", CITY, 13, count=NANCHANG),
    Pin("supervision:spotcheck-items", CITY, 13, count=NANCHANG),
    Pin("supervision:simulation-list", CITY, 13, count=NANCHANG),
    Pin("/api/v1/supervision/accountability/", CITY, 12, count=NANCHANG),
]

test_query_counts = querycounts.test(PINS, populate)
