"""Settings come from the environment, with a working embedded default when unset."""

import os
import subprocess
import sys

from django.conf import settings

import pytest

SECRET = "x" * 60  # long and varied enough for check --deploy


def run_django(code, setup=True, **env):
    """Runs code in a Python process of its own on production settings; with setup, after Django has
    loaded its apps (seconds), as a server does."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base["DJANGO_SETTINGS_MODULE"] = "site_project.settings.production"
    base["SITE_URL"] = "https://tongdu.example.cn"  # required there
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}" if setup else code],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )


def settings_of(names, **env):
    code = "from django.conf import settings as s; " + "; ".join(f"print(repr(s.{n}))" for n in names)
    result = run_django(code, setup=False, SECRET_KEY=SECRET, **env)  # reading settings loads no app
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_chinese_and_shanghai():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.slow  # Django processes of its own
def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("pass", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow  # Django processes of its own
def test_production_refuses_to_start_without_site_url_from_which_the_admin_and_api_urls_default():
    result = run_django("pass", SECRET_KEY=SECRET, SITE_URL="")
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr
    names = ["SITE_URL", "WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL"]
    assert settings_of(names, SITE_URL="https://www.example.cn/") == ["'https://www.example.cn'"] * 3
    assert settings_of(
        names, SITE_URL="https://www.example.cn", WAGTAILADMIN_BASE_URL="https://admin.example.cn"
    ) == [
        "'https://www.example.cn'",
        "'https://admin.example.cn'",
        "'https://www.example.cn'",
    ]


@pytest.mark.slow  # Django processes of its own
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
    assert cache == "'django.core.cache.backends.filebased.FileBasedCache'"
    assert storage == "'django.core.files.storage.FileSystemStorage'"
    assert serve_media == "True"


@pytest.mark.slow  # Django processes of its own
def test_database_redis_and_object_storage_from_the_environment():
    engine, name, cache, sessions, storage, serve_media, media_origins, documents = settings_of(
        [
            'DATABASES["default"]["ENGINE"]',
            'DATABASES["default"]["NAME"]',
            'CACHES["default"]["LOCATION"]',
            "SESSION_ENGINE",
            'STORAGES["default"]["BACKEND"]',
            "SERVE_MEDIA",
            "MEDIA_ORIGINS",
            "WAGTAILDOCS_SERVE_METHOD",
        ],
        DATABASE_URL="postgres://tongdu:pw@db.internal:5432/tongdu",
        REDIS_URL="redis://cache.internal:6379/0",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="tongdu-media",
        AWS_S3_ENDPOINT_URL="https://oss-cn-hangzhou.aliyuncs.com",
        AWS_S3_ADDRESSING_STYLE="virtual",
    )
    assert engine == "'django.db.backends.postgresql'"
    assert name == "'tongdu'"
    assert cache == "'redis://cache.internal:6379/0'"
    assert sessions == "'django.contrib.sessions.backends.cached_db'"
    assert storage == "'site_project.object_storage.MediaStorage'"
    assert serve_media == "False"
    assert media_origins == "['https://tongdu-media.oss-cn-hangzhou.aliyuncs.com']"  # virtual style
    assert documents == "'serve_view'"


@pytest.mark.slow  # Django processes of its own
def test_object_storage_without_an_endpoint_refuses_to_start():
    result = run_django("pass", SECRET_KEY=SECRET, MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="tongdu-media")
    assert result.returncode != 0
    assert "Set the AWS_S3_ENDPOINT_URL environment variable" in result.stderr


@pytest.mark.slow  # Django processes of its own
def test_production_passes_the_deployment_checklist(tmp_path):
    result = run_django(
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, databases=['default'], fail_level='WARNING')",
        SECRET_KEY="k3#Fv9!qP2zR8mW5xL1tY7cB4nH6jD0sG" * 2,
        ALLOWED_HOSTS="tongdu.example.cn",
        EMAIL_URL="smtp+tls://noreply%40example.cn:pw@smtp.example.cn:587",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        DEMO_SITE="false",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow  # Django processes of its own
def test_the_deployment_checklist_warns_while_mail_only_goes_to_files():
    result = run_django(
        "from django.core.management import call_command; call_command('check', deploy=True)",
        SECRET_KEY="k3#Fv9!qP2zR8mW5xL1tY7cB4nH6jD0sG" * 2,
        ALLOWED_HOSTS="tongdu.example.cn",
    )
    assert "home.W001" in result.stderr + result.stdout


@pytest.mark.slow  # Django processes of its own
def test_mail_goes_through_smtp_from_email_url_and_into_files_without_it(tmp_path):
    backend, host, port, tls, user = settings_of(
        ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_HOST_USER"],
        EMAIL_URL="smtp+tls://noreply%40example.cn:pw@smtp.example.cn:587",
    )
    assert (backend, host, port, tls, user) == (
        "'django.core.mail.backends.smtp.EmailBackend'",
        "'smtp.example.cn'",
        "587",
        "True",
        "'noreply@example.cn'",
    )
    result = run_django(
        "from django.core.mail import send_mail; send_mail('审核提醒', '有一篇稿件等待您审核。', None, ['chushen@example.com'])",
        SECRET_KEY=SECRET,
        EMAIL_FILE_PATH=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    (written,) = tmp_path.iterdir()
    assert "chushen@example.com" in written.read_text()
    assert "有一篇稿件等待您审核。" in written.read_text()  # the body as written, for an editor to read


@pytest.mark.slow  # Django processes of its own
def test_a_mistyped_network_or_proxy_is_a_check_error_not_a_crash():
    result = run_django(
        "from django.core.management import call_command; call_command('check')",
        SECRET_KEY=SECRET,
        ADMIN_ALLOWED_NETWORKS="10.12.0.0/16,10.0.0.0/33",
        TRUSTED_PROXIES="127.0.0.1,nginx",
    )
    assert result.returncode != 0
    assert "ADMIN_ALLOWED_NETWORKS holds '10.0.0.0/33', which is not an IP network" in result.stderr
    assert "TRUSTED_PROXIES holds 'nginx', which is not an IP address" in result.stderr


@pytest.mark.slow  # Django processes of its own
def test_admins_come_from_the_environment_and_a_mistyped_one_is_a_check_error():
    (admins,) = settings_of(["ADMINS"], ADMINS="张三 <zhang@example.cn>,li@example.cn")
    assert admins == "[('张三', 'zhang@example.cn'), ('', 'li@example.cn')]"
    result = run_django(
        "from django.core.management import call_command; call_command('check')",
        SECRET_KEY=SECRET,
        ADMINS="zhang.example.cn,li@example.cn",
    )
    assert result.returncode != 0
    assert "ADMINS holds 'zhang.example.cn', which is not an e-mail address" in result.stderr
