# Carnet: common development tasks. Run `make help` for the list.

SHELL := /bin/bash
BENCH_ARGS ?=

.PHONY: help deps build run test bench clean-data

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

deps: ## Install the missing Debian packages (SQLite, Lua, PostgreSQL, bench tools, ...)
	@bash scripts/deps.sh

build: ## Debug build into .build
	swift build

run: deps build ## Start the server on http://127.0.0.1:8080 with config/carnet.toml
	@mkdir -p data
	exec .build/debug/carnet serve --config config/carnet.toml

test: deps ## Build and run all tests on SQLite and a throwaway PostgreSQL
	bash scripts/test.sh

bench: deps ## Release build (Swift runtime linked in) into .build-release, then the benchmarks (BENCH_ARGS="--backends sqlite --runs 5")
	swift build -c release --static-swift-stdlib --scratch-path .build-release
	bash scripts/bench.sh $(BENCH_ARGS)

clean-data: ## Delete the local database (data/)
	rm -rf data
