"""Settings come from the environment, with a working embedded default when unset."""

import os
import subprocess
import sys

from django.conf import settings

SECRET = "x" * 60  # long and varied enough for check --deploy


def run_django(code, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base["DJANGO_SETTINGS_MODULE"] = "site_project.settings.production"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )


def settings_of(names, **env):
    code = "from django.conf import settings as s; " + "; ".join(f"print(repr(s.{n}))" for n in names)
    result = run_django(code, SECRET_KEY=SECRET, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_chinese_and_shanghai():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("pass", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_defaults_when_nothing_is_set():
    engine, cache, storage, serve_media = settings_of(
        [
            'DATABASES["default"]["ENGINE"]',
            'CACHES["default"]["BACKEND"]',
            'STORAGES["default"]["BACKEND"]',
            "SERVE_MEDIA",
        ]
    )
    assert engine == "'django.db.backends.sqlite3'"
    assert cache == "'django.core.cache.backends.locmem.LocMemCache'"
    assert storage == "'django.core.files.storage.FileSystemStorage'"
    assert serve_media == "True"


def test_database_redis_and_object_storage_from_the_environment():
    engine, name, cache, sessions, storage, serve_media = settings_of(
        [
            'DATABASES["default"]["ENGINE"]',
            'DATABASES["default"]["NAME"]',
            'CACHES["default"]["LOCATION"]',
            "SESSION_ENGINE",
            'STORAGES["default"]["BACKEND"]',
            "SERVE_MEDIA",
        ],
        DATABASE_URL="postgres://tongdu:pw@db.internal:5432/tongdu",
        REDIS_URL="redis://cache.internal:6379/0",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="tongdu-media",
    )
    assert engine == "'django.db.backends.postgresql'"
    assert name == "'tongdu'"
    assert cache == "'redis://cache.internal:6379/0'"
    assert sessions == "'django.contrib.sessions.backends.cache'"
    assert storage == "'storages.backends.s3.S3Storage'"
    assert serve_media == "False"


def test_production_passes_the_deployment_checklist():
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        SECRET_KEY="k3#Fv9!qP2zR8mW5xL1tY7cB4nH6jD0sG" * 2,
        ALLOWED_HOSTS="tongdu.example.cn",
    )
    assert result.returncode == 0, result.stderr
