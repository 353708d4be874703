"""Every page of every demo user's menu, in a browser (issue 15): for each demo user of the README's table, sign
in, read the menu from the rendered page's nav links and open each page. Each must answer 200, log no console
error, load every asset, and read Chinese: none of the English a template could leak ("None", "demo", the
framework's "Page not found" ...). One browser, one context per user."""

import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Ganfutong@2026"
# README.md, "Demo users".
DEMO_USERS = [
    "province_reviewer", "province_supervisor", "operator_publisher", "nanchang_submitter", "nanchang_admin",
    "donghu_admin", "jiujiang_admin", "donghu_submitter", "jiujiang_submitter", "dept_submitter", "auditor",
    "sys_admin", "sec_admin", "audit_admin", "province_supervisor2", "partner_submitter",
]
# English a Chinese page must never show (whole words, in the visible text).
LEAKS = re.compile(r"\b(None|demo|Demo|Page not found|Server Error|Traceback|Forbidden|TODO|True|False|null)\b")


def nav_links(page):
    hrefs = page.eval_on_selector_all("#main-nav [data-nav]", "els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if h and h.startswith("/")))


def test_every_menu_page_of_every_demo_user(browser, live_server):
    call_command("seed_demo", verbosity=0)
    problems = []
    walked = {}
    for username in DEMO_USERS:
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(30000)
        errors, failed = [], []
        page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        page.on("requestfailed", lambda req, failed=failed: failed.append(req.url))
        page.on("response", lambda resp, failed=failed: failed.append(f"{resp.status} {resp.url}")
                if resp.status >= 400 and "/static/" in resp.url else None)

        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("#login-submit")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        links = nav_links(page)
        walked[username] = links
        for url in ["/", *links]:
            errors.clear()
            failed.clear()
            response = page.goto(url)
            where = f"{username} {url}"
            if response is None or response.status != 200:
                problems.append(f"{where}: status {response.status if response else None}")
                continue
            page.wait_for_load_state("load")
            text = page.inner_text("body")
            leaks = sorted(set(LEAKS.findall(text)))
            if leaks:
                problems.append(f"{where}: English on the page {leaks}")
            if errors:
                problems.append(f"{where}: console errors {errors[:3]}")
            if failed:
                problems.append(f"{where}: failed requests {failed[:3]}")
        context.close()
    assert all(walked.values()), {u: links for u, links in walked.items() if not links}
    assert sum(len(links) for links in walked.values()) > 100
    assert not problems, "\n".join(problems)
