# The booklet: `make` sets up .venv and builds every language and format into build/;
# `make test` runs the test suite. Every other target is one call of `booklet`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BOOKLET := $(BIN)/booklet
STAMP  := $(VENV)/.installed

.PHONY: all build html pdf epub gettext update-po stat check clean serve test bench preflight

all: build

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BOOKLET) build

html: $(STAMP)
	$(BOOKLET) build --format html

pdf: $(STAMP)
	$(BOOKLET) build --format pdf --format print --format imposed --format handout

epub: $(STAMP)
	$(BOOKLET) build --format epub

gettext: $(STAMP)
	$(BOOKLET) gettext

update-po: $(STAMP)
	$(BOOKLET) update

stat: $(STAMP)
	$(BOOKLET) stat

check: $(STAMP)
	$(BOOKLET) check

serve: $(STAMP)
	$(BOOKLET) serve

# The check before printing or publishing a release (needs a full build, Java for EPUBCheck).
preflight: build
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BOOKLET) preflight

clean: $(STAMP)
	$(BOOKLET) clean

NODE_TOOLS := tests/js/node_modules/.installed

# The browser, accessibility and HTML checkers of the tests (npm; no browser download:
# Debian's chromium is used). System tools: see README, "Prerequisites" (.ci/run installs them).
$(NODE_TOOLS): tests/js/package.json
	cd tests/js && PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
		npm install --no-package-lock --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_TOOLS)

test: $(STAMP) $(NODE_TOOLS)
	PUPPETEER_EXECUTABLE_PATH=$${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium} $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python scripts/bench.py
