from django.apps import AppConfig


class LecturesConfig(AppConfig):
    name = "lectures"
    verbose_name = "宣讲"
