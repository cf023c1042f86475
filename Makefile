# project8: the commands a newcomer needs. Each target installs what is missing
# (Debian packages through apt-get, only when absent; Python packages into the
# project's .venv), then configures and builds through CMakePresets.json.
#
#   make demo    build and run the main job on the bundled Tam Đường data
#   make test    build and run every test: C++ (GoogleTest, CTest) and Python (pytest)
#   make docs    Doxygen HTML, warnings are errors        -> build/docs/docs/html
#   make bench   benchmarks (Google Benchmark + Python comparisons; BENCH_PERSONS=15000000)
#   make asan    the C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz    each libFuzzer target for FUZZ_SECONDS seconds under ASan/UBSan
#   make lint    clang-format (C++, .clang-format) and ruff (Python, pyproject.toml): no change needed
#   make wheel   a manylinux wheel needing no compiler (-> dist/), installed and checked in a fresh venv
#   make deb     a Debian package of the install (-> build/release/), unpacked and built against

SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
FUZZ_SECONDS ?= 30

APT_PACKAGES := g++ make pkg-config libboost-date-time-dev libgtest-dev libgmock-dev \
  librapidcheck-dev libutf8proc-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev \
  libbenchmark-dev libxlsxwriter-dev libzip-dev libexpat1-dev libsqlcipher-dev libcsv-dev doxygen clang-14 libclang-rt-14-dev clang-format-14 \
  python3-venv dpkg-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help deps venv demo test docs bench asan fuzz lint wheel deb clean
help:
	@sed -n '2,15p' Makefile

# System packages: installed only when some are absent.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.stamp: requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: deps $(VENV)/.stamp

DEMO := build/demo
P8 := ./build/release/apps/project8/project8
demo: venv
	cmake --preset release -DPROJECT8_BUILD_BENCHMARKS=OFF >/dev/null
	cmake --build --preset release --target tam_duong_2025 budget_2025 project8_cli _core project8_python_stage
	./build/release/examples/tam_duong_2025
	./build/release/examples/budget_2025
	$(P8) plan check data/plans/tam-duong-2025/plan.yaml
	$(P8) rules test data/rules/safe-motherhood.yaml
	PYTHONPATH=build/release/bindings/stage $(PY) examples/python/eligibility.py
	@echo "== The main job: a workspace for Tam Đường 2025 (SYNTHETIC people, records, payments, ledger) =="
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	python3 tools/make_synthetic_budget.py --persons 52000 --out-dir $(DEMO)
	$(P8) workspace init $(DEMO)/tam-duong-2025.p8db --plan data/plans/tam-duong-2025/plan.yaml
	$(P8) workspace import $(DEMO)/tam-duong-2025.p8db population $(DEMO)/tam-duong-2025-population-synthetic.csv
	$(P8) workspace import $(DEMO)/tam-duong-2025.p8db records data/records/tam-duong-2025-synthetic.csv
	$(P8) workspace import $(DEMO)/tam-duong-2025.p8db payments $(DEMO)/tam-duong-2025-payments-synthetic.csv
	$(P8) workspace import $(DEMO)/tam-duong-2025.p8db ledger data/budget/tam-duong-2025-ledger-synthetic.csv
	$(P8) workspace report $(DEMO)/tam-duong-2025.p8db --as-of 2025-12-31
	$(P8) workspace report $(DEMO)/tam-duong-2025.p8db --as-of 2025-12-31 --format md --out-dir $(DEMO)/report
	$(P8) workspace report $(DEMO)/tam-duong-2025.p8db --as-of 2025-12-31 --format xlsx --out-dir $(DEMO)/report
	@echo "Report files: $(DEMO)/report/"

test: venv
	cmake --workflow --preset dev

docs: venv
	cmake --preset docs >/dev/null
	cmake --build --preset docs
	@echo "HTML: build/docs/docs/html/index.html"

BENCH_PERSONS ?= 15000000
bench: venv
	$(PY) -m pip install -q -r bench/requirements.txt
	cmake --preset release -DPROJECT8_BUILD_BENCHMARKS=ON >/dev/null
	cmake --build --preset release
	./build/release/bench/project8_bench --benchmark_min_time=0.2
	PYTHONPATH=build/release/bindings/stage $(PY) bench/python_vs_native.py
	PYTHONPATH=build/release/bindings/stage OPENBLAS_NUM_THREADS=1 $(PY) bench/rules_vs_pandas.py $(BENCH_PERSONS)
	PYTHONPATH=build/release/bindings/stage $(PY) bench/tracking_vs_pandas.py
	PYTHONPATH=build/release/bindings/stage $(PY) bench/python_overhead.py $(BENCH_PERSONS)
	PYTHONPATH=build/release/bindings/stage $(PY) bench/chunk_rows.py $(BENCH_PERSONS)

asan: venv
	cmake --workflow --preset asan

fuzz: venv
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz
	@set -o pipefail; for f in build/fuzz/tests/fuzz/fuzz_*; do \
	  name=$$(basename $$f); mkdir -p fuzz-corpus/$$name; \
	  echo "== $$name ($(FUZZ_SECONDS)s)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=fuzz-corpus/ fuzz-corpus/$$name tests/fuzz/seeds/$${name#fuzz_} 2>&1 | tail -3 || exit 1; \
	done

CPP_SOURCES = $(shell git ls-files '*.cpp' '*.hpp' '*.h' '*.c' 2>/dev/null | grep -v '^tests/fuzz/seeds/')
lint: venv
	clang-format-14 --dry-run --Werror $(CPP_SOURCES)
	$(VENV)/bin/ruff check .
	@echo "lint: clean"

# The wheel: built by pip (scikit-build-core, Release), its libraries beyond the
# manylinux policy copied in by auditwheel; numpy's wheel beside it so that the
# check installs with --no-index.
wheel: venv
	rm -rf dist && mkdir -p dist
	$(PY) -m pip wheel -q --no-deps -w dist/built .
	$(PY) -m auditwheel repair -w dist dist/built/project8-*.whl
	$(PY) tools/wheel_notices.py dist/project8-*.whl
	$(PY) -m pip download -q --only-binary :all: -d dist numpy
	rm -rf dist/built
	PROJECT8_WHEELHOUSE=dist $(PY) -m pytest -q -p no:cacheprovider tests/package/test_wheel.py

# The Debian package, from the release build.
deb: venv
	cmake --preset release -DPROJECT8_BUILD_BENCHMARKS=OFF >/dev/null
	cmake --build --preset release --target project8 project8_c project8_cli
	rm -f build/release/project8_*.deb
	cd build/release && cpack -G DEB
	PROJECT8_DEB=$$(ls build/release/project8_*.deb) $(PY) -m pytest -q -p no:cacheprovider tests/package/test_deb.py

clean:
	rm -rf build dist
