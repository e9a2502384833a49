from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"
    verbose_name = "先锋人物与专栏"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
