"""Screenshots of every page each demo role can reach, at 1366 and 390 px wide.

    make screenshots            # or: python scripts/screenshots.py [--only ostra-sodertorn]

Starts the development server on a free loopback port against the configured database
(the demo: `make demo` first), logs in as each demo role, follows the links of the pages it
can see (one page per URL pattern, so 30 insatser give one insats page), and writes
var/screenshots/<förbund>.<roll>/<nn>-<page>-<width>.png. Uses Debian's /usr/bin/chromium.
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urldefrag, urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "samsyn-demo"  # noqa: S105 - the demo's published password
ROLES = ["kansli", "admin", "analytiker", "personal", "styrelse"]
WIDTHS = [1366, 390]
# Downloads and actions a crawl must not follow.
SKIP = re.compile(r"\.(pdf|xlsx|docx|csv|json|sie|se)$|/(logga-ut|export|ladda-ner|schema)/|"
                  r"format=|/api/|/admin/|/i18n/")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def page_kind(path: str) -> str:
    """One screenshot per kind of address (URL pattern): 30 insatser give one insats page."""
    from django.urls import Resolver404, resolve

    try:
        return str(resolve(path).route)
    except Resolver404:
        return path


def crawl(browser, base: str, login: str, slug: str, limit: int) -> None:
    target = OUT / login
    target.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="sv-SE", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/konto/logga-in/")
    page.fill("#id_username", login)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    queue = [page.url, f"{base}/katalog/", f"{base}/api/docs/", f"{base}/konto/api-nycklar/"]
    seen_kinds: set[str] = set()
    shots = 0
    while queue and shots < limit:
        url = urldefrag(queue.pop(0))[0]
        path = urlparse(url).path
        kind = page_kind(path)
        if kind in seen_kinds or SKIP.search(url):
            continue
        seen_kinds.add(kind)
        response = page.goto(url)
        status = response.status if response else 0
        if response and "html" not in (response.headers.get("content-type") or ""):
            continue
        shots += 1
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(target / f"{shots:03d}-{name}-{width}.png"), full_page=True)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width + 1:
                print(f"  sideways scroll at {width}px ({wide}px): {path}", flush=True)
        page.set_viewport_size({"width": 1366, "height": 900})
        if status >= 400:
            print(f"  {status}: {path}", flush=True)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            if href.startswith(base) and (f"/f/{slug}/" in href or "/katalog/" in href):
                queue.append(href)
    print(f"{login}: {shots} pages", flush=True)
    context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one förbund's short name, e.g. ostra-sodertorn")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--limit", type=int, default=200, help="pages per login at most")
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")
    os.environ.setdefault("SAMSYN_DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "SAMSYN_DEBUG": "1"}
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload",
         f"127.0.0.1:{port}"], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    # Stopped from outside, still stop the server it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        for _ in range(60):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        slugs = [options.only] if options.only else ["ostra-sodertorn", "samsund",
                                                     "stockholms-stad"]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for slug in slugs:
                for role in options.roles.split(","):
                    crawl(browser, base, f"{slug}.{role}", slug, options.limit)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"Screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
