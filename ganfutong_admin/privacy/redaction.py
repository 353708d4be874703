"""Personal data never reaches a log in clear (第二十一条): not the access log of the development server, not
the request warnings, not the query an export is written to the security log with.

- `redact_query(querystring)`: the values of parameters that carry what a user searched for (q, phone, names,
  ID numbers...) are replaced by "***"; any other value has its phone and ID numbers masked.
- `redact(text)`: the same for every query string inside a log line, and every phone or ID number anywhere in it.
- `RedactPersonalData`: the logging filter that applies `redact` to each record (settings.LOGGING).
"""

import logging
import re
from urllib.parse import unquote_plus

from .text import mask_free_text

# Parameters whose value is what a user typed to find a person or a text: never logged at all.
SECRET_PARAMETERS = frozenset({
    "q", "search", "phone", "mobile", "tel", "id_number", "idcard", "id_card", "name", "citizen_name",
    "citizen_phone", "citizen_id_number", "contact", "contact_phone",
})
HIDDEN = "***"
QUERY_IN_TEXT = re.compile(r"\?([^\s\"'#]*)")


def _parameter(pair):
    name, sep, value = pair.partition("=")
    if not sep:
        return pair
    if unquote_plus(name).lower() in SECRET_PARAMETERS:
        return f"{name}={HIDDEN}" if value else pair
    plain = unquote_plus(value)
    return f"{name}={HIDDEN}" if mask_free_text(plain) != plain else pair


def redact_query(querystring):
    """The query string with searched-for values hidden and personal numbers in any other value hidden."""
    if not querystring:
        return querystring or ""
    return "&".join(_parameter(pair) for pair in str(querystring).split("&"))


def redact(text):
    text = QUERY_IN_TEXT.sub(lambda m: "?" + redact_query(m.group(1)), str(text))
    return mask_free_text(text)


class RedactPersonalData(logging.Filter):
    """Rewrites a record's message with personal data hidden (never drops a record)."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a malformed record is logging's business, not ours
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
