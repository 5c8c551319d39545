# One entry point for every task: make run | test | bench | lint.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test bench lint fmt clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

run: setup
	$(VENV)/bin/planwatch extract samples/示例市数字化发展规划.txt --format table

test: setup
	$(PY) -m pytest -p no:cacheprovider

bench: setup
	$(PY) bench/run.py

lint: setup
	$(VENV)/bin/ruff check planwatch tests bench
	$(VENV)/bin/ruff format --check planwatch tests bench
	$(VENV)/bin/mypy

fmt: setup
	$(VENV)/bin/ruff format planwatch tests bench
	$(VENV)/bin/ruff check --fix planwatch tests bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
