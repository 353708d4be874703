"""Money and counts are grouped the way the office writes them, 3,490,000.00 (issue 15, point 9); form
inputs, ids and years are never grouped."""

from decimal import Decimal

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def test_grouping_in_the_office_language():
    rendered = Template('{{ m|floatformat:"2g" }}|{{ n|floatformat:"g" }}|{{ n }}|{{ y }}').render(
        Context({"m": 3490000, "n": 12345, "y": 2026}))
    assert rendered == "3,490,000.00|12,345|12345|2026"


def test_an_exported_amount_is_a_grouped_number_not_text():
    from decimal import Decimal
    from io import BytesIO

    from openpyxl import load_workbook

    from ganfutong_admin.core.exports import workbook_bytes

    data = workbook_bytes([("金额（元）", lambda row: row)], [Decimal("3490000.00"), Decimal("-12.50")], "t")
    sheet = load_workbook(BytesIO(data)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [3490000, -12.5]  # numbers: Excel can sum them; "-12.50" is no formula
    assert {c.number_format for c in cells} == {"#,##0.00"}


@pytest.mark.parametrize("value, shown", [
    (12800, "12,800"), (999, "999"), (1234567, "1,234,567"), (-4200, "-4,200"),
    (Decimal("12800.50"), "12,800.50"), (97.14, "97.14"), (0, "0"),
    (True, True), (None, None), ("GFT-2026-000032", "GFT-2026-000032"),
])
def test_grouped_keeps_a_figures_decimals_and_leaves_text_alone(value, shown):
    from ganfutong_admin.core.templatetags.gft_numbers import grouped

    assert grouped(value) == shown
