"""When the search dictionary changes, everything holding one of its changed words is indexed again:
its text is cut differently now, and a query for the word asks the index for the whole word."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from wagtail.search.backends import get_search_backend

from django_tasks import task
from modelsearch.index import get_indexed_models, insert_or_update_object

from home.models import SearchTerm

from .segmenter import HAN, WORD, forget_dictionary_version, normalize


def characters_query(word):
    """The word as separate characters (digits and letters kept in runs): every index holds each
    Chinese character of a text on its own, so this finds whatever contains the word."""
    pieces = []
    for piece in WORD.findall(normalize(word)):
        pieces.extend(HAN.sub(r" \g<0> ", piece).split())
    return " ".join(pieces)


@task()
def reindex_objects_containing(words):
    backend = get_search_backend()
    for model in get_indexed_models():
        if model._meta.parents:
            continue  # indexed through the root model, as the specific instance
        for word in words:
            for obj in backend.search(
                characters_query(word), model._default_manager.all(), order_by_relevance=False
            ):
                insert_or_update_object(obj)


@receiver(pre_save, sender=SearchTerm)
def remember_previous_word(sender, instance, **kwargs):
    instance.previous_word = SearchTerm.objects.filter(pk=instance.pk).values_list("word", flat=True).first()


@receiver(post_save, sender=SearchTerm)
@receiver(post_delete, sender=SearchTerm)
def reindex_after_change(sender, instance, **kwargs):
    forget_dictionary_version()
    words = sorted({word for word in (getattr(instance, "previous_word", None), instance.word) if word})
    transaction.on_commit(partial(reindex_objects_containing.enqueue, words))
