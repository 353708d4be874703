"""第二十一条 at the gate: a listing filing is refused while its service's data-security register entry is missing or
incomplete (with a message that says what is missing), and goes through once it is complete; together with the
services chapter's own guard (a passed self-test under the standard in force), which speaks first."""

import pytest
from factories_security import listing_filing, register, self_test, service, standard

from ganfutong_admin.workflow import engine
from ganfutong_admin.workflow.kinds import guards_for
from ganfutong_admin.workflow.models import Filing
from security.register.guards import listing_register_guard

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


def act(pk, action, user, comment=""):
    return engine.perform(Filing, pk, action, user, Filing.objects.get(pk=pk).version, comment)


def test_the_guard_is_registered_through_the_contract_after_the_self_test():
    for action in ("submit", "resubmit", "approve"):
        guards = guards_for("service_listing", action)
        assert guards[-1] is listing_register_guard and len(guards) == 2
    assert listing_register_guard not in guards_for("service_update", "submit")


def test_missing_then_incomplete_then_complete(donghu):
    std = standard("V2.0")
    svc = service("360102", name="社保待遇认证")
    self_test(svc, std)
    filing = listing_filing(svc, donghu)

    with pytest.raises(engine.GuardRefused) as missing:
        act(filing.pk, "submit", donghu)
    assert "“社保待遇认证” has no data-security register entry" in missing.value.message

    entry = register(svc, complete=False, personal_data=["name", "biometrics"], encrypted_in_transit=True)
    with pytest.raises(engine.GuardRefused) as incomplete:
        act(filing.pk, "submit", donghu)
    message = incomplete.value.message
    assert "The data-security register entry of “社保待遇认证” is incomplete" in message
    for lacking in ("masking on display", "encryption at rest", "how personal-information authorisation is obtained",
                    "the retention period", "the declaration that no classified data is stored or transmitted"):
        assert lacking in message
    assert "encryption in transit" not in message
    assert (Filing.objects.get(pk=filing.pk).status, Filing.objects.get(pk=filing.pk).version) == ("draft", 1)
    assert not filing.events.exists()

    entry.masking_on_display = entry.encrypted_at_rest = entry.no_classified_data = True
    entry.consent_method, entry.retention_months = "授权页勾选同意", 24
    entry.save()
    assert entry.complete
    assert act(filing.pk, "submit", donghu).status == "submitted"


def test_the_self_test_guard_speaks_first_and_both_must_pass(donghu):
    std = standard("V2.0")
    svc = service("360102", name="两道关卡")
    filing = listing_filing(svc, donghu)
    # neither: the self-test (the kind's own guard) is named first
    with pytest.raises(engine.GuardRefused, match="no passed full-process self-test"):
        act(filing.pk, "submit", donghu)
    # register complete, still no self-test: refused by the services chapter
    register(svc)
    with pytest.raises(engine.GuardRefused, match="no passed full-process self-test"):
        act(filing.pk, "submit", donghu)
    # both: submitted
    self_test(svc, std)
    assert act(filing.pk, "submit", donghu).status == "submitted"


def test_a_self_test_alone_is_not_enough(donghu):
    svc = service("360102", name="只有自测")
    self_test(svc, standard("V2.0"))
    filing = listing_filing(svc, donghu)
    with pytest.raises(engine.GuardRefused, match="has no data-security register entry"):
        act(filing.pk, "submit", donghu)


def test_approval_rechecks_the_register(donghu, reviewer):
    """An entry made incomplete after the submission stops the approval too (the guard runs on approve)."""
    svc = service("360102", name="审核时复核")
    self_test(svc, standard("V2.0"))
    entry = register(svc)
    filing = listing_filing(svc, donghu)
    act(filing.pk, "submit", donghu)
    entry.encrypted_at_rest = False
    entry.save()
    with pytest.raises(engine.GuardRefused, match="encryption at rest"):
        act(filing.pk, "approve", reviewer, "同意")
    assert Filing.objects.get(pk=filing.pk).status == "submitted"
    entry.encrypted_at_rest = True
    entry.save()
    assert act(filing.pk, "approve", reviewer, "同意").status == "approved"


def test_the_refusal_reaches_the_page_and_the_api_in_chinese(donghu, web, api):
    svc = service("360102", name="页面上的拒绝")
    self_test(svc, standard("V2.0"))
    filing = listing_filing(svc, donghu)
    response = api(donghu).post(f"/api/v1/filings/{filing.pk}/transitions/",
                                {"action": "submit", "version": 1, "comment": ""}, format="json")
    assert response.status_code == 400, response.content
    assert "“页面上的拒绝”没有数据安全登记" in response.json()["detail"]
    assert Filing.objects.get(pk=filing.pk).status == "draft"


def test_a_service_with_no_personal_data_needs_transit_encryption_and_the_declaration(donghu):
    svc = service("360102", name="纯查询")
    self_test(svc, standard("V2.0"))
    entry = register(svc, complete=False, personal_data=[], no_personal_data=True)
    assert [str(m) for m in entry.missing()] == [
        "encryption in transit", "the declaration that no classified data is stored or transmitted"]
    entry.encrypted_in_transit = entry.no_classified_data = True
    entry.save()
    assert entry.complete and entry.missing() == []
    filing = listing_filing(svc, donghu)
    assert act(filing.pk, "submit", donghu).status == "submitted"
