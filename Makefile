# One entry point for every task: make run | test | bench | lint.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test bench lint fmt clean assets fuzz

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $@

PORT ?= 8000
VENDOR := planwatch/web/static/vendor

# The web demo: fresh SQLite under PLANWATCH_DATA_DIR (default ./var), demo users printed, a
# worker beside the server for the queued jobs (imports).
run: setup assets
	$(VENV)/bin/planwatch demo --port $(PORT)

# Whole suite on SQLite, then the web tests again on a throwaway PostgreSQL (if installed).
test: setup assets
	$(PY) -m pytest -p no:cacheprovider
	PY=$(PY) scripts/test-postgres.sh

# htmx + echarts from npm (pinned in package-lock.json), served locally from $(VENDOR); the
# English UI's .po catalogues compiled to .mo (build output, gitignored).
assets: setup $(VENDOR)/.stamp
	$(PY) -m planwatch.web.locale_build

$(VENDOR)/.stamp: package.json package-lock.json
	scripts/assets.sh

# Extraction, evaluation and web figures; BENCH_WEB_ARGS="--regions 300 --indicators 40" is a
# quick web run (the default is the national scale: 36 million observations in PostgreSQL).
bench: setup assets
	BENCH_WEB_ARGS="$(BENCH_WEB_ARGS)" $(PY) bench/run.py

# Longer fuzzing of the readers and the extractor (the normal suite tries a few examples):
# FUZZ_EXAMPLES random mutated seed documents per format, under a memory limit; figures at the
# end. stderr stays uncaptured so that a hung example's stacks reach the terminal.
FUZZ_EXAMPLES ?= 300
fuzz: setup
	PLANWATCH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -p no:cacheprovider tests/fuzz \
		--timeout=0 --capture=sys -q

# mypy loads the Django settings (django-stubs), which need a secret key outside development.
lint: setup
	$(VENV)/bin/ruff check planwatch tests bench
	$(VENV)/bin/ruff format --check planwatch tests bench
	PLANWATCH_DEBUG=1 $(VENV)/bin/mypy

fmt: setup
	$(VENV)/bin/ruff format planwatch tests bench
	$(VENV)/bin/ruff check --fix planwatch tests bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
