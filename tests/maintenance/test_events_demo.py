"""Demo advance filings and fault reports: several org units, every state, lateness both ways, the announcements;
idempotent (seed_demo runs twice without adding or moving anything)."""

from django.core.management import call_command

from ganfutong_admin.workflow.models import Filing
from maintenance.events.demo import ADVANCE_FILINGS, FAULTS
from maintenance.events.models import FaultReport, FaultUpdate


def snapshot():
    return ({(f.pk, f.status, f.version) for f in Filing.objects.filter(kind="advance_filing")},
            {(f.pk, f.status, f.version) for f in FaultReport.objects.all()}, FaultUpdate.objects.count())


def test_seed_demo_covers_the_area_and_runs_twice(db, capsys):
    call_command("seed_demo")
    filings = list(Filing.objects.filter(kind="advance_filing").select_related("owner_org", "advance_filing"))
    assert len(filings) == len(ADVANCE_FILINGS)
    assert {f.status for f in filings} == {"draft", "submitted", "returned", "acknowledged", "withdrawn"}
    assert {f.advance_filing.filed_late for f in filings} == {None, True, False}
    assert {f.owner_org.code for f in filings} >= {"360102", "360100", "360400"}
    announced = [f for f in filings if f.advance_filing.announcement_id]
    assert len(announced) == 1 and announced[0].advance_filing.announcement.category == "maintenance"

    fault_rows = list(FaultReport.objects.with_report_delay().select_related("owner_org", "announcement"))
    assert len(fault_rows) == len(FAULTS)
    assert {f.status for f in fault_rows} == {"investigating", "mitigated", "resolved", "reviewed"}
    assert {f.in_time for f in fault_rows} == {True, False}
    assert {f.owner_org.code for f in fault_rows} >= {"360102", "360100", "360400"}
    majors = [f for f in fault_rows if f.severity == "major"]
    assert all(f.announcement is not None for f in majors)
    assert {f.announcement.status for f in majors} == {"draft", "published"}
    assert all(f.lessons and f.measures for f in fault_rows if f.status == "reviewed")

    before = snapshot()
    call_command("seed_demo")
    assert snapshot() == before
