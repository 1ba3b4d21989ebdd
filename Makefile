# The two commands of the README, and a few more for developers.
# Each target sets up .venv itself (created with $(PYTHON), which must be Python 3.10+).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EVENT  ?= corpora/sumy-strike-2025
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)

.PHONY: lab test app lint format bench train clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "workbench needs Python 3.10 or newer; run: make PYTHON=python3.X ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[lab,test]"
	@touch $(STAMP)

## make lab: open JupyterLab on the quickstart notebook over the demo event
lab: $(STAMP)
	$(BIN)/python -m jupyter lab $(ROOT_FLAG) notebooks/quickstart.ipynb

## make app: the classroom app (Voila, no code cells) on the demo event
app: $(STAMP)
	$(BIN)/workbench app $(EVENT)

## make test: run the whole test suite (lint, unit, notebooks, browser)
test: $(STAMP)
	$(BIN)/python -m ruff check workbench tests scripts benchmarks
	$(BIN)/python -m ruff format --check workbench tests scripts benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/python -m ruff check workbench tests scripts benchmarks

format: $(STAMP)
	$(BIN)/python -m ruff format workbench tests scripts benchmarks
	$(BIN)/python -m ruff check --fix workbench tests scripts benchmarks

## make bench: accuracy, speed and memory on ../shared/data (or $$WORKBENCH_DATA)
BENCH  := .venv-bench
BENCH_STAMP := $(BENCH)/.installed-stamp

$(BENCH_STAMP): pyproject.toml
	$(PYTHON) -m venv $(BENCH)
	$(BENCH)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH)/bin/python -m pip install --quiet -e ".[lab,test]" scattertext pyinstrument
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BENCH)/bin/python benchmarks/run_all.py

## make train: retrain the shipped models from ../shared/data (seeded; same files each run)
train: $(STAMP)
	$(BIN)/python scripts/train_polarity.py
	$(BIN)/python scripts/train_claims.py

clean:
	rm -rf $(VENV) $(BENCH) .pytest_cache .ruff_cache .hypothesis
