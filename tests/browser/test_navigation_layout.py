"""The main menu on a 1280 px screen (the office's usual laptop): a reviewer's eleven entries each stay on one line.
Before, the menu squeezed them until 工作台 read one character a line (seen in the issue-15 screenshots)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1024, 1280, 1440])
def test_every_menu_entry_stays_on_one_line(signed_in, width):
    page = signed_in("province_reviewer")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/filings/")
    boxes = page.eval_on_selector_all(
        "#main-nav > li > .nav-link",
        "els => els.map(e => [e.textContent.trim(), e.getBoundingClientRect().height,"
        " parseFloat(getComputedStyle(e).lineHeight)])")
    assert len(boxes) >= 10
    for label, height, line in boxes:
        assert height < 2 * line, f"{label!r} wraps at {width} px: {height:.0f} px high, line {line:.0f} px"
