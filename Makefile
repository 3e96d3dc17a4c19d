# One entry point for people and CI. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup deps assets migrate demo serve lint format check messages clean test-postgres ci

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@python=$$(scripts/find-python) && echo "Using $$python" && \
	  ( [ -x $(PY) ] || $$python -m venv $(VENV) )
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(VENV)/.installed
assets: node_modules/.installed

setup: deps assets

migrate: setup
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

serve:
	@trap 'kill 0' EXIT INT TERM; \
	$(MANAGE) db_worker --queue-name default & \
	$(MANAGE) runserver $(HOST):$(PORT)

run: demo
	@$(MAKE) --no-print-directory serve

# Browser tests run in a process of their own: they need transactional databases
# and a live server thread, and share nothing with the fast suite.
test: setup
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

test-postgres: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/manifatture} $(MAKE) --no-print-directory test

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: setup
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

messages: deps
	$(MANAGE) makemessages -l en -l it --ignore=node_modules --ignore=.venv --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=node_modules --ignore=.venv

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3*

.PHONY: bench-directory
# Directory search and map with 40,000 actors on PostgreSQL (its own database on
# the server of DATABASE_URL, default the local one); ends with key=value lines.
bench-directory: setup
	$(PY) bench/directory/bench.py

# Booking under load on PostgreSQL (DATABASE_URL's server, database manifatture_bench):
# gunicorn with DEBUG=0, 50/200/400 concurrent visitors, the framework floor and pgbench.
.PHONY: bench-booking
bench-booking: deps
	$(PY) bench/booking/run.py
