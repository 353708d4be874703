"""The request id of what this thread (or task) is doing now: set by the request middleware and by a task's
start (from its message headers), read by the log filter and by the task publisher."""

import contextvars
import re
import uuid

request_id_var = contextvars.ContextVar("ganfutong_request_id", default="")

# A caller's X-Request-ID is kept only if it is a plain token (no spaces, quotes, control characters or log
# syntax) of reasonable length; anything else is replaced by a generated one.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
HEADER = "X-Request-ID"
TASK_HEADER = "request_id"


def new_request_id():
    return uuid.uuid4().hex


def accepted_request_id(value):
    """The caller's id when it is safe to log and return, else a new one."""
    if value and SAFE_REQUEST_ID.fullmatch(value):
        return value
    return new_request_id()


def current_request_id():
    return request_id_var.get()
