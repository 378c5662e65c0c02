# govsim developer commands. `make run` and `make test` are the README's quick start:
# both create .venv from the pinned Python (.python-version) on first use.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python
SCENARIO ?= scenarios/baseline.toml
DAYS ?= 365
OUT ?= out/baseline

.PHONY: help venv run test test-slow test-notebooks lint bench calibrate clean app app-assets test-browser

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.installed: pyproject.toml .python-version
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), f"govsim needs Python >= 3.12, found {sys.version.split()[0]}: install it (pyenv install 3.12) or pass PYTHON=/path/to/python3.12"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed  ## create .venv and install govsim with its dev tools

run: venv  ## run the baseline scenario for a year; summary on screen, tables and plots in out/baseline
	$(VENV)/bin/govsim run $(SCENARIO) --days $(DAYS) --out $(OUT)

test: venv  ## run the test suite (fast tests; slow validation tests are `make test-slow`)
	$(PY) -m pytest -n auto

test-slow: venv  ## run the slow tests (stylized facts, calibration, fuzzing, chaos tests of sweeps)
	$(PY) -m pytest -n auto -m slow

test-notebooks: venv  ## execute every notebook in notebooks/ top to bottom (default parameters)
	$(PY) -m pytest -m notebooks --durations=0 tests/test_notebooks.py

lint: venv  ## ruff and mypy
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy

bench: venv  ## speed benchmarks: village, township, county; ratio to Mesa's no-op agent step
	$(PY) benchmarks/bench.py

calibrate: venv  ## the baseline against the calibration targets (3 seeds, a year each)
	$(VENV)/bin/govsim calibrate scenarios/baseline.toml --out out/calibration.csv

clean:  ## remove the environment and outputs
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

# --- the teaching app (docs/teaching.md) ----------------------------------------------------
# Solara's front end is served from .venv/share/solara/cdn (Solara's asset cache), filled once
# from the npm registry by `make app-assets`; at run time the app needs no network.
APP_ASSETS := $(VENV)/share/solara/cdn/.complete
HOST ?= 127.0.0.1
PORT ?= 8765
APP_SCENARIO ?= scenarios/village.toml

$(APP_ASSETS): $(VENV)/.installed
	$(PY) -m govsim.app.assets
	@touch $@

app-assets: $(APP_ASSETS)  ## unpack the app's front-end (npm packages Solara asks for) into Solara's asset cache

app: $(APP_ASSETS)  ## start the teaching app on http://$(HOST):$(PORT) (APP_SCENARIO=...)
	$(VENV)/bin/govsim app $(APP_SCENARIO) --host $(HOST) --port $(PORT)

test-browser: $(APP_ASSETS)  ## the teaching app and a decision report in headless Chromium (apt-get install chromium)
	$(PY) -m pytest -m browser -p no:xdist --durations=0 tests/app tests/test_report_browser.py

