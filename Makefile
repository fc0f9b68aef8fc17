# vanban: `make run` sets up and runs the nightly flow once over samples/; `make test` sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-installed-stamp
HOME_DIR ?= vanban-home
SAMPLE_FILES := $(wildcard samples/*.docx samples/*.pdf samples/*.txt)

.PHONY: setup browser reader-tools run test bench clean-home

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP) browser reader-tools

# -- the readers' system tools: Tesseract with its Vietnamese model (OCR of scans) and LibreOffice Writer
# -- (headless, .doc → .docx); installed once, as root through apt-get, only those missing
READER_PACKAGES := tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui
reader-tools:
	@missing=$$(for p in $(READER_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# -- the end-to-end tests drive Debian's chromium through its chromedriver (never a downloaded browser);
# -- installed once, as root through apt-get, only when missing
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

# -- copies the samples into the inbox (keeping their times, so none looks half-copied) and runs once;
# -- a second `make run` finds the same content already loaded and loads nothing twice
run: setup
	mkdir -p $(HOME_DIR)/inbox
	cp -p $(SAMPLE_FILES) $(HOME_DIR)/inbox/
	$(BIN)/vanban run --home $(HOME_DIR) --settle-seconds 0

# -- lint, format and types first (seconds), then the tests; tools/typecheck.py says why mypy needs it
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/typecheck.py
	$(BIN)/python -m pytest -q

# -- the baseline the benchmark compares against (underthesea, dateparser): only `make bench` installs it
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $(BENCH_STAMP)

# -- speed lives in benchmarks, never in timed tests: extraction alone, the baseline side by side, the
# -- whole nightly flow on a generated corpus (cached in bench/.corpus/) into DuckDB and PostgreSQL, then the
# -- report over a generated warehouse of 10,000 documents and 2 million facts (under 5 MB, under a minute);
# -- `make bench BENCH_DOCS=10000` for the big one (BENCH_WAREHOUSES=duckdb to leave PostgreSQL out)
BENCH_DOCS ?= 2000
BENCH_WAREHOUSES ?= duckdb,postgres
bench: setup $(BENCH_STAMP)
	$(BIN)/python bench/extract_speed.py
	$(BIN)/python bench/baseline.py
	$(BIN)/python bench/flow_speed.py --docs $(BENCH_DOCS) --warehouses $(BENCH_WAREHOUSES)
	$(BIN)/python bench/report_scale.py --warehouses $(BENCH_WAREHOUSES)

# -- removes the workspace that `make run` made (its archive, warehouse and reports): only on request
clean-home:
	rm -rf $(HOME_DIR)
