"""Gunicorn's settings for Samsyn (docs/deployment.md). Every value may be set from the
environment, so the systemd unit, `make serve` and the deployment test share this one file."""

import gc
import multiprocessing
import os
from pathlib import Path

wsgi_app = "samsyn.wsgi:application"
chdir = str(Path(__file__).resolve().parent.parent)

bind = os.environ.get("SAMSYN_BIND", "127.0.0.1:8000")
# Two workers per core and one more: the pages wait on the database more than on the CPU.
workers = int(os.environ.get("SAMSYN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
# One thread a worker (gunicorn's sync worker). Threads (gthread) keep connections open, which
# saves a connection's set-up a request, but a kept connection stays with the worker that took
# it: under 20 clients without pause the pages' p95 was 2-3 times their p50 against 1.4 times
# with sync workers, whose queue is the one socket all of them take from (docs/benchmarks.md,
# round 29).
threads = int(os.environ.get("SAMSYN_THREADS", "1"))
# Longer than the slowest page (an annual report PDF of a large förbund), shorter than nginx's.
timeout = int(os.environ.get("SAMSYN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Load the project once before forking: a broken setting stops start-up with its message.
preload_app = True
# Only nginx on this machine may say which address and scheme a request came from.
forwarded_allow_ips = os.environ.get("SAMSYN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("SAMSYN_GUNICORN_LOG_LEVEL", "info")
# Heartbeat files in memory, not on a disk that may stall (gunicorn's own advice).
if Path("/dev/shm").is_dir():  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108
# Gunicorn's runtime control socket is not used; one socket fewer to guard.
control_socket_disable = True


# What the master loaded before forking (Django, the app: preload_app) lives as long as the
# workers do. Frozen, Python's cyclic collector no longer walks it in every full collection a
# worker makes (a request's or a document's), and the workers' pages stay shared with the
# master instead of being copied when the collector touches them (Python's documentation of
# gc.freeze; docs/benchmarks.md, round 21). Collected first, so no garbage is frozen;
# after the first worker's fork that collection finds almost nothing left to walk.


def pre_fork(server: object, worker: object) -> None:
    gc.collect()
    gc.freeze()
