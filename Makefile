# msoko — two commands: `make run` (install what is missing, open the workbench on the sample
# district) and `make test` (install the same, run every test).
SWIFT ?= swift
APT_PACKAGES := libedit-dev pkg-config

.PHONY: run test deps build build-release bench clean

# Installs libedit-dev (and pkg-config) when missing: through apt when we are root, otherwise
# prints the exact command to run.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "msoko needs:$$missing — run:  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

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

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	cd Benchmarks && $(SWIFT) package benchmark

clean:
	rm -rf .build .build-*
