# Every target does its own set-up: a fresh clone needs only `make report` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
SOURCE ?= data/raw/source.txt
DERIVATIVE ?= data/raw/derivative.txt
REPORTS ?= reports

.PHONY: help install wordnet test lint report lab bench eval clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is required, found " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

install: $(INSTALLED) ## create .venv and install the pinned environment (skipped when up to date)

wordnet: $(INSTALLED) ## build NLTK's WordNet data from the OS package wordnet-base (warns and skips when absent)
	@$(PY) -m analysis wordnet build

test: $(INSTALLED) wordnet ## run lint, type checks, tests, doctests and notebooks (nbval-lax)
	$(VENV)/bin/ruff check src tests bench notebooks
	$(VENV)/bin/ruff format --check src tests bench notebooks
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest --nbval-lax tests src/analysis notebooks

lint: $(INSTALLED) ## format the code with ruff and fix what it can
	$(VENV)/bin/ruff format src tests bench notebooks
	$(VENV)/bin/ruff check --fix src tests bench notebooks

report: $(INSTALLED) wordnet ## run the notebooks on SOURCE and DERIVATIVE (default: the bundled pair) into reports/
	$(PY) -m analysis notebooks $(SOURCE) $(DERIVATIVE) --out $(REPORTS)

lab: $(INSTALLED) wordnet ## open JupyterLab on notebooks/
	$(VENV)/bin/jupyter lab notebooks/

bench: $(INSTALLED) ## run the benchmarks in bench/ (prints a table, writes bench/results/*.json)
	$(PY) bench/run.py

eval: $(INSTALLED) wordnet ## measure the tool on ../shared/eval, fit link threshold and min_run (docs/evaluation.md)
	$(PY) bench/evaluate.py
	$(PY) bench/findings_eval.py

clean: ## remove generated output (reports/, data/processed/), keeping .venv
	rm -rf reports data/processed
