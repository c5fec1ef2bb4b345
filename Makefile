# Two entry points for a new user: `make run` (check the seed articles) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SOURCES := textfix tests bench scripts

.PHONY: run test style lint format bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,lint]'
	# An editable install leaves textfix's own modules uncompiled, and where
	# PYTHONDONTWRITEBYTECODE is set every start would compile them again (35 ms).
	$(BIN)/python -m compileall -q textfix
	touch $@

# textfix exits 1 when it finds problems, which is the point of this demo run.
run: $(VENV)/.installed
	-$(BIN)/textfix check seeds/

test: $(VENV)/.installed
	$(BIN)/python -m pytest

# lint is what CI runs before the tests: style (ruff) and mypy, strict over the package.
style: $(VENV)/.installed
	$(BIN)/ruff check $(SOURCES)
	$(BIN)/ruff format --check $(SOURCES)

lint: style
	$(BIN)/mypy

format: $(VENV)/.installed
	$(BIN)/ruff format $(SOURCES)
	$(BIN)/ruff check --fix $(SOURCES)

bench: $(VENV)/.installed
	$(BIN)/python bench/speed.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
