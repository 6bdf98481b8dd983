# The two commands of the README, and the steps they are made of.
#   make demo   set up, build, and run the CLI story on an embedded SQLite file
#   make test   set up, build, and run every test (C++, C, Python, CLI, web)
#   make web    set up, build, and serve the web host on 127.0.0.1:8080 (a demo organization)
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all setup configure build test demo web web-screenshots bench clean format

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/CMakeCache.txt:
	@$(MAKE) --no-print-directory setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

configure: setup
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

build: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	@bash examples/cli/demo.sh $(BUILD)/onboard

web: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target onboard_cli onboard_web
	@bash scripts/web_demo.sh $(BUILD)

# The screenshots of docs/web.md (docs/web/*.png), taken by the browser tests.
web-screenshots: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target onboard_cli onboard_web
	@bash scripts/web_screenshots.sh $(BUILD)

bench: setup
	@bash bench/run.sh build-release

format:
	@git ls-files '*.cpp' '*.hpp' '*.h' '*.c' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-*
