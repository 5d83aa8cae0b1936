import hashlib
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

# The key of the audit log's chain (samsyn/audit/chain.py): each entry's hash is an HMAC under
# it, so whoever can write to the database but does not hold the key cannot rebuild the chain.
# Kept apart from the database and its backups, like the secrets above.
_audit_key = env_str("SAMSYN_AUDIT_KEY")
if not _audit_key:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SAMSYN_AUDIT_KEY (or SAMSYN_AUDIT_KEY_FILE) must be set unless SAMSYN_DEBUG=1"
        )
    # Development only: derived from the secret key, so `make run` needs nothing more.
    _audit_key = hashlib.sha256(f"samsyn-audit:{SECRET_KEY}".encode()).hexdigest()
AUDIT_KEY = _audit_key

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
    "django_tasks",
    "django_tasks_db",
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
    # django-otp's OTPMiddleware, its device read written out.
    "samsyn.accounts.middleware.SessionDevice",
    "samsyn.accounts.middleware.SessionLimits",
    "samsyn.accounts.middleware.SecondFactorRequired",
    "samsyn.accounts.sessions.SessionActivity",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samsyn.accounts.middleware.SecurityHeaders",
    # Last: it turns a sign-in refused by a brake into the page saying how long to wait.
    "samsyn.accounts.middleware.BrakeResponse",
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
# SQLite serving several server processes (gunicorn's workers) at once: the write-ahead log
# lets readers go on while one writes; every transaction takes the write lock when it begins
# (IMMEDIATE), so a writer waits its turn for up to `timeout` seconds. A transaction that began
# reading and then wrote (the audit log's read of the last hash, then its insert) would
# otherwise get "database is locked" at once, without waiting, when another wrote between.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

# The cache holds figures, reports and chart drawings under the records' version, so what one
# server process computed every other one reads (docs/deployment.md). A directory shared by
# the processes (SAMSYN_CACHE_DIR; `make serve` uses var/cache); without one, as in
# development and tests, each process keeps its own in memory.
_CACHE_DIR = env_str("SAMSYN_CACHE_DIR")
CACHES = {
    "default": {
        # Django's file cache, counting the folder on every 100th write, not on each.
        "BACKEND": "samsyn.filecache.SeldomCullingFileCache",
        "LOCATION": _CACHE_DIR,
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 20_000, "CULL_EVERY": 100},
    } if _CACHE_DIR else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 2_000},
    },
    # Chart drawings, a function of what they draw alone (samsyn/reports/charts.py): kept
    # apart from the figures, so emptying the page cache does not make matplotlib draw the
    # same charts again. A folder inside the cache's own, which Django's clear() leaves.
    "drawings": {
        "BACKEND": "samsyn.filecache.SeldomCullingFileCache",
        "LOCATION": str(Path(_CACHE_DIR) / "drawings"),
        "TIMEOUT": 7 * 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5_000, "CULL_EVERY": 100},
    } if _CACHE_DIR else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samsyn-drawings",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    # Markup the same for every reader of a language (base.html's header and footer, the
    # förbund's menu and trail): kept in each process, which a deploy restarts, so no page
    # shows what older code or older static files' names rendered; cheaper to read than a file.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samsyn-fragments",
        "OPTIONS": {"MAX_ENTRIES": 1_000},
    },
}

# Long documents are made in the background (samsyn/reports/jobs.py): the task queue is a
# table of the database itself, read by `manage.py db_worker` (make run, make serve, the
# samsyn-worker systemd unit), so no broker is needed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A document made in the background is kept this many hours after it is made, then purged.
DOCUMENT_JOBS_KEEP_HOURS = env_int("SAMSYN_DOCUMENT_JOBS_KEEP_HOURS", 48)

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
    # Refuses an attempt while its brake holds, before any password is checked.
    "samsyn.accounts.backends.BrakeBackend",
    "samsyn.accounts.backends.PasswordBackend",
    "samsyn.accounts.oidc.SsoBackend",
]
SAMSYN_REQUIRE_SECOND_FACTOR = env_bool("SAMSYN_REQUIRE_SECOND_FACTOR", default=not DEBUG)
# Addresses (or networks) of our own reverse proxies: only their X-Forwarded-For is believed.
SAMSYN_TRUSTED_PROXIES = env_list("SAMSYN_TRUSTED_PROXIES", [])
SAMSYN_CLIENT_ADDRESS = "samsyn.accounts.network.client_ip"
# Brakes, never locks (samsyn/accounts/brakes.py): failures of one user name from one address
# before each further attempt waits 1, 2, 4 ... seconds; failures from one address across
# user names (and of API keys) before the same; the longest wait.
SAMSYN_LOGIN_FAILURE_LIMIT = env_int("SAMSYN_LOGIN_FAILURE_LIMIT", 5)
SAMSYN_ADDRESS_FAILURE_LIMIT = env_int("SAMSYN_ADDRESS_FAILURE_LIMIT", 30)
SAMSYN_BRAKE_MAX_SECONDS = env_int("SAMSYN_BRAKE_MAX_SECONDS", 900)

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
# A sign-in through the provider counts as the second factor only when its `amr` or `acr`
# claim holds one of these; users are found by issuer and `sub` (or `nin` when allowed).
SAMSYN_OIDC_MFA_VALUES = env_list("SAMSYN_OIDC_MFA_VALUES", ["mfa", "otp"])
SAMSYN_OIDC_MATCH_NIN = env_bool("SAMSYN_OIDC_MATCH_NIN", default=False)
SAMSYN_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID and OIDC_OP_AUTHORIZATION_ENDPOINT)
SAMSYN_OIDC_NAME = env_str("SAMSYN_OIDC_NAME", "") or ""

# A session ends after this long without a request, and in any case after the longest day.
SESSION_COOKIE_AGE = env_int("SAMSYN_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SAMSYN_SESSION_MAX_HOURS = env_int("SAMSYN_SESSION_MAX_HOURS", 10)
SAMSYN_API_KEY_DAYS = env_int("SAMSYN_API_KEY_DAYS", 90)
# How long an invitation's link to join a förbund works (samsyn/associations/invitations.py).
SAMSYN_INVITATION_DAYS = env_int("SAMSYN_INVITATION_DAYS", 7)

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

# Password-reset and invitation links open accounts, so outside development they are never
# written to a log: the console and file backends are refused; development (`make run`) prints
# mail to the console by default.
_LOGGED_MAIL = (".console.EmailBackend", ".filebased.EmailBackend")
EMAIL_BACKEND = env_str("SAMSYN_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend")
if not DEBUG and EMAIL_BACKEND.endswith(_LOGGED_MAIL):
    raise ImproperlyConfigured(
        f"SAMSYN_EMAIL_BACKEND={EMAIL_BACKEND} would write password-reset links to a log or a "
        "file; outside SAMSYN_DEBUG=1 use SMTP (or the dummy backend to send no mail at all)"
    )
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
        "samsyn.accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["samsyn.api.parsers.JSONParser"],
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
# The installation's address as people reach it (https://samsyn.example.se), for the links in
# the e-mailed reminders (manage.py send_reminders); without it they carry paths only.
SAMSYN_BASE_URL = (env_str("SAMSYN_BASE_URL") or "").rstrip("/")
# Limits on every uploaded or imported file (samsyn/web/tabular.py): a file past one of them is
# refused with a message before it is expanded or read to the end.
IMPORT_MAX_BYTES = env_int("SAMSYN_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# A directory of the installation's own code lists of an insats' classification (Uppföljning
# Finsam), each file replacing the one shipped in samsyn/interventions/codes/ of the same name.
CODE_LISTS_DIR = env_str("SAMSYN_CODE_LISTS_DIR")
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

# Kommun populations from Kolada (docs/deployment.md): the API's address and how long to wait.
SAMSYN_KOLADA_URL = env_str("SAMSYN_KOLADA_URL") or "https://api.kolada.se/v3"
SAMSYN_KOLADA_TIMEOUT = env_int("SAMSYN_KOLADA_TIMEOUT", 10)

# The accessibility statement (/tillganglighet/, docs/accessibility.md): the public body that
# answers for this installation and the address reports of problems reach.
SAMSYN_ACCESSIBILITY_ORGANISATION = (env_str("SAMSYN_ACCESSIBILITY_ORGANISATION")
                                     or SAMSYN_INSTALLATION_NAME)
SAMSYN_ACCESSIBILITY_CONTACT = env_str("SAMSYN_ACCESSIBILITY_CONTACT") or ""
# Reports one address may send in an hour (the form is public).
SAMSYN_ACCESSIBILITY_REPORTS_PER_HOUR = env_int("SAMSYN_ACCESSIBILITY_REPORTS_PER_HOUR", 5)
# Where the installation runs and who runs it, for the GDPR documents (docs/gdpr.md).
SAMSYN_HOSTING_PROVIDER = env_str("SAMSYN_HOSTING_PROVIDER") or ""
SAMSYN_HOSTING_LOCATION = env_str("SAMSYN_HOSTING_LOCATION") or ""
