# govsim developer commands. `make run` and `make test` are the README's quick start:
# both create .venv from the pinned Python (.python-version) on first use.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python
SCENARIO ?= scenarios/baseline.toml
DAYS ?= 365
OUT ?= out/baseline

.PHONY: help venv run test test-slow lint bench calibrate clean

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
