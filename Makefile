# rnnlab: `make lab` to teach or study, `make test` to prove every notebook still runs.
# Uses the active virtualenv or conda env if there is one; otherwise creates .venv here.

PYTHON ?= python3
# How torch is installed when it is missing: the CPU build (small; a GPU is never needed).
TORCH_SPEC ?= torch --index-url https://download.pytorch.org/whl/cpu --extra-index-url https://pypi.org/simple
NBVAL = --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=300
WORKERS ?= 2
# JupyterLab refuses to run as root (e.g. in a container) unless told to.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)

ifneq ($(VIRTUAL_ENV)$(CONDA_PREFIX),)
PY := python
VENV :=
else
PY := .venv/bin/python
VENV := .venv/bin/python
endif

.PHONY: setup lab test unit nbval notebooks bench lint format clean

.venv/bin/python:
	$(PYTHON) -m venv .venv
	$(PY) -m pip install --upgrade pip

setup: $(VENV)
	@$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install $(TORCH_SPEC)
	$(PY) -m pip install -e ".[test,lab]"

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

clean:
	rm -rf .venv build src/*.egg-info .pytest_cache .ruff_cache

# The two editions (tools/editions.py; CONTRIBUTING.md, "Exercises and editions"): every notebook
# executed with its exercises solved and every check correct, and the graded student notebooks
# without solutions, with nbgrader markers and metadata.
.PHONY: instructor student

instructor: setup
	$(PY) tools/editions.py instructor --out build/instructor

student: setup
	$(PY) tools/editions.py student --out build/student
