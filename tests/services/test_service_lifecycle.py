"""第十条–第十一条: how filings move a service through its life cycle (services/lifecycle.py).

listing: a passed self-test under the standard in force is required to submit (and to approve); approval makes the
service ready; the operator records the listing. delisting: approval drafts the announcement; the operator records
the delisting. The service transitions that follow from filings cannot be taken on their own.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from factories_filings import change_filing, self_test, service, standard

from ganfutong_admin.announcements.models import Announcement
from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.models import Filing
from services.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


@pytest.fixture
def publisher(make_user):
    return make_user("operator_publisher", "publisher", "OP3601")


def act(model, pk, action, user, comment=""):
    return engine.perform(model, pk, action, user, model.objects.get(pk=pk).version, comment)


def status_of(obj):
    return type(obj).objects.get(pk=obj.pk).status


# --- listing -----------------------------------------------------------------------------------------------

def test_listing_without_a_passed_self_test_is_refused_with_a_clear_message(donghu, english):
    std = standard("V2.0")
    svc = service(status="planned", name="不动产登记查询")
    self_test(svc, std, passed=False)
    filing, _ = change_filing(svc, "listing", user=donghu)
    with pytest.raises(engine.GuardRefused) as refused:
        act(Filing, filing.pk, "submit", donghu)
    assert "不动产登记查询" in refused.value.message
    assert "no passed full-process self-test under the standard in force (V2.0)" in refused.value.message
    assert (status_of(filing), Filing.objects.get(pk=filing.pk).version) == ("draft", 1)
    assert not filing.events.exists()


def test_a_self_test_under_an_older_standard_does_not_count(donghu, english):
    old = standard("V1.0", in_force=False)
    standard("V2.0", in_force=True)
    svc = service(status="planned")
    self_test(svc, old, passed=True)
    filing, _ = change_filing(svc, "listing", user=donghu)
    with pytest.raises(engine.GuardRefused, match=r"\(V2\.0\)"):
        act(Filing, filing.pk, "submit", donghu)
    assert status_of(filing) == "draft"


def test_no_standard_in_force_refuses_the_listing(donghu, english):
    svc = service(status="planned")
    filing, _ = change_filing(svc, "listing", user=donghu)
    with pytest.raises(engine.GuardRefused, match="No technical management standard is in force"):
        act(Filing, filing.pk, "submit", donghu)


def test_listing_passes_then_ready_then_listed(donghu, reviewer, publisher):
    std = standard()
    svc = service(status="planned")
    report = self_test(svc, std)
    filing, details = change_filing(svc, "listing", user=donghu)

    assert act(Filing, filing.pk, "submit", donghu).status == "submitted"
    details.refresh_from_db()
    assert details.self_test == report  # the self-test the filing relied on is kept with it

    approved = act(Filing, filing.pk, "approve", reviewer, "自测完整，同意上架")
    assert approved.status == "approved"
    svc.refresh_from_db()
    assert (svc.status, svc.version) == ("ready", 2)
    assert svc.history.first().status == "ready"  # simple-history snapshot of the engine's save

    listed = act(Service, svc.pk, "record_listing", publisher)
    assert listed.status == "listed" and listed.listed_at is not None
    details.refresh_from_db()
    assert details.carried_out_at == listed.listed_at
    # Written through the model: the details' history has the change (a bulk update would not).
    assert details.history.filter(carried_out_at__isnull=False).exists()


def test_relisting_a_delisted_service(donghu, reviewer, publisher):
    std = standard()
    svc = service(status="delisted")
    self_test(svc, std)
    filing, _ = change_filing(svc, "listing", user=donghu)
    act(Filing, filing.pk, "submit", donghu)
    act(Filing, filing.pk, "approve", reviewer)
    assert status_of(svc) == "ready"


def test_approval_is_refused_when_the_standard_changed_since_submission(donghu, reviewer, english):
    old = standard("V1.0")
    svc = service(status="planned")
    self_test(svc, old)
    filing, _ = change_filing(svc, "listing", user=donghu)
    act(Filing, filing.pk, "submit", donghu)
    old.in_force = False
    old.save()
    standard("V2.0")
    with pytest.raises(engine.GuardRefused, match=r"\(V2\.0\)"):
        act(Filing, filing.pk, "approve", reviewer)
    assert status_of(filing) == "submitted"
    assert status_of(svc) == "planned"


def test_listing_filing_for_a_listed_service_is_refused(donghu, english):
    std = standard()
    svc = service(status="listed")
    self_test(svc, std)
    filing, _ = change_filing(svc, "listing", user=donghu)
    with pytest.raises(engine.GuardRefused, match="only a planned or delisted service can be filed for listing"):
        act(Filing, filing.pk, "submit", donghu)


def test_a_second_listing_filing_in_progress_is_refused(donghu, english):
    std = standard()
    svc = service(status="planned")
    self_test(svc, std)
    first, _ = change_filing(svc, "listing", user=donghu)
    second, _ = change_filing(svc, "listing", user=donghu)
    act(Filing, first.pk, "submit", donghu)
    with pytest.raises(engine.GuardRefused, match=f"already has a listing filing in progress \\({first.reference}\\)"):
        act(Filing, second.pk, "submit", donghu)


def test_service_transitions_that_follow_from_filings_cannot_be_taken_alone(reviewer, publisher, english):
    planned = service(status="planned")
    listed = service(status="listed")
    # mark_ready is internal: it only follows from an approved listing filing.
    with pytest.raises(engine.GuardRefused, match="follows from another decision and is not taken by hand"):
        act(Service, planned.pk, "mark_ready", reviewer)
    # emergency_delist carries its oral report as payload: without it, nothing happens.
    with pytest.raises(engine.InvalidPayload) as refused:
        act(Service, listed.pk, "emergency_delist", publisher, "紧急")
    assert set(refused.value.errors) == {"reported_by", "reported_to", "reported_at"}
    with pytest.raises(engine.GuardRefused, match="no approved delisting filing"):
        act(Service, listed.pk, "record_delisting", publisher)
    assert (status_of(planned), status_of(listed)) == ("planned", "listed")


# --- update and delisting ----------------------------------------------------------------------------------

def test_delisting_approved_drafts_the_announcement_then_operator_records_it(donghu, reviewer, publisher):
    svc = service(status="listed", name="老年证办理")
    filing, details = change_filing(svc, "delisting", user=donghu,
                                    description="业务并入“老年人优待”一件事<script>alert(1)</script>")
    act(Filing, filing.pk, "submit", donghu)
    assert not Announcement.objects.exists()
    act(Filing, filing.pk, "approve", reviewer)

    notice = Announcement.objects.get()
    assert notice.status == "draft"
    assert notice.category == "service_change"
    assert notice.owner_org.kind == "operator"
    assert (notice.source_type, notice.source_id) == (ContentType.objects.get_for_model(Filing), filing.pk)
    assert "老年证办理" in notice.title
    assert "<script>" not in notice.body and "&lt;script&gt;" in notice.body  # the reason is text, not markup
    assert status_of(svc) == "listed"  # approval alone does not delist: the operator records it

    delisted = act(Service, svc.pk, "record_delisting", publisher, "已下架")
    assert delisted.status == "delisted" and delisted.delisted_at is not None
    details.refresh_from_db()
    assert details.carried_out_at == delisted.delisted_at
    # Carried out: nothing is left to record.
    with pytest.raises(engine.NotAllowedFromState):
        act(Service, svc.pk, "record_delisting", publisher)


def test_delisting_a_service_that_is_not_listed_is_refused(donghu, english):
    svc = service(status="planned")
    filing, _ = change_filing(svc, "delisting", user=donghu)
    with pytest.raises(engine.GuardRefused, match="Only a listed service can be delisted"):
        act(Filing, filing.pk, "submit", donghu)


def test_approving_a_delisting_of_a_service_delisted_meanwhile_is_refused(donghu, reviewer, english):
    svc = service(status="listed")
    filing, _ = change_filing(svc, "delisting", user=donghu)
    act(Filing, filing.pk, "submit", donghu)
    Service.objects.filter(pk=svc.pk).update(status="delisted")  # e.g. an emergency delisting in between
    with pytest.raises(engine.GuardRefused, match="Only a listed service can be delisted"):
        act(Filing, filing.pk, "approve", reviewer)
    assert status_of(filing) == "submitted"
    assert not Announcement.objects.exists()


def test_rejected_delisting_drafts_nothing(donghu, reviewer):
    svc = service(status="listed")
    filing, _ = change_filing(svc, "delisting", user=donghu)
    act(Filing, filing.pk, "submit", donghu)
    act(Filing, filing.pk, "reject", reviewer, "理由不充分")
    assert not Announcement.objects.exists()
    assert status_of(svc) == "listed"


def test_update_filing_is_reviewed_in_the_one_queue(donghu, reviewer, web):
    svc = service(status="listed")
    filing, _ = change_filing(svc, "update", user=donghu)
    act(Filing, filing.pk, "submit", donghu)
    response = web(reviewer).get("/filings/", {"status": "submitted"})
    assert filing in response.context["page_obj"].object_list
    assert act(Filing, filing.pk, "approve", reviewer).status == "approved"
    assert status_of(svc) == "listed"


def test_an_emergency_delisting_overtakes_an_approved_delisting(donghu, reviewer, publisher, web):
    from django.utils import timezone

    svc = service(status="listed")
    filing, details = change_filing(svc, "delisting", user=donghu)
    act(Filing, filing.pk, "submit", donghu)
    act(Filing, filing.pk, "approve", reviewer)
    response = web(publisher).post(f"/services/{svc.pk}/emergency/", {
        "reported_by": "值班员", "reported_to": "省值班室", "reason": "服务被攻击，立即下架。", "version": 1,
        "reported_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    details.refresh_from_db()
    assert details.carried_out_at is not None  # nothing is left for the operator to record
    assert status_of(svc) == "delisted"


def test_only_a_listed_service_can_be_filed_for_update(donghu, english):
    """The rule lives in the kind's registered guard, not only in the form's choice of services."""
    listed_filing, _ = change_filing(service(status="listed"), "update")
    planned_filing, _ = change_filing(service(status="planned"), "update")
    assert act(Filing, listed_filing.pk, "submit", donghu).status == "submitted"
    with pytest.raises(engine.GuardRefused, match="Only a listed service can be updated"):
        act(Filing, planned_filing.pk, "submit", donghu)
    assert Filing.objects.get(pk=planned_filing.pk).status == "draft"
