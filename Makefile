# The README's quick start: `make demo` and `make test`. Both install what is missing first:
# `make demo` only the build dependencies and builds only `corral` and its modules; `make test` the
# test peers too, and builds and runs everything.
BUILD ?= build
RELEASE_BUILD ?= build-release
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
PREFIX ?= /usr/local
# Developer builds treat warnings as errors; packagers configure cmake themselves (CORRAL_WERROR is
# OFF by default there).
DEV_FLAGS = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORRAL_WERROR=ON

.PHONY: all deps build-deps build demo test install bench format format-check completions sanitize clean

all: build

deps:
	@scripts/install-deps

build-deps:
	@scripts/install-deps --build

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja $(DEV_FLAGS) $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# One progress line per step; the cmake/ninja output goes to $(BUILD)/demo-build.log.
demo:
	@JOBS=$(JOBS) CMAKE_FLAGS="$(DEV_FLAGS) $(CMAKE_FLAGS)" scripts/demo --build $(BUILD)

test: deps
	cmake -S . -B $(BUILD) -G Ninja $(DEV_FLAGS) -DCORRAL_TESTS=ON $(CMAKE_FLAGS)
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L 'unit|cli|integration'

# A stripped Release build of corral, its modules, man pages and completions, installed under
# $(PREFIX) (DESTDIR is honoured). No tests are built.
install: build-deps
	cmake -S . -B $(RELEASE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCORRAL_TESTS=OFF \
		-DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS)
	cmake --build $(RELEASE_BUILD) -j $(JOBS)
	cmake --install $(RELEASE_BUILD) --strip

bench: deps build
	bench/run $(BUILD)

# Regenerates completions/ from the binary (a test fails when they are stale).
completions: build
	$(BUILD)/corral __completion bash > completions/corral.bash
	$(BUILD)/corral __completion zsh > completions/_corral
	$(BUILD)/corral __completion fish > completions/corral.fish

format:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

sanitize: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
		-DCORRAL_SANITIZE=ON -DCORRAL_FUZZ=ON -DCORRAL_WERROR=ON
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) -L 'unit|cli|fuzz-smoke'

clean:
	rm -rf $(BUILD) $(RELEASE_BUILD) build-asan
