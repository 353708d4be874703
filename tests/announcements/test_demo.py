"""Demo announcements: every state, by the operator's publisher, idempotent."""

from django.core.management import call_command

from ganfutong_admin.announcements.demo import ANNOUNCEMENTS
from ganfutong_admin.announcements.filters import with_state
from ganfutong_admin.announcements.models import Announcement


def test_seed_demo_shows_every_state_and_runs_twice(db, capsys):
    call_command("seed_demo")
    titles = [entry[0] for entry in ANNOUNCEMENTS]
    # (other chapters' demos may add delisting drafts of their own: look at this module's titles)
    rows = list(with_state(Announcement.objects.filter(title__in=titles).select_related("owner_org", "created_by")))
    assert len(rows) == len(titles)
    assert {a.state for a in rows} == {"draft", "scheduled", "public", "expired", "withdrawn"}
    assert {a.category for a in rows} == {"service_change", "maintenance", "fault", "general"}
    assert {(a.owner_org.code, a.created_by.username) for a in rows} == {("OP3601", "operator_publisher")}
    assert any("下架" in a.title for a in rows) and any("系统维护公告" in a.title for a in rows)
    before = {(a.pk, a.version, a.status) for a in Announcement.objects.all()}
    call_command("seed_demo")
    assert {(a.pk, a.version, a.status) for a in Announcement.objects.all()} == before
