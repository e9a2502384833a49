"""Wagtail's database search backend, with Chinese cut into words on the way in and out.

Set as WAGTAILSEARCH_BACKENDS["default"]; the site search, the admin and /api/v2/pages/?search=
all go through it. Indexed text is cut by the Segmenter before SQLite FTS5 or PostgreSQL sees it,
and a query's plain text is cut the same way; a match in the title outranks any match in the body.
"""

from django.db import connection


def SearchBackend(params):  # noqa: N802 - Wagtail imports a backend module's SearchBackend
    """The backend for the default database: each module imports models only its database has."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    from .sqlite import SQLiteSearchBackend

    return SQLiteSearchBackend(params)
