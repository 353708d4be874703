"""The page links of a list footer (templates/components/pagination.html): the first and last page, two on each
side of the current one and an ellipsis between. A province list has up to 20,000 pages; looping over every page
number to show five took 174 ms to render at page 250 (0.6 ms elided; docs/performance.md, issue 9)."""

from django import template

register = template.Library()


@register.filter
def elided_pages(page_obj):
    """1 … 4 5 [6] 7 8 … 20000: page numbers, and Paginator.ELLIPSIS where pages are left out."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
