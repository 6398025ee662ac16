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
VENV_FAST := .venv-fast
HOST     ?= 127.0.0.1
PORT     ?= 8000
# Instant navigation falls back to full reloads when the served origin differs
# from site_url, so serving and building default to the same origin.
export SITE_URL ?= http://$(HOST):$(PORT)/
# Material 9.x prints an end-of-life banner on every build (see README, "Stack").
export NO_MKDOCS_2_WARNING := 1

PYODIDE_WHEELS := build/pyodide-wheels
CHROMIUM       := /usr/bin/chromium
NGINX          := /usr/sbin/nginx
# nginx's Brotli module (brotli_static): a machine may have nginx without it.
NGINX_BROTLI   := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
# A compact CJK font, so that the test screenshots of Chinese pages are legible
# (readers' own machines have system CJK fonts; a bare Debian has none).
CJK_FONT       := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc

.PHONY: help setup serve build test test-fast test-js lint format wheel nginx-conf bench clean distclean review \
	publish serve-versions

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# ------------------------------------------------------------------ setup ---

# Every Python package is installed from a hashed lock file (--require-hashes): pip itself
# first (requirements-pip.txt), then the set compiled from requirements.in; an install
# of the project itself (--no-deps) belongs after that set.
$(BIN)/.installed: requirements-pip.txt requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-pip.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	# The project itself (editable, no dependencies): MkDocs finds the local plugin
	# (handbook/plugins/policy) through its entry point.
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# `make test-fast`: a small venv of its own with pytest and hypothesis only (hashed too):
# the calculators need only the standard library. For speed the venv gets no pip of its
# own: the interpreter's pip (or, where it has none, the one ensurepip puts in a bootstrap
# venv) only downloads the pinned pip wheel (hash-checked), and that pip, run from its
# wheel, installs requirements-fast.txt into the venv.
$(VENV_FAST)/bin/.installed: requirements-pip.txt requirements-fast.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found (Python 3.11 is required)"; exit 1; }
	rm -rf $(VENV_FAST)
	$(PYTHON) -m venv --without-pip $(VENV_FAST)
	if $(PYTHON) -m pip --version >/dev/null 2>&1; then pip="$(PYTHON) -m pip"; \
	else $(PYTHON) -m venv $(VENV_FAST)/bootstrap && pip="$(VENV_FAST)/bootstrap/bin/python -m pip"; fi; \
	$$pip download --quiet --no-deps --require-hashes -r requirements-pip.txt -d $(VENV_FAST)/wheels
	wheel=$$(echo $(VENV_FAST)/wheels/pip-*.whl); \
	$(VENV_FAST)/bin/python "$$wheel/pip" install --quiet --no-compile --require-hashes \
		-r requirements-fast.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Pure-Python wheels of pytest and hypothesis for the test run inside Pyodide: the same
# hashed set as `make test-fast` (requirements-fast.txt).
$(PYODIDE_WHEELS)/.downloaded: requirements-fast.txt | $(BIN)/.installed
	rm -rf $(PYODIDE_WHEELS) && mkdir -p $(PYODIDE_WHEELS)
	$(BIN)/pip download --quiet --require-hashes --only-binary=:all: --python-version 3.14 \
		--implementation py --abi none --platform any -r requirements-fast.txt -d $(PYODIDE_WHEELS)
	touch $@

$(CHROMIUM):
	@echo "Installing Debian's chromium (needed by the browser tests)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

$(CJK_FONT):
	@echo "Installing a CJK font (legible screenshots of Chinese pages in the browser tests)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null

$(NGINX_BROTLI): | $(NGINX)
	@echo "Installing nginx's Brotli module (the production configuration serves .br files)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libnginx-mod-http-brotli-static >/dev/null

$(NGINX):
	@echo "Installing Debian's nginx (the production-configuration tests run behind it)"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-http-brotli-static >/dev/null

setup: $(BIN)/.installed node_modules/.package-lock.json ## Install Python (venv) and node dependencies

# ---------------------------------------------------------------- running ---

serve: setup ## Set up, then serve the handbook on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

build: setup ## Build the site into site/ (mkdocs build --strict)
	$(BIN)/mkdocs build --strict

review: setup ## List the pages whose review is overdue (never fails a build; --strict for CI: make review STRICT=1)
	$(BIN)/python -m handbook.review $(if $(STRICT),--strict,)

nginx-conf: build ## Render the production nginx config for site/ into build/nginx/handbook.conf
	mkdir -p build/nginx
	$(BIN)/python deploy/nginx/render.py site --listen $(HOST):$(PORT) > build/nginx/handbook.conf
	@echo "Include build/nginx/handbook.conf inside nginx's http { } block."

wheel: setup ## Build only the calculators (browser) wheel into dist/
	$(BIN)/python hooks/engine.py dist

# --- releases ---
# A release is one mike version on the local branch $(PUBLISH_BRANCH) (see README,
# "Releases"). The version is data/changelog.toml's `version` (VERSION=... must match it).
# Each version is built with site_url <base><version>/ so that instant navigation works
# inside it; `latest` is a redirect alias (no symlinks) and the site root redirects to it.
PUBLISH_BASE_URL ?= http://$(HOST):$(PORT)/
PUBLISH_BRANCH   ?= gh-pages
VERSION          ?=
HANDBOOK_VERSION  = $(BIN)/python -c 'import tomllib; d = tomllib.load(open("data/changelog.toml", "rb")); print(d["version"], d["effective_from"])'

publish: setup ## Deploy this build as a version (data/changelog.toml's) on gh-pages, move `latest`, set the default
	@read -r handbook effective <<< "$$($(HANDBOOK_VERSION))"; \
	version="$(VERSION)"; version="$${version:-$$handbook}"; \
	if [ "$$version" != "$$handbook" ]; then \
		echo "error: VERSION=$$version, but data/changelog.toml has version = \"$$handbook\": change it there (with its [[changes]]) first"; exit 1; fi; \
	base="$(PUBLISH_BASE_URL)"; base="$${base%/}/"; \
	echo "Publishing handbook $$version (in force from $$effective) as $${base}$$version/ on $(PUBLISH_BRANCH)"; \
	export PATH="$(abspath $(BIN)):$$PATH" SITE_URL="$${base}$$version/"; \
	mike deploy --branch $(PUBLISH_BRANCH) --alias-type redirect --update-aliases \
		--title "$$version · $$effective" "$$version" latest; \
	mike set-default --branch $(PUBLISH_BRANCH) latest

serve-versions: setup ## Serve every published version (gh-pages) on http://127.0.0.1:8000
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/mike serve --branch $(PUBLISH_BRANCH) --dev-addr $(HOST):$(PORT)

# ---------------------------------------------------------------- testing ---

test: setup $(PYODIDE_WHEELS)/.downloaded $(CHROMIUM) $(NGINX) $(NGINX_BROTLI) $(CJK_FONT) ## Set up, then run every test (lint, CPython, Pyodide under node, build, Chromium)
	$(BIN)/ruff check .
	node --test tests/js/
	$(BIN)/pytest --durations=20

test-js: ## Unit tests of the browser JavaScript under node (node --test)
	node --test tests/js/

# Fewer hypothesis examples than `make test` (HYPOTHESIS_PROFILE, tests/unit/conftest.py).
test-fast: $(VENV_FAST)/bin/.installed ## CPython unit tests only, in their own small venv (no build, browser, Pyodide)
	HYPOTHESIS_PROFILE=fast $(VENV_FAST)/bin/python -m pytest -q -m "not browser and not build and not pyodide" tests/unit

bench: setup $(CHROMIUM) $(NGINX) $(NGINX_BROTLI) ## Measure first-result times, bytes, build scaling, batch throughput (build/bench/results.md)
	$(BIN)/python bench/run.py

lint: setup ## ruff check
	$(BIN)/ruff check .

format: setup ## ruff format and fix imports
	$(BIN)/ruff check --fix --select I .
	$(BIN)/ruff format .

clean: ## Remove generated files (site/, build/, dist/)
	rm -rf site build dist .pytest_cache *.egg-info

distclean: clean ## Also remove .venv, .venv-fast and node_modules
	rm -rf $(VENV) $(VENV_FAST) node_modules
