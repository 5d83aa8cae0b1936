"""Settings for the test suite: production settings with a test key and a fast hasher."""

import os

os.environ.setdefault("SAMSYN_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SAMSYN_PSEUDONYM_SECRET", "test-only-pseudonym-secret")
os.environ.setdefault("SAMSYN_AUDIT_KEY", "test-only-audit-key")

from samsyn.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests render pages without running collectstatic first: unhashed names from the finders.
# samsyn/web/tests/test_static.py runs collectstatic with the production storage.
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# No collected folder in tests: WhiteNoise serves from the finders (and does not warn).
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True

# A document job runs at once, inside the request that asks for it: no worker in tests.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
