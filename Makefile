# Two commands: `make demo` and `make test`. Both set up a virtual environment from PyPI only.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Page tests need Debian's chromium and axe-core from npm; only `make test` installs them.
BROWSER_STAMP := $(VENV)/.browser-tools

.PHONY: demo test lint setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'  # test pulls in every engine (narrate[all])
	# Byte-compile once: every `narrate` run then starts faster (PYTHONDONTWRITEBYTECODE
	# environments never write the cache themselves).
	$(BIN)/python -m compileall -q narrate
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/narrate publish examples/*.txt --feed demo --output output
	@echo
	@echo "Feed:   output/demo/public/feed.xml"
	@echo "Pages:  output/demo/public/index.html  (preview: .venv/bin/narrate serve --feed demo)"
	@echo "MP3s:   output/demo/public/episodes/ (each with .vtt, .srt, .html, .chapters.json"
	@echo "        and the radio stations' 48 kHz .wav at -23 LUFS)"
	@echo "Voices: .venv/bin/narrate voices"
	@ls -1 output/demo/public/episodes/*.mp3

$(BROWSER_STAMP): $(STAMP) tests/browser/setup.sh tests/browser/package.json
	bash tests/browser/setup.sh
	touch $(BROWSER_STAMP)

test: $(STAMP) $(BROWSER_STAMP) lint
	$(BIN)/pytest

# Style, formatting, types (mypy, configured in pyproject.toml) and the README's generated
# command table; `make test` runs these first.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python tools/readme_commands.py --check

clean:
	rm -rf $(VENV) output/demo
