# Two commands do all set-up on a fresh machine:
#   make run    create .venv if missing, install coach and (where it can) the voice's system
#               packages, open the app
#   make test   the same, plus test extras and the system packages the tests use, then the suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test lint bench soak install system-deps voice-deps clean screenshots

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check -U pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

system-deps:
	@bash .ci/system-deps

# The espeak-ng library and a player: installed as root or with sudo that needs no password,
# else one line says what to install. Never fails, so the app opens anyway.
voice-deps: | $(PY)
	-@bash .ci/voice-deps $(VENV)/.voice-deps-tried

run: install voice-deps
	@$(VENV)/bin/coach $(ARGS)

test: install system-deps
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff (lint and format), the layer contracts, the type checker (docs/architecture.md).
lint: install
	$(VENV)/bin/ruff check coach tests benchmarks docs
	$(VENV)/bin/ruff format --check coach tests benchmarks docs
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# The app and scripts sharing the log for 90 s, with SIGKILLs (make test runs it for 15 s).
soak: install system-deps
	COACH_SOAK_SECONDS=$${COACH_SOAK_SECONDS:-90} $(PY) -m pytest -q -p no:cacheprovider \
		tests/e2e/test_e2e_log.py -k soak

bench: install system-deps
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis dist build
