from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与网站设置"

    def ready(self):
        from .search import dictionary  # noqa: F401 - connects the dictionary's signal receivers
