# Two entry points a new user needs: `make plan` and `make test`.
# Each creates the virtual environment on first use, so a fresh machine needs only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# ical.js (Mozilla's iCalendar library) for the feed tests' second, independent expansion.
JS_STAMP := tests/js/node_modules/.installed
QUARTER ?= $(shell $(PYTHON) -c "import datetime as d; t=d.date.today(); q=(t.month-1)//3+1; y,q=(t.year+1,1) if q==4 else (t.year,q+1); print(f'{y}Q{q}')")
OUT ?= out/$(QUARTER)

.PHONY: plan test clean bench lock

# Every package, direct and transitive, comes from requirements.lock with its hash, so a fresh
# machine installs exactly what the last green run had; `make lock` refreshes the lock.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund
	touch $(JS_STAMP)

# Debian's Chromium for the dashboard's browser test: Playwright's own browser download does not
# work here. Installed when missing and make runs as root; otherwise that test skips.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	if [ "$$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	else echo "no $(CHROMIUM): the browser test skips (as root: apt-get install chromium)"; fi

plan: $(STAMP)
	$(BIN)/rota plan fixtures/mieli/scenario.yaml --quarter $(QUARTER) --out $(OUT)

# As root (CI, a fresh machine) the store tests also run against a real PostgreSQL on localhost,
# which .ci/postgres installs and starts.
test: $(STAMP) $(JS_STAMP) $(CHROMIUM)
	$(BIN)/ruff check rota solver ui tests bench
	$(BIN)/ruff format --check rota solver ui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	url="$${ROTA_TEST_POSTGRES_URL:-}"; \
	if [ -z "$$url" ] && [ "$$(id -u)" = 0 ]; then url=$$(bash .ci/postgres) || exit 1; fi; \
	ROTA_TEST_POSTGRES_URL="$$url" $(BIN)/pytest

# Issue 9: CP-SAT and HiGHS on the fixture and synthetic networks, 60 s each: 12–20 minutes.
# Writes BENCHMARKS.md's results section, bench/results.json and bench/objective_bound.png.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# Re-resolve pyproject.toml's dependencies (newest allowed versions) into requirements.lock.
# Commit the lock with the change that needed it; tests/test_lock.py fails while they disagree.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--universal --upgrade --quiet -o requirements.lock

clean:
	rm -rf $(VENV) out
