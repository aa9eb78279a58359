# ffprobe-api — the two set-up commands are `make run` and `make test`;
# each installs what is missing first.

GO        ?= go
BIN       := bin/ffprobe-api
PKG       := github.com/ffprobe-api/ffprobe-api
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE      ?= $(shell git log -1 --format=%cI 2>/dev/null)
LDFLAGS   := -s -w -X $(PKG)/internal/buildinfo.Version=$(VERSION) \
             -X $(PKG)/internal/buildinfo.Commit=$(COMMIT) -X $(PKG)/internal/buildinfo.Date=$(DATE)
TEST_TIMEOUT ?= 15m
SAMPLE    := .cache/run/sample.mp4

.PHONY: all deps build run test test-short lint bench docs clean

all: build

## deps: install FFmpeg (ffprobe) when it is missing
deps:
	@scripts/install-ffmpeg.sh

## build: compile bin/ffprobe-api
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

## run: install what is missing, build, and run the main job
run: deps build
	@mkdir -p $(dir $(SAMPLE))
	@test -s $(SAMPLE) || ffmpeg -hide_banner -loglevel error -y \
		-f lavfi -i testsrc2=size=640x360:rate=25:duration=3 \
		-f lavfi -i sine=frequency=440:sample_rate=48000:duration=3 \
		-c:v libx264 -pix_fmt yuv420p -c:a aac -movflags +faststart $(SAMPLE)
	./$(BIN) probe $(SAMPLE)

## test: install what is missing and run the whole suite
test: deps
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) ./...

## test-short: the suite without the slow end-to-end tests
test-short:
	$(GO) test -short ./...

## lint: formatting and vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## bench: benchmarks side by side with raw ffprobe (see docs/benchmarks.md)
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 20x ./probe/
	bench/run.sh

## docs: regenerate the generated references (configuration, JSON Schema, …)
docs:
	$(GO) test ./cmd -run 'TestConfigReference' -update
	$(GO) test ./probe -run 'TestSchema' -update

clean:
	rm -rf bin dist .cache/run
