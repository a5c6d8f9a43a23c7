# Two commands on a fresh machine (see README): `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck system-deps train evaluate resources bench contract clean

$(BIN)/artifactdet: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# Debian thesauri used by training and the spinner tests (the shipped model does not need them).
system-deps:
	@if [ ! -f /usr/share/wordnet/data.noun ] || [ ! -f /usr/share/mythes/th_en_US_v2.dat ] || [ ! -f /usr/share/aiksaurus/words.dat ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wordnet-base mythes-en-us libaiksaurus-1.2-data; \
		else echo "install the Debian packages wordnet-base, mythes-en-us and libaiksaurus-1.2-data (needs root)"; exit 1; fi; \
	fi

demo: $(BIN)/artifactdet
	$(BIN)/artifactdet score --explain examples/demo.jsonl -o -

lint: $(BIN)/artifactdet
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/artifactdet
	$(BIN)/mypy artifactdet api training benchmarks tests

test: $(BIN)/artifactdet system-deps lint typecheck
	$(BIN)/hadolint Dockerfile
	$(BIN)/pytest -q

resources: $(BIN)/artifactdet system-deps
	$(BIN)/python -m training.lm_pairs
	$(BIN)/python -m training.build_resources

train: $(BIN)/artifactdet system-deps
	$(BIN)/python -m training.train

evaluate: $(BIN)/artifactdet system-deps
	$(BIN)/python -m training.evaluate

bench: $(BIN)/artifactdet
	$(BIN)/python benchmarks/bench_score.py

contract: $(BIN)/artifactdet
	PATH="$(CURDIR)/$(BIN):$$PATH" ../shared/checks/contract

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
