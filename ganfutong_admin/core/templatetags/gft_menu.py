"""The home of a role that handles no filings or rectifications lists the pages of its menu as cards."""

from django import template

register = template.Library()


@register.filter
def work_links(nav_items):
    """The entries of the menu the page already has (core.context_processors.navigation), but home itself, as
    (group label or "", label, url)."""
    links = []
    for item in nav_items or ():
        for child in item.get("children") or ():
            links.append((item["label"], child["label"], child["url"]))
        if not item.get("children") and item.get("url") not in (None, "/"):
            links.append(("", item["label"], item["url"]))
    return links
