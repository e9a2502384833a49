"""Indexing again what shows another record's name, when that record changes."""

from django.db import transaction

from wagtail.search import index


def reindex_on_commit(objects):
    """Index `objects` (a queryset, read at commit) again once the transaction commits."""

    def reindex():
        for obj in objects.all():
            index.insert_or_update_object(obj)

    transaction.on_commit(reindex)
