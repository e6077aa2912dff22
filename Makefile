# The two commands: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint types pytest bench clean vendor server-demo

$(STAMP): pyproject.toml tests/browser/package-lock.json
	bash .ci/system-deps
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,ocr]'
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $(STAMP)

install: $(STAMP)

## make run: install, seed the demo user's data if it has none, show what is due, and serve
## the web app (it prints its address: http://127.0.0.1:8765/).
run: $(STAMP)
	FOLLOWUP_USER=$${FOLLOWUP_USER:-demo} $(VENV)/bin/followup demo
	FOLLOWUP_USER=$${FOLLOWUP_USER:-demo} $(VENV)/bin/followup today
	FOLLOWUP_USER=$${FOLLOWUP_USER:-demo} $(VENV)/bin/followup serve

## make server-demo: server mode on this machine's PostgreSQL and Redis (database followup_demo,
## Redis db 7): an admin, two coaches and five job seekers with demo data, the web app on
## http://127.0.0.1:8766/ and two workers, until Ctrl-C. The demo password is printed (demo only).
server-demo: $(STAMP)
	$(PY) deploy/server_demo.py

## make test: install, then lint, types and every test.
test: lint types pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench deploy web-assets
	$(VENV)/bin/ruff format --check src tests bench deploy web-assets

types: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/cli_latency.py
	$(PY) bench/planner.py
	$(PY) bench/due_latency.py
	$(PY) bench/web_load.py

## make vendor: copy the pinned front-end packages (web-assets/package.json) into the package's
## static folder; run after changing a pin. The copies are committed: nothing is fetched at run time.
vendor: $(STAMP)
	npm ci --prefix web-assets --no-audit --no-fund --loglevel=error
	$(PY) web-assets/vendor.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
