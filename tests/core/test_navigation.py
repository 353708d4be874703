"""The navigation follows the role: a menu appears only with the pages its user may open."""

import re

from ganfutong_admin.core.context_processors import navigation


def labels(user):
    out = []
    for item in navigation(user, "/"):
        out.append(str(item["label"]))
        out.extend(f"{item['label']}/{child['label']}" for child in item.get("children", []))
    return out


def test_a_county_submitter_gets_the_maintenance_menu_with_its_pages(make_user, english):
    nav = labels(make_user("donghu", "submitter", "360102"))
    assert {"Operation and maintenance/12345 work orders", "Operation and maintenance/Fault reports"} <= set(nav)
    assert "Security log" not in nav and "Working-day calendar" not in nav


def test_a_system_role_gets_no_maintenance_menu(make_user, english):
    nav = labels(make_user("sysadmin", "sys_admin", "360000"))
    assert not any("/" in label for label in nav)
    assert "Working-day calendar" in nav


def test_the_menu_marks_the_current_page_and_renders_as_a_dropdown(make_user, web):
    user = make_user("donghu", "submitter", "360102")
    html = web(user).get("/maintenance/faults/").content.decode()
    assert 'class="nav-link dropdown-toggle active"' in html
    assert re.search(r'class="dropdown-item active" href="/maintenance/faults/"', html)
