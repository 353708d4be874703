"""One settings module, configured from the environment.

With nothing set the app runs on SQLite under var/ with eager Celery tasks (the embedded default).
With DJANGO_ENV=production it refuses to start unless a real SECRET_KEY and the hosts are given,
and `manage.py check --deploy` is clean.
"""

import ipaddress
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DJANGO_ENV = env("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development, production or test, not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-ganfutong-admin"
SECRET_KEY = env("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and (
    not SECRET_KEY
    or SECRET_KEY == _DEV_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs a real SECRET_KEY (at least 50 random characters) in the environment."
    )

# Off unless a developer asks for it (`make dev` sets DEBUG=1 for its own runserver): the embedded
# default that `make run` starts is what a new user sees, so it serves the app's own error pages and
# never a traceback, the settings or the URL list.
DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ENV=production needs ALLOWED_HOSTS.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "axes",
    "django_celery_beat",
    # the second factor: TOTP authenticators and one-time recovery codes (accounts.second_factor)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # the kernel
    "ganfutong_admin.accounts",
    "ganfutong_admin.orgs",
    "ganfutong_admin.workflow",
    "ganfutong_admin.notifications",
    "ganfutong_admin.core",
    "ganfutong_admin.announcements",
    "ganfutong_admin.audit",
    "ganfutong_admin.policy",
    "ganfutong_admin.privacy",
    "ganfutong_admin.observability",
    # chapter 1 (第五条)
    "ganfutong_admin.channel_integration",
    # one app per chapter of the measures
    "services",
    "maintenance",
    "operations",
    "security",
    "supervision",
]

MIDDLEWARE = [
    # first: the request id, the request's metrics and its log line cover everything below
    "ganfutong_admin.observability.middleware.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ganfutong_admin.core.middleware.ChineseByDefaultLocaleMiddleware",
    # before anything reads the body (CSRF reads a form's fields), after the language is chosen
    "ganfutong_admin.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # every 403 below this line (views, DRF, CSRF, lockout) is an ACCESS_DENIED security event, once per request
    "ganfutong_admin.audit.denials.AccessDeniedLogMiddleware",
    # the session's absolute lifetime, and a due password change before anything else
    "ganfutong_admin.accounts.middleware.AccountPolicyMiddleware",
    # then the second factor, where OTP_REQUIRED and the user's roles ask for it; it reads the session, where
    # django_otp.middleware.OTPMiddleware would load the device on every request (accounts.second_factor)
    "ganfutong_admin.accounts.second_factor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ganfutong_admin.core.middleware.ContentSecurityPolicyMiddleware",
    "ganfutong_admin.core.middleware.PrivateResponseMiddleware",
    "ganfutong_admin.core.middleware.ApiBodyCheckMiddleware",
]

# `make bench` (bench/run.py) counts each request's queries in a response header; never set in a deployment.
BENCH_QUERY_COUNT = env.bool("BENCH_QUERY_COUNT", default=False)
if BENCH_QUERY_COUNT:
    MIDDLEWARE.insert(0, "ganfutong_admin.core.middleware.BenchQueryCountMiddleware")
# `make bench` also compares with the Django admin's changelists, which production otherwise never serves
# (accounts.administration.admin_site): only together with the bench's query counter, never in a deployment.
BENCH_ADMIN_SITE = env.bool("BENCH_ADMIN_SITE", default=False)
if BENCH_ADMIN_SITE and not BENCH_QUERY_COUNT:
    raise ImproperlyConfigured("BENCH_ADMIN_SITE is for `make bench` only (with BENCH_QUERY_COUNT).")

ROOT_URLCONF = "ganfutong_admin.urls"
WSGI_APPLICATION = "ganfutong_admin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ganfutong_admin.core.context_processors.shell",
                "ganfutong_admin.accounts.second_factor.context_processors.second_factor",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if PRODUCTION and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    raise ImproperlyConfigured("DJANGO_ENV=production needs DATABASE_URL of a PostgreSQL database, not SQLite.")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", 60 if PRODUCTION else 0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several threads (runserver, live server, Celery eager tasks) share the file: wait instead of failing.
    # IMMEDIATE takes the write lock when a transaction begins, so a waiting writer waits (up to `timeout`
    # seconds); with SQLite's DEFERRED default a transaction that read first and then writes (the security
    # log's append) fails at once with "database is locked" when another writer holds the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first: a password is checked for a web request only through the sign-in guard (its counts and locks)
    "ganfutong_admin.accounts.signin_backend.SigninGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # PASSWORD_MIN_LENGTH characters of 3 of 4 classes, and not one of the last PASSWORD_HISTORY (policy values)
    {"NAME": "ganfutong_admin.accounts.passwords.ComplexityValidator"},
    {"NAME": "ganfutong_admin.accounts.passwords.HistoryValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The second factor (TOTP) of reviewers, supervisors, org admins, auditors and the system roles
# (accounts.second_factor). Off by default only in the embedded demo, whose login page says so; production
# refuses to start without it.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=PRODUCTION)
if PRODUCTION and not OTP_REQUIRED:
    raise ImproperlyConfigured("DJANGO_ENV=production needs OTP_REQUIRED on (the second factor, GB/T 22239 level 3).")
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "赣服通运行管理后台"
# The Django admin never shows an authenticator's key or QR code: whoever sees it could copy the second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Idle timeout: the session expires 30 minutes after the last request. At sign-in the SESSION_IDLE_MINUTES /
# SYSTEM_ROLE_IDLE_MINUTES policy value replaces it (set_expiry), and SESSION_ABSOLUTE_HOURS bounds the session
# (accounts.sessions, accounts.middleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sign-in (the login page and the token endpoint alike) goes through ganfutong_admin.accounts.signin_guard: failures
# counted per account and per client address, atomically in the cache (Redis), an account locked with back-off
# (policy values LOCKOUT_FAILURE_LIMIT, LOCKOUT_MINUTES, IP_FAILURE_LIMIT), and at most this many sign-in requests a
# minute from one client address.
SIGNIN_RATE_PER_MINUTE = env.int("SIGNIN_RATE_PER_MINUTE", default=30)
# django-axes stays only for its proxy-aware client address (axes.helpers.get_client_ip_address, configured by the
# AXES_IPWARE_* values below), which the guard, the security log and the metrics endpoint use. Its own counting is
# off (it counted per user name and address, racily), so its checks for its backend and middleware do not apply.
AXES_ENABLED = False
SILENCED_SYSTEM_CHECKS = ["axes.W002", "axes.W003"]
# TRUSTED_PROXY_COUNT reverse proxies in front, each appending the address it received the request from
# to X-Forwarded-For: the client is the N-th entry from the right, and anything left of it may be forged.
# python-ipware counts only the proxies whose own address is in the header (N - 1 of them: the last proxy
# is REMOTE_ADDR) and, not strict, takes the entry just before them.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1 if TRUSTED_PROXY_COUNT else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if TRUSTED_PROXY_COUNT else ("REMOTE_ADDR",)
)
IPWARE_STRICT = False

GUARDIAN_ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ganfutong_admin.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Static files come through whitenoise in every mode, so that the embedded default (DEBUG off) is styled
# too; outside production it finds them where they are, without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded evidence lives outside static and is only served through a permission-checked view.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# An export of more rows than this is written by a Celery task (its page shows the progress and the download);
# the files are kept EXPORT_KEEP_DAYS, and a job not done after EXPORT_STUCK_HOURS is failed.
EXPORT_ASYNC_ROWS = env.int("EXPORT_ASYNC_ROWS", default=50_000)
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
EXPORT_STUCK_HOURS = env.int("EXPORT_STUCK_HOURS", default=3)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The whole of a multipart body (core.middleware.RequestSizeLimitMiddleware): one file at the limit plus the
# form's other fields. Any other body is capped at DATA_UPLOAD_MAX_MEMORY_SIZE.
MULTIPART_MAX_BYTES = env.int("MULTIPART_MAX_BYTES", default=UPLOAD_MAX_BYTES + 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ganfutong_admin.accounts.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "ganfutong_admin.core.drf.StandardPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "ganfutong_admin.core.filtering.CheckedFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "ganfutong_admin.core.openapi.TruthfulAutoSchema",
    # One JSON object per write, in UTF-8, without NUL, not too deep (400); files only where a view takes them.
    "DEFAULT_PARSER_CLASSES": [
        "ganfutong_admin.core.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "ganfutong_admin.core.parsers.StrictMultiPartParser",
    ],
    "EXCEPTION_HANDLER": "ganfutong_admin.core.drf.exception_handler",
    # Throttles count per client address, the same one axes sees: the TRUSTED_PROXY_COUNT-th entry of
    # X-Forwarded-For from the right (with 0, REMOTE_ADDR). Unset, DRF would take the whole header, which a
    # client can vary at will to escape every rate limit.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "赣服通平台运行管理后台 API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Each app names its enums through the chapter contract (ChapterConfig.api_enums).
    "ENUM_NAME_OVERRIDES": {},
    # Request bodies get their own components: read-only fields are never asked of a caller.
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema endpoint describes the API; it is not an operation of it.
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ganfutong_admin.core.openapi.document_error_responses",
    ],
}
# The API token lifetime is the API_TOKEN_DAYS security policy value (accounts.security_policy), read at issue.

# Celery: eager (in-process) unless a Redis broker is configured.
REDIS_URL = env("REDIS_URL", default="")
if PRODUCTION and not REDIS_URL:
    # Without it Celery would run tasks eagerly in the web process and every process would keep its own
    # cache (throttles, lockouts): fine on one developer's machine, wrong for the province.
    raise ImproperlyConfigured("DJANGO_ENV=production needs REDIS_URL (Celery broker and shared cache).")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# django-celery-beat's database scheduler behind a Redis lock: however many beats run, one sends (core.beat).
CELERY_BEAT_SCHEDULER = "ganfutong_admin.core.beat:SingleBeatScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Periodic tasks are declared by each app through the chapter contract (ChapterConfig.beat_schedule) and
# reach celery_app.conf.beat_schedule at start-up (core.apps).

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ganfutong-admin@localhost")
if env("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Citizens' personal data (第二十一条): encryption key from the environment, never in the repo.
_DEV_PERSONAL_DATA_KEY = "ZGV2LW9ubHktcGVyc29uYWwtZGF0YS1rZXktMzJieXQ="  # 32 bytes, development only
PERSONAL_DATA_KEY = env("PERSONAL_DATA_KEY", default="" if PRODUCTION else _DEV_PERSONAL_DATA_KEY)
if PRODUCTION and (not PERSONAL_DATA_KEY or PERSONAL_DATA_KEY == _DEV_PERSONAL_DATA_KEY):
    raise ImproperlyConfigured("DJANGO_ENV=production needs PERSONAL_DATA_KEY (32 random bytes, base64).")

# Searching by a citizen's exact phone number (with the unmask permission only, written to the security log): at
# most this many searches per user in the window.
PHONE_SEARCH_LIMIT = env.int("PHONE_SEARCH_LIMIT", default=30)
PHONE_SEARCH_WINDOW_SECONDS = env.int("PHONE_SEARCH_WINDOW_SECONDS", default=3600)

# Business settings. The measures' time limits are not settings: they are policy parameters with effective
# dates (ganfutong_admin.policy), declared by the apps and set by the provincial authority.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="Ganfutong@2026")

# Maintenance (第十六条–第十九条).
# Availability monitoring of listed services' entry URLs.
MONITOR_INTERVAL_SECONDS = env.int("MONITOR_INTERVAL_SECONDS", default=300)
MONITOR_TIMEOUT_SECONDS = env.float("MONITOR_TIMEOUT_SECONDS", default=5.0)
MONITOR_CONCURRENCY = env.int("MONITOR_CONCURRENCY", default=8)
MONITOR_MAX_REDIRECTS = env.int("MONITOR_MAX_REDIRECTS", default=3)
MONITOR_FAILURE_THRESHOLD = env.int("MONITOR_FAILURE_THRESHOLD", default=3)
MONITOR_RAW_RESULT_DAYS = env.int("MONITOR_RAW_RESULT_DAYS", default=14)
# The monitor never calls loopback, link-local, private, reserved or multicast addresses (no server-side requests
# to internal systems), except inside these networks: the government intranet ranges where listed services really
# live, as a comma-separated CIDR list (e.g. "10.36.0.0/16,2001:db8:36::/48"). Strict: a malformed entry or one with
# host bits set stops the start-up. Empty by default.
MONITOR_ALLOWED_NETWORKS = env.list("MONITOR_ALLOWED_NETWORKS", default=[])
for _network in MONITOR_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=True)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"MONITOR_ALLOWED_NETWORKS: {_network!r} is not a network in CIDR form ({_exc})."
        ) from None

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # /healthz is probed over plain HTTP by the load balancer.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Observability (ganfutong_admin.observability). /metrics answers the addresses in METRICS_ALLOWED_NETWORKS (the
# client address as the lockout sees it, TRUSTED_PROXY_COUNT proxies in front) and callers sending
# "Authorization: Bearer <METRICS_TOKEN>"; anyone else gets a 404.
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128"])
METRICS_ALLOWED_NETWORKS_PARSED = []
for _network in METRICS_ALLOWED_NETWORKS:
    try:
        METRICS_ALLOWED_NETWORKS_PARSED.append(ipaddress.ip_network(_network, strict=True))
    except ValueError as _exc:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {_network!r} is not a network ({_exc}).") from None
METRICS_TOKEN = env("METRICS_TOKEN", default="")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 random characters (or empty: addresses only).")

# Housekeeping (Celery beat): expired sessions and API tokens deleted, security events older than the retention
# moved to the archive table, in batches of HOUSEKEEPING_BATCH_SIZE rows a transaction. The security log is kept at
# least 180 days (the Cybersecurity Law's six months): a shorter retention stops the start-up.
SECURITY_LOG_RETENTION_DAYS = env.int("SECURITY_LOG_RETENTION_DAYS", default=365)
if SECURITY_LOG_RETENTION_DAYS < 180:
    raise ImproperlyConfigured("SECURITY_LOG_RETENTION_DAYS must be at least 180 (six months of network logs).")
HOUSEKEEPING_BATCH_SIZE = env.int("HOUSEKEEPING_BATCH_SIZE", default=1000)

# Log lines: JSON objects (one a line, for the log shipper) in production, readable text elsewhere; LOG_FORMAT
# overrides either way.
LOG_FORMAT = env("LOG_FORMAT", default="json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")

# Every handler hides personal data (ganfutong_admin.privacy.redaction): the development server's access log
# ("django.server", redefined here with the filter) writes request lines with their query strings.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # What visitors typed reaches the logs (user names, request lines): personal data and search values are
    # redacted, control characters escaped. Every record carries the request id of its request or task.
    "filters": {
        "redact": {"()": "ganfutong_admin.privacy.redaction.RedactPersonalData"},
        "escape_controls": {"()": "ganfutong_admin.core.logfilters.EscapeControlCharacters"},
        "request_id": {"()": "ganfutong_admin.observability.logs.RequestIdFilter"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
        "json": {"()": "ganfutong_admin.observability.logs.JsonFormatter"},
        "text": {"()": "ganfutong_admin.observability.logs.TextFormatter",
                 "format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                    "filters": ["request_id", "redact", "escape_controls"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["redact", "escape_controls"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}
