"""The Content-Security-Policy allows no inline styles or scripts: a `style="..."` attribute or an inline
<script> in a template is silently dropped by the browser (a chart container with an inline height stayed
0 px high, so the risk heat map never showed). Sizes and behaviour belong in static files."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_STYLE = re.compile(r"\sstyle\s*=\s*[\"']", re.I)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def offenders(pattern):
    found = []
    for path in TEMPLATES.rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()[:100]}")
    return found


def test_no_template_uses_an_inline_style_attribute():
    assert offenders(INLINE_STYLE) == []


def test_no_template_has_an_inline_script_or_event_handler():
    assert offenders(INLINE_SCRIPT) == []
    assert offenders(EVENT_HANDLER) == []
