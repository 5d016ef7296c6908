# Two commands do all the set-up: `make run` (app + demo data) and `make test` (lint + tests).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run dev urls test lint format venv migrate demo clean-db browser backup restore pywb

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# pip 23's resolver fails on two packages asking for lxml[html_clean] (trafilatura, readability-lxml)
	$(PIP) install --quiet --disable-pip-version-check pip==25.3
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py setup_demo

# `make run` serves what we deploy (config.settings.serve): gunicorn with whitenoise, DEBUG off, a secret
# key made once into .data/, and a background worker beside it. `make dev` is the auto-reloading server.
SERVE := DJANGO_SETTINGS_MODULE=config.settings.serve
WEB_CONCURRENCY ?= 2

run: venv
	$(SERVE) $(PY) manage.py migrate --noinput
	$(SERVE) $(PY) manage.py createcachetable
	$(SERVE) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE) $(PY) manage.py setup_demo
	@$(MAKE) --no-print-directory urls
	@trap 'kill 0' INT TERM EXIT; \
	$(SERVE) $(PY) manage.py worker & \
	$(SERVE) $(PY) manage.py worker --queues recovery & \
	$(SERVE) $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) \
	  --timeout 120 --access-logfile -

dev: demo
	@$(MAKE) --no-print-directory urls
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py worker & \
	$(PY) manage.py runserver $(HOST):$(PORT)

urls:
	@echo ""
	@echo "  web app:  http://$(HOST):$(PORT)/"
	@echo "  admin:    http://$(HOST):$(PORT)/admin/"
	@echo "  API:      http://$(HOST):$(PORT)/api/v1/"
	@echo "  API docs: http://$(HOST):$(PORT)/api/v1/docs/"
	@echo ""

# The browser tests drive Debian's Chromium (no browser download): install it when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "the browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; }

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# pywb, which replays exported WARCs in the tests, and the wacz package, which writes the WACZ the import
# tests read, live in an environment of their own: pywb needs brotlipy, which would shadow the brotli module
# httpx uses in ours. When they cannot be installed, the tests that need them skip.
PYWB := .data/pywb
PYWB_TOOLS := pywb==2.10.0 wacz==0.6.0
$(PYWB)/.installed-tools:
	$(PYTHON) -m venv $(PYWB) && $(PYWB)/bin/pip install --quiet --disable-pip-version-check $(PYWB_TOOLS) \
	  && touch $@ || echo "pywb and wacz could not be installed: the WARC replay and WACZ tests will skip"

pywb: $(PYWB)/.installed-tools

test: lint browser pywb
	$(PY) -m pytest $(PYTEST_ARGS)

# The scale benchmark, on demand (not in CI): a fictional 100,000-article corpus in its own database
# (bench_scale, dropped at the end), then API latency, status, CSV export and ingest rates; on each of
# BENCH_SERVERS in turn (the embedded PostgreSQL 16 and the server's 15), printed side by side.
# The API load test uses ApacheBench, installed here when missing. Figures: bench/RESULTS.md.
.PHONY: bench
BENCH_ARGS ?=
BENCH_SERVERS ?= embedded postgresql://postgres@127.0.0.1:5432/postgres
bench: venv
	@command -v ab >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils; \
	  else echo "the API load test needs ApacheBench: sudo apt-get install apache2-utils"; fi; }
	$(PY) bench/scale.py $(foreach server,$(BENCH_SERVERS),--server $(server)) $(BENCH_ARGS)

# Backups of the database in use (docs/deploy.md): a pg_dump of everything, captures' bytes included, and a
# manifest, into .data/backups/ (BACKUP_ARGS="--output DIR"). `make restore DUMP=file.dump` restores into an
# empty database and checks it against the manifest (RESTORE_ARGS=--replace empties a database first).
backup: venv
	$(PY) manage.py backup $(BACKUP_ARGS)

restore: venv
	@test -n "$(DUMP)" || { echo "usage: make restore DUMP=.data/backups/NAME.dump [RESTORE_ARGS=--replace]"; exit 2; }
	$(PY) manage.py restore "$(DUMP)" $(RESTORE_ARGS)

# Stop the embedded PostgreSQL and delete its data (the next command starts a fresh one).
clean-db:
	-$(PY) -c "import pgserver; pgserver.get_server('.data/pg', cleanup_mode='delete').cleanup()"
	rm -rf .data/pg
