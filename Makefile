# Pantau RB. A fresh clone needs only: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
export DEBUG ?= 1

.PHONY: run setup test lint bench clean

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Pantau RB memerlukan Python >= 3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# A short summary: one line per step, the demo accounts last; the demo's e-mails are not sent (setup_demo)
setup: $(STAMP)
	@$(PY) manage.py migrate --noinput --verbosity 0 && echo "Basis data siap (migrasi diterapkan)."
	@$(PY) manage.py load_perbup
	@$(PY) manage.py create_periods
	@$(PY) manage.py load_lke
	@$(PY) manage.py setup_demo

# The task worker (e-mail outbox) runs beside the development server and stops with it.
run: setup
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	DEBUG=0 $(VENV)/bin/pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles test-artifacts

bench: $(STAMP)
	$(PY) bench/run.py
