"""The deployment files start a server that answers: the systemd unit's command line, gunicorn's
settings and the environment file, with production settings, on loopback."""

import gc
import http.client
import os
import runpy
import shlex
import signal
import socket
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
INSTALLED = "/srv/samsyn"


def _unit(name):
    values = {}
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def _command(line):
    return [part.replace(INSTALLED, str(ROOT)) for part in shlex.split(line)]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(tmp_path, port):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SAMSYN_", "DATABASE_", "DJANGO_"))}
    for line in (DEPLOY / "samsyn.env.example").read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            env[key] = value
    # What the unit's credentials give, as files in a temporary folder.
    for name, variable in (("secret_key", "SAMSYN_SECRET_KEY_FILE"),
                           ("pseudonym_secret", "SAMSYN_PSEUDONYM_SECRET_FILE"),
                           ("audit_key", "SAMSYN_AUDIT_KEY_FILE"),
                           ("database_url", "DATABASE_URL_FILE")):
        secret = tmp_path / name
        secret.write_text(f"sqlite:///{tmp_path / 'samsyn.sqlite3'}" if name == "database_url"
                          else f"deployment-test-{name}-0123456789abcdef")
        env[variable] = str(secret)
    env.update(SAMSYN_BIND=f"127.0.0.1:{port}", SAMSYN_WORKERS="2")
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    return env


def _get(port, path, host, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Host": host, **headers})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        conn.close()


@pytest.fixture
def server(tmp_path):
    unit = _unit("samsyn.service")
    port = _free_port()
    env = _environment(tmp_path, port)
    for line in unit["ExecStartPre"]:  # migrate, collectstatic
        subprocess.run(_command(line), cwd=ROOT, env=env, check=True, capture_output=True)
    start = _command(unit["ExecStart"][0])
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(start, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        # Wait (at most a minute) for the port to answer; no time is asserted.
        for _ in range(600):
            if process.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        log.close()


def test_the_unit_starts_gunicorn_with_the_repository_settings():
    unit = _unit("samsyn.service")
    assert _command(unit["ExecStart"][0])[1:] == ["--config",
                                                  str(DEPLOY / "gunicorn.conf.py")]
    assert "SAMSYN_DEBUG" not in (DEPLOY / "samsyn.env.example").read_text()


def test_gunicorn_with_production_settings_answers_on_loopback(server):
    status, cookie, body = _get(server, "/konto/logga-in/", "samsyn.example.se",
                                **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert b"<form" in body
    # Production settings: the CSRF cookie is Secure, and a host not allowed is refused.
    assert "Secure" in cookie
    assert _get(server, "/konto/logga-in/", "evil.example")[0] == 400



class _Cycle:
    def __init__(self) -> None:
        self.itself = self


def test_the_master_freezes_what_it_loaded_before_each_fork():
    """gunicorn's pre_fork hook leaves the master's objects out of the workers' collections,
    and frees the master's garbage first rather than freezing it for good."""
    hooks = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    gc.disable()  # so that no collection of its own frees the cycle before the hook does
    try:
        garbage = weakref.ref(_Cycle())
        assert garbage() is not None  # a cycle: only the collector frees it
        hooks["pre_fork"](None, None)
        assert garbage() is None
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
        gc.enable()
