# `make serve` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# What the tool needs to run (requirements.txt), and on top of it the tests and linters (requirements-dev.txt).
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
DEV    := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: serve site placards system validate fmt schema test test-fast lint bench bench-rebuild bench-search bench-portal clean init upgrade portal

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "需要 Python 3.11 或更新版本 (Python >= 3.11 required)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

$(DEV): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-dev-* && touch $@

validate: $(STAMP)
	$(PY) -m generator validate

# Rewrite stations/ in the canonical layout (key order, indentation), keeping comments.
fmt: $(STAMP)
	$(PY) -m generator fmt

site: $(STAMP)
	$(PY) -m generator build

# A city's or province's portal over its districts' sites (portal.yml; see README "市、省门户")
portal: $(STAMP)
	$(PY) -m generator portal

placards: $(STAMP) system
	$(PY) -m generator placards

# Debian packages for PDFs and browser tests (chromium, Chinese fonts, poppler), installed when missing.
system:
	@sh scripts/system-packages.sh

# Preview on http://$(HOST):$(PORT)/ (make serve PORT=8001, HOST=0.0.0.0 for other machines on the network).
# Data errors do not stop it: they are listed in the terminal and, until fixed, in the browser.
# NO_MKDOCS_2_WARNING silences Material's English end-of-life notice (see README, "MkDocs and its successor").
# The hook generates the pages before MkDocs reads them; after a build, the preview starts from its pages.
HOST ?= 127.0.0.1
PORT ?= 8000
serve: $(STAMP)
	@mkdir -p build/docs
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve --dirty --dev-addr $(HOST):$(PORT)

# Replace the example with a district of one's own: make init NAME=云溪区 URL=https://rd.yunxi.gov.cn/
init: $(STAMP)
	$(PY) -m generator init --name "$(NAME)" --url "$(URL)" $(if $(ORGANIZER),--organizer "$(ORGANIZER)")

# Take a newer tool, never touching stations/, content/ or mkdocs.yml: make upgrade FROM=<the tool's repository>
upgrade: $(STAMP)
	$(PY) -m generator upgrade --from "$(FROM)"

schema: $(STAMP)
	$(PY) -m generator schema

lint: $(DEV)
	$(PY) -m ruff check generator tests benchmarks
	$(PY) -m ruff format --check generator tests benchmarks

# Build synthetic regions of each scale against the plain-MkDocs baseline, then search them in Chromium and
# time an edit under make serve; writes benchmarks/RESULTS.md.
# Scales: multiples of the example district, or city / province. PROFILE: scales to profile, largest or none.
SCALES ?= 1 10 100
PROFILE ?= largest
bench: $(DEV) system
	$(PY) -m benchmarks.run --scales "$(SCALES)" --profile "$(PROFILE)"

# Cold build, unchanged rebuild and one-station edit of a synthetic region: make bench-rebuild REBUILD_STATIONS=500
REBUILD_STATIONS ?= 100
bench-rebuild: $(DEV) system
	$(PY) -m benchmarks.rebuild --stations $(REBUILD_STATIONS)

# Pagefind's time, memory and first-query transfer, as built and with less indexed: make bench-search SEARCH_STATIONS=500
SEARCH_STATIONS ?= 100
bench-search: $(DEV) system
	$(PY) -m benchmarks.search --stations $(SEARCH_STATIONS)

# A synthetic province split into districts, and the portal over them: make bench-portal DISTRICTS=6 STATIONS=20
DISTRICTS ?= 6
STATIONS ?= 20
bench-portal: $(DEV) system
	$(PY) -m benchmarks.portal --districts $(DISTRICTS) --stations $(STATIONS)

# Every test, one worker a core; a module's tests stay on one worker, so its fixtures are made once.
test: lint system
	$(PY) -m pytest -n auto --dist loadfile --no-loadscope-reorder --durations=15

# The fast tier for the edit loop: no site build, no browser, no PDF (markers in pyproject.toml), on every core.
test-fast: $(DEV)
	$(PY) -m pytest -m "not slow and not browser" -n auto --dist loadfile --no-loadscope-reorder

clean:
	rm -rf build site placards .pytest_cache
