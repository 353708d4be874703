"""Django's zh-hans formats, with the grouping the office writes money and counts in: 3,490,000.00.

Django ships zh-hans without a thousands separator, so `floatformat:"2g"` printed 3490000.00. Grouping
applies only where a template asks for it ("g", intcomma): ids and years are never grouped."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
