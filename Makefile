# 赣服通平台运行管理后台 — the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

.PHONY: setup run dev test lint lock-migrations migrate demo system-deps serve worker beat collectstatic messages clean \
	backup restore backup-drill upgrade-check bench-data bench prod-smoke scale-out-check deploy-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Python and npm dependencies, compiled translations, the var/ directory for SQLite and uploads.
setup: $(VENV)/.installed node_modules/.installed
	mkdir -p var
	$(BIN)/python manage.py compile_translations

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# Embedded default: SQLite under var/, Celery tasks run eagerly, demo data and demo users.
run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# A developer's own server: the embedded default with DEBUG on (tracebacks, the URL list). Never for others.
dev: demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Debian packages the tests need: chromium for the browser tests (Playwright cannot download browsers
# here), gettext to check that every string of the UI is translated, LibreOffice Writer to check that
# the Word documents open in a real office suite, and nginx to check deploy/nginx with `nginx -t`.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Install Debian's$$missing (sudo apt-get install$$missing) for the tests." >&2; exit 1; fi; \
	fi

# The whole suite: SQLite by default, PostgreSQL when DATABASE_URL is set (Redis tests need REDIS_URL).
test: setup system-deps
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Landed migrations are append-only: add new migration files to tests/config/landed_migrations.txt (appends
# lines, never rewrites one; tests/config/test_migrations_append_only.py checks the manifest).
lock-migrations: setup
	$(BIN)/python tests/config/landed_migrations.py

# Regenerate the message catalogue after changing strings (needs GNU gettext: apt-get install gettext).
messages: setup
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=var \
	  --ignore=staticfiles --ignore=tests

# Production processes (DJANGO_ENV=production, DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS set).
collectstatic: setup
	$(BIN)/python manage.py collectstatic --noinput

serve: collectstatic
	GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py ganfutong_admin.wsgi:application

worker: setup
	$(BIN)/celery -A ganfutong_admin worker --loglevel=INFO

beat: setup
	$(BIN)/celery -A ganfutong_admin beat --loglevel=INFO

# Backup of the PostgreSQL database of DATABASE_URL and MEDIA_ROOT into a new directory (default var/backups/<time>):
# pg_dump -Fc, media.tar.gz, manifest.json. `make restore BACKUP=dir` restores into an empty database and MEDIA_ROOT.
BACKUP ?= var/backups/$(shell date -u +%Y%m%dT%H%M%SZ)
backup: setup
	$(BIN)/python manage.py backup $(BACKUP)

restore: setup
	@test -n "$(BACKUP)" -a -d "$(BACKUP)" || { echo "make restore BACKUP=<backup directory>" >&2; exit 2; }
	$(BIN)/python manage.py restore $(BACKUP)

# CI drills on this machine's PostgreSQL (.ci/run calls them): backup/restore, and upgrade from the last release.
backup-drill: setup
	.ci/backup-drill

upgrade-check: setup
	.ci/upgrade-check

# Province-scale data on PostgreSQL (issue 9): BENCH_SCALE=default (10k services, 200k filings, 500k work orders, in
# database perfbench_scale) or small (perfbench_small); BENCH_DATABASE_URL overrides the database. See docs/performance.md.
BENCH_SCALE ?= default
bench-data: setup
	BENCH_SCALE=$(BENCH_SCALE) $(BIN)/python bench/run.py data

# Every main list, API and home page against that data, served by gunicorn (2 workers, production settings): prints a
# table, writes var/bench/report.json, fails when a case runs more queries than its pin in bench/pins.json.
bench: setup
	BENCH_SCALE=$(BENCH_SCALE) $(BIN)/python bench/run.py run

# The production stack as an operator runs it, on this machine's PostgreSQL and Redis (scripts/prod_smoke.py):
# a fresh database, DJANGO_ENV=production, gunicorn + Celery worker + beat as real processes, a filing created,
# submitted and approved over HTTP, its e-mail sent by the worker; then the scale-out check (two gunicorns, two
# beats, scripts/scale_out_check.py). Everything is stopped and the database dropped at the end.
# PROD_CHECK_ADMIN_DATABASE_URL, PROD_CHECK_DB_PREFIX, PROD_CHECK_REDIS_URL, PROD_CHECK_PORTS override the defaults.
prod-smoke: setup
	$(BIN)/python scripts/prod_smoke.py --scale-out

# The scale-out check alone (make prod-smoke runs it after the smoke, on the same database).
scale-out-check: setup
	$(BIN)/python scripts/prod_smoke.py --only-scale-out

# The deployment files: env template coverage, nginx -t, systemd-analyze verify, production refusals.
deploy-check: setup
	$(BIN)/pytest -n 0 -p no:cacheprovider tests/deploy -q

clean:
	rm -rf $(VENV) node_modules staticfiles var/db.sqlite3
