# msoko — two commands: `make run` (install what is missing, open the workbench on the sample
# district) and `make test` (install the same, run every test).
SWIFT ?= swift
# What msoko needs to build and run.
APT_PACKAGES := libedit-dev pkg-config
# What some tests drive: the REPL in a pseudo-terminal (tmux), the HTML report (headless Chromium).
# Without them those tests say they are skipped.
TEST_APT_PACKAGES := tmux chromium
# The simulation study of the objectivity verdicts (Study/, standard library only) needs Python 3;
# its reduced version is part of `make test`.
STUDY_APT_PACKAGES := python3

.PHONY: run test deps test-deps study-deps build build-release bench study sample sample-register fuzz clean

# Installs missing packages through apt when we are root, otherwise prints the exact command.
define install_missing
	@missing=""; \
	for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq || true); \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	      || { echo "could not install:$$missing"; $(3); }; \
	  else \
	    echo "msoko $(2):$$missing — run:  sudo apt-get install -y$$missing"; $(3); \
	  fi; \
	fi
endef

deps:
	$(call install_missing,$(APT_PACKAGES),needs,exit 1)

test-deps: deps study-deps
	$(call install_missing,$(TEST_APT_PACKAGES),tests would also use,true)

study-deps:
	$(call install_missing,$(STUDY_APT_PACKAGES),needs,exit 1)

build: deps
	$(SWIFT) build

build-release: deps
	$(SWIFT) build -c release --product msoko

run: build-release
	@if [ -f Datasets/district.msoko ]; then \
	  .build/release/msoko --init Datasets/district.msoko; \
	else \
	  .build/release/msoko; \
	fi

# The release `msoko` is built too: the reduced objectivity study (ObjectivityStudyTests) runs it
# on 60 generated districts, ten times faster than the debug build.
test: test-deps
	$(SWIFT) build -c release --product msoko
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The full simulation study of the objectivity verdicts (docs/objectivity.md): ≥ 200 districts per
# setting; writes docs/objectivity-study.csv and docs/objectivity-power.svg. Like a benchmark, not a test.
study: build-release study-deps
	python3 Study/run_study.py --msoko .build/release/msoko

# The sample district (Datasets/): regenerate the data, then its register. The register of 2023
# and 2024 is not invented by the generator but written by msoko itself, running the cycle
# 2023 → 2024 on the sample (as a department would), so `Scripts/year.msoko` for 2025 monitors
# recommendations msoko really made. Statuses stay as written (`issued`).
sample:
	python3 Datasets/generator/generate_district.py
	$(MAKE) sample-register

sample-register: build-release
	rm -rf .build/sample-cycle && mkdir -p .build/sample-cycle/data
	for f in Datasets/*.csv; do [ "$$(basename $$f)" = recommendations.csv ] || cp $$f .build/sample-cycle/data/; done
	.build/release/msoko run Scripts/year.msoko --param data=.build/sample-cycle/data --param year=2023 --param out=.build/sample-cycle/2023 2>/dev/null
	.build/release/msoko run Scripts/year.msoko --param data=.build/sample-cycle/data --param year=2024 --param out=.build/sample-cycle/2024 \
	  --param register=.build/sample-cycle/2023/recommendations.csv 2>/dev/null
	cp .build/sample-cycle/2024/recommendations.csv Datasets/recommendations.csv

# Fuzzing (libFuzzer; the targets live in their own package, Fuzz/, as they link only with
# -sanitize=fuzzer). Each target is built, then run for FUZZ_SECONDS on its seed corpus
# (Fuzz/Corpus/<name>, committed) plus what it found before (Fuzz/.work/<name>, not committed).
# Linked with lld: gold stops with "internal error in format_file_lineno" on these objects.
# A crash, a hang over 10 s or 4 GB of memory stops it and leaves the input in Fuzz/Crashes/;
# replay it with the binary and that file, then add it to Tests/Fixtures/fuzz/<name>/ (a test).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := FuzzScript FuzzCSV FuzzXLSX
fuzz: deps
	cd Fuzz && for t in $(FUZZ_TARGETS); do \
	  $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld \
	    --scratch-path .build-fuzz --product $$t || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
	  c=$$(echo $$t | sed 's/^Fuzz//' | tr 'A-Z' 'a-z'); mkdir -p Fuzz/.work/$$c Fuzz/Crashes; \
	  echo "== $$t for $(FUZZ_SECONDS) s"; \
	  SWIFT_BACKTRACE=enable=no Fuzz/.build-fuzz/release/$$t Fuzz/.work/$$c Fuzz/Corpus/$$c \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
	    -artifact_prefix=Fuzz/Crashes/$$c- || exit 1; \
	done

bench: deps
	cd Benchmarks && $(SWIFT) package benchmark

clean:
	rm -rf .build .build-*
