"""Log lines hold only what the log format can show: a control character that a visitor typed (a user
name with a bell, a CR/LF that would forge a second line) is written as a visible escape."""

import logging
import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text):
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                  else f"\\u{ord(m.group()):04x}", text)


class EscapeControlCharacters(logging.Filter):
    """On a handler: the formatted message, escaped (tracebacks, added by the formatter, stay as they are)."""

    def filter(self, record):
        message = record.getMessage()
        escaped = escape_controls(message)
        if escaped != message:
            record.msg, record.args = escaped, None
        return True
