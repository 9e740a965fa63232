# skillcircle: the front door. `make run` and `make test` work on a fresh clone.

GO       ?= go
BIN      := bin/skillcircle
SNAPSHOT ?= skillcircle.db
ADDR     ?= 127.0.0.1:8080
# Benchmarks: -count for benchstat; BENCH selects.
BENCH    ?= .
COUNT    ?= 1

.PHONY: all build run snapshot test bench bench-scale fuzz loadtest loadtest-baseline cluster lint lint-openapi fmt data clean web

all: build

build: web
	$(GO) build -o $(BIN) ./cmd/skillcircle

# The browser side's npm packages (Leaflet), pinned by api/web/package-lock.json,
# copied into api/web/assets/lib/ where the binary embeds them.
WEB     := api/web
LEAFLET := $(WEB)/assets/lib/leaflet/leaflet.js
web: $(LEAFLET)
$(LEAFLET): $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(WEB)/assets/lib/leaflet && mkdir -p $(WEB)/assets/lib/leaflet
	cp -R $(WEB)/node_modules/leaflet/dist/leaflet.js $(WEB)/node_modules/leaflet/dist/leaflet.css \
	  $(WEB)/node_modules/leaflet/dist/images $(WEB)/node_modules/leaflet/LICENSE $(WEB)/assets/lib/leaflet/

# Builds the default Ningbo snapshot if it is missing or stale, then serves it.
run: build
	$(BIN) build --out $(SNAPSHOT) --if-stale
	$(BIN) serve --config skillcircle.toml --snapshot $(SNAPSHOT) --addr $(ADDR)

snapshot: build
	$(BIN) build --out $(SNAPSHOT)

# Every test under the race detector: the server lives on atomics, pooled
# scratch space, reference-counted reload generations and parallel workers.
# About three times slower than without (a few minutes on 2 cores); the
# timeout is per package, past go test's 10 minutes for a busy machine.
test: web
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 30m ./...

bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(COUNT) ./...

# How costs grow with the catalogue: Ningbo and copies of it (data/scale),
# SCALES times over (100 takes minutes and gigabytes): build, open, search,
# planner. SCALE_DIR keeps the snapshots built there for later runs (delete
# them when the snapshot format changes).
SCALES ?= 1,10
SCALE_DIR ?=
bench-scale:
	SKILLCIRCLE_SCALE_DIR=$(SCALE_DIR) SKILLCIRCLE_SCALES=$(SCALES) $(GO) test -run '^$$' -bench '^BenchmarkScale' -benchmem -count $(COUNT) -v ./index/ ./index/plan/ | grep -E '^(Benchmark|ok|    scale_bench)'


# Runs every fuzz target for a bounded number of inputs each (FUZZTIME: a count
# such as 2000x, or a duration such as 30s). Counts are the default because a
# duration races Go's fuzzing coordinator on a busy machine ("context deadline
# exceeded" with no failing input; see golang/go#56238 and its kin).
FUZZTIME ?= 2000x
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

# Load test (not part of make test): serves the snapshot on loopback with skillcircle.toml and drives it
# with a seeded mix of searches, isochrones and lookups at each concurrency for LOADTEST_DURATION.
LOADTEST_CONCURRENCY ?= 8,32,128
LOADTEST_DURATION    ?= 10s
loadtest: build
	$(BIN) build --out $(SNAPSHOT) --if-stale
	$(BIN) loadtest --snapshot $(SNAPSHOT) --config skillcircle.toml --concurrency $(LOADTEST_CONCURRENCY) --duration $(LOADTEST_DURATION)

# One search (walk 15, q=数控) beside a no-op echo handler, driven alternately (A B A B) at 32 connections: what the
# HTTP path costs beyond echo itself. SKILLCIRCLE_SERVER_ANSWER_CACHE_MB=0 measures it without kept answers.
BASELINE_PATH ?= /v1/search?lat=29.874068&lng=121.551276&mode=walk&minutes=15&q=%E6%95%B0%E6%8E%A7
loadtest-baseline: build
	$(BIN) build --out $(SNAPSHOT) --if-stale
	$(BIN) loadtest --snapshot $(SNAPSHOT) --config skillcircle.toml --path '$(BASELINE_PATH)' --baseline \
	  --concurrency 32 --duration $(LOADTEST_DURATION) --rounds 3

# Three replicas of the server behind HAProxy (Debian's haproxy), all on loopback, for a local try of the
# layout in the README's "Running on several machines": prints HAProxy's URL; Ctrl-C stops them all.
CLUSTER_ADDR     ?= 127.0.0.1:8090
CLUSTER_REPLICAS ?= 3
cluster: build
	$(BIN) build --out $(SNAPSHOT) --if-stale
	$(BIN) cluster --snapshot $(SNAPSHOT) --replicas $(CLUSTER_REPLICAS) --addr $(CLUSTER_ADDR)

# staticcheck is fetched through the module proxy the first time (pinned here).
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint: lint-openapi
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1)
	$(GO) vet ./...
	$(STATICCHECK) ./...

# The API's document, the contract its tests hold the server to, linted with
# redocly's recommended rules. redocly is pinned by .ci/tools/package-lock.json
# (npm ci writes node_modules/.package-lock.json, which dates the install).
TOOLS   := .ci/tools
REDOCLY := $(TOOLS)/node_modules/.package-lock.json
$(REDOCLY): $(TOOLS)/package.json $(TOOLS)/package-lock.json
	cd $(TOOLS) && npm ci --no-audit --no-fund --loglevel=error
lint-openapi: $(REDOCLY)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	  $(TOOLS)/node_modules/.bin/redocly lint --extends=recommended api/openapi.json

fmt:
	gofmt -w $$(git ls-files '*.go')

# Regenerates the default Ningbo catalogue from data/ningbo/sources (seeded: same files every time).
data:
	$(GO) run ./data/ningbo/gen -sources data/ningbo/sources -out data/ningbo

clean:
	rm -rf bin $(SNAPSHOT) $(SNAPSHOT).sha256 $(WEB)/node_modules $(WEB)/assets/lib/leaflet $(TOOLS)/node_modules
