# Two entry points: `make run` (set up, then open the app on its sample project) and
# `make test` (set up, then lint and run the whole test suite). Both create .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: run test lint bench setup screenshots clean

run: $(STAMP)
	$(PY) -m compileall -q -j 0 studio plugins  # sources changed since setup (a pull): stale .pyc only
	$(VENV)/bin/storyreel

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run_all.py

setup: $(STAMP)

# Every screenshot of the docs, retaken under a virtual X server (Debian: xvfb).
SHOTS = studio.ui.screenshot studio.ui.reel_screenshots studio.ui.cast.screenshot \
	tests.ui_script.screenshot tests.ui_storyboard.screenshots tests.ui_score.screenshot \
	tests.ui_playback.make_screenshots tests.ui_generation.screenshots \
	tests.ui_taste.screenshots tests.models.screenshots
screenshots: $(STAMP)
	for shot in $(SHOTS); do \
		xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) -m $$shot docs/screenshots || exit 1; \
	done

# torch first: with torch 2.13.0 (a CPU build) present, the project's torch range
# installs nothing more; a bare `torch` requirement would pull a multi-GB CUDA build.
# GPU users install their own torch into .venv before `make`.
$(STAMP): pyproject.toml plugins/example-plugin/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import torch" 2>/dev/null || $(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test,cluster]'
	$(PY) -m pip install --quiet -e plugins/example-plugin
	# Compiled now, as packaged apps are, so the app starts from bytecode even where
	# PYTHONDONTWRITEBYTECODE is set (compileall writes it regardless).
	$(PY) -m compileall -q -j 0 studio plugins
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
