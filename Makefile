# Two commands do all the set-up: `make run` (app + demo data) and `make test` (lint + tests).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format venv migrate demo clean-db

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py setup_demo

run: demo
	@echo ""
	@echo "  web app: http://$(HOST):$(PORT)/"
	@echo "  admin:   http://$(HOST):$(PORT)/admin/"
	@echo "  API:     http://$(HOST):$(PORT)/api/v1/"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Stop the embedded PostgreSQL and delete its data (the next command starts a fresh one).
clean-db:
	-$(PY) -c "import pgserver; pgserver.get_server('.data/pg', cleanup_mode='delete').cleanup()"
	rm -rf .data/pg
