# msoko — two commands: `make run` (install what is missing, open the workbench on the sample
# district) and `make test` (install the same, run every test).
SWIFT ?= swift
# What msoko needs to build and run.
APT_PACKAGES := libedit-dev pkg-config
# What some tests drive: the REPL in a pseudo-terminal (tmux), the HTML report (headless Chromium).
# Without them those tests say they are skipped.
TEST_APT_PACKAGES := tmux chromium

.PHONY: run test deps test-deps build build-release bench clean

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

test-deps: deps
	$(call install_missing,$(TEST_APT_PACKAGES),tests would also use,true)

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

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	cd Benchmarks && $(SWIFT) package benchmark

clean:
	rm -rf .build .build-*
