# leakhound: the two commands a new user needs are `make demo` and `make check`.
BUILD ?= build
CMAKE_FLAGS ?=
LEAKHOUND = $(BUILD)/bin/leakhound

.PHONY: all deps build demo check check-sanitize bench bench-realcode package clean

all: build

deps:
	@./scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD)

# Analyse the bundled example project; prints the findings, writes
# $(BUILD)/demo.sarif and the HTML report $(BUILD)/demo-report/index.html,
# and succeeds whether or not there are findings.
demo: build
	@cmake -S examples -B $(BUILD)/examples -G Ninja \
	  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
	@$(LEAKHOUND) -p $(BUILD)/examples --sarif-output=$(BUILD)/demo.sarif; \
	  rc=$$?; if [ $$rc -gt 1 ]; then exit $$rc; fi
	@$(LEAKHOUND) -p $(BUILD)/examples --quiet --format=html -o $(BUILD)/demo-report; \
	  rc=$$?; if [ $$rc -gt 1 ]; then exit $$rc; fi
	@echo "SARIF written to $(BUILD)/demo.sarif"
	@echo "HTML report written to $(abspath $(BUILD))/demo-report/index.html"

check: build
	@ctest --test-dir $(BUILD) --output-on-failure

# The whole lit suite against an ASan/UBSan build of the driver and plugin.
check-sanitize: deps
	@cmake -S . -B $(BUILD)-sanitize -G Ninja -DLEAKHOUND_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD)-sanitize
	@ctest --test-dir $(BUILD)-sanitize --output-on-failure

# A Debian package of the build: $(BUILD)/package/leakhound_<version>_<arch>.deb.
package: build
	@cd $(BUILD) && cpack -G DEB >/dev/null
	@ls $(BUILD)/package/leakhound_*.deb

bench: build
	@python3 bench/run.py --build $(BUILD)

# leakhound and the clang analyzer on the real-code corpus (Debian source packages,
# fetched and configured on first use, cached under $(BUILD)/realcode), counted against
# the triage ledger bench/realcode/ledger/; see bench/README.md.
bench-realcode: build
	@./scripts/install-deps.sh --bench
	@python3 bench/run.py --build $(BUILD) --realcode

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize
