# Two commands on a fresh machine: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install npm run serve test lint format check-deploy bench clean

install: $(VENV)/.installed

# Re-installs whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# vis-timeline for the interactive timelines. Optional: without it the pages show the
# same data as an accessible list, so a failed npm install does not stop the build.
npm: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error || echo "npm ci failed: timelines fall back to lists"; \
	else echo "npm not found: timelines fall back to lists"; fi

# A local .env with a generated secret key, written once and never committed.
.env: | install
	$(BIN)/python -c "import secrets; print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" > .env
	@echo "wrote .env with a generated DJANGO_SECRET_KEY"

run: install npm .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed
	$(BIN)/python manage.py import_historian --skip-unchanged
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install npm
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The production settings must pass Django's deployment checks with no warning.
check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=visits.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Benchmarks (not tests): see docs/performance.md for preparing the two databases.
BENCH_DB ?= postgres://postgres@127.0.0.1:5432
bench: install
	$(BIN)/python bench/run.py --small $(BENCH_DB)/bench_10k --large $(BENCH_DB)/bench_1m \
		--scratch $(BENCH_DB)/bench_scratch

clean:
	rm -rf $(VENV) node_modules staticfiles test-results .pytest_cache
