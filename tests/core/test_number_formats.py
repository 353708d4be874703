"""Money and counts are grouped the way the office writes them, 3,490,000.00 (issue 15, point 9); form
inputs, ids and years are never grouped."""

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def test_grouping_in_the_office_language():
    rendered = Template('{{ m|floatformat:"2g" }}|{{ n|floatformat:"g" }}|{{ n }}|{{ y }}').render(
        Context({"m": 3490000, "n": 12345, "y": 2026}))
    assert rendered == "3,490,000.00|12,345|12345|2026"
