"""Issue 15, point 7: one function decides whether a service filing of kind K can be started for service S
(workflow.kinds.start_problems / can_start, with the services chapter's check and the security chapter's): the
service page's buttons and the save of the form ask it, so they cannot disagree."""

import pytest
from factories_filings import change_filing, complete_register, self_test, service, standard

from ganfutong_admin.workflow import kinds
from ganfutong_admin.workflow.models import Filing

pytestmark = pytest.mark.django_db

NEW = "/services/change-filings/new/"


@pytest.fixture
def donghu(make_user):
    return make_user("donghu_submitter", "submitter", "360102")


def offered(web, user, svc):
    """What the service page's card offers for each kind: "link", "disabled" or absent."""
    html = web(user).get(f"/services/{svc.pk}/").content.decode()
    result = {}
    for code in ("service_listing", "service_update", "service_delisting"):
        if f'data-blocked-kind="{code}"' in html:
            result[code] = "disabled"
        elif f'id="file-{code}"' in html:
            result[code] = "link"
    return result


def save(web, user, code, svc):
    return web(user).post(f"{NEW}?kind={code}", {"service": svc.pk, "description": "说明"}).status_code


def test_a_planned_service_with_a_passed_self_test_and_a_register_can_be_filed(donghu):
    svc = service("360102", "planned")
    self_test(svc, standard())
    complete_register(svc)
    assert kinds.start_problems("service_listing", donghu, svc) == []
    assert kinds.can_start("service_listing", donghu, svc)


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_a_listing_in_progress_blocks_a_second_one_with_a_link_to_it(donghu, status, english):
    svc = service("360102", "planned")
    self_test(svc, standard())
    first, _ = change_filing(svc, "listing", status=status)
    problems = kinds.start_problems("service_listing", donghu, svc)
    assert [p.blocks for p in problems] == [True]
    assert first.reference in problems[0].message and problems[0].url == f"/filings/{first.pk}/"
    assert not kinds.can_start("service_listing", donghu, svc)
    # The filing itself is not in its own way when it is revised.
    assert kinds.can_start("service_listing", donghu, svc, exclude_filing=first)


def test_no_self_test_and_no_register_warn_but_do_not_block(donghu, english):
    standard()
    svc = service("360102", "planned")
    problems = kinds.start_problems("service_listing", donghu, svc)
    assert [p.blocks for p in problems] == [False, False]
    assert "self-test" in problems[0].message and problems[0].url == f"/services/{svc.pk}/self-tests/new/"
    assert "data-security register" in problems[1].message  # added by the security chapter
    assert kinds.can_start("service_listing", donghu, svc)


def test_the_state_of_the_service_decides(donghu):
    listed = service("360102", "listed")
    assert not kinds.can_start("service_listing", donghu, listed)
    assert kinds.can_start("service_update", donghu, listed)
    assert kinds.can_start("service_delisting", donghu, listed)
    assert not kinds.can_start("service_update", donghu, service("360102", "planned"))


def test_a_reader_may_start_nothing(make_user):
    auditor = make_user("auditor", "auditor", "360000")
    assert not kinds.can_start("service_listing", auditor, service("360102", "planned"))
    assert kinds.startable(auditor) == []


@pytest.mark.parametrize("scenario", ["free", "in_progress", "approved_not_carried_out", "other_change"])
def test_the_button_and_the_save_agree(web, donghu, scenario):
    svc = service("360102", "listed")
    if scenario == "in_progress":
        change_filing(svc, "delisting", status="submitted")
    elif scenario == "approved_not_carried_out":
        change_filing(svc, "delisting", status="approved")
    elif scenario == "other_change":
        change_filing(svc, "update", status="draft")
    shown = offered(web, donghu, svc)["service_delisting"]
    decided = kinds.can_start("service_delisting", donghu, svc)
    before = Filing.objects.count()
    status = save(web, donghu, "service_delisting", svc)
    assert (shown, status) in {("link", 302), ("disabled", 400)}
    assert (shown == "link") == decided
    assert Filing.objects.count() == before + (1 if status == 302 else 0)
    assert (shown == "disabled") == (scenario in ("in_progress", "approved_not_carried_out"))


def test_the_form_shows_no_green_banner_when_saving_would_fail(web, donghu):
    svc = service("360102", "planned")
    self_test(svc, standard())
    change_filing(svc, "listing", status="submitted")
    html = web(donghu).get(f"{NEW}?kind=service_listing&service={svc.pk}").content.decode()
    assert 'data-start-problem="blocks"' in html and 'data-self-test="passed"' not in html
    assert "已有一件同类报备在办" in html


def test_the_form_shows_the_green_banner_when_nothing_stands_in_the_way(web, donghu):
    svc = service("360102", "planned")
    self_test(svc, standard())
    complete_register(svc)
    html = web(donghu).get(f"{NEW}?kind=service_listing&service={svc.pk}").content.decode()
    assert 'data-self-test="passed"' in html and "start-problems" not in html


def test_out_of_scope_service_is_404_on_the_form(web, donghu):
    svc = service("360402", "planned")
    assert web(donghu).get(f"{NEW}?kind=service_listing&service={svc.pk}").status_code == 404
