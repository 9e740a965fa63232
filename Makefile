# skillcircle: the front door. `make run` and `make test` work on a fresh clone.

GO       ?= go
BIN      := bin/skillcircle
SNAPSHOT ?= skillcircle.db
ADDR     ?= 127.0.0.1:8080
# Benchmarks: -count for benchstat; BENCH selects.
BENCH    ?= .
COUNT    ?= 1

.PHONY: all build run snapshot test test-short bench fuzz lint fmt data clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/skillcircle

# Builds the default Ningbo snapshot if it is missing or stale, then serves it.
run: build
	$(BIN) build --out $(SNAPSHOT) --if-stale
	$(BIN) serve --snapshot $(SNAPSHOT) --addr $(ADDR)

snapshot: build
	$(BIN) build --out $(SNAPSHOT)

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(COUNT) ./...

# Runs every fuzz target for a short, bounded time (FUZZTIME each).
FUZZTIME ?= 15s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1)
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

# Regenerates the default Ningbo catalogue from data/ningbo/sources (seeded: same files every time).
data:
	$(GO) run ./data/ningbo/gen -sources data/ningbo/sources -out data/ningbo

clean:
	rm -rf bin $(SNAPSHOT)
