# The booklet: `make` sets up .venv and builds every language and format into build/;
# `make test` runs the test suite. Every other target is one call of `booklet`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BOOKLET := $(BIN)/booklet
STAMP  := $(VENV)/.installed

.PHONY: all build html pdf epub gettext update-po stat check clean serve test bench

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

clean: $(STAMP)
	$(BOOKLET) clean

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python scripts/bench.py
