# ffprobe-api — the two set-up commands are `make run` and `make test`;
# each installs what is missing first.

GO        ?= go
BIN       := bin/ffprobe-api
BIN_FULL  := bin/ffprobe-api-full
PKG       := github.com/ffprobe-api/ffprobe-api
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE      ?= $(shell git log -1 --format=%cI 2>/dev/null)
LDFLAGS   := -s -w -X $(PKG)/internal/buildinfo.Version=$(VERSION) \
             -X $(PKG)/internal/buildinfo.Commit=$(COMMIT) -X $(PKG)/internal/buildinfo.Date=$(DATE)
TEST_TIMEOUT ?= 15m

.PHONY: all deps build run test test-short fuzz lint bench docs clean

all: build

## deps: install FFmpeg (ffprobe) when it is missing
deps:
	@scripts/install-ffmpeg.sh

## build: compile bin/ffprobe-api (lean: probe, diff, policy, version; hands every other
##        command to its neighbour) and bin/ffprobe-api-full (every command)
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN_FULL) .
	CGO_ENABLED=0 $(GO) build -trimpath -tags lean -ldflags "$(LDFLAGS)" -o $(BIN) .

## run: install what is missing, build, and start the API server on the embedded default
##      (SQLite in $XDG_DATA_HOME/ffprobe-api, listening on 127.0.0.1:8080)
run: deps build
	./$(BIN) serve

## test: install what is missing and run the whole suite
test: deps
	@scripts/install-test-tools.sh
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...

## test-short: the suite without the slow end-to-end tests
test-short:
	$(GO) test -short ./...

## fuzz: every fuzz target for FUZZTIME executions (default 20000x) on its committed seeds
fuzz:
	scripts/fuzz.sh

## lint: formatting and vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) vet -tags lean ./cmd

## bench: benchmarks side by side with raw ffprobe (see docs/benchmarks.md)
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 20x ./probe/
	bench/run.sh
	bench/scan.sh

## docs: regenerate the generated references (configuration, JSON Schema, completions/, man/)
docs:
	$(GO) test ./cmd -run 'TestConfigReference' -update
	$(GO) test ./probe -run 'TestSchema' -update
	$(GO) test ./cmd -run 'TestGeneratedDocs' -update

## release-check: goreleaser check, then a snapshot build for this machine
## (scripts/release-check.sh packages builds every platform and package)
.PHONY: release-check
release-check:
	scripts/release-check.sh build

clean:
	rm -rf bin dist
