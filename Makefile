# The two commands of the README's Quick start, and a few helpers.
#   make demo  - install tisser in .venv and show the bundled demo network (demo.db)
#   make test  - install what the tests need (PostgreSQL included) and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo test lint messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,postgres]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/tisser --db $(DEMO_DB) demo --yes

test: $(VENV)/.installed-dev
	./scripts/install-test-deps.sh
	$(BIN)/python -m pytest
	$(BIN)/python bench/bench_store.py --contacts 2000 --interactions 20000 --searches 50
	$(BIN)/python bench/bench_matching.py --pairs 1500 --big 4000 --groups 1500

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

# Refresh the French catalogue after changing messages: extract, then merge.
messages: $(VENV)/.installed-dev
	$(BIN)/python scripts/translations.py update
	$(BIN)/python scripts/translations.py todo

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_matching.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
