"""Trigram indexes for the lists' searches (issue 9): a list's `q` is `icontains`, which Django compiles on
PostgreSQL to `UPPER("col"::text) LIKE UPPER('%…%')`; without an index that is a sequential scan, twice (the page
and its count). A GIN index on that very expression with pg_trgm's operator class lets the planner answer it
from the index, Chinese included (the database's C.UTF-8 ctype yields trigrams of CJK characters).

Used by the apps' migrations: `trigram.indexes(("maintenance_workorder", "title"), ...)`. Nothing is created on
SQLite, which keeps its plain LIKE. pg_trgm ships with PostgreSQL (Debian: postgresql-15) and is a trusted
extension: the database's owner may create it."""

from django.db import migrations


def index_name(table, column):
    return f"{table}_{column}_upper_trgm"[:63]


def indexes(*columns):
    """A RunPython operation creating (and on reverse dropping) one index per (table, column)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')

    return migrations.RunPython(create, drop)
