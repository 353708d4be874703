"""Technical management standard versions (技术管理规范, 第十条): publishing with a checklist, one in force."""


import pytest
from django.urls import reverse
from factories_catalog import make_standard
from testsupport import needs_postgres, run_at_once

from services.catalog import activate_standard
from services.models import StandardItem, TechStandard

CREATE = reverse("services:standard-create")


@pytest.fixture
def reviewer(make_user):
    return make_user("province_reviewer", "reviewer", "360000")


def standard_form(version="3.0", items=(("统一身份认证接入", True), ("适老化与无障碍", True), ("", True)), **extra):
    data = {"version": version, "title": "赣服通平台技术管理规范", "published_on": "2026-10-01", "note": "",
            "items-TOTAL_FORMS": str(len(items)), "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "1",
            "items-MAX_NUM_FORMS": "100"}
    for i, (text, required) in enumerate(items):
        data[f"items-{i}-text"] = text
        if required:
            data[f"items-{i}-required"] = "on"
    data.update(extra)
    return data


def test_publish_a_version_with_its_checklist(db, reviewer, web):
    current = make_standard("2.0")
    items = [("统一身份认证接入", True), ("", True), ("办事指南完整", False), ("适老化与无障碍", True), ("", True)]
    response = web(reviewer).post(CREATE, standard_form(items=items))
    std = TechStandard.objects.get(version="3.0")
    assert response.status_code == 302
    assert response["Location"] == reverse("services:standard-detail", args=[std.pk])
    # Empty rows are ignored; the order is the order on the page; a new version is not in force yet.
    assert [(i.order, i.text, i.required) for i in std.items.all()] == [
        (1, "统一身份认证接入", True), (2, "办事指南完整", False), (3, "适老化与无障碍", True)]
    assert (std.in_force, std.created_by) == (False, reviewer)
    current.refresh_from_db()
    assert current.in_force is True


@pytest.mark.parametrize(("data", "where", "message"), [
    (standard_form(version="2.0"), "version", "Version 2.0 already exists."),
    (standard_form(items=[("", True), ("", True)]), "formset", "Please submit at least 1 form."),
    (standard_form(items=[("统一身份认证接入", True), ("统一身份认证接入", True)]), "item",
     "This check item is listed twice."),
    (standard_form(title=""), "title", "This field is required."),
])
def test_publish_rejects_bad_input(db, reviewer, web, english, data, where, message):
    make_standard("2.0")
    response = web(reviewer, language="en").post(CREATE, data)
    assert response.status_code == 400
    if where == "formset":
        assert message in response.context["formset"].non_form_errors()
    elif where == "item":
        assert message in response.context["formset"].forms[1].errors["text"]
    else:
        assert response.context["form"].errors[where] == [message]
    assert TechStandard.objects.count() == 1


def test_the_form_renders_with_a_row_template_for_more_items(db, reviewer, web):
    content = web(reviewer).get(CREATE).content.decode()
    assert 'id="item-row-template"' in content
    assert "items-__prefix__-text" in content
    assert 'id="id_items-TOTAL_FORMS"' in content
    assert "js/services.js" in content


def test_activate_puts_one_version_in_force(db, reviewer, web):
    old = make_standard("1.0")
    new = make_standard("2.0", in_force=False)
    response = web(reviewer).post(reverse("services:standard-activate", args=[new.pk]))
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.in_force, new.in_force) == (False, True)
    assert TechStandard.current() == new
    assert new.history.first().in_force is True
    assert old.history.first().in_force is False
    # Activating the version already in force changes nothing.
    web(reviewer).post(reverse("services:standard-activate", args=[new.pk]))
    assert list(TechStandard.objects.filter(in_force=True)) == [new]


def test_a_version_without_items_cannot_come_into_force(db, reviewer, web, english):
    current = make_standard("1.0")
    empty = TechStandard.objects.create(version="9.9", title="空版本", published_on="2026-01-01")
    response = web(reviewer, language="en").post(reverse("services:standard-activate", args=[empty.pk]),
                                                  follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["A version without check items cannot be put in force."]
    assert TechStandard.current() == current


def test_activation_needs_a_post(db, reviewer, web):
    std = make_standard("2.0", in_force=False)
    assert web(reviewer).get(reverse("services:standard-activate", args=[std.pk])).status_code == 405
    std.refresh_from_db()
    assert std.in_force is False


def test_detail_page_offers_activation_to_the_reviewer_only(db, reviewer, make_user, web):
    make_standard("1.0")
    new = make_standard("2.0", in_force=False, items=("统一身份认证接入",))
    url = reverse("services:standard-detail", args=[new.pk])
    content = web(reviewer).get(url).content.decode()
    assert 'id="activate-form"' in content and "data-confirm" in content
    submitter = make_user("donghu_submitter", "submitter", "360102")
    content = web(submitter).get(url).content.decode()
    assert 'id="activate-form"' not in content
    assert "统一身份认证接入" in content


def test_only_one_version_is_in_force_in_the_database(db):
    from django.db import IntegrityError, transaction

    make_standard("1.0")
    other = make_standard("2.0", in_force=False)
    other.in_force = True
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_activating_at_once_leave_one_version_in_force(django_db_serialized_rollback):
    versions = [make_standard(v, in_force=(v == "1.0"), items=("检查项",)) for v in ("1.0", "2.0", "3.0")]
    outcomes = run_at_once([lambda std=std: activate_standard(std.pk) for std in versions[1:]])
    problems = [o for o in outcomes if isinstance(o, BaseException)]
    assert problems == []
    in_force = list(TechStandard.objects.filter(in_force=True).values_list("version", flat=True))
    assert len(in_force) == 1 and in_force[0] in ("2.0", "3.0")
    assert StandardItem.objects.filter(standard__version__in=["2.0", "3.0"]).count() == 2
