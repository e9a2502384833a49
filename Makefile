# 铜都先锋 — `make run` serves the site, `make test` runs the whole suite. `make help` lists all.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
PORT ?= 8000
# The origin every absolute link names (README, Settings): where `make run` serves, unless set.
SITE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
PY := $(VENV)/bin/python
PROD := DJANGO_SETTINGS_MODULE=site_project.settings.production HTTPS_ONLY=false SITE_URL=$(SITE_URL)
# The second pass of the suite; override to point at other servers.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tongdu
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# `make bench`'s second pass: a database of its own (dropped and created) and a Redis database it
# flushes. BENCH_COMPARE=http://127.0.0.1:8100 adds a bakerydemo served there (shared/measure/bakerydemo.md).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tongdu_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/12
BENCH_COMPARE ?=
STATIC_SOURCES := $(shell find site_project/static home/static stories/static lectures/static -type f 2>/dev/null)

.PHONY: help run demo-env serve test test-sqlite test-postgres bench lint format install install-dev system-deps clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

# The runtime and the test tools in one pip run: requirements-dev.txt includes requirements.txt.
$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime ## Create .venv and install the runtime

install-dev: $(VENV)/.dev ## Install the runtime and the test tools

.env:
	@$(PYTHON) -c "import secrets; print(f'SECRET_KEY={secrets.token_urlsafe(50)}')" > $@
	@echo "Wrote .env with a new SECRET_KEY."

# `make run` serves a demo site: DEMO_SITE lets load_demo run and profiles marked 示例 go live; the
# demo accounts' passwords are added to a .env that lacks them (one written before they existed),
# and the demo accounts (only they) are spared the second factor production settings require.
demo-env: .env
	@for name in DEMO_ADMIN_PASSWORD DEMO_STAFF_PASSWORD; do \
		grep -q "^$$name=" .env || $(PYTHON) -c "import secrets; print('$$name=' + secrets.token_urlsafe(9))" >> .env; \
	done
	@grep -q "^DEMO_SITE=" .env || echo "DEMO_SITE=true" >> .env
	@grep -q "^DEMO_SKIP_TWO_FACTOR=" .env || echo "DEMO_SKIP_TWO_FACTOR=true" >> .env

staticfiles/staticfiles.json: $(VENV)/.runtime .env $(STATIC_SOURCES)
	$(PROD) $(PY) manage.py collectstatic --noinput --clear --verbosity 0
	@touch $@

run: $(VENV)/.runtime demo-env staticfiles/staticfiles.json ## Install, migrate, load the demo once and serve on http://127.0.0.1:$(PORT) (SITE_URL) with the worker beside it
	$(PROD) $(PY) manage.py migrate --noinput --verbosity 0
	$(PROD) $(PY) manage.py load_demo
	@echo
	@echo "  铜都先锋 is at   $(SITE_URL)/"
	@echo "  管理后台 (admin)  $(SITE_URL)/admin/   (accounts above; mail goes to mail/)"
	@echo
	$(PROD) PATH=$(CURDIR)/$(VENV)/bin:$$PATH exec honcho start --port $(PORT)

system-deps: ## Install Debian packages the tests and benchmarks need (chromium, a CJK font, nginx with brotli, wrk, ffmpeg, openssl, systemd-analyze, the PostgreSQL client)
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qiE "WenQuanYi|Noto Sans CJK" || missing="$$missing fonts-wqy-microhei"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	command -v ffprobe >/dev/null || missing="$$missing ffmpeg"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing="$$missing libnginx-mod-http-brotli-static"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v systemd-analyze >/dev/null || missing="$$missing systemd"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(VENV)/.dev ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev ## Format and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.dev system-deps lint staticfiles/staticfiles.json ## The whole suite: checks, then pytest on SQLite and on PostgreSQL + Redis, side by side
	DJANGO_SETTINGS_MODULE=site_project.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=site_project.settings.test $(PY) manage.py makemigrations --check --dry-run
	@echo "The SQLite and the PostgreSQL + Redis passes run side by side; each prints its report when it ends."
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# The production-server tests serve the static files `make run` collects (once for both passes).
TEST_ENV := TEST_STATIC_ROOT=$(CURDIR)/staticfiles

test-sqlite: $(VENV)/.dev staticfiles/staticfiles.json ## pytest on SQLite with the in-process cache
	env -u DATABASE_URL -u REDIS_URL $(TEST_ENV) $(PY) -m pytest

test-postgres: $(VENV)/.dev staticfiles/staticfiles.json ## pytest on PostgreSQL with Redis for cache and sessions
	@if DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) tests/check_services.py; then \
		DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(TEST_ENV) $(PY) -m pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "!!! CI=true and PostgreSQL/Redis are not reachable: failing." >&2; exit 1; \
	else \
		echo "!!! SKIPPED the PostgreSQL + Redis pass: services not reachable (see above)." >&2; \
	fi

bench: $(VENV)/.dev system-deps ## Per page: req/s, latency and SQL, cached and not, on SQLite and on PostgreSQL + Redis; then search at 10,000 pages
	$(PY) tests/bench/run.py --postgres $(BENCH_DATABASE_URL) --redis $(BENCH_REDIS_URL) $(if $(BENCH_COMPARE),--compare $(BENCH_COMPARE))
	$(PY) tests/bench/search.py --postgres $(TEST_DATABASE_URL)

clean: ## Remove the venv, collected static files and the SQLite database
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-*
