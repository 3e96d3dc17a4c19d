# One entry point for people and CI. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Without DATABASE_URL, commands run with the embedded PostgreSQL
# (config/embedded_postgres.py): started if needed, stopped after if it was not
# running before. With DATABASE_URL, that server is used and this does nothing.
WITH_DB := $(PY) -m config.embedded_postgres run --

.PHONY: run test setup deps assets migrate demo demo-fresh serve lint format check messages clean ci db db-stop

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@python=$$(scripts/find-python) && echo "Using $$python" && \
	  ( [ -x $(PY) ] || $$python -m venv $(VENV) )
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Bootstrap Italia's stylesheet trimmed to the rules our pages use (scripts/build-css.mjs),
# built again when a template, a script or Python that writes classes changes.
CSS_BUILD := build/bootstrap-italia/css/bootstrap-italia.min.css
CSS_SOURCES := $(shell find templates manifatture static/js -name '*.html' -o -name '*.py' -o -name '*.js' 2>/dev/null)

$(CSS_BUILD): node_modules/.installed scripts/build-css.mjs $(CSS_SOURCES)
	node scripts/build-css.mjs

# Bootstrap Italia's script with only the components our data-bs-* attributes call
# for (scripts/build-js.mjs, esbuild), built again on the same changes.
JS_BUILD := build/bootstrap-italia/js/bootstrap-italia.min.js

$(JS_BUILD): node_modules/.installed scripts/build-js.mjs $(CSS_SOURCES)
	node scripts/build-js.mjs

deps: $(VENV)/.installed
assets: node_modules/.installed $(CSS_BUILD) $(JS_BUILD)

setup: deps assets

db: deps
	$(PY) -m config.embedded_postgres start

db-stop: deps
	$(PY) -m config.embedded_postgres stop

migrate: setup
	$(WITH_DB) $(MANAGE) migrate --noinput

demo: setup
	$(WITH_DB) $(MAKE) --no-print-directory _demo

# The demo again, dated from today: empties the development database first.
demo-fresh: setup
	$(WITH_DB) $(MANAGE) load_demo --fresh

_demo:
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo

serve: setup
	@$(WITH_DB) $(MAKE) --no-print-directory _serve

# The worker and the server run side by side; a stop (Ctrl-C, kill, a closed
# terminal) ends both, each by its own pid. Not `kill 0`: that signals this
# shell too, whose trap then runs again and again until bash overflows its
# stack ("Segmentation fault"), and it signals make and the embedded database's
# wrapper, which must outlive the server to stop PostgreSQL.
_serve:
	@trap 'kill $$worker $$server 2>/dev/null' INT TERM HUP; \
	$(MANAGE) db_worker --queue-name default & worker=$$!; \
	$(MANAGE) runserver $(HOST):$(PORT) & server=$$!; \
	wait $$server; kill $$worker 2>/dev/null; wait

# Links in e-mails and the demo's greeting name the address the site is served at.
run serve: export SITE_URL ?= http://$(HOST):$(PORT)

run: setup
	@$(WITH_DB) $(MAKE) --no-print-directory _demo _serve

# The fast suite on both cores (pytest-xdist, one database per worker); browser
# tests in a process of their own: they need transactional databases and a live
# server thread. PYTEST_ARGS=--reuse-db keeps the test databases between runs.
test: setup
	@$(WITH_DB) $(MAKE) --no-print-directory _test

_test:
	$(PY) -m pytest -m "not browser" -n $(TEST_WORKERS) $(PYTEST_ARGS)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)
TEST_WORKERS ?= auto

lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: setup
	$(WITH_DB) $(MANAGE) check
	$(WITH_DB) $(MANAGE) makemigrations --check --dry-run

# Django's deployment checks with production settings (the shape of
# deploy/manifatture.env.example; nothing is contacted): no warning allowed.
.PHONY: check-deploy
check-deploy: setup
	env DEBUG=0 SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=manifattureaperte.example CSRF_TRUSTED_ORIGINS=https://manifattureaperte.example \
	  SITE_URL=https://manifattureaperte.example \
	  DATABASE_URL=postgres://manifatture@127.0.0.1:6432/manifatture CONN_MAX_AGE=60 \
	  DISABLE_SERVER_SIDE_CURSORS=1 DATABASE_REPLICA_URL=postgres://manifatture@10.0.0.12:6432/manifatture \
	  REDIS_URL=redis://127.0.0.1:6379/0 \
	  EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend EMAIL_HOST=smtp.example EMAIL_PORT=587 \
	  EMAIL_USE_TLS=1 LOG_FORMAT=json SENTRY_DSN=https://key@errors.example/1 \
	  OPENDATA_CONTACT_EMAIL=opendata@manifattureaperte.example \
	  $(MANAGE) check --deploy --fail-level WARNING

messages: deps
	$(MANAGE) makemessages -l en -l it --ignore=node_modules --ignore=.venv --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=node_modules --ignore=.venv

clean:
	-[ -x $(PY) ] && $(PY) -m config.embedded_postgres stop
	rm -rf $(VENV) node_modules staticfiles var build

.PHONY: bench-directory
# Directory search and map with 400,000 actors across Italy on PostgreSQL (its own
# database on the server of DATABASE_URL, default the local one, kept for the next
# run); ends with key=value lines.
bench-directory: setup
	$(PY) bench/directory/bench.py

# The programme page (500 activities) against the same page saved as a file, both
# served by gunicorn with production settings, measured with wrk (apt-get install wrk).
.PHONY: bench-pages
bench-pages: deps
	$(PY) bench/pages/run.py

# Booking under load on PostgreSQL (DATABASE_URL's server, databases manifatture_bench and
# pretix_bench): gunicorn with DEBUG=0 on core 0, the load generator on core 1; saturation,
# an open-loop rush, the framework floor, pgbench and pretix (its venv made once under
# var/bench/). README.md, "Benchmarks", says how to read the key=value lines.
.PHONY: bench-booking
.PHONY: bench-lighthouse
# Lighthouse's four scores (mobile) for home, programme, an activity and the
# directory map, served as in production (gunicorn, compressed static files).
bench-lighthouse: setup
	@$(WITH_DB) $(MAKE) --no-print-directory _demo_if_missing
	$(WITH_DB) $(PY) bench/lighthouse/run.py

_demo_if_missing:
	$(MANAGE) migrate --noinput -v0
	@$(MANAGE) shell -c "from manifatture.editions.models import Edition; import sys; sys.exit(0 if Edition.objects.exists() else 1)" 2>/dev/null || $(MANAGE) load_demo

bench-booking: deps
	$(PY) bench/booking/run.py
