# lianxin - build, run and test.  `make run` and `make check` do all set-up
# on a fresh Debian 12 machine (scripts/deps.sh installs what is missing).

CC      ?= cc
BUILD   ?= build
PKGS     = libmicrohttpd jansson libsodium sqlite3 libpq xlsxwriter libzip expat libcrypto
WARN     = -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
           -Wpointer-arith -fno-common
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(WARN) -fstack-protector-strong $(CFLAGS) -Isrc \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lmicrohttpd -ljansson -lsodium -lsqlite3 -lpq -lcrypto \
             -lxlsxwriter -lzip -lexpat -lz) -lpthread -lm
SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRC  = $(filter-out src/main.c,$(wildcard src/*/*.c src/*/*/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
API_TESTS = $(patsubst tests/api/%.c,$(BUILD)/api_%,$(filter-out tests/api/harness.c,$(wildcard tests/api/*.c)))

.PHONY: all run check lint deps web unit api api-sqlite api-pg asan e2e fuzz fuzz-csv fuzz-replay bench bench-nodes bench-lighthouse slow clean

all: $(BUILD)/lianxin

deps:
	@scripts/deps.sh

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/liblianxin.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/lianxin: src/main.c $(BUILD)/liblianxin.a
	$(CC) $(ALL_CFLAGS) $< $(BUILD)/liblianxin.a $(LDLIBS) -o $@

-include $(LIB_OBJ:.o=.d)

# test binaries reached only through pattern rules are kept, not deleted as intermediates
.SECONDARY:

web/dist/index.html: web/package.json web/package-lock.json $(shell find web/src web/public -type f) web/index.html web/public-request.html web/vite.config.js web/preload-links.mjs web/compress.mjs
	cd web && npm ci --no-audit --no-fund && npm run build
	@touch $@

web: web/dist/index.html

# a new database starts with the demo county 琼中 (469030)
run: deps all web
	@mkdir -p var
	@if [ -z "$$LIANXIN_DB" ] && [ ! -e var/lianxin.db ]; then $(BUILD)/lianxin demo --county 469030; fi
	$(BUILD)/lianxin serve

# ---- tests -----------------------------------------------------------------

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/liblianxin.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(BUILD)/liblianxin.a $(LDLIBS) -lcmocka -o $@

$(BUILD)/api_%: tests/api/%.c tests/api/harness.c tests/api/harness.h
	$(CC) $(ALL_CFLAGS) $< tests/api/harness.c $(shell pkg-config --libs --cflags libcurl jansson zlib) -o $@

# Each test program is a target of its own, so that `make -j` runs them side
# by side; scripts/run-test.sh keeps each one's output in $(BUILD)/logs.
RUN = scripts/run-test.sh
LOGS = $(BUILD)/logs

unit: $(UNIT_BIN:$(BUILD)/tests/%=run-unit-%)
run-unit-%: $(BUILD)/tests/%
	@$(RUN) $(LOGS)/unit-$*.log $<

api: api-sqlite api-pg

api-sqlite: $(API_TESTS:$(BUILD)/api_%=run-sqlite-%)
run-sqlite-%: $(BUILD)/api_% $(BUILD)/lianxin
	@$(RUN) $(LOGS)/sqlite-$*.log $< --server $(BUILD)/lianxin --db sqlite

# each API test binary against its own throwaway PostgreSQL server; the
# unit tests that take PG_TEST_URL (storage, data checks) once more on PostgreSQL too
api-pg: $(API_TESTS:$(BUILD)/api_%=run-pg-%) run-pgunit-test_db run-pgunit-test_checks
run-pg-%: $(BUILD)/api_% $(BUILD)/lianxin
	@$(RUN) $(LOGS)/pg-$*.log scripts/with-postgres.sh $< --server $(BUILD)/lianxin --db postgres
run-pgunit-%: $(BUILD)/tests/%
	@$(RUN) $(LOGS)/pgunit-$*.log scripts/with-postgres.sh $<

# the unit and API tests once more under AddressSanitizer + UBSan
asan:
	$(MAKE) BUILD=$(BUILD)/asan CFLAGS="-O1 -g $(SAN)" unit api

e2e: $(BUILD)/lianxin web
	cd tests/e2e && npm ci --no-audit --no-fund >/dev/null
	scripts/e2e.sh $(BUILD)/lianxin

$(BUILD)/fuzz_request: tests/fuzz/fuzz_request.c $(LIB_SRC)
	@mkdir -p $(BUILD)
	clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc \
	  $(shell pkg-config --cflags $(PKGS)) -I$(shell pg_config --includedir) \
	  tests/fuzz/fuzz_request.c $(LIB_SRC) $(LDLIBS) -o $@

FUZZ_CSV_SRC = tests/fuzz/fuzz_csv.c src/core/csv.c src/core/idcard.c src/core/phone.c src/core/utf8.c src/core/mem.c

$(BUILD)/fuzz_csv: $(FUZZ_CSV_SRC) src/core/csv.h src/core/idcard.h src/core/phone.h src/core/mem.h
	@mkdir -p $(BUILD)
	clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc \
	  $(FUZZ_CSV_SRC) -o $@

fuzz-csv: $(BUILD)/fuzz_csv
	@mkdir -p $(BUILD)/fuzz-csv-corpus
	$(BUILD)/fuzz_csv -max_total_time=$${FUZZ_SECONDS:-300} $(BUILD)/fuzz-csv-corpus tests/fuzz/corpus_csv

fuzz: $(BUILD)/fuzz_request
	@mkdir -p $(BUILD)/fuzz-corpus
	$(BUILD)/fuzz_request -max_total_time=$${FUZZ_SECONDS:-300} $(BUILD)/fuzz-corpus tests/fuzz/corpus

fuzz-replay: $(BUILD)/fuzz_request $(BUILD)/fuzz_csv
	$(BUILD)/fuzz_request -runs=0 tests/fuzz/corpus
	@rm -rf $(BUILD)/fuzz-replay && mkdir -p $(BUILD)/fuzz-replay
	$(BUILD)/fuzz_request -runs=20000 -seed=1 $(BUILD)/fuzz-replay tests/fuzz/corpus
	$(BUILD)/fuzz_csv -runs=0 tests/fuzz/corpus_csv
	@rm -rf $(BUILD)/fuzz-csv-replay && mkdir -p $(BUILD)/fuzz-csv-replay
	$(BUILD)/fuzz_csv -runs=20000 -seed=1 $(BUILD)/fuzz-csv-replay tests/fuzz/corpus_csv

# the banned calls and the purpose comments (scripts/lint.sh)
lint:
	@scripts/lint.sh

# every test; independent test programs run side by side (JOBS at a time)
JOBS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) * 2 )))
check: deps
	$(MAKE) lint
	$(MAKE) -j$(JOBS) --no-print-directory all unit api asan fuzz-replay e2e slow
	@echo "make check: all tests passed"

bench: deps
	$(MAKE) BUILD=build/bench CFLAGS="-O2 -DNDEBUG" build/bench/lianxin
	scripts/bench.sh build/bench/lianxin
	scripts/bench-registry.sh build/bench/lianxin
	scripts/bench-requests.sh build/bench/lianxin
	scripts/bench-partylife.sh build/bench/lianxin
	$(MAKE) web
	-scripts/bench-lighthouse.sh build/bench/lianxin   # a score under 90 is reported (exit 1) without stopping the benchmarks after it
	scripts/bench-stats.sh build/bench/lianxin
	scripts/bench-nodes.sh build/bench/lianxin
	BENCH_PG=1 scripts/bench-nodes.sh build/bench/lianxin
	scripts/bench-scale.sh build/bench/lianxin
	scripts/bench-pairings.sh build/bench/lianxin

# the dashboards of 1,000 random nodes per level and a write's way to the figures, SQLite then PostgreSQL
# (BENCH_NODES, BENCH_COLD, BENCH_WRITES, BENCH_DB=path-or-URL: scripts/bench-nodes.sh)
bench-nodes: all
	scripts/bench-nodes.sh $(BUILD)/lianxin $(BENCH_DB)
	$(if $(BENCH_DB),,BENCH_PG=1 scripts/bench-nodes.sh $(BUILD)/lianxin)

# Lighthouse alone (mobile settings) on the public form and the phone home: performance, accessibility
bench-lighthouse: all web
	scripts/bench-lighthouse.sh $(BUILD)/lianxin

clean:
	rm -rf $(BUILD)

# the slow tests, run once by make check: the demo's full seed counties (tests/slow/test_*.c) and
# the API programs on SQLite and PostgreSQL (tests/slow/api_*.c: an export of 1,000,000 rows)
$(BUILD)/tests/slow_%: tests/slow/%.c $(BUILD)/liblianxin.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< $(BUILD)/liblianxin.a $(LDLIBS) -lcmocka -o $@
$(BUILD)/slow_api_%: tests/slow/api_%.c tests/api/harness.c tests/api/harness.h $(BUILD)/liblianxin.a
	$(CC) $(ALL_CFLAGS) $< tests/api/harness.c $(BUILD)/liblianxin.a $(LDLIBS) \
	  $(shell pkg-config --libs --cflags libcurl jansson zlib) -o $@
SLOW_BIN = $(patsubst tests/slow/%.c,$(BUILD)/tests/slow_%,$(wildcard tests/slow/test_*.c))
SLOW_API = $(patsubst tests/slow/api_%.c,%,$(wildcard tests/slow/api_*.c))
slow: $(SLOW_BIN:$(BUILD)/tests/%=run-slow-%) $(SLOW_API:%=run-slow-sqlite-%) $(SLOW_API:%=run-slow-pg-%)
run-slow-%: $(BUILD)/tests/%
	@$(RUN) $(LOGS)/$*.log $<
run-slow-sqlite-%: $(BUILD)/slow_api_% $(BUILD)/lianxin
	@$(RUN) $(LOGS)/slow-sqlite-$*.log $< --server $(BUILD)/lianxin --db sqlite
run-slow-pg-%: $(BUILD)/slow_api_% $(BUILD)/lianxin
	@$(RUN) $(LOGS)/slow-pg-$*.log scripts/with-postgres.sh $< --server $(BUILD)/lianxin --db postgres
