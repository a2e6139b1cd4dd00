# Two commands: `make serve` and `make test` (`make check` for the fast loop). All set up .venv on first use (idempotent, pinned).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8866
# Preheated kernels per notebook (voila.json has 1, for a laptop). For a workshop: make workshop BRIEFING=q15 SEATS=30
POOL   ?=
BRIEFING ?= q15
SEATS  ?= 30
export JUPYTER_PLATFORM_DIRS := 1
# Voila finds the project's own template (no CDN) here (the package's _shipped/jupyter links to it); see share/jupyter/voila/templates/.
export JUPYTER_PATH := $(CURDIR)/share/jupyter

.PHONY: setup serve workshop check test lint test-in-process test-all lab bench handouts notebooks new-briefing lock clean help

help:
	@echo "make serve   - set up and serve the dashboards with Voila on http://localhost:$(PORT)/ (PORT=... to change)"
	@echo "make workshop BRIEFING=q15 SEATS=30 - serve one briefing with a preheated kernel per seat (the other pages as usual)"
	@echo "make check   - the fast loop (about a minute): lint and the in-process tests, which start no kernel, server or browser"
	@echo "make test    - lint and the whole test suite: in-process, notebooks and handouts (kernels), servers, browser, pip install"
	@echo "make lint    - ruff (lint and format check), mypy and the layers contract (lint-imports)"
	@echo "make lab     - open JupyterLab on the briefings (analysts)"
	@echo "make bench   - measure render and slider times, first paint, layout shift and blocking time, bytes on the wire and a 30-seat workshop load (about 11 minutes; LIGHTHOUSE=path adds Lighthouse 12)"
	@echo "make handouts - static HTML handouts of every briefing for each named scenario (output/handouts/)"
	@echo "make new-briefing ID=q16 TITLE=\"...\" - a new briefing, complete and runnable, to fill in (QUESTION=16 if the id has no number)"

$(STAMP): requirements.txt constraints.txt lib/pyproject.toml lib/probation_briefing/page/chart_widget.js \
         lib/probation_briefing/page/voila_style.py lib/probation_briefing/page/js_tokens.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt -e lib
	$(BIN)/python -m probation_briefing.page.chart_bundle >/dev/null
	$(BIN)/python -m probation_briefing.page.voila_style >/dev/null || echo "WARNING: Voila's styles were not written as a stylesheet; pages load voila-style.js instead" >&2
	@touch $@

setup: $(STAMP)

serve: setup
	@echo "Serving the briefings: open http://localhost:$(PORT)/voila/render/index.ipynb  (all pages: http://localhost:$(PORT)/ ; Ctrl-C to stop)"
	$(BIN)/python -m probation_briefing.server briefings/ --port=$(PORT) --no-browser --Voila.ip=$(or $(IP),127.0.0.1) $(if $(POOL),--pool_size=$(POOL))

workshop: setup
	@echo "Workshop: $(SEATS) seats for $(BRIEFING). Wait for 'Workshop pool is full', then share http://<this machine>:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m probation_briefing.server briefings/ --port=$(PORT) --no-browser --Voila.ip=$(or $(IP),127.0.0.1) --workshop=$(BRIEFING) --seats=$(SEATS)

LINTED := lib tests tools benchmarks briefings/scripts

lint: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy --config-file lib/pyproject.toml
	$(BIN)/lint-imports --no-logo

# Test tiers, by what a test starts (markers set in tests/conftest.py): kernel, server, browser, install.
# The in-process tier has none of them. Lint runs beside the tests, one job per core. PYTEST_ARGS=... adds options
# (.ci/run: --durations=25).
IN_PROCESS := not (kernel or server or browser or install)
PYTEST_ARGS ?=

check: setup
	@$(MAKE) --no-print-directory -j2 --output-sync=target lint test-in-process

test: setup
	@$(MAKE) --no-print-directory -j2 --output-sync=line lint test-all

test-in-process: setup
	$(BIN)/python -m pytest -p no:nbval -n 2 -m "$(IN_PROCESS)" $(PYTEST_ARGS)

# Everything, on two workers: each shared server's tests (tests/conftest.py) and each notebook's cells run
# together, in order, on one worker; every other test goes wherever a worker is free.
test-all: setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lab: setup
	$(BIN)/jupyter lab briefings/

# LIGHTHOUSE=/path/to/lighthouse (12 or newer; see benchmarks/paint.py) adds Lighthouse's scores; without it paint.py says it was not run.
bench: setup
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/paint.py $(if $(LIGHTHOUSE),--lighthouse=$(LIGHTHOUSE))
	$(BIN)/python benchmarks/wire.py
	$(BIN)/python benchmarks/load.py

notebooks: setup
	$(BIN)/python tools/build_notebooks.py

new-briefing: setup
	@test -n "$(ID)" -a -n "$(TITLE)" || { echo 'Usage: make new-briefing ID=q16 TITLE="Title of the briefing" [QUESTION=16]'; exit 2; }
	$(BIN)/python tools/new_briefing.py --id "$(ID)" --title "$(TITLE)" $(if $(QUESTION),--question "$(QUESTION)")

handouts: setup
	$(BIN)/python -m probation_briefing.publish.handouts --out output/handouts

lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv && .lockvenv/bin/pip install -q -r requirements.txt \
	  && .lockvenv/bin/pip freeze > constraints.txt && rm -rf .lockvenv

clean:
	rm -rf $(VENV)

# Opt-in: a real JupyterHub (downloaded into a temporary folder) serving the briefings to two users; a few minutes.
hub-test: setup
	PB_HUB_TEST=1 $(BIN)/python -m pytest tests/test_jupyterhub.py -p no:cacheprovider -rA
