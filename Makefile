# Samsyn: `make run` serves the demo, `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run serve demo screenshots check test test-fast test-db lint typecheck messages check-messages migrations-check bench bench-micro clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Static files with hashed, compressed names for production (WhiteNoise serves var/static/);
# redone only when a static file or the installed packages change.
STATIC_SOURCES := $(shell find samsyn -path '*/static/*' -type f 2>/dev/null)
var/static/staticfiles.json: $(STAMP) $(STATIC_SOURCES)
	mkdir -p var
	SAMSYN_DEBUG=1 $(PY) manage.py collectstatic --no-input -v 0

install: $(STAMP) var/static/staticfiles.json
	mkdir -p var
	SAMSYN_DEBUG=1 $(PY) manage.py migrate --no-input -v 0

demo: install
	SAMSYN_DEBUG=1 $(PY) manage.py load_demo

run: demo
	@echo "Samsyn: http://127.0.0.1:$(PORT)/  (log in with a demo login above)"
	@# The worker that makes long documents in the background runs beside the server and
	@# stops with it.
	SAMSYN_DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	SAMSYN_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The production server (gunicorn, deploy/gunicorn.conf.py) with production settings on
# DATABASE_URL's database; see deploy/serve.sh and docs/deployment.md.
serve: $(STAMP)
	PORT=$(PORT) deploy/serve.sh

# Every page each demo role can reach, at 1366 and 390 px, into var/screenshots/ (not committed).
screenshots: demo
	rm -rf var/screenshots
	SAMSYN_DEBUG=1 $(PY) scripts/screenshots.py

# What CI checks, short of PostgreSQL and the replica (.ci/run adds those).
check: lint typecheck migrations-check check-messages test

# Every test. test-fast is the quick loop while working: no browser test and no module
# marked slow (docs/DEVELOPING.md, "Tests"). test-db is what CI runs again on PostgreSQL:
# everything but the browser tests, whose pages get their data the same way on both.
test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile

test-fast: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile -m "not browser and not slow"

test-db: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile -m "not browser"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

typecheck: $(STAMP)
	$(VENV)/bin/mypy samsyn

migrations-check: $(STAMP)
	SAMSYN_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Needs GNU gettext (apt-get install gettext).
messages: $(STAMP)
	$(PY) scripts/messages.py

check-messages: $(STAMP)
	$(PY) scripts/check_messages.py

# Issue 14's targets on a generated national installation, on a PostgreSQL of its own
# (docs/benchmarks.md). BENCH_SIZES=50000 for a quick run.
bench: $(STAMP)
	benchmarks/scale/run.sh

# The per-feature timings of pytest-benchmark on a förbund of realistic size.
bench-micro: $(STAMP)
	$(PY) -m pytest benchmarks -p no:xdist --benchmark-only --benchmark-autosave --benchmark-columns=min,median,mean,max,rounds

clean:
	rm -rf $(VENV) var
