"""Settings shared by every environment.

Every deployment choice is read from the environment (or a `.env` file beside manage.py);
unset, it falls back to the embedded default: SQLite, local media, a cache in files (`var/cache/`).
"""

import datetime
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

import environ

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "home",
    "stories",
    "lectures",
    "wagtailmedia",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wagtail.api.v2",
    "corsheaders",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "home.security.apps.UsersAppConfig",  # wagtail.users, with 三员 separation
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # its translations: Wagtail's admin says "3 days ago" through it
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer before anything else reads the cache, the session or the host,
    # and go unlogged (a load balancer calls them every few seconds; a failing check logs itself).
    "site_project.health.HealthMiddleware",
    # Before anything that answers: a preflight (OPTIONS) to the API is answered here.
    "corsheaders.middleware.CorsMiddleware",
    # Outside the page cache, so that pages from the cache are logged and get an id of their own.
    "site_project.request_log.RequestLogMiddleware",
    "django_guid.middleware.guid_middleware",
    # Outside the page cache, which keeps pages as they are and compresses each time it sends.
    "site_project.compression.ReaderGZipMiddleware",
    # Inside the compression (validators of the plain body), outside the page cache: a page from the
    # cache is answered 304 too, and a 304 is never kept as the page.
    "django.middleware.http.ConditionalGetMiddleware",
    "site_project.page_cache.UpdatePageCacheMiddleware",
    # A page from the cache carries every header the middleware below added when it was kept.
    "site_project.page_cache.FetchFromPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "home.security.headers.SiteAndAdminCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "site_project.media.MediaFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "home.sites.RememberedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "home.security.middleware.AdminNetworksMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "home.security.middleware.SessionLimitsMiddleware",
    "home.security.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a lockout raised while logging in into the Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]
# How long an anonymous reader's page is kept (site_project/page_cache.py); 0 keeps none. Every
# change to what pages show purges them all at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# A cache in front (nginx with the cache-purge module, Varnish) that takes HTTP PURGE at this address,
# e.g. http://127.0.0.1:8080: once a change commits, the pages that show it are purged from it
# (site_project/frontend_cache.py). Wagtail's app purges a page's own URL on publishing as well.
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL", default="")
if FRONTEND_CACHE_URL:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
    WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

# Wagtail's background work (search index and reference index updates, files of deleted images and
# documents, the dictionary re-index) is queued in the database and run by `manage.py worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker goes round every 10 s; /readyz reports it away when its last round is older than this.
WORKER_SEEN_WITHIN_SECONDS = 60

ROOT_URLCONF = "site_project.urls"
WSGI_APPLICATION = "site_project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a worker writes; IMMEDIATE avoids "database is locked"
    # when two workers upgrade a read transaction to a write at the same moment.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "site_project.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tongdu",
            # A Redis that stops answering must not hold a request up for long.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions read from Redis and kept in the database: a login outlives Redis.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Files, which every process of the server sees: a page an editor publishes through one is
    # purged for all, and the worker's scheduled publishing too.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.path("CACHE_DIR", default=BASE_DIR / "var" / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Wagtail looks up every rendition a page shows in the cache, and writes it back each time: each
# process keeps its own, in memory. A rendition's key names its image's file hash and focal point,
# so a replaced file or a moved focal point is a new key.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 20000},
}

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [PROJECT_DIR / "static"]

MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Serve uploads from this process (with HTTP Range) unless nginx or object storage does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
MEDIA_MAX_AGE = 60 * 60 * 24 * 30  # uploads never change under the same name

# Where `manage.py backup` writes its archives unless told (--output).
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media on S3-compatible object storage (MinIO, Aliyun OSS, Tencent COS): README, "Media on object
# storage". Readers fetch pictures and video from the bucket (public through its policy,
# deploy/media-bucket-policy.json, not through object ACLs, which MinIO lacks); documents stay
# private there and go through Wagtail's view, which checks their collection's privacy.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    _S3 = {
        "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        # "virtual" (bucket.endpoint) for Aliyun OSS; unset, path style (endpoint/bucket), as MinIO.
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),  # a CDN in front of the bucket
        "access_key": env("AWS_S3_ACCESS_KEY_ID", default=None),
        "secret_key": env("AWS_S3_SECRET_ACCESS_KEY", default=None),
        "querystring_auth": False,  # public URLs, which pages and shared links keep
        "file_overwrite": False,
        "object_parameters": {"CacheControl": f"public, max-age={MEDIA_MAX_AGE}"},
    }
    STORAGES["default"] = {"BACKEND": "site_project.object_storage.MediaStorage", "OPTIONS": _S3}
    SERVE_MEDIA = False
    WAGTAILDOCS_SERVE_METHOD = "serve_view"  # never a redirect to the bucket, where they are private
    _endpoint = urlsplit(_S3["endpoint_url"])
    if _S3["custom_domain"]:
        _MEDIA_ORIGIN = "https://" + _S3["custom_domain"].split("/")[0]
    elif _S3["addressing_style"] == "virtual":
        _MEDIA_ORIGIN = f"{_endpoint.scheme}://{_S3['bucket_name']}.{_endpoint.netloc}"
    else:
        _MEDIA_ORIGIN = f"{_endpoint.scheme}://{_endpoint.netloc}"
else:
    _MEDIA_ORIGIN = None

# Headers on every response. The public site runs no script of its own and no inline style (JSON-LD
# is data, which CSP does not govern); media may come from object storage or a CDN (by default the
# origin of the storage's URLs).
MEDIA_ORIGINS = env.list("MEDIA_ORIGINS", default=[_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])
_NONE, _SELF = "'none'", "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:", *MEDIA_ORIGINS],
        "media-src": [_SELF, *MEDIA_ORIGINS],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "frame-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    }
}
# The strictest Wagtail 8's admin runs under (tests/browser/test_csp.py): its templates carry inline
# scripts (listings, choosers, widgets, the image cropper's handlers) and inline styles, so both are
# allowed, but no eval, no script or style from elsewhere, its previews only in frames of its own,
# blob: for images and media about to be uploaded.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "media-src": [_SELF, "blob:", *MEDIA_ORIGINS],
        "frame-src": [_SELF],
        "frame-ancestors": [_SELF],
    }
}
PERMISSIONS_POLICY = {
    **{
        feature: []
        for feature in (
            "accelerometer",
            "ambient-light-sensor",
            "autoplay",
            "bluetooth",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    },  # fmt: skip
    "fullscreen": ["self"],  # the 《先锋》 player
    "picture-in-picture": ["self"],
    "clipboard-write": ["self"],
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # refuses a locked-out account or address first
    "django.contrib.auth.backends.ModelBackend",
]
# Login protection (django-axes): five wrong passwords for an account, or from an address, lock it
# for 30 minutes; every login, logout and failure is recorded (安全 › 登录记录), kept 180 days.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "home.security.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "home.security.logins.client_ip"
AXES_ENABLE_ADMIN = False  # Django's admin is not used; the records are in Wagtail's
# The proxies whose X-Forwarded-For names the client (nginx on the same machine by default).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
# The audit trail (login records, failures, lockouts, Wagtail's page and object history) is kept this
# many days, then pruned (`manage.py prune_audit`, daily in the worker); 等保 2.0 asks for six months:
# fewer than 180 is a check error (home/checks.py), with which neither the worker nor prune_audit starts.
AUDIT_KEPT_DAYS = env.int("AUDIT_KEPT_DAYS", default=180)
# The request id (site_project/request_log.py): nginx sends its $request_id in this header.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "EXPOSE_HEADER": False}
# Two-factor login for the admin (django-otp): required under production settings; on a demo
# site `make run` spares its demo accounts (example.com) with DEMO_SKIP_TWO_FACTOR=true in .env.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
DEMO_SKIP_TWO_FACTOR = env.bool("DEMO_SKIP_TWO_FACTOR", default=False)
OTP_TOTP_ISSUER = "铜都先锋"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "home.security.passwords.CharacterClassesValidator"},
    {"NAME": "home.security.passwords.UsernameNotInPasswordValidator"},
]
# Admin sessions end after 30 minutes without a request and 12 hours after the login.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_SECONDS = 30 * 60
# Networks the admin answers from (CIDR, comma-separated), e.g. 10.0.0.0/8; empty: any.
ADMIN_ALLOWED_NETWORKS = env.list("ADMIN_ALLOWED_NETWORKS", default=[])

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
# What Wagtail and wagtailmedia leave in English, and the few things they translate wrongly.
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "铜都先锋"
# The public origin (scheme, host and port, no path) readers reach the site at, e.g.
# https://www.example.cn: every absolute URL the site writes (canonical, Open Graph, JSON-LD, feeds,
# the sitemap, QR codes, calendars, the API) names it, whatever host a request came in by
# (home.sites.absolute_url), and every migrate keeps the default Site (设置 › 站点) at its host and
# port, which pages' full URLs and the front-cache purges name. Production requires it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The admin's own links (review notices, password resets): another origin where the admin is served
# apart from the public site.
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=SITE_URL)
# An admin in Chinese on Shanghai time, with nothing fetched from abroad (avatars, update checks).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.AdminLoginForm"
WAGTAILADMIN_RICH_TEXT_EDITORS = {"default": {"WIDGET": "home.rich_text.CheckedDraftailRichTextArea"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILIMAGES_IMAGE_MODEL = "home.SiteImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "home.uploads.SiteImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Videos of the 《先锋》 series: wagtailmedia with our model (subtitles, poster) and upload checks.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "stories.Video",
    "MEDIA_FORM_BASE": "stories.forms.VideoForm",
    "AUDIO_EXTENSIONS": [],
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
}
VIDEO_MAX_UPLOAD_MB = env.int("VIDEO_MAX_UPLOAD_MB", default=500)  # nginx allows 600m
# Chinese is cut into words with jieba on the way into the index and out of a query (home/search).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search.backend", "SEARCH_CONFIG": "simple"}}
WAGTAILAPI_BASE_URL = SITE_URL  # the API's detail_url; it is served on the public site
WAGTAILAPI_LIMIT_MAX = 50
# Rich text as HTML a client shows as it is (links resolved), not Wagtail's database format.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
# Web pages on these origins (a TV screen's page, an H5 page in WeChat) may read the API from a
# browser, e.g. API_CORS_ORIGINS=https://screen.example.cn; none by default. A mini-program's
# wx.request needs none (its domains are set in the mini-program's admin).
CORS_ALLOWED_ORIGINS = env.list("API_CORS_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Review notices and password resets. EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.cn:587;
# unset (`make run`), each mail is written as a file into EMAIL_FILE_PATH for an editor to open.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    globals().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "mail")
EMAIL_TIMEOUT = 10  # a mail server that hangs must not hold an editor's request
DEFAULT_FROM_EMAIL = SERVER_EMAIL = env("DEFAULT_FROM_EMAIL", default="铜都先锋 <noreply@localhost>")
# Who is mailed the traceback of a request that failed, e.g. ADMINS="张三 <zhang@example.cn>,li@example.cn";
# unset, nobody.
ADMINS = getaddresses([env("ADMINS", default="")])
EMAIL_SUBJECT_PREFIX = "[铜都先锋] "

# A demo site (`make run` writes DEMO_SITE=true to .env) may load the demo and publish profiles
# marked 示例; a real one refuses both, so fictional honourees never go live by mistake.
DEMO_SITE = env.bool("DEMO_SITE", default=False)
# `make run` creates the demo accounts (`admin` and one per newsroom role) with these passwords,
# kept in .env, on first start.
DEMO_ADMIN_PASSWORD = env("DEMO_ADMIN_PASSWORD", default="")
DEMO_STAFF_PASSWORD = env("DEMO_STAFF_PASSWORD", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
