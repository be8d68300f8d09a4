# rnnlab: `make lab` to teach or study, `make test` to prove every notebook still runs.
# Uses the active virtualenv or conda env if there is one; otherwise creates .venv here.

PYTHON ?= python3
# LOCKED=1 installs the exact versions of requirements.lock (a semester's environment, what CI
# and Binder use) instead of the newest releases that pyproject.toml's ranges allow.
LOCKED ?=
LOCK := requirements.lock
TORCH_LOCKED := $(shell sed -n 's/^torch==\([^ ]*\).*/\1/p' $(LOCK) 2>/dev/null)
# How torch is installed when it is missing: the CPU build (small; a GPU is never needed), from
# PyTorch's CPU wheel index, which also holds torch's own dependencies.
TORCH_SPEC ?= torch$(if $(LOCKED),==$(TORCH_LOCKED)) --index-url https://download.pytorch.org/whl/cpu
NBVAL = --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300
WORKERS ?= 2
# JupyterLab refuses to run as root (e.g. in a container) unless told to.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

ifneq ($(VIRTUAL_ENV)$(CONDA_PREFIX),)
PY := python
VENV :=
ENV_DIR := $(or $(VIRTUAL_ENV),$(CONDA_PREFIX))
else
PY := .venv/bin/python
VENV := .venv/bin/python
ENV_DIR := .venv
endif
# Set-up runs again only when pyproject.toml (or, with LOCKED=1, the lock) changed since the last
# one, so `make test` needs no network once the environment is installed.
STAMP := $(ENV_DIR)/.rnnlab-setup$(if $(LOCKED),-locked)

.PHONY: setup lab test unit nbval notebooks bench lint format clean lock lock-colab book release
# `make book`: the site goes to $(BOOK_OUT)/_build/html; MathJax 3 (npm) typesets the formulas
# from a local copy, so the book reads offline
BOOK_OUT ?= build/book
MATHJAX_DIR ?= build/mathjax/node_modules/mathjax

.venv/bin/python:
	$(PYTHON) -m venv .venv
	$(PY) -m pip install --upgrade pip

setup: $(STAMP)

$(STAMP): pyproject.toml $(if $(LOCKED),$(LOCK)) | $(VENV)
	@$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install $(TORCH_SPEC)
ifneq ($(LOCKED),)
	$(PY) -m pip install -r $(LOCK)
	$(PY) -m pip install --no-deps -e .
else
	$(PY) -m pip install -e ".[test,lab]"
endif
	@touch $@

lab: setup
	$(PY) -m jupyter lab $(LAB_ARGS) notebooks/00_start_here.ipynb

test: setup
	$(PY) -m pytest -p no:cacheprovider -n $(WORKERS) --dist loadfile $(NBVAL) tests notebooks

unit: setup
	$(PY) -m pytest -p no:cacheprovider tests

nbval: setup
	$(PY) -m pytest -p no:cacheprovider -n $(WORKERS) --dist loadfile $(NBVAL) notebooks

notebooks: setup
	$(PY) tools/execute.py notebooks/*.ipynb

bench: setup
	@for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

lint: setup
	$(PY) -m ruff check src tests benchmarks tools
	$(PY) -m ruff format --check src tests benchmarks tools

format: setup
	$(PY) -m ruff format src tests benchmarks tools
	$(PY) -m ruff check --fix src tests benchmarks tools

book: setup
	@$(PY) -c "import jupyter_book" 2>/dev/null || $(PY) -m pip install -e ".[book]"
	@test -f $(MATHJAX_DIR)/es5/tex-mml-chtml.js || \
		npm install --silent --no-audit --no-fund --prefix build/mathjax mathjax@3
	$(PY) tools/build_book.py --out $(BOOK_OUT) --mathjax $(MATHJAX_DIR)

# Re-solve the lock from pyproject.toml's ranges (pip-tools; torch held by tools/lock-constraints.txt)
# and copy it for Binder. Needs the package index; commit both files.
lock: $(VENV)
	$(PY) -m pip install -q pip-tools
	$(PY) -m piptools compile -q --extra test --extra lab --strip-extras --no-emit-index-url \
		--no-emit-find-links --constraint tools/lock-constraints.txt --output-file $(LOCK) pyproject.toml
	$(PY) tools/binder_requirements.py $(LOCK) binder/requirements.txt

# Re-solve requirements-colab.lock (CI's Colab-like environment) from docs/colab-versions.md and
# requirements.lock. Needs the package index; commit the lock.
lock-colab: $(VENV)
	$(PY) tools/colab_lock.py

# Check that version, tag, bootstrap, badges and book links agree, then build the wheel and the
# sdist into dist/ (README.md, "Releasing").
release: setup
	@$(PY) -c "import build" 2>/dev/null || $(PY) -m pip install -e ".[release]"
	$(PY) tools/release.py

clean:
	rm -rf .venv build dist src/*.egg-info .pytest_cache .ruff_cache

# The editions (CONTRIBUTING.md, "Exercises and editions"). `make instructor`: every notebook
# executed with its exercises solved (tools/editions.py); fails unless every check is correct.
# `make student`: the instructor edition run once more with each check's cases recorded
# (tools/grading.py), then build/student (no solutions; self-checks that replay stored outputs,
# no reference), build/grading/source/rnnlab (nbgrader's source: hidden tests holding the worked
# solutions' outputs as literals), build/instructor and build/student-package (rnnlab without its
# checkers, for the students' environment). `make grading`: nbgrader
# generate_assignment and autograde on 00, 02, 04 and 06 (tools/autograde.py; GRADE=--all for
# every notebook): the worked solutions must score full marks and the unanswered edition zero.
.PHONY: instructor student grading
GRADE ?=

instructor: setup
	$(PY) tools/editions.py instructor --out build/instructor

student: setup
	$(PY) tools/grading.py --out build
	$(PY) tools/student_package.py --out build/student-package

grading: student
	$(PY) tools/autograde.py --build build $(GRADE)
	RNNLAB_REQUIRE_GRADING=1 $(PY) -m pytest -p no:cacheprovider -q tests/test_grading_build.py
