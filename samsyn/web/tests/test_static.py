"""The stylesheet, the design system and the favicon reach the browser, in both set-ups."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

STATIC = Path(__file__).resolve().parent.parent / "static" / "samsyn"
TEMPLATES = Path(__file__).resolve().parents[2]


def test_the_finders_find_the_stylesheet_the_design_system_and_the_favicon():
    for name in ("samsyn/app.css", "samsyn/app.js", "samsyn/favicon.svg",
                 "samsyn/fkui/fkui.min.css", "samsyn/fkui/theme-light.css"):
        assert finders.find(name), name


def test_fkui_is_vendored_with_its_licence_and_source():
    licence = (STATIC / "fkui" / "LICENSE.md").read_text()
    readme = (STATIC / "fkui" / "README.md").read_text()
    assert "MIT" in licence or "Permission is hereby granted" in licence
    assert "@fkui/design" in readme and "6.44.0" in readme


def test_collectstatic_writes_hashed_names_for_production(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    # Compressing every file of the API docs takes minutes on a busy machine; the app's own
    # stylesheet is still compressed, which is what the test looks at.
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["js", "map", "png", "svg", "woff2", "html"]
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("samsyn/app.css", "samsyn/fkui/fkui.min.css", "samsyn/favicon.svg"):
        hashed = manifest[name]
        assert re.search(r"\.[0-9a-f]{12}\.", hashed), hashed
        assert (tmp_path / hashed).exists()
        assert (tmp_path / f"{hashed}.gz").exists() or not name.endswith(".css")


def test_production_settings_serve_static_files_through_whitenoise():
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    index = settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert settings.MIDDLEWARE[index - 1] == "django.middleware.security.SecurityMiddleware"


def test_a_page_links_the_design_system_then_our_layout(client):
    html = client.get("/konto/logga-in/").content.decode()
    fkui = html.index("samsyn/fkui/fkui.min.css")
    ours = html.index("samsyn/app.css")
    assert html.index("samsyn/fkui/theme-light.css") < fkui < ours
    assert "samsyn/favicon.svg" in html


def test_the_stylesheet_is_served_to_the_browser(client):
    response = client.get("/static/samsyn/app.css")
    assert response.status_code == 200
    assert b".nav a.current" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_no_template_has_inline_script_or_style():
    # The Content-Security-Policy allows no 'unsafe-inline': scripts and styles come from files.
    # reports/document.html is the standalone printable document (PDF, download), not a page.
    standalone = {"reports/templates/reports/document.html"}
    offenders = []
    for template in TEMPLATES.glob("**/templates/**/*.html"):
        if str(template.relative_to(TEMPLATES)) in standalone:
            continue
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or "<style" in text \
                or re.search(r"\sstyle=", text):
            offenders.append(str(template.relative_to(TEMPLATES)))
    assert offenders == []


def test_the_browsers_own_favicon_request_finds_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("samsyn/favicon.svg")
