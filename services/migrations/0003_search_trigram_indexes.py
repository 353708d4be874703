"""Trigram indexes for the list's search (issue 9; ganfutong_admin.core.trigram): PostgreSQL only."""

from django.db import migrations

from ganfutong_admin.core import trigram


class Migration(migrations.Migration):
    dependencies = [("services", "0002_update_filing_new_values")]

    operations = [trigram.indexes(("services_service", "name"), ("services_service", "code"))]
