"""When the search dictionary changes, everything holding one of its changed words is indexed again,
cut with the new dictionary (a query finds such text before that too, through its characters,
but ranks it as holding the word only after)."""

from wagtail.search.backends import get_search_backend

from django_tasks import task
from modelsearch.index import get_indexed_models, insert_or_update_object

from .segmenter import forget_dictionary_version


@task()
def reindex_objects_containing(words):
    forget_dictionary_version()  # this process may be a worker that cached the old one
    backend = get_search_backend()
    for model in get_indexed_models():
        if model._meta.parents:
            continue  # indexed through the root model, as the specific instance
        for word in words:
            for obj in backend.search(word, model._default_manager.all(), order_by_relevance=False):
                insert_or_update_object(obj)
