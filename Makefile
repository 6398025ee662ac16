# The marketing team handbook. `make help` lists the targets.
# The two README commands: `make serve` (set up and serve) and `make test`
# (set up and run every test). Both install what they need on a fresh Debian
# machine: a venv with pinned Python packages, node_modules via `npm ci`, and
# (for tests) Debian's chromium.

SHELL        := /bin/bash
.SHELLFLAGS  := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON   ?= python3.11
VENV     := .venv
BIN      := $(VENV)/bin
HOST     ?= 127.0.0.1
PORT     ?= 8000
# Instant navigation falls back to full reloads when the served origin differs
# from site_url, so serving and building default to the same origin.
export SITE_URL ?= http://$(HOST):$(PORT)/
# Material 9.x prints an end-of-life banner on every build (see README, "Stack").
export NO_MKDOCS_2_WARNING := 1

PYODIDE_WHEELS := build/pyodide-wheels
CHROMIUM       := /usr/bin/chromium

.PHONY: help setup serve build test test-fast lint format wheel clean distclean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# ------------------------------------------------------------------ setup ---

$(BIN)/.installed: requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Pure-Python wheels of pytest and hypothesis for the test run inside Pyodide.
$(PYODIDE_WHEELS)/.downloaded: tests/pyodide/requirements.txt | $(BIN)/.installed
	rm -rf $(PYODIDE_WHEELS) && mkdir -p $(PYODIDE_WHEELS)
	$(BIN)/pip download --quiet --only-binary=:all: --python-version 3.14 --implementation py \
		--abi none --platform any -r tests/pyodide/requirements.txt -d $(PYODIDE_WHEELS)
	touch $@

$(CHROMIUM):
	@echo "Installing Debian's chromium (needed by the browser tests)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

setup: $(BIN)/.installed node_modules/.package-lock.json ## Install Python (venv) and node dependencies

# ---------------------------------------------------------------- running ---

serve: setup ## Set up, then serve the handbook on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

build: setup ## Build the site into site/ (mkdocs build --strict)
	$(BIN)/mkdocs build --strict

wheel: setup ## Build only the calculators wheel into dist/
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

# ---------------------------------------------------------------- testing ---

test: setup $(PYODIDE_WHEELS)/.downloaded $(CHROMIUM) ## Set up, then run every test (lint, CPython, Pyodide under node, build, Chromium)
	$(BIN)/ruff check .
	$(BIN)/pytest

test-fast: setup ## Unit tests under CPython only (no browser, no Pyodide, no build)
	$(BIN)/pytest -m "not browser and not build" --ignore=tests/test_pyodide.py

lint: setup ## ruff check
	$(BIN)/ruff check .

format: setup ## ruff format and fix imports
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .

clean: ## Remove generated files (site/, build/, dist/)
	rm -rf site build dist .pytest_cache *.egg-info

distclean: clean ## Also remove .venv and node_modules
	rm -rf $(VENV) node_modules
