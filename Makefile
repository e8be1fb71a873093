# Two commands set up a fresh machine: `make run` (the whole job on DuckDB) and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: venv run test lint clean browser

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

run: venv
	$(BIN)/open-chronic run

# Debian's headless Chromium opens the lineage docs in tests/python/test_docs_site.py.
browser:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

test: venv browser
	$(BIN)/pytest

lint: venv
	$(BIN)/sqlfluff lint models macros tests/data_tests

clean:
	rm -rf target logs data publish
