#!/usr/bin/env bash
# `make serve`: gunicorn with the production settings (no SAMSYN_DEBUG) on the database that
# DATABASE_URL names (SQLite in var/ when unset), on 127.0.0.1:${PORT:-8000}.
# For trying the production server on one machine: where no secrets are given, it makes its
# own in var/secrets. A real installation sets them as in docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

unset SAMSYN_DEBUG
if [ -z "${SAMSYN_SECRET_KEY:-}${SAMSYN_SECRET_KEY_FILE:-}" ] || \
   [ -z "${SAMSYN_PSEUDONYM_SECRET:-}${SAMSYN_PSEUDONYM_SECRET_FILE:-}" ] || \
   [ -z "${SAMSYN_AUDIT_KEY:-}${SAMSYN_AUDIT_KEY_FILE:-}" ]; then
  mkdir -p var/secrets
  chmod 700 var/secrets
  for name in secret_key pseudonym_secret audit_key; do
    [ -s "var/secrets/$name" ] || (umask 077; "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" > "var/secrets/$name")
  done
  : "${SAMSYN_SECRET_KEY_FILE:=$PWD/var/secrets/secret_key}"
  : "${SAMSYN_PSEUDONYM_SECRET_FILE:=$PWD/var/secrets/pseudonym_secret}"
  : "${SAMSYN_AUDIT_KEY_FILE:=$PWD/var/secrets/audit_key}"
  export SAMSYN_SECRET_KEY_FILE SAMSYN_PSEUDONYM_SECRET_FILE SAMSYN_AUDIT_KEY_FILE
fi
# Plain HTTP on loopback: a browser would not send a Secure cookie to http://127.0.0.1.
export SAMSYN_SECURE_COOKIES="${SAMSYN_SECURE_COOKIES:-0}"
export SAMSYN_BIND="${SAMSYN_BIND:-127.0.0.1:${PORT:-8000}}"
# One cache for all the workers (samsyn/settings.py).
export SAMSYN_CACHE_DIR="${SAMSYN_CACHE_DIR:-$PWD/var/cache}"

"$PY" manage.py migrate --no-input -v 0
"$PY" manage.py collectstatic --no-input -v 0
echo "Samsyn (gunicorn, production settings): http://$SAMSYN_BIND/"
# The worker that makes long documents in the background (samsyn/reports/jobs.py) runs
# beside gunicorn and stops with it; an installation runs it as samsyn-worker.service.
"$PY" manage.py db_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT INT TERM
.venv/bin/gunicorn --config deploy/gunicorn.conf.py
