# The README's quick start: `make demo` and `make test`. Both install what is missing first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build demo test bench format format-check completions sanitize clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: deps build
	@scripts/demo $(BUILD)

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L 'unit|cli|integration'

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
		-DCORRAL_SANITIZE=ON -DCORRAL_FUZZ=ON
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) -L 'unit|cli|fuzz-smoke'

clean:
	rm -rf $(BUILD) build-asan
