"""Markup in an announcement never reaches the page, the JSON or the Atom feed unescaped (raw responses)."""

import json
import re

import pytest
from factories_announcements import AnnouncementFactory

from ganfutong_admin.announcements.models import Announcement

ATTACK_BODY = (
    '<p>正文开始</p><script>alert("body-script")</script>'
    '<img src="x" onerror="alert(\'img-onerror\')">'
    '<a href="javascript:alert(\'js-link\')">点我</a>'
    '<a href="https://www.jiangxi.gov.cn/" onclick="steal()">江西省人民政府</a>'
    '<p style="background:url(javascript:alert(1))" onmouseover="hover()">样式</p>'
    '<iframe src="https://evil.example/"></iframe><svg onload="alert(1)"></svg>'
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT><p>正文结束</p>'
)
ATTACK_TITLE = '<script>stealTitle("x")</script>停机公告'

# What must not appear anywhere in a raw response (case-insensitive).
FORBIDDEN = ["<script", "onerror", "onclick", "onmouseover", "onload", "javascript:", "<iframe", "<svg", "<img",
             "style=", "evil.example", "alert("]


def assert_clean(raw, where):
    lowered = raw.lower()
    for needle in FORBIDDEN:
        assert needle not in lowered, f"{needle!r} reached {where}"


def assert_page_clean(raw, where):
    """An HTML page: the site's own script files are the only <script> elements allowed."""
    own_scripts = re.compile(r'<script src="/static/[\w./-]+"></script>')
    assert_clean(own_scripts.sub("", raw), where)


@pytest.fixture
def attack(db):
    return AnnouncementFactory(title=ATTACK_TITLE, body=ATTACK_BODY, public=True)


def test_the_body_is_sanitized_when_saved(attack):
    stored = Announcement.objects.get(pk=attack.pk).body
    assert_clean(stored, "the database")
    assert "<p>正文开始</p>" in stored and "<p>正文结束</p>" in stored
    assert '<a href="https://www.jiangxi.gov.cn/" rel="noopener noreferrer">江西省人民政府</a>' in stored


def test_a_body_slipped_in_without_save_is_sanitized_on_the_way_out(anonymous, attack, publisher, web):
    """.update() bypasses save(): the views sanitize again, so raw SQL or a bulk write cannot inject either."""
    Announcement.objects.filter(pk=attack.pk).update(body=ATTACK_BODY)
    responses = {
        "json": anonymous.get("/public/announcements.json").content.decode(),
        "atom": anonymous.get("/public/announcements.atom").content.decode(),
        "public page": anonymous.get(f"/public/announcements/{attack.pk}/").content.decode(),
    }
    responses["back-office page"] = web(publisher).get(f"/announcements/{attack.pk}/").content.decode()
    for where, raw in responses.items():
        # The title is shown as text: escaped (&lt;script&gt; in HTML/XML, \u003Cscript\u003E in JSON).
        (assert_page_clean if "page" in where else assert_clean)(raw, where)
        assert "正文开始" in raw and "正文结束" in raw, where


def test_json_escapes_markup_characters_and_stays_valid(anonymous, attack):
    raw = anonymous.get("/public/announcements.json").content.decode()
    assert "<" not in raw and ">" not in raw  # even sanitized <p> is written \u003Cp\u003E
    [row] = json.loads(raw)["announcements"]
    assert row["title"] == ATTACK_TITLE  # decodes to the original text for a consumer that escapes it itself
    assert row["body_html"].startswith("<p>正文开始</p>")
    assert_clean(row["body_html"], "body_html")


def test_atom_carries_the_body_as_escaped_html(anonymous, attack):
    raw = anonymous.get("/public/announcements.atom").content.decode()
    assert '&lt;script&gt;stealTitle("x")&lt;/script&gt;停机公告' in raw  # XML text: < and & escaped
    assert "&lt;p&gt;正文开始&lt;/p&gt;" in raw
    assert_clean(raw, "atom")  # nothing of the body's attack survives, not even escaped


def test_pages_escape_the_title(anonymous, attack, publisher, web):
    for raw in (web(publisher).get(f"/announcements/{attack.pk}/").content.decode(),
                web(publisher).get("/announcements/").content.decode(),
                anonymous.get(f"/public/announcements/{attack.pk}/").content.decode()):
        assert "&lt;script&gt;stealTitle(&quot;x&quot;)&lt;/script&gt;停机公告" in raw
        assert not re.search(r"<script>steal", raw, re.IGNORECASE)
        assert_page_clean(raw, "a page")


def test_the_form_strips_markup_and_refuses_a_body_left_empty(publisher, web):
    client = web(publisher)
    data = {"owner_org": str(publisher.org_unit_id), "title": "维护公告", "category": "maintenance",
            "body": ATTACK_BODY}
    response = client.post("/announcements/new/", data)
    assert response.status_code == 302
    saved = Announcement.objects.get(title="维护公告")
    assert_clean(saved.body, "a saved draft")

    response = client.post("/announcements/new/", {**data, "title": "空公告",
                                                      "body": "<script>alert(1)</script><img src=x onerror=y>"})
    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert not Announcement.objects.filter(title="空公告").exists()


def test_the_api_strips_markup(publisher, api):
    response = api(publisher).post("/api/v1/announcements/", {"title": "接口公告", "category": "fault",
                                                               "body": ATTACK_BODY}, format="json")
    assert response.status_code == 201, response.content
    assert_clean(response.json()["body"], "the API response")
    assert_clean(Announcement.objects.get(title="接口公告").body, "an API-created draft")
