# The two commands of the README's Quick start, and a few helpers.
#   make demo  - install tisser in .venv, load the bundled demo network (demo.db), print its
#                overview and open it in the browser (tisser web; Ctrl+C stops it)
#   make test  - install what the tests need (PostgreSQL included) and run the whole suite
#   make web   - the demo network in your browser (http://127.0.0.1:8765)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo web test lint messages merge-driver bench clean

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
	$(BIN)/tisser --db $(DEMO_DB) web

# The web application over the demo network (loaded first if demo.db is not there yet).
web: $(VENV)/.installed
	test -f $(DEMO_DB) || $(BIN)/tisser --db $(DEMO_DB) demo --yes
	$(BIN)/tisser --db $(DEMO_DB) web

test: $(VENV)/.installed-dev
	./scripts/install-test-deps.sh
	$(BIN)/python -m pytest
	$(BIN)/python bench/bench_store.py --contacts 2000 --interactions 20000 --searches 50
	$(BIN)/python bench/bench_events.py --candidates 60 --repeat 1 --check 12
	$(BIN)/python bench/bench_diagnose.py --contacts 2000 --interactions 20000 --links 20000 --nx-alters 30
	$(BIN)/python bench/bench_web.py --contacts 2000 --interactions 20000 --repeat 5 --clients 4 --seconds 2
	$(BIN)/python bench/bench_plan.py --contacts 2000 --interactions 20000 --runs 1
	$(BIN)/python bench/bench_reach.py --contacts 2000 --links 20000 --queries 30 --nx-queries 3
	$(BIN)/python bench/bench_import.py --rows 6000 --cards 500 --dedupe 3000
	$(BIN)/python bench/bench_carddav.py --cards 300 --changes 10
	$(BIN)/python bench/bench_cli.py --runs 3
	$(BIN)/python bench/bench_capture.py --messages 5000 --memory 8000 --correspondents 200 --contacts 140 --imap 1000 --imap-new 50
	$(BIN)/python bench/bench_matching.py --pairs 1500 --big 4000 --groups 1500 --lp 100
	$(BIN)/python bench/bench_federation.py --members 1000 --clubs 10 --areas 2 --cut 300 --scaling 0

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy

# Merge the message catalogues entry by entry when branches merge (scripts/merge_catalog.py).
merge-driver: $(VENV)/.installed-dev
	git config merge.catalog.driver '$(abspath $(BIN))/python scripts/merge_catalog.py %O %A %B'

# Refresh the French catalogue after changing messages: extract, then merge.
messages: $(VENV)/.installed-dev
	$(BIN)/python scripts/translations.py update
	$(BIN)/python scripts/translations.py todo

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_events.py
	$(BIN)/python bench/bench_diagnose.py
	$(BIN)/python bench/bench_web.py --clients 20 --seconds 60
	$(BIN)/python bench/bench_plan.py
	$(BIN)/python bench/bench_reach.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_matching.py
	$(BIN)/python bench/bench_capture.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
