"""Headers every answer carries, and the production settings check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


def test_every_page_has_a_content_security_policy_without_inline_code(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_refuse_camera_microphone_and_location(client):
    assert "camera=()" in client.get(reverse("login"))["Permissions-Policy"]


def test_pages_and_files_with_records_are_never_cached(alfa, login):
    client = login(alfa.users["staff"])
    page = client.get(reverse("participation_list", args=["alfa", "vagen-vidare"]))
    assert page["Cache-Control"] == "no-store"
    report = client.get(reverse("report_view", args=["alfa", "participants"]),
                        {"format": "xlsx", "year": 2022})
    assert report.status_code == 200 and report["Cache-Control"] == "no-store"
    api = client.get(reverse("api_participations", args=["alfa"]))
    assert api["Cache-Control"] == "no-store"


def test_hsts_and_the_redirect_to_https_follow_the_settings(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/konto/logga-in/")["Location"].startswith("https://")
    secure = client.get("/konto/logga-in/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_cookies_are_secure_and_closed_to_scripts():
    from samsyn import settings as production

    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY and production.CSRF_COOKIE_HTTPONLY


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "samsyn.settings",
        "SAMSYN_SECRET_KEY": secrets.token_urlsafe(50),
        "SAMSYN_PSEUDONYM_SECRET": secrets.token_urlsafe(32),
        "SAMSYN_AUDIT_KEY": secrets.token_urlsafe(32),
        "SAMSYN_HSTS_SECONDS": "31536000", "SAMSYN_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SAMSYN_HSTS_PRELOAD": "1", "SAMSYN_SSL_REDIRECT": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    })
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
