# rasd — the two set-up commands (see README.md): `make demo` and `make test`.
# Both create ./.venv with the Python found below and install rasd into it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= rasd-demo.db
PORT   ?= 8765

.PHONY: demo test install install-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## process the bundled examples into $(DB) and serve the dashboard on 127.0.0.1:$(PORT)
demo: install
	$(BIN)/rasd demo --db $(DB) --port $(PORT)

## run the test suite (browser tests run where /usr/bin/chromium exists, else are skipped and said so)
test: install-test
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm test-artifacts
