# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= data

.PHONY: run test lint bench test-long chromium postgres clean

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; assert sys.version_info >= (3, 11), "Kinerja needs Python 3.11+"'
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dev]'
	touch $(STAMP)

## run: set up, seed the Kota Semarang demo data if missing, start server and app on 127.0.0.1
run: $(STAMP)
	$(BIN)/kinerja demo --data $(DATA)

## chromium: Debian's Chromium for the browser tests (never `playwright install`)
chromium:
	@bash .ci/ensure-chromium

## postgres: Debian's PostgreSQL server binaries; the tests start throwaway clusters of their own
postgres:
	@bash .ci/ensure-postgres

## lint: formatting, lint rules, strict typing and the layering (import-linter, pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## test: set up, then lint, type-check and run every quick test profile
test: $(STAMP) chromium postgres lint
	$(BIN)/python -m tests.run_all

## test-long: the long profiles (deep property runs, long fault and load runs)
test-long: $(STAMP) chromium postgres
	KINERJA_HYPOTHESIS_PROFILE=long KINERJA_PROFILE=long $(BIN)/pytest -q -m "slow or not slow"

## bench: every benchmark; writes docs/benchmarks.md
bench: $(STAMP) postgres
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
