# Monogram: `make run` serves the demo shop, `make test` runs every suite against real servers.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

# Every suite `make test` runs, in order; a new suite adds its target here.
TEST_SUITES := python-test widget-test function-test php-test

.PHONY: run test lint openapi clean debian-run debian-test widget-build $(TEST_SUITES)

run: debian-run $(VENV)/.installed-run widget-build
	$(BIN)/monogram db upgrade
	$(BIN)/monogram demo
	exec $(BIN)/monogram run --host 127.0.0.1 --port 8000

test: $(TEST_SUITES)

# The browser tests drive the built widget, so it is built first.
python-test: debian-test $(VENV)/.installed-test widget-build
	$(BIN)/ruff check backend tests bench
	MONOGRAM_TEST_SERVERS=1 $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

# widget/dist: the loader and editor bundle the backend serves under /widget/.
widget-build:
	@if [[ ! -f widget/package.json ]]; then \
		echo "widget-build: no widget/package.json yet, nothing to build"; \
		exit 0; \
	fi; \
	command -v npm >/dev/null || { echo "widget-build: npm is missing (Debian: nodejs npm)" >&2; exit 1; }; \
	cd widget && npm ci && npm run build

# The widget's own suite, once widget/package.json exists.
widget-test:
	@if [[ ! -f widget/package.json ]]; then \
		echo "widget-test: no widget/package.json yet, nothing to run"; \
		exit 0; \
	fi; \
	command -v npm >/dev/null || { echo "widget-test: npm is missing (Debian: nodejs npm)" >&2; exit 1; }; \
	cd widget && npm ci && npm test

# Shopify Functions in plugins/shopify/extensions run their node tests (no dependency needed).
function-test: debian-test
	@for dir in $$(find plugins/shopify/extensions -maxdepth 2 -name package.json \
		-exec dirname {} \; | sort); do \
		[[ -d $$dir/test ]] || continue; \
		echo "function-test: $$dir"; \
		(cd "$$dir" && node --test test/) || exit 1; \
	done

# Each connector with a phpunit.xml(.dist) under plugins/ runs its own PHPUnit suite.
php-test: debian-test
	@configs=$$([[ ! -d plugins ]] || find plugins \( -name vendor -o -name node_modules \) -prune \
		-o \( -name phpunit.xml -o -name phpunit.xml.dist \) -print | sort); \
	if [[ -z $$configs ]]; then \
		echo "php-test: no phpunit.xml under plugins/ yet, nothing to run"; \
		exit 0; \
	fi; \
	for config in $$configs; do \
		dir=$$(dirname "$$config"); \
		if [[ -x $$dir/vendor/bin/phpunit ]]; then phpunit=vendor/bin/phpunit; \
		elif command -v phpunit >/dev/null; then phpunit=phpunit; \
		else echo "php-test: phpunit is missing (Debian: php-cli phpunit)" >&2; exit 1; fi; \
		echo "php-test: $$config"; \
		(cd "$$dir" && $$phpunit --configuration "$$(basename "$$config")"); \
	done

lint: $(VENV)/.installed-test
	$(BIN)/ruff check backend tests bench

# Written through a temp file so a failing generator never leaves a truncated openapi.yaml.
openapi: $(VENV)/.installed-run
	$(BIN)/monogram openapi > openapi.yaml.tmp
	mv openapi.yaml.tmp openapi.yaml

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache test-results openapi.yaml.tmp
	find . -path ./widget/node_modules -prune -o \
		\( -name __pycache__ -o -name '*.egg-info' \) -type d -prune -exec rm -rf {} +

debian-run:
	scripts/install-debian-packages run

debian-test:
	scripts/install-debian-packages test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps: a second `make run`/`make test` skips pip until setup.cfg or pyproject.toml changes.
# The Debian packages come first (order-only) because pip builds pycairo against libcairo2-dev.
$(VENV)/.installed-run: setup.cfg pyproject.toml | $(BIN)/python debian-run
	$(BIN)/pip install -e .
	touch $@

$(VENV)/.installed-test: setup.cfg pyproject.toml | $(BIN)/python debian-test
	$(BIN)/pip install -e '.[test]'
	touch $@
