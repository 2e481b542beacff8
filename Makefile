# Cocreate: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= state

.PHONY: install run test test-postgres bench lint typecheck floors messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable '.[dev]'
	touch $@

run: install
	DEBUG=1 $(BIN)/cocreate migrate --noinput
	DEBUG=1 $(BIN)/cocreate seed-demo
	@echo
	@echo "Open http://$(HOST):$(PORT)/ and sign in with one of the accounts above."
	@echo
	DEBUG=1 $(BIN)/cocreate runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest -n 2

# The suite against PostgreSQL (needs a server; see README).
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cocreate} $(BIN)/pytest -n 2

bench: install
	SCALE=$(SCALE) $(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs; what it checks is set in pyproject.toml ([tool.mypy]).
typecheck: install
	$(BIN)/mypy

# The floors (docs/ARCHITECTURE.md): import-linter's contracts in pyproject.toml ([tool.importlinter]).
floors: install
	$(BIN)/lint-imports

messages: install
	cd cocreate && ../$(BIN)/cocreate makemessages --locale es --no-obsolete --no-location --ignore 'static/vendor/*'
	cd cocreate && ../$(BIN)/cocreate compilemessages --locale es

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
