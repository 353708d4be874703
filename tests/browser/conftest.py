"""Headless Chromium (Debian's package) driven by Playwright against pytest-django's live server."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is required for the browser tests: run `make system-deps`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (own cookies) per user; fail the test on any CSP violation."""
    contexts = []
    problems = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.set_default_navigation_timeout(60000)  # a first page load on a loaded machine
        page.on("console", lambda msg: problems.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text else None)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, f"CSP violations in the browser console: {problems}"


@pytest.fixture
def login():
    def sign_in(page, username, password):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-submit")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return sign_in


SCREENSHOTS = os.path.join(os.path.dirname(__file__), "..", "..", "var", "screenshots")


@pytest.fixture
def shot():
    """shot(page, name): a full-page PNG under var/screenshots/ (looked at by whoever changes the page)."""
    os.makedirs(SCREENSHOTS, exist_ok=True)

    def take(page, name):
        path = os.path.join(SCREENSHOTS, f"{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def signed_in(new_page, login, make_user):
    """signed_in("donghu_submitter"): a fresh page signed in as the demo user of that name (ROLES.md: role and org
    unit as in tests/testsupport.PEOPLE), created on first use."""
    from django.contrib.auth import get_user_model
    from factories import PASSWORD
    from testsupport import PEOPLE

    def open_as(username, accept_dialogs=True):
        if not get_user_model().objects.filter(username=username).exists():
            role, code = PEOPLE[username]
            make_user(username, role, code)
        page = new_page()
        if accept_dialogs:
            page.on("dialog", lambda dialog: dialog.accept())
        login(page, username, PASSWORD)
        return page

    return open_as
