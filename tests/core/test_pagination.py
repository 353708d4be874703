"""The list footer's page links (templates/components/pagination.html, issue 9): a bounded set of links however
many pages there are, the filters kept in every link, and the ellipsis never a link."""

import re

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def footer(count, number, query="status=open&q=%E5%85%AC"):
    page = Paginator(range(count), 25).page(number)
    request = RequestFactory().get(f"/maintenance/hotline/work-orders/?{query}&page={number}")
    return render_to_string("components/pagination.html", {"page_obj": page, "is_paginated": True},
                            request=request)


def links(html):
    return re.findall(r'<a class="page-link" href="([^"]+)"[^>]*>([^<]*)<', html)


@pytest.mark.parametrize("number", [1, 2, 250, 19999, 20000])
def test_twenty_thousand_pages_give_a_handful_of_links(number):
    html = footer(500_000, number)
    numbered = [text for _, text in links(html) if text.strip().isdigit()]
    items = html.count('class="page-item')
    # first/previous, 1 … two either side … 20000, next/last: never more than 13 items
    assert items <= 13, items
    assert f'aria-current="page"><span class="page-link">{number}</span>' in html
    if number > 4:
        assert '<a class="page-link" href="?status=open&amp;q=%E5%85%AC&amp;page=1">1</a>' in html
    if number < 19997:
        assert ">20000</a>" in html
    assert html.count("…") == (number > 4) + (number < 19997)
    assert "…</a>" not in html  # the ellipsis is not a link
    for href, _ in links(html):
        assert "status=open" in href and "q=%E5%85%AC" in href  # the filters stay
    assert len(numbered) <= 6


def test_a_short_list_shows_every_page():
    html = footer(26 * 5, 3)
    numbered = [int(text) for _, text in links(html) if text.strip().isdigit()]
    assert numbered == [1, 2, 4, 5, 6]
    assert "…" not in html
