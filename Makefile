# make demo: set up and run the main job on the bundled example crawl (no server needed)
# make test: set up and run the whole test suite
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
DB ?= communique.db

.PHONY: install demo test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,spark]'
	touch $@

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/communique ingest examples/ --db $(DB)
	$(BIN)/communique search "exercise" --db $(DB) --limit 3

lint: install
	$(BIN)/ruff check src tests bench

test: install lint
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm build dist src/*.egg-info
