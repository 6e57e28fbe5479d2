# msoko — two commands: `make run` (install what is missing, open the workbench on the sample
# district) and `make test` (install the same, run every test). `make install` and `make deb`
# install or package it (docs/install.md).
SWIFT ?= swift
# What msoko needs to build and run (libpq-dev: the PostgreSQL client library, for `attach`).
APT_PACKAGES := libedit-dev libpq-dev pkg-config
# What some tests drive: the REPL in a pseudo-terminal (tmux), the HTML report (headless Chromium),
# the templates and the DOCX drafts opened by LibreOffice (Calc, Writer), and PostgreSQL 15 (the
# remote tests start a throw-away cluster on a Unix socket in a temporary folder).
# Without them those tests say they are skipped.
TEST_APT_PACKAGES := tmux chromium libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils postgresql-15
# The simulation study of the objectivity verdicts (Study/, standard library only) needs Python 3;
# its reduced version is part of `make test`.
STUDY_APT_PACKAGES := python3

.PHONY: run test deps test-deps study-deps build build-release bench study sample sample-register sample-received fuzz clean \
	commit-info dist-binary man completions install uninstall deb test-deb

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
	$(MAKE) sample-received

# The sample's 2025 inbox (Datasets/received/: the files a department receives, rendered from
# Datasets/*.csv; docs/sources/README.md). Needs openpyxl (pip install openpyxl).
sample-received: build-release
	python3 Datasets/generator/make_received.py --msoko .build/release/msoko

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
	rm -rf .build .build-* Fuzz/.build-fuzz
	rm -f Sources/msoko/BuildCommit.generated.swift

# ---- Installing and packaging (docs/install.md) ----
# One binary serves both: a release build with the Swift runtime and Foundation linked in
# (--static-swift-stdlib), so it needs no Swift toolchain, only Debian's libedit2, libpq5, libxml2 and the C
# and C++ runtimes. It is built in its own scratch folder (.build-dist), so the development builds
# above are left as they are; the first build takes a few minutes, later ones only relink.
# It carries its version and commit: `msoko --version` (Sources/msoko/Version.swift).
PREFIX ?= /usr/local
DESTDIR ?=
ZSH_COMPLETIONS ?= share/zsh/site-functions
DIST := .build-dist
DIST_BIN := $(DIST)/release/msoko
VERSION := $(shell sed -n 's/^ *static let number = "\(.*\)"$$/\1/p' Sources/msoko/Version.swift)
GIT_DESCRIBE := $(shell git describe --tags --always --dirty --abbrev=12 2>/dev/null || echo unknown)
GIT_DATE := $(shell git log -1 --format=%cs 2>/dev/null)
BUILD_COMMIT_FILE := Sources/msoko/BuildCommit.generated.swift

# The commit goes into a git-ignored Swift file that release builds compile (see Version.swift;
# a plain `swift build` says "unknown"); rewritten only when it changes, so nothing rebuilds for it.
commit-info:
	@printf '%s\n' '// Written by make from git describe; git-ignored (see Version.swift).' '#if !DEBUG' \
	  'extension BuildCommit {' '    static var describe: String { "$(GIT_DESCRIBE)" }' \
	  '    static var date: String { "$(GIT_DATE)" }' '}' '#endif' > $(BUILD_COMMIT_FILE).new
	@if cmp -s $(BUILD_COMMIT_FILE).new $(BUILD_COMMIT_FILE); then rm $(BUILD_COMMIT_FILE).new; \
	  else mv $(BUILD_COMMIT_FILE).new $(BUILD_COMMIT_FILE); fi

dist-binary: deps commit-info
	$(SWIFT) build -c release --product msoko --static-swift-stdlib --scratch-path $(DIST)

# msoko.1 from the argument parser and the help registries (`msoko --generate-man-page`).
man: dist-binary
	@mkdir -p $(DIST)/share
	$(DIST_BIN) --generate-man-page > $(DIST)/share/msoko.1

# Shell completions from swift-argument-parser.
completions: dist-binary
	@mkdir -p $(DIST)/share/completions
	$(DIST_BIN) --generate-completion-script bash > $(DIST)/share/completions/msoko.bash
	$(DIST_BIN) --generate-completion-script zsh > $(DIST)/share/completions/_msoko
	$(DIST_BIN) --generate-completion-script fish > $(DIST)/share/completions/msoko.fish

# PREFIX=/usr/local by default; DESTDIR stages (the Debian package uses it).
install: dist-binary man completions
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/$(ZSH_COMPLETIONS) \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d $(DESTDIR)$(PREFIX)/share/msoko
	install -m 755 $(DIST_BIN) $(DESTDIR)$(PREFIX)/bin/msoko
	install -m 644 $(DIST)/share/msoko.1 $(DESTDIR)$(PREFIX)/share/man/man1/msoko.1
	install -m 644 $(DIST)/share/completions/msoko.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/msoko
	install -m 644 $(DIST)/share/completions/_msoko $(DESTDIR)$(PREFIX)/$(ZSH_COMPLETIONS)/_msoko
	install -m 644 $(DIST)/share/completions/msoko.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/msoko.fish
	cp -R Templates Rules Scripts $(DESTDIR)$(PREFIX)/share/msoko/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/msoko $(DESTDIR)$(PREFIX)/share/man/man1/msoko.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/msoko $(DESTDIR)$(PREFIX)/$(ZSH_COMPLETIONS)/_msoko \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/msoko.fish
	rm -rf $(DESTDIR)$(PREFIX)/share/msoko

# .build-dist/msoko_VERSION_ARCH.deb (and .build-dist/msoko.deb pointing at it), by dpkg-deb
# without a network: packaging/build-deb.sh stages `make install` under /usr and writes the control file.
deb: dist-binary man completions
	rm -rf $(DIST)/deb-root
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(DIST)/deb-root PREFIX=/usr ZSH_COMPLETIONS=share/zsh/vendor-completions
	packaging/build-deb.sh $(DIST)/deb-root "$(VERSION)" "$(GIT_DESCRIBE)" "$(GIT_DATE)" $(DIST)

# The package, then the tests that extract and run it (InstallTests); `make test` runs them only
# when a package is already there (docs/install.md).
test-deb: deb
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter InstallTests
