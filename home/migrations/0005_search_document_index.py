from django.db import migrations

# The search backend matches a query against a row's title and body together
# (home/search/backend/postgres.py). Wagtail's GIN indexes on each column alone cannot answer that,
# and PostgreSQL's planner, which prices `title || body` like any cheap operator, reads and
# decompresses every row instead once a word is common (330 ms to count 党员 at 10,000 pages, 15 ms
# through this index). A PL/pgSQL function is never inlined, so the cost it declares stands.
FUNCTION = "home_search_document"
INDEX = "home_search_document_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(
        f"CREATE FUNCTION {FUNCTION}(title tsvector, body tsvector) RETURNS tsvector"
        " LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000"
        " AS $$ BEGIN RETURN title || body; END $$"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {table} USING GIN ({FUNCTION}(title, body))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(tsvector, tsvector)")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_seed_search_terms"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
