"""PostgreSQL: the case search's tsvector kept as a column generated from the tokens, the
GIN index over that column instead of over the expression, so that a row's check (a
lossy bitmap's recheck, a scan's filter) reads the vector and never recomputes it.
SQLite's FTS5 index is unchanged."""

from django.db import migrations

TABLE = "enforcement_casesearch"
VECTOR = "array_to_tsvector(string_to_array(tokens, ' '))"

FORWARD = [
    f"DROP INDEX IF EXISTS {TABLE}_gin",
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS vector tsvector "
    f"GENERATED ALWAYS AS ({VECTOR}) STORED",
    f"CREATE INDEX {TABLE}_gin ON {TABLE} USING gin (vector)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {TABLE}_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector",
    f"CREATE INDEX {TABLE}_gin ON {TABLE} USING gin ({VECTOR})",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0018_case_tallies"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
