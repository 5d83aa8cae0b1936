"""Password-reset and invitation links never reach a log outside development (issue 25)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _settings(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DJANGO_"))}
    env.update({"SAMSYN_SECRET_KEY": "k" * 50, "SAMSYN_PSEUDONYM_SECRET": "p" * 32,
                "SAMSYN_AUDIT_KEY": "a" * 32, **variables})
    return subprocess.run([sys.executable, "-c",
                           "import samsyn.settings as s; print(s.EMAIL_BACKEND)"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.mark.parametrize("backend", ["django.core.mail.backends.console.EmailBackend",
                                     "django.core.mail.backends.filebased.EmailBackend"])
def test_production_refuses_to_start_with_a_backend_that_writes_mail_to_a_log(backend):
    result = _settings(SAMSYN_EMAIL_BACKEND=backend)
    assert result.returncode != 0
    assert "would write password-reset links to a log" in result.stderr


def test_production_sends_by_smtp_unless_told_otherwise():
    result = _settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_development_prints_mail_to_the_console_so_make_run_works():
    result = _settings(SAMSYN_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
