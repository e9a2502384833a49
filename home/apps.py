from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与网站设置"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
        from .admin_labels import label_wagtail_in_chinese
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        label_wagtail_in_chinese()
