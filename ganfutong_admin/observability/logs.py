"""Structured logs: one JSON object a line (production), each record with the request id of the request or task
it belongs to. The handlers keep the project's filters (privacy.redaction, core.logfilters), so a JSON line hides
personal data exactly as the readable format does."""

import json
import logging
from datetime import UTC, datetime

from ganfutong_admin.privacy.redaction import redact

from .context import current_request_id

# Attributes every LogRecord has: whatever else a caller passed with `extra=` is a field of the JSON line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (empty outside a request or a task) to every record."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", "request_id", ...extra fields, "exception"} on one line."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, int | float | bool | type(None)) else redact(str(value))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The readable default (embedded mode): the message, then the request id when there is one."""

    def format(self, record):
        text = super().format(record)
        request_id = getattr(record, "request_id", "")
        return f"{text} [{request_id}]" if request_id else text
