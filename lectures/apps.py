from django.apps import AppConfig


class LecturesConfig(AppConfig):
    name = "lectures"
    verbose_name = "宣讲"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
