# Kejiwang: `make run` serves the demo, `make test` runs every test. Both install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PY := .venv/bin/python
VENDOR := static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export UV_LINK_MODE := copy

.PHONY: help run test test-sqlite test-postgres test-browser lint format bench assets deps system-deps messages migrate demo

help:
	@echo "make run   - install, migrate, load demo data and serve http://127.0.0.1:8000"
	@echo "make test  - install and run every test (SQLite, PostgreSQL, browser)"
	@echo "make lint  - ruff, django-upgrade, makemigrations --check"

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python 3.11
	@touch $@

deps: .venv/.synced

# Front-end libraries come from the npm registry (package-lock.json) and are copied into static/.
# Source maps are copied too: the production static storage (manifest) refuses files naming a missing map.
$(VENDOR)/.built: package.json package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	@touch $@

assets: $(VENDOR)/.built

# Compiled translations (gettext's msgfmt, from Debian if missing).
locale/zh_Hans/LC_MESSAGES/django.mo: locale/zh_Hans/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	msgfmt --check -o $@ $<

messages: locale/zh_Hans/LC_MESSAGES/django.mo

# Debian packages for PDFs (CJK fonts; poppler to read them back in tests) and browser tests (chromium).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

migrate: deps assets messages
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable

run: export DEBUG ?= 1
run: export OTP_REQUIRED ?= 0
run: system-deps migrate
	$(PY) manage.py seed_demo --if-empty
	@$(PY) manage.py demo_logins
	@trap 'kill 0' EXIT; \
	$(PY) manage.py db_worker --queue-name default & \
	$(PY) manage.py run_periodic --every 300 & \
	$(PY) manage.py runserver 127.0.0.1:8000

# Tests: SQLite, then PostgreSQL, then the browser journeys.
test: system-deps deps assets messages
	$(MAKE) --no-print-directory test-sqlite test-postgres test-browser

test-sqlite:
	$(PY) -m pytest -n 2 -m "not browser and not postgres" -p no:cacheprovider

test-postgres:
	@pg_isready -h 127.0.0.1 -p 5432 -q || (pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start && sleep 2)
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 -m "not browser" -p no:cacheprovider

test-browser:
	$(PY) -m pytest -m browser -p no:cacheprovider

lint: deps
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	git ls-files '*.py' | xargs .venv/bin/django-upgrade --target-version 5.2 --check >/dev/null || (echo "django-upgrade would change files" && exit 1)
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: deps
	git ls-files '*.py' | xargs .venv/bin/django-upgrade --target-version 5.2 >/dev/null || true
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench: deps
	@for b in bench/bench_*.py; do name=$$(basename $$b .py); $(MAKE) --no-print-directory bench-$${name#bench_}; done

bench-%: deps assets
	mkdir -p bench/results
	$(PY) bench/bench_$*.py --out bench/results/$*.json
