"""Search terms jieba's own dictionary would cut apart: the towns and streets of Daye, the villages
and hamlet the article names, and the programme's terms."""

from django.db import migrations

from home.reference_data import seed_search_terms


class Migration(migrations.Migration):
    dependencies = [("home", "0003_search_terms")]

    operations = [migrations.RunPython(seed_search_terms, migrations.RunPython.noop)]
