# peel: the two set-up commands are `make run` and `make test` (see README.md).
# Both install missing Debian packages first (scripts/install-deps).

BUILD      ?= build
TEST_BUILD ?= build-test
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PEEL_DB    ?= peel.db
PREFIX     ?= /usr/local

.PHONY: all deps build install run test test-build fuzz lint clean

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPEEL_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Puts `peel` in $(PREFIX)/bin (default /usr/local/bin, on the PATH);
# DESTDIR=/tmp/stage stages it for a package, as cmake --install does.
install: build
	@cmake --install $(BUILD) --prefix "$(PREFIX)"

# Builds, creates the demo database if it is missing, and runs peel's main job.
run: build
	@PEEL_DB=$(PEEL_DB) scripts/run-demo $(BUILD)/peel

# Builds with AddressSanitizer and UndefinedBehaviorSanitizer (clang, so the
# fuzz harnesses get libFuzzer) and runs every test through CTest.
test-build: deps
	@cmake -S . -B $(TEST_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	       -DPEEL_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_BUILD) -j $(JOBS)

test: test-build
	@cd $(TEST_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# Longer fuzzing by hand: make fuzz FUZZ_SECONDS=600
FUZZ_SECONDS ?= 300
fuzz: test-build
	@for f in $(TEST_BUILD)/fuzz/fuzz_*; do \
	  [ -f "$$f" ] && [ -x "$$f" ] || continue; n=$$(basename $$f); \
	  w=$(TEST_BUILD)/fuzz/work/$$n; mkdir -p $$w; \
	  echo "== $$n"; $$f -max_total_time=$(FUZZ_SECONDS) $$w fuzz/corpus/$${n#fuzz_} || exit 1; \
	done

# Fails on banned calls (docs/CODE_STYLE.md).
lint:
	@! grep -nE '\b(strcpy|strcat|sprintf|gets|strtok|atoi|sscanf)\s*\(' src/*/*.c src/*/*.h \
	  || (echo "lint: banned function (see docs/CODE_STYLE.md)"; exit 1)

clean:
	rm -rf $(BUILD) $(TEST_BUILD)
