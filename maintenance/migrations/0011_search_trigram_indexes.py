"""Trigram indexes for the list's search (issue 9; ganfutong_admin.core.trigram): PostgreSQL only."""

from django.db import migrations

from ganfutong_admin.core import trigram


class Migration(migrations.Migration):
    dependencies = [("maintenance", "0010_backfill_deadline_met")]

    operations = [trigram.indexes(("maintenance_workorder", "hotline_id"), ("maintenance_workorder", "title"))]
