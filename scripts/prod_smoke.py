"""make prod-smoke: the production stack as an operator runs it, exercised over HTTP (issue 16, point 2).

gunicorn, a Celery worker and beat run as real processes with DJANGO_ENV=production on this machine's
PostgreSQL and Redis. A submitter gets an API token, creates a filing (the page form: filings are created in
the app) and submits it over the API; a reviewer approves it over the API; the worker, and only the worker,
sends the notification e-mails (the web processes write mail to another directory, which must stay empty);
the public feed and /healthz answer. Fails on any 5xx, on a task the worker did not execute, or after 3 minutes.
"""

import email
import email.policy
import json
import re
import secrets
import signal
import sys
import time

from prodstack import PASSWORD, CheckFailed, Client, Stack, check, hidden_inputs, log

SUBMITTER = ("smoke_submitter", "360100", "submitter", "smoke.submitter@smoke.invalid")
REVIEWER = ("smoke_reviewer", "360000", "reviewer", "smoke.reviewer@smoke.invalid")
BUDGET_SECONDS = 180
# Production enforces the second factor: the reviewer's authenticator, with a key made for this run.
REVIEWER_TOTP_KEY = secrets.token_hex(20)


def enrol_reviewer(stack):
    stack.manage("shell", "-c", (
        "from django_otp.plugins.otp_totp.models import TOTPDevice; "
        "from ganfutong_admin.accounts.models import User; "
        f"TOTPDevice.objects.create(user=User.objects.get(username={REVIEWER[0]!r}), name='smoke', "
        f"key={REVIEWER_TOTP_KEY!r}, confirmed=True)"
    ))


def reviewer_code():
    from django_otp.oath import totp  # pure Python: no Django set-up needed

    return f"{totp(bytes.fromhex(REVIEWER_TOTP_KEY)):06d}"


def mails(directory):
    found = []
    for path in sorted(directory.glob("*.log")) if directory.exists() else []:
        # The file backend writes each message followed by a line of 79 dashes.
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk.strip() + b"\n", policy=email.policy.default))
    return found


def body(message):
    return message.get_body(("plain",)).get_content()


def subject(message):
    return str(message["Subject"])


def smoke(stack):
    started = time.monotonic()
    port = stack.ports[0]
    stack.start_gunicorn("web", port)
    stack.start_worker()
    stack.start_beat()
    stack.wait_healthy(port)
    stack.wait_worker_ready()
    stack.wait_for("beat to lead", lambda: "is the leader" in stack.read_log("beat"), timeout=60)
    log("gunicorn, worker and beat are up")

    submitter = Client(port)
    response = submitter.obtain_token(SUBMITTER[0])
    check(response.status == 201, f"token: {response.status} {response.text}")
    submitter.token = response.json()["token"]
    orgs = submitter.get("/api/v1/org-units/?page_size=100")
    check(orgs.status == 200, f"org units: {orgs.status}")
    org_id = next(o["id"] for o in orgs.json()["results"] if o["code"] == SUBMITTER[1])

    # Filings are created through the app's form (there is no create endpoint in the API).
    submitter.login(SUBMITTER[0])
    form = submitter.get("/new-app-exceptions/new/", auth=False)
    check(form.status == 200, f"filing form: {form.status}")
    title = f"生产冒烟测试：独立APP例外申请 {int(time.time())}"
    created = submitter.post("/new-app-exceptions/new/", auth=False, form={
        **hidden_inputs(form.text), "title": title, "owner_org": org_id, "app_name": "冒烟测试APP",
        "app_type": "app", "justification": "生产环境冒烟测试：需要离线能力，赣服通暂不支持。",
        "planned_launch": "2027-06-30",
    })
    check(created.status == 302, f"filing creation: {created.status} {created.text[:1500]}")
    filing_id = int(re.search(r"/filings/(\d+)/", created.header("Location")).group(1))
    filing = submitter.get(f"/api/v1/filings/{filing_id}/").json()
    check(filing["status"] == "draft" and filing["title"] == title, f"created filing: {filing}")
    log(f"created filing {filing['reference']} (id {filing_id})")

    submitted = submitter.post(f"/api/v1/filings/{filing_id}/transitions/",
                               {"action": "submit", "version": filing["version"]})
    check(submitted.status == 200 and submitted.json()["status"] == "submitted",
          f"submit: {submitted.status} {submitted.text}")
    stale = submitter.post(f"/api/v1/filings/{filing_id}/transitions/",
                           {"action": "submit", "version": filing["version"]})
    check(stale.status == 409, f"a stale version must be 409, not {stale.status}")

    reviewer = Client(port, client_ip="203.0.113.20")
    unverified = reviewer.obtain_token(REVIEWER[0])
    check(unverified.status == 201, f"reviewer token: {unverified.status}")
    reviewer.token = unverified.json()["token"]
    refused = reviewer.get("/api/v1/filings/")
    check(refused.status == 403, f"a reviewer's token without the second factor must be 403, not {refused.status}")
    response = reviewer.post("/api/v1/auth/token/", {"username": REVIEWER[0], "password": PASSWORD,
                                                     "otp": reviewer_code()}, auth=False)
    check(response.status == 201, f"reviewer token with the second factor: {response.status} {response.text}")
    reviewer.token = response.json()["token"]
    approved = reviewer.post(f"/api/v1/filings/{filing_id}/transitions/", {
        "action": "approve", "version": submitted.json()["version"],
        "comment": "冒烟测试：同意作为例外建设。",
    })
    check(approved.status == 200 and approved.json()["status"] == "approved",
          f"approve: {approved.status} {approved.text}")
    log(f"submitted and approved {filing['reference']}")

    def approval_mail():
        for message in mails(stack.mail_dir):
            if message["To"] == SUBMITTER[3] and filing["reference"] in subject(message):
                return message
        return None

    message = stack.wait_for("the approval e-mail", approval_mail, timeout=60)
    check("冒烟测试：同意作为例外建设。" in body(message), f"approval mail body: {body(message)}")
    to_reviewer = [m for m in mails(stack.mail_dir) if m["To"] == REVIEWER[3]]
    check(to_reviewer, "the reviewer was not told of the submission")
    check(not mails(stack.web_mail_dir), "a web process sent mail itself: tasks ran eagerly")
    worker_log = stack.read_log("worker")
    done = re.findall(r"Task ganfutong_admin\.notifications\.tasks\.send_notification_emails\[[^\]]+\] "
                      r"succeeded in [0-9.]+s: (\d+)", worker_log)
    check(len(done) >= 2 and sum(int(n) for n in done) >= 2,
          f"the worker did not execute the notification tasks:\n{worker_log[-3000:]}")
    log(f"worker sent {sum(int(n) for n in done)} e-mails in {len(done)} tasks: «{subject(message)}»")

    feed = Client(port).get("/public/announcements.json")
    check(feed.status == 200 and feed.header("Content-Type").startswith("application/json"),
          f"public feed: {feed.status}")
    check(isinstance(json.loads(feed.body)["announcements"], list), f"feed body: {feed.text[:300]}")
    atom = Client(port).get("/public/announcements.atom")
    check(atom.status == 200, f"atom feed: {atom.status}")
    stack.wait_healthy(port)
    home = submitter.get("/", auth=False)
    check(home.status == 200, f"home page: {home.status}")
    log("public feeds, /healthz and the home page answer")

    stack.assert_no_5xx("web")
    for name in ("web", "worker", "beat"):
        check(stack.alive(name), f"{name} died:\n{stack.read_log(name)[-3000:]}")
    for name in ("beat", "worker", "web"):
        code = stack.stop(name)
        check(code == 0, f"{name} did not stop cleanly (exit {code}):\n{stack.read_log(name)[-2000:]}")
    check(not re.search(r"ERROR/|Traceback", stack.read_log("worker")), "the worker logged an error")
    elapsed = time.monotonic() - started
    check(elapsed < BUDGET_SECONDS, f"the smoke took {elapsed:.0f} s (budget {BUDGET_SECONDS} s)")
    log(f"prod-smoke passed: {elapsed:.0f} s from the processes' start to their stop")


def main(argv):
    """`prod_smoke.py` runs the smoke; `--scale-out` then runs scripts/scale_out_check.py on the same database
    (one migrate for both: on a busy CI machine it is the slowest step); `--only-scale-out` runs that alone."""
    import scale_out_check

    started = time.monotonic()
    accounts = [SUBMITTER, REVIEWER, *scale_out_check.ACCOUNTS]
    with Stack("prodcheck") as stack:
        stack.prepare(accounts)
        enrol_reviewer(stack)
        log(f"prepared in {time.monotonic() - started:.0f} s")
        if "--only-scale-out" not in argv:
            smoke(stack)
        if "--scale-out" in argv or "--only-scale-out" in argv:
            scale_out_check.scale_out(stack)
    log(f"all live checks passed in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    # Stopped from outside (CI's timeout, Ctrl-C): still stop the processes and drop the database on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        main(sys.argv[1:])
    except CheckFailed as exc:
        print(f"prod-smoke FAILED: {exc}", file=sys.stderr)
        sys.exit(1)
