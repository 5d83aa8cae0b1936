from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
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
    "samsyn.publication",
    "samsyn.home",
    "samsyn.interventions",
    "samsyn.finance",
    "samsyn.participants",
    "samsyn.surveys",
    "samsyn.catalog",
    "samsyn.api",
    "rest_framework",
    "drf_spectacular",
    "samsyn.reports",
    "samsyn.periods",
    "samsyn.documents",
    "samsyn.national",
    "samsyn.ops",
    "samsyn.audit",
    "samsyn.accounts",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves /static/ itself (hashed names, compressed, cached for a year) so a plain
    # WSGI deployment needs no separate web server for the stylesheet and fonts.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samsyn.replicas.PinPrimaryMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samsyn.accounts.middleware.SessionLimits",
    "samsyn.accounts.middleware.SecondFactorRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samsyn.accounts.middleware.SecurityHeaders",
    # Last, as axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
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

# DATABASE_URL may also come from a file (DATABASE_URL_FILE): it holds the password.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'samsyn.sqlite3'}",
        conn_max_age=env_int("SAMSYN_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer rather than failing at once when two requests write together.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# The cache holds figures, reports and chart drawings under the records' version, so what one
# server process computed every other one reads (docs/deployment.md). A directory shared by
# the processes (SAMSYN_CACHE_DIR; `make serve` uses var/cache); without one, as in
# development and tests, each process keeps its own in memory.
_CACHE_DIR = env_str("SAMSYN_CACHE_DIR")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": _CACHE_DIR,
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    } if _CACHE_DIR else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
}

# Read replicas (docs/deployment.md): report reads may go to PostgreSQL streaming replicas;
# writes, and every read of a request that wrote, stay on the primary (samsyn/replicas.py).
DATABASE_REPLICA_URLS = [url.strip() for url in
                         (env_str("DATABASE_REPLICA_URLS") or "").split(",") if url.strip()]
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=env_int("SAMSYN_DB_CONN_MAX_AGE", 0))
    # Tests read the primary's test database through the alias rather than creating another.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
DATABASE_ROUTERS = ["samsyn.replicas.ReplicaRouter"]
# Behind pgbouncer in transaction mode a server-side cursor cannot outlive its transaction.
if env_bool("SAMSYN_PGBOUNCER", default=False):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
# After a request that wrote, the same browser reads the primary for this long (replicas lag).
SAMSYN_REPLICA_PIN_SECONDS = env_int("SAMSYN_REPLICA_PIN_SECONDS", 10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
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
# Production serves what `collectstatic` wrote, under content-hashed names; with DEBUG the
# finders serve the files straight from samsyn/web/static/ (no collectstatic needed).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Behind nginx (deploy/nginx/samsyn.conf), which sets X-Forwarded-Proto: trust it only there.
if env_bool("SAMSYN_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in and transport (docs/security.md).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Older hashes still verify, and are re-hashed with argon2 at the next sign-in.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out user name or address before any password is checked.
    "samsyn.accounts.backends.LockoutBackend",
    "samsyn.accounts.backends.PasswordBackend",
    "samsyn.accounts.oidc.SsoBackend",
]
SAMSYN_REQUIRE_SECOND_FACTOR = env_bool("SAMSYN_REQUIRE_SECOND_FACTOR", default=not DEBUG)
# Addresses (or networks) of our own reverse proxies: only their X-Forwarded-For is believed.
SAMSYN_TRUSTED_PROXIES = env_list("SAMSYN_TRUSTED_PROXIES", [])
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("SAMSYN_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SAMSYN_LOCKOUT_MINUTES", 15))
# Each on its own: one user name from anywhere, and one address across user names (spraying).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "samsyn.accounts.network.client_ip"
AXES_LOCKOUT_CALLABLE = "samsyn.accounts.views.locked_out"
AXES_VERBOSE = False

# Single sign-on (OpenID Connect) with a member organisation's identity provider.
OIDC_RP_CLIENT_ID = env_str("SAMSYN_OIDC_CLIENT_ID", "") or ""
OIDC_RP_CLIENT_SECRET = env_str("SAMSYN_OIDC_CLIENT_SECRET", "") or ""
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("SAMSYN_OIDC_AUTHORIZATION_ENDPOINT", "") or ""
OIDC_OP_TOKEN_ENDPOINT = env_str("SAMSYN_OIDC_TOKEN_ENDPOINT", "") or ""
OIDC_OP_USER_ENDPOINT = env_str("SAMSYN_OIDC_USERINFO_ENDPOINT", "") or ""
OIDC_OP_JWKS_ENDPOINT = env_str("SAMSYN_OIDC_JWKS_ENDPOINT", "") or ""
OIDC_RP_SIGN_ALGO = env_str("SAMSYN_OIDC_SIGN_ALGO", "RS256") or "RS256"
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/"
SAMSYN_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT)
SAMSYN_OIDC_NAME = env_str("SAMSYN_OIDC_NAME", "") or ""

# A session ends after this long without a request, and in any case after the longest day.
SESSION_COOKIE_AGE = env_int("SAMSYN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SAMSYN_SESSION_MAX_HOURS = env_int("SAMSYN_SESSION_MAX_HOURS", 10)
SAMSYN_API_KEY_DAYS = env_int("SAMSYN_API_KEY_DAYS", 90)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SAMSYN_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = env_int("SAMSYN_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SAMSYN_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SAMSYN_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env_bool("SAMSYN_SSL_REDIRECT", default=False)
# Behind nginx (deploy/nginx/samsyn.conf), which sets X-Forwarded-Proto: trust it only there.
if env_bool("SAMSYN_TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Nothing inline, nothing from elsewhere (django-csp 4).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), payment=(), usb=()")

EMAIL_BACKEND = env_str("SAMSYN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("SAMSYN_EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int("SAMSYN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SAMSYN_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("SAMSYN_EMAIL_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("SAMSYN_EMAIL_TLS", default=False)
PASSWORD_RESET_TIMEOUT = 2 * 3600
DEFAULT_FROM_EMAIL = env_str("SAMSYN_FROM_EMAIL", "samsyn@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SAMSYN_LOG_LEVEL", "WARNING")},
    # WeasyPrint warns of every SVG style property of the charts it maps by itself (fill,
    # stroke); the charts print right, and the warnings drowned the report command's output.
    "loggers": {"weasyprint": {"level": "ERROR"}},
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
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InterventionKindEnum": "samsyn.interventions.models.InterventionKind",
        "MemberKindEnum": "samsyn.associations.models.MemberKind",
        "OccupationEnum": "samsyn.participants.codes.Occupation",
        "SupportEnum": "samsyn.participants.codes.Support",
        "SupportTimeEnum": "samsyn.participants.codes.SupportTime",
        "ExitReasonEnum": "samsyn.participants.codes.ExitReason",
        "GenderEnum": "samsyn.participants.codes.Gender",
    },
}

SESSION_ENGINE = "samsyn.web.sessions"

# The national view (docs/national.md): this installation's Ed25519 key for signing the
# figures it exports, and the public keys whose files it accepts ("name key" per line).
SAMSYN_NATIONAL_SIGNING_KEY = env_str("SAMSYN_NATIONAL_SIGNING_KEY") or ""
SAMSYN_NATIONAL_TRUSTED_KEYS = env_str("SAMSYN_NATIONAL_TRUSTED_KEYS") or ""
SAMSYN_INSTALLATION_NAME = env_str("SAMSYN_INSTALLATION_NAME") or "Samsyn"
# Limits on every uploaded or imported file (samsyn/web/tabular.py): a file past one of them is
# refused with a message before it is expanded or read to the end.
IMPORT_MAX_BYTES = env_int("SAMSYN_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("SAMSYN_IMPORT_MAX_ROWS", 2_000_000)
IMPORT_MAX_LINE = env_int("SAMSYN_IMPORT_MAX_LINE", 64 * 1024)
IMPORT_MAX_COLUMNS = env_int("SAMSYN_IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_JSON_DEPTH = env_int("SAMSYN_IMPORT_MAX_JSON_DEPTH", 32)
IMPORT_MAX_XLSX_EXPANDED = env_int("SAMSYN_IMPORT_MAX_XLSX_EXPANDED", 500 * 1024 * 1024)
# Pseudonymised rows waiting for the user to confirm an import; deleted on confirm, cancel or
# after IMPORT_PENDING_SECONDS. Never the raw upload, never the session or the database.
IMPORT_PENDING_DIR = env_str("SAMSYN_IMPORT_PENDING_DIR", str(BASE_DIR / "var" / "pending"))
IMPORT_PENDING_SECONDS = env_int("SAMSYN_IMPORT_PENDING_SECONDS", 3600)
SAMSYN_SIE_MAX_BYTES = env_int("SAMSYN_SIE_MAX_BYTES", 20 * 1024 * 1024)  # SIE import limit
