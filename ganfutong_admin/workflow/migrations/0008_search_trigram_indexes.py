"""Trigram indexes for the list's search (issue 9; ganfutong_admin.core.trigram): PostgreSQL only."""

from django.db import migrations

from ganfutong_admin.core import trigram


class Migration(migrations.Migration):
    dependencies = [("workflow", "0007_backfill_deadline_met")]

    operations = [trigram.indexes(("workflow_filing", "reference"), ("workflow_filing", "title"),
                                  ("workflow_rectification", "title"), ("workflow_rectification", "description"))]
