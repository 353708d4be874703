"""The lists' searches are served by trigram indexes on PostgreSQL (issue 9; ganfutong_admin.core.trigram): the
index is on the very expression Django's icontains compiles to, so the planner can use it. Measured on 250,000
work orders: the search's count 62 → 14 ms, its first page 68 → 1.2 ms (docs/performance.md)."""

import pytest
from django.db import connection
from django.db.models import Q

from ganfutong_admin.core.trigram import index_name
from ganfutong_admin.workflow.models import Filing, Rectification
from maintenance.hotline.models import WorkOrder
from services.models import Service

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")]

V = "公积金"
SEARCHES = [
    (WorkOrder, Q(hotline_id__icontains=V) | Q(title__icontains=V), ["hotline_id", "title"]),
    (Filing, Q(reference__icontains=V) | Q(title__icontains=V), ["reference", "title"]),
    (Rectification, Q(title__icontains=V) | Q(description__icontains=V), ["title", "description"]),
    (Service, Q(name__icontains=V) | Q(code__icontains=V), ["name", "code"]),
]


@pytest.mark.parametrize("model, search, columns", SEARCHES, ids=lambda v: getattr(v, "__name__", ""))
def test_the_search_can_use_its_trigram_indexes(model, search, columns):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        present = {row[0] for row in cursor.fetchall()}
        assert {index_name(table, c) for c in columns} <= present
        # A test table is tiny, so the planner would scan it (or walk the index of its ordering) anyway: leave
        # it only bitmap scans, which a trigram index serves if it matches the expression of the query Django
        # sends (else the plan falls back to a sequential scan and the assertion below fails).
        for plan_kind in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{plan_kind} = off")
        plan = model.objects.filter(search).order_by().explain()
    for column in columns:
        assert index_name(table, column) in plan, plan
