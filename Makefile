# The two set-up commands of the README:
#   make demo   installs dyad in .venv, ingests the bundled sample articles into ./dyad.db,
#               prints the Armenia–Artsakh timeline and serves the explorer on 127.0.0.1:8000
#   make test   installs dyad with its test extras, the services the tests need
#               (PostgreSQL, Chromium; Debian packages when run as root) and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test install install-test services bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

demo: install
	$(BIN)/dyad demo

services:
	bash scripts/test-services

test: install-test services
	. ./.test-services.env && $(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench:
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run_all.py
