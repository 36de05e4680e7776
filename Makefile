# Two commands do all set-up on a fresh machine:
#   make book   build the HTML book into _build/html (re-executes only the notebooks that changed)
#   make test   build the book afresh (every notebook executed) and run every test
# Both create .venv from requirements-dev.txt (which includes requirements.txt) when it is missing.
# The maintainer's inner loop, offline once set up: make check (lint, unit, property and doctests).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The JavaScript tools, pinned with their checksums in package-lock.json and installed by `npm ci`:
# KaTeX (typesets the formulas when the book is built), axe-core (injected by the accessibility
# test, never part of the book) and ESLint. Offline once installed.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: book book-fresh check lint test lab lock figures record chromium poppler node clean _project

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { \
	  echo "error: $(PYTHON) was not found. This book needs Python 3.11: install it, or run 'make PYTHON=/path/to/python3.11 ...'." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "error: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'), but this book needs Python 3.11 (MXNet 1.9.1 and the pins in requirements.txt)." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the locked packages of requirements-dev.txt (hashes checked) into $(VENV) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt || { \
	  echo "error: pip could not install requirements-dev.txt into $(VENV). Is the package registry (PyPI) reachable from this machine?" >&2; exit 1; }
	@$(MAKE) --no-print-directory _project BIN=$(BIN)
	@touch $(STAMP)

# The repository's package, editable, without touching the locked dependencies; and the environment's
# Jupyter setting that opens the MyST .md chapters as notebooks (etc/jupyter/labconfig, read by any
# `jupyter lab` or `jupyter notebook` started with this environment). Binder's postBuild does the same.
_project:
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@install -D -m 644 .jupyter/labconfig/default_setting_overrides.json \
	  $$($(BIN)/python -c 'import sys; print(sys.prefix)')/etc/jupyter/labconfig/default_setting_overrides.json

# Regenerate the locks (requirements.txt, requirements-dev.txt, with hashes) from requirements*.in,
# keeping every pin that still satisfies them; pip-tools runs from a temporary environment.
lock:
	@tmp=$$(mktemp -d) && $(PYTHON) -m venv $$tmp && $$tmp/bin/pip install --quiet --disable-pip-version-check pip-tools==7.6.2 && \
	  $$tmp/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in && \
	  $$tmp/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in && \
	  rm -rf $$tmp

# A strict build: any warning or cell error fails it. The notebooks execute while Sphinx reads them
# (execute_notebooks: inline, for the prose's {eval} roles), so `make book` re-executes only the pages
# that changed since the last build; `make book-fresh` (what `make test` runs) removes Sphinx's
# environment and every page first, so that every notebook is executed again.
# Sphinx's environment is dropped when the package the notebooks import has changed (every page with a
# player or a computed number may change then); _build/.jupyter_cache keeps the stamp of that package.
# Every page is written again (from Sphinx's environment, nothing re-executed) when the book's own
# extension (_ext/) has changed: Sphinx rewrites only the pages whose sources changed.
tree_hash = $(shell cat $$(git ls-files -co --exclude-standard $(1) 2>/dev/null | sort) 2>/dev/null | sha1sum | cut -c1-16)
PACKAGE_HASH = $(call tree_hash,transconv)
EXT_HASH = $(call tree_hash,_ext)
CACHE := _build/.jupyter_cache

book: $(STAMP) node
	@test -f $(CACHE)/transconv-$(PACKAGE_HASH) || rm -rf $(CACHE) _build/.doctrees
	@test -f $(CACHE)/ext-$(EXT_HASH) || rm -rf _build/html
	@$(MAKE) --no-print-directory _jb JB_FLAGS=
	@mkdir -p $(CACHE) && touch $(CACHE)/transconv-$(PACKAGE_HASH) $(CACHE)/ext-$(EXT_HASH)

book-fresh: $(STAMP) node
	@rm -rf _build/html _build/jupyter_execute $(CACHE) _build/.doctrees
	@$(MAKE) --no-print-directory _jb JB_FLAGS=--all
	@mkdir -p $(CACHE) && touch $(CACHE)/transconv-$(PACKAGE_HASH) $(CACHE)/ext-$(EXT_HASH)

# Jupyter Book reports a failing cell itself: the notebook, the cell's code, the traceback.
_jb:
	@$(BIN)/jupyter-book build . -W --keep-going $(JB_FLAGS)

figures: $(STAMP)
	$(BIN)/python -m transconv.figures

# Re-record the reference outputs that nbval checks: review the diff before committing.
record: $(STAMP)
	$(BIN)/python tests/record_notebooks.py

# The book's PDF (_ext/book_pdf.py) is printed by the same Chromium as the tests use.
book book-fresh: chromium

# Debian's Chromium for the browser tests and the book's PDF (root or sudo; a no-op when it is installed).
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests ..."; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# npm writes its stamp, node_modules/.package-lock.json, only when `npm ci` succeeds.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm was not found; it is needed for KaTeX, axe-core and ESLint (package.json)." >&2; exit 1; }
	@npm ci --no-audit --no-fund --silent || { \
	  echo "error: npm could not install package-lock.json. Is the npm registry reachable from this machine?" >&2; exit 1; }

node: $(NODE_STAMP)

lint: $(STAMP) node
	$(BIN)/ruff check transconv tests benchmarks _ext
	npx --no-install eslint transconv/static tests/js _ext

# The inner loop: lint, the JavaScript unit tests, and the Python unit, property and doctests (the tests
# that need no built book, browser, fresh venv or server; same pytest configuration as `make test`).
# No network (after the first set-up), no browser, no root; under 30 s.
check: lint
	node --test tests/js/
	TRANSCONV_CASES=quick $(BIN)/python -m pytest -m "not full" -q -n auto --dist loadgroup

# Debian's poppler-utils (pdftoppm) renders printed pages to images for the print tests.
poppler:
	@command -v pdftoppm >/dev/null || { \
	  echo "Installing Debian's poppler-utils for the print tests ..."; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

# The full suite, as CI runs it: a fresh build (the one execution of every chapter, whose outputs
# tests/test_book.py compares with tests/recorded as nbval would), lint and JavaScript tests, then every
# pytest with the configuration of `make check` (pyproject.toml): property tests and doctests, the built
# book, JupyterLab and Notebook 7 (one server), one fresh runtime venv (Binder, downloaded notebooks).
# pytest-xdist runs on every core; tests/suite.py keeps each file's tests on one worker (its fixtures
# are made once) and spreads the live chapters, grouped by chapter.
test: book-fresh chromium poppler lint
	node --test tests/js/
	$(BIN)/python -m pytest -n auto --dist loadgroup

# JupyterLab on the chapters, with this environment (its etc/jupyter opens the .md chapters as notebooks).
# As root (a container, CI), Jupyter refuses to start without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) chapters/00_reading_order.md

clean:
	rm -rf _build
