"""With SAMSYN_CACHE_DIR, what one server process caches another reads (the workers of
gunicorn are separate processes); without it each keeps its own."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = """
import sys, django
django.setup()
from django.core.cache import cache
if sys.argv[1] == "set":
    cache.set("samsyn-test-shared", "from another process", 60)
print(cache.get("samsyn-test-shared"))
"""


def _run(step, env):
    done = subprocess.run([sys.executable, "-c", SCRIPT, step], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def _environment(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAMSYN_CACHE")}
    env.update(DJANGO_SETTINGS_MODULE="samsyn.settings", SAMSYN_DEBUG="1", **extra)
    return env


def test_processes_share_the_cache_directory(tmp_path):
    env = _environment(SAMSYN_CACHE_DIR=str(tmp_path / "cache"))
    assert _run("set", env) == "from another process"
    assert _run("get", env) == "from another process"


def test_without_a_directory_each_process_has_its_own(tmp_path):
    env = _environment()
    assert _run("set", env) == "from another process"
    assert _run("get", env) == "None"
