from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samsyn.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("SAMSYN_DEBUG", default=False)

_secret = env_str("SAMSYN_SECRET_KEY")
if not _secret:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SAMSYN_SECRET_KEY (or SAMSYN_SECRET_KEY_FILE) must be set unless SAMSYN_DEBUG=1"
        )
    _secret = "django-insecure-samsyn-development-only"  # noqa: S105
SECRET_KEY = _secret

# The key participant pseudonyms are made with; each förbund's key is derived from it and the
# förbund's own salt, so the same person gets unrelated pseudonyms in two förbund. Kept apart
# from SECRET_KEY so that rotating sessions' key never changes a pseudonym.
_pseudonym_secret = env_str("SAMSYN_PSEUDONYM_SECRET")
if not _pseudonym_secret:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SAMSYN_PSEUDONYM_SECRET (or SAMSYN_PSEUDONYM_SECRET_FILE) must be set unless "
            "SAMSYN_DEBUG=1"
        )
    _pseudonym_secret = "samsyn-development-pseudonyms-only"  # noqa: S105
PSEUDONYM_SECRET = _pseudonym_secret

ALLOWED_HOSTS = env_list("SAMSYN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SAMSYN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "samsyn.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "samsyn.web",
    "samsyn.associations",
    "samsyn.interventions",
    "samsyn.finance",
    "samsyn.participants",
    "samsyn.surveys",
    "samsyn.catalog",
    "samsyn.api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "samsyn.reports",
    "samsyn.audit",
    "samsyn.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "samsyn.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samsyn" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "samsyn.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'var' / 'samsyn.sqlite3'}",
        conn_max_age=env_int("SAMSYN_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer rather than failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "samsyn" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SAMSYN_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = env_str("SAMSYN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("SAMSYN_FROM_EMAIL", "samsyn@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SAMSYN_LOG_LEVEL", "WARNING")},
}


# The REST API (docs/api.md): the pages' own role rules; errors as JSON in Swedish.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "samsyn.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "samsyn.api.pagination.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "samsyn.api.schema.SamsynAutoSchema",
    "EXCEPTION_HANDLER": "samsyn.api.errors.handle",
    "DEFAULT_THROTTLE_CLASSES": ["samsyn.api.throttles.AnonThrottle",
                                 "samsyn.api.throttles.UserThrottle"],
}
SAMSYN_API_RATES = {"anon": env_str("SAMSYN_API_RATE_ANON") or "120/min",
                    "user": env_str("SAMSYN_API_RATE_USER") or "1200/min"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samsyn API",
    "DESCRIPTION": "Planning and follow-up of a samordningsförbund. Send a personal key as "
                   "`Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InterventionKindEnum": "samsyn.interventions.models.InterventionKind",
        "MemberKindEnum": "samsyn.associations.models.MemberKind",
    },
}

SESSION_ENGINE = "samsyn.web.sessions"
