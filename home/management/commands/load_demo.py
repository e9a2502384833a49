from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from home.demo import demo_logins


class Command(BaseCommand):
    help = (
        "Loads the demo content once: creates what is missing, keeps what editors changed. "
        "Only on a demo site (DEMO_SITE=true, which `make run` writes to .env)."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_SITE:
            raise CommandError(
                "这里是正式站点（DEMO_SITE 未开启），不加载演示内容：它会把虚构的先锋人物和演示账号放上线。"
                "确实要搭演示站点，请在 .env 里写 DEMO_SITE=true（make run 就是这样做的）。"
            )
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if not app_config.path.startswith(str(settings.BASE_DIR)):
                    continue
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is not None:
                    import_module(module_name).load(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("演示内容已就绪"))
        logins = list(demo_logins())
        if logins:
            self.stdout.write("\n  演示账号（密码保存在 .env）：")
            for username, roles, password in logins:
                self.stdout.write(f"    {username:<10} {password:<14} {roles}")
            if settings.TWO_FACTOR_REQUIRED and settings.DEMO_SKIP_TWO_FACTOR:
                self.stdout.write(
                    "  演示账号登录免两步验证（.env 里的 DEMO_SKIP_TWO_FACTOR=true）；其他管理账号都要两步验证。"
                )
