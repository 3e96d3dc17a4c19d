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

# Django's deployment checks with production settings (the shape of
# deploy/manifatture.env.example; nothing is contacted): no warning allowed.
.PHONY: check-deploy
check-deploy: deps
	env DEBUG=0 SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=manifattureaperte.example CSRF_TRUSTED_ORIGINS=https://manifattureaperte.example \
	  SITE_URL=https://manifattureaperte.example \
	  DATABASE_URL=postgres://manifatture@127.0.0.1:6432/manifatture CONN_MAX_AGE=60 \
	  DISABLE_SERVER_SIDE_CURSORS=1 DATABASE_REPLICA_URL=postgres://manifatture@10.0.0.12:6432/manifatture \
	  REDIS_URL=redis://127.0.0.1:6379/0 \
	  EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend EMAIL_HOST=smtp.example EMAIL_PORT=587 \
	  EMAIL_USE_TLS=1 LOG_FORMAT=json SENTRY_DSN=https://key@errors.example/1 \
	  $(MANAGE) check --deploy --fail-level WARNING

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
