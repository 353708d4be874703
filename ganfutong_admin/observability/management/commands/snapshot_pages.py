"""The content of a few main pages of several roles, as the demo users see them: the backup drill compares the
snapshots taken before the backup and after the restore, and the upgrade check demands every page answer 200."""

import hashlib
import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse

# (demo user, URL names): the shell, the kernel's lists, the security log, a chapter page or two.
PAGES = (
    ("province_reviewer", ("core:home", "workflow:filing-list", "workflow:rectification-list")),
    ("nanchang_submitter", ("core:home", "workflow:filing-list")),
    ("province_supervisor", ("core:home",)),
    ("audit_admin", ("audit:event-list",)),
)
# What changes from one rendering to the next whatever the data: CSRF tokens.
VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")|(csrf[_-]?token["\']?\s*[:=]\s*["\'])[^"\']*')


def snapshot(extra_urls=()):
    """Rendered inside a transaction that is rolled back: signing in (last login, the security log's login event,
    the session) leaves no trace, so two snapshots of the same data are identical."""
    # Nor does a sign-in of its own show on the pages: the login signal's receivers (the login event, last_login)
    # are off while it renders; sequences are not rolled back, so the event's number would differ each time.
    saved = user_logged_in.receivers
    user_logged_in.receivers = []
    user_logged_in.sender_receivers_cache.clear()
    try:
        with transaction.atomic():
            result = _render(extra_urls)
            transaction.set_rollback(True)
    finally:
        user_logged_in.receivers = saved
        user_logged_in.sender_receivers_cache.clear()
    return result


def _render(extra_urls):
    User = get_user_model()
    pages, failures = {}, []
    for username, names in PAGES:
        user = User.objects.filter(username=username).first()
        if user is None:
            failures.append(f"{username}: no such demo user")
            continue
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url in [reverse(name) for name in names] + list(extra_urls):
            response = client.get(url)
            body = VOLATILE.sub(lambda m: (m.group(1) or m.group(3) or "") + "…" + (m.group(2) or ""),
                                response.content.decode("utf-8", "replace"))
            pages[f"{username} {url}"] = {"status": response.status_code,
                                          "sha256": hashlib.sha256(body.encode()).hexdigest(), "length": len(body)}
            if response.status_code != 200:
                failures.append(f"{username} {url}: HTTP {response.status_code}")
    return pages, failures


class Command(BaseCommand):
    help = "Render the main pages of several demo users; write their checksums as JSON; fail on any non-200 page."

    def add_arguments(self, parser):
        parser.add_argument("output", help="JSON file to write ('-' for stdout)")
        parser.add_argument("--compare", help="an earlier snapshot: fail if any page differs from it")

    def handle(self, output, compare=None, **options):
        pages, failures = snapshot()
        text = json.dumps(pages, indent=2, sort_keys=True, ensure_ascii=False)
        if output == "-":
            self.stdout.write(text)
        else:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text + "\n")
        if failures:
            raise CommandError("Pages that did not answer 200:\n" + "\n".join(failures))
        if compare:
            with open(compare, encoding="utf-8") as f:
                before = json.load(f)
            differing = sorted(k for k in set(before) | set(pages) if before.get(k) != pages.get(k))
            if differing:
                raise CommandError("Pages that differ from the snapshot:\n" + "\n".join(differing))
            self.stdout.write(self.style.SUCCESS(f"{len(pages)} pages identical to {compare}."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(pages)} pages rendered."))
