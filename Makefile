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

# JavaScript served by the book itself (no CDN): pinned versions from the npm registry.
MATHJAX_VERSION := 3.2.2
VENDOR := _vendor
# The accessibility checker that the browser tests inject (never part of the book).
AXE_VERSION := 4.14.1
AXE := _build/tools/axe-core-$(AXE_VERSION)/axe.min.js

.PHONY: book book-fresh check lint test lab figures record vendor chromium axe poppler node clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { \
	  echo "error: $(PYTHON) was not found. This book needs Python 3.11: install it, or run 'make PYTHON=/path/to/python3.11 ...'." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "error: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'), but this book needs Python 3.11 (MXNet 1.9.1 and the pins in requirements.txt)." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the pinned packages of requirements-dev.txt (and requirements.txt) into $(VENV) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt || { \
	  echo "error: pip could not install requirements-dev.txt into $(VENV). Is the package registry (PyPI) reachable from this machine?" >&2; exit 1; }
	@touch $(STAMP)

$(VENDOR)/.mathjax-$(MATHJAX_VERSION): Makefile
	@command -v npm >/dev/null || { echo "error: npm was not found; it is needed to fetch MathJax $(MATHJAX_VERSION) from the npm registry." >&2; exit 1; }
	@rm -rf $(VENDOR)/mathjax && mkdir -p $(VENDOR)/mathjax
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent mathjax@$(MATHJAX_VERSION) >/dev/null) || { \
	  echo "error: npm could not fetch mathjax@$(MATHJAX_VERSION). Is the npm registry reachable from this machine?" >&2; exit 1; }; \
	  tar -xzf $$tmp/mathjax-$(MATHJAX_VERSION).tgz -C $$tmp && \
	  cp $$tmp/package/es5/tex-chtml.js $(VENDOR)/mathjax/ && \
	  mkdir -p $(VENDOR)/mathjax/output/chtml/fonts $(VENDOR)/mathjax/input/tex && \
	  cp -r $$tmp/package/es5/input/tex/extensions $(VENDOR)/mathjax/input/tex/ && \
	  cp -r $$tmp/package/es5/output/chtml/fonts/woff-v2 $(VENDOR)/mathjax/output/chtml/fonts/ && \
	  rm -rf $$tmp
	@touch $@

vendor: $(VENDOR)/.mathjax-$(MATHJAX_VERSION)

# A strict build: any warning or cell error fails it. `make book` reuses the stored executions of
# notebooks whose code has not changed (jupyter-cache in _build/.jupyter_cache) and rewrites only the
# pages that changed; `make book-fresh` (what `make test` runs) removes every stored execution and page
# first, so that every notebook is executed again.
# The stored executions and Sphinx's environment are dropped when the package the notebooks import
# has changed (every page with a player or a computed number may change then).
PACKAGE_HASH = $(shell cat $$(git ls-files -co --exclude-standard transconv | sort) 2>/dev/null | sha1sum | cut -c1-16)
CACHE := _build/.jupyter_cache

book: $(STAMP) vendor
	@test -f $(CACHE)/transconv-$(PACKAGE_HASH) || rm -rf $(CACHE) _build/.doctrees
	@$(MAKE) --no-print-directory _jb JB_FLAGS=
	@mkdir -p $(CACHE) && touch $(CACHE)/transconv-$(PACKAGE_HASH)

book-fresh: $(STAMP) vendor
	@rm -rf _build/html _build/jupyter_execute $(CACHE) _build/.doctrees
	@$(MAKE) --no-print-directory _jb JB_FLAGS=--all
	@mkdir -p $(CACHE) && touch $(CACHE)/transconv-$(PACKAGE_HASH)

_jb:
	@mkdir -p _build
	@status=0; $(BIN)/jupyter-book build . -W --keep-going $(JB_FLAGS) 2>&1 | tee _build/book.log || status=$$?; \
	if [ $$status -ne 0 ]; then \
	  sed 's/\x1b\[[0-9;]*m//g' _build/book.log > _build/book.plain.log; \
	  nb=$$(grep -oE 'ExecutionError: [^ ]+\.(md|ipynb)' _build/book.plain.log | sort -u | sed 's/ExecutionError: //; s#$(CURDIR)/##' | paste -sd ' ' || true); \
	  cell=$$(grep -oE 'Cell In\[[0-9]+\]' _build/book.plain.log | head -1 | grep -oE '[0-9]+' || true); \
	  echo "" >&2; \
	  if [ -n "$$nb" ]; then echo "error: the book build failed: code cell $$cell of notebook $$nb raised an exception (traceback above; full log: _build/book.log)." >&2; \
	  else echo "error: the book build failed (warnings are errors; see above or _build/book.log)." >&2; fi; \
	  exit 1; fi

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

$(AXE):
	@mkdir -p $(dir $(AXE))
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null) || { \
	  echo "error: npm could not fetch axe-core@$(AXE_VERSION). Is the npm registry reachable from this machine?" >&2; exit 1; }; \
	  tar -xzf $$tmp/axe-core-$(AXE_VERSION).tgz -C $$tmp && cp $$tmp/package/axe.min.js $(AXE) && rm -rf $$tmp

axe: $(AXE)

# ESLint (pinned in package-lock.json) into node_modules; offline once installed.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm was not found; it is needed for ESLint (package.json)." >&2; exit 1; }
	@npm ci --no-audit --no-fund --silent || { \
	  echo "error: npm could not install package-lock.json. Is the npm registry reachable from this machine?" >&2; exit 1; }

node: node_modules/.package-lock.json

lint: $(STAMP) node
	$(BIN)/ruff check transconv tests benchmarks _ext
	npx --no-install eslint transconv/static tests/js

# The inner loop: lint, the JavaScript unit tests, and the Python unit, property and doctests.
# No network (after the first set-up), no browser, no root; under a minute.
check: lint
	node --test tests/js/
	$(BIN)/python -m pytest -o addopts="" -p suite -p no:nbval -m "not full" -q --doctest-modules transconv tests

# Debian's poppler-utils (pdftoppm) renders printed pages to images for the print tests.
poppler:
	@command -v pdftoppm >/dev/null || { \
	  echo "Installing Debian's poppler-utils for the print tests ..."; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }

# The full suite, as CI runs it: a fresh build, lint and JavaScript tests, then every pytest
# (nbval on the recorded notebooks, property tests, the built book, JupyterLab, Binder's environment).
# pytest-xdist runs the test files on every core, one file per worker (loadfile: a file's fixtures,
# such as its JupyterLab server or fresh venv, are made once).
test: book-fresh chromium poppler axe lint
	node --test tests/js/
	$(BIN)/python -m pytest -n auto --dist loadfile

# .jupyter/labconfig makes JupyterLab open the MyST .md chapters as notebooks (Binder reads it from $$HOME).
lab: $(STAMP)
	JUPYTER_CONFIG_PATH=$(CURDIR)/.jupyter $(BIN)/jupyter lab

clean:
	rm -rf _build $(VENDOR)
