"""Cocreate settings: one module, every knob an environment variable (see README, "Configuration")."""

import os
import warnings
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = envbool("DEBUG", False)
# The development key is deliberately marked insecure so that `check --deploy` refuses it.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-cocreate-development-key-change-me")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "django_htmx",
    "template_partials",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "cocreate.accounts",
    "cocreate.core",
    "cocreate.notifications",
    "cocreate.partners",
    "cocreate.assessments",
    "cocreate.support",
    "cocreate.planning",
    "cocreate.meetings",
    "cocreate.observations",
    "cocreate.leaders",
    "cocreate.compensation",
    "cocreate.worksheets",
    "cocreate.surveys",
    "cocreate.listening",
    "cocreate.steps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cocreate.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cocreate.accounts.middleware.RequireAdminTwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cocreate" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
            # `{% translated obj "field" %}` on every page that shows a text a team wrote (core.translations)
            "builtins": ["cocreate.core.templatetags.translated"],
        },
    }
]

# SQLite needs nothing installed; production points DATABASE_URL at PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("TEST_DATABASE_NAME") or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: run at once in development; a worker (`cocreate db_worker`) in production.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email sign-in, password or an emailed code; throttled per account and per address.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "cocreate.accounts.adapter.AccountAdapter"
ACCOUNT_ALLOW_SIGNUPS = envbool("ALLOW_SIGNUPS", True)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cocreate] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/30m/key",
    "reset_password": "20/m/ip,3/15m/key",
    "request_login_code": "20/m/ip,3/5m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cocreate"
COCREATE_REQUIRE_ADMIN_MFA = envbool("REQUIRE_ADMIN_MFA", True)
INVITATION_DAYS = envint("INVITATION_DAYS", 14)
# A partner with no engagement recorded for this many days shows up in the community's gaps.
PARTNER_STALE_DAYS = envint("PARTNER_STALE_DAYS", 60)
# Daily action digests: people claimed (and emailed by one task) together, one organization at a time.
REMINDER_BATCH_SIZE = envint("REMINDER_BATCH_SIZE", 100)
# The public application form for community leaders (cocreate.leaders.public): applications one
# address may send in an hour, and the fewest seconds a person takes to fill in the form.
APPLICATION_SUBMISSIONS_PER_HOUR = envint("APPLICATION_SUBMISSIONS_PER_HOUR", 5)
APPLICATION_MIN_FILL_SECONDS = envint("APPLICATION_MIN_FILL_SECONDS", 3)
# The public survey page (cocreate.surveys.answering): answers one address may send in an hour (a
# family centre's shared tablet or a school's network is one address: keep it generous).
SURVEY_SUBMISSIONS_PER_HOUR = envint("SURVEY_SUBMISSIONS_PER_HOUR", 60)

# Email: the console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cocreate <cocreate@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "cocreate" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")  # each organization's own: Organization.time_zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "cocreate" / "static"]
# Uploaded files (receipts): kept outside the web root and served only through views that check
# who may see them; there is no MEDIA_URL on purpose.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
RECEIPT_MAX_BYTES = int(os.environ.get("RECEIPT_MAX_BYTES", 10 * 1024 * 1024))  # a receipt photo or PDF
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production runs `collectstatic` and sets STATIC_MANIFEST=1 for cache-busting file names.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
# Without `collectstatic` (development, tests) WhiteNoise serves from the finders and need not warn.
warnings.filterwarnings("ignore", message="No directory at")
WHITENOISE_MANIFEST_STRICT = False

# HTTPS_ONLY=1 in production turns on every transport-security setting at once.
HTTPS_ONLY = envbool("HTTPS_ONLY", False)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
# Behind a proxy we trust, the client's address is the first hop of X-Forwarded-For.
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A do_* write's refusal (one WriteError) becomes 400 {field: [messages]}; a stale edit 412/409.
    "EXCEPTION_HANDLER": "cocreate.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cocreate API",
    "DESCRIPTION": "Partners, engagement and plans of the communities an organization supports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name for a choice set that more than one field uses (a support event's function, the
    # functions a support-plan activity serves).
    "ENUM_NAME_OVERRIDES": {
        "SupportFunctionEnum": "cocreate.support.models.Function",
        "NotificationEmailEnum": "cocreate.notifications.models.EmailChoice",
        "ActionStatusEnum": "cocreate.planning.models.ActionStatus",
        "CallStatusEnum": "cocreate.leaders.models.CallStatus",
        "PaymentMethodEnum": "cocreate.compensation.models.PaymentMethod",
        "DecisionMethodEnum": "cocreate.meetings.models.Method",
        "ClaimStatusEnum": "cocreate.compensation.models.ClaimStatus",
        "ExceptionStatusEnum": "cocreate.compensation.models.ExceptionStatus",
        "ExceptionKindEnum": "cocreate.compensation.models.ExceptionKind",
        "WorksheetStatusEnum": "cocreate.worksheets.models.WorksheetStatus",
        "WorksheetKindEnum": "cocreate.worksheets.models.Kind",
        "WorksheetVersionKindEnum": "cocreate.worksheets.models.VersionKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
ADMIN_URL = os.environ.get("ADMIN_URL", "django-admin/")
