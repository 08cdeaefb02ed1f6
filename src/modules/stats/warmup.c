/*
 * warmup.c - the dashboards' warm-up (stats.h): a timer thread of the server
 * that reads GET /stats of this year for the roots and every node down to a
 * level (stats-warmup), through stats_rollup itself, so the node memo holds
 * the day's coverage and the units' compliance before the first user asks
 * (a province's first read of a day computed them for a minute).  It runs
 * at the start and again when a key of the memo may have changed: a new
 * day (coverage), a new week or month (compliance), a new year (the period).
 *
 * Nodes go bottom-up (townships, counties, cities, provinces, the country),
 * so each sums the memo rows of the level below; one node at a time, each
 * on a connection taken from the pool and given back, with a pause between
 * nodes; the memo's writes are its own short transactions (node_memo.c).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/ticker.h"
#include "model/node_memo.h"
#include "modules/partylife/partylife.h"
#include "modules/stats/stats.h"
#include "modules/stats/stats_internal.h"

#define WARM_EVERY_MS 60000   /* how often the keys are compared with the last warmed ones */
#define MEMO_DAYS_KEPT 7      /* a new day forgets the memo's day-keyed rows older than a week */

/* The node memo's kinds keyed by a day: the coverage of a day (rollup.c, pairings' coverage.c). */
static const char *const day_keyed[] = { "coverage", "cov_node", "cov_sum", "cov_own", "cov_spans", "cov_spans_rule" };
#define WARM_PAUSE_MS 20      /* between two nodes: user requests take the connection and the cores */

struct stats_warmup {
	struct db_pool *pool;
	int depth;                     /* the longest division code warmed */
	struct ticker *ticker;
	atomic_bool stop;
	struct stats_warm_keys last;   /* the keys of the last complete pass ("" before one) */
	bool gave_way;                 /* the thread's real-time priority dropped (its first turn) */
};

void stats_warmup_keys(int64_t now, struct stats_warm_keys *k)
{
	int64_t day = pl_cst_day(now), monday = day - ((day % 7 + 7 + 3) % 7);   /* 1970-01-01 was a Thursday */
	pl_day_text(day, k->day);
	snprintf(k->month, sizeof(k->month), "%.7s", k->day);
	snprintf(k->year, sizeof(k->year), "%.4s", k->day);
	pl_day_text(monday, k->monday);
}

unsigned stats_warmup_due(const struct stats_warm_keys *last, const struct stats_warm_keys *now)
{
	unsigned due = 0;
	if (strcmp(last->day, now->day))
		due |= WARM_COVERAGE;
	/* compliance's key counts the units ended before today: weeks end on a Sunday, months,
	 * quarters and years on a month's last day */
	if (strcmp(last->monday, now->monday) || strcmp(last->month, now->month))
		due |= WARM_COMPLIANCE;
	if (strcmp(last->year, now->year))
		due |= WARM_PERIOD;
	return due;
}

/* The caller the warm-up reads as: the whole country (the memo does not depend on the caller). */
static const char *const whole_country[] = { "" };

/* GET /stats?division=code of this year, as stats_get answers it, the result dropped (the
 * memo keeps what it computed): 0, or -1 (logged). */
static int warm_node(struct stats_warmup *w, const char *code)
{
	struct db *db = db_pool_get(w->pool);
	if (db == NULL)
		return -1;
	struct arena *a = arena_new();
	struct principal caller = { .username = "stats-warmup", .role = ROLE_ADMIN, .scopes = (const char **)whole_country,
				    .nscopes = 1 };
	struct req r;
	req_init(&r, a);
	snprintf(r.request_id, sizeof(r.request_id), "stats-warmup");
	r.method = "GET";
	r.path = "/api/v1/stats";
	r.user = &caller;
	r.db = db;
	struct stats_period p;
	json_t *out = NULL;
	int st = stats_period_from_query(&r, &p);
	if (st == 0)
		st = stats_rollup(&r, code, &p, &out);
	if (st)
		log_error("stats warm-up: %s: status %d %s", *code ? code : "the country", st,
			  r.out ? json_string_value(json_object_get(json_object_get(r.out, "error"), "message_en")) : "");
	json_decref(out);
	req_release(&r);
	db_pool_put(w->pool, db);
	arena_free(a);
	return st ? -1 : 0;
}

/* The codes to warm, bottom-up (the longest first, the country "" last), into *codes (malloc'd,
 * each its own): their number, or -1 on a database error. */
static int nodes(struct stats_warmup *w, char ***codes)
{
	struct db *db = db_pool_get(w->pool);
	if (db == NULL)
		return -1;
	struct db_stmt *q = db_query(db, "SELECT code FROM divisions WHERE length(code) <= $1 ORDER BY length(code) DESC, code",
				     "i", (int64_t)w->depth);
	int n = 0, cap = 256, rc = DB_ERROR;
	*codes = xmalloc(sizeof(**codes) * (size_t)cap);
	while (q && (rc = db_step(q)) == DB_ROW) {
		if (n + 1 == cap) {
			cap *= 2;
			*codes = xrealloc(*codes, sizeof(**codes) * (size_t)cap);
		}
		(*codes)[n++] = xstrdup(db_column_text(q, 0));
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		log_error("stats warm-up: the divisions: %s", db_errmsg(db));
		db_pool_put(w->pool, db);
		for (int i = 0; i < n; i++)
			free((*codes)[i]);
		free(*codes);
		return -1;
	}
	db_pool_put(w->pool, db);
	(*codes)[n++] = xstrdup("");   /* the loop kept a free slot for it */
	return n;
}

static double ms_since(const struct timespec *t0, clockid_t c)
{
	struct timespec t;
	clock_gettime(c, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static const char *level_name(size_t len)
{
	return len == 0 ? "the country" : len == 2 ? "provinces" : len == 4 ? "cities" : len == 6 ? "counties" : "townships";
}

/* A new day: forget the day-keyed memo rows of the days before the last MEMO_DAYS_KEPT (but a
 * month's last day), one statement per kind, each its own short transaction. */
static void forget_old_days(struct stats_warmup *w, int64_t now)
{
	char before[16];
	pl_day_text(pl_cst_day(now) - MEMO_DAYS_KEPT, before);
	struct db *db = db_pool_get(w->pool);
	if (db == NULL)
		return;
	int64_t forgotten = 0;
	for (size_t i = 0; i < sizeof(day_keyed) / sizeof(day_keyed[0]); i++) {
		int64_t n = node_memo_forget_days(db, day_keyed[i], before);
		forgotten += n > 0 ? n : 0;
	}
	db_pool_put(w->pool, db);
	log_info("stats warm-up: %lld memo rows of the days before %s forgotten", (long long)forgotten, before);
}

/* The thread gives way to user requests: SCHED_OTHER when the server runs at a real-time
 * priority (chrt), which the ticker's thread inherits. */
static void give_way(void)
{
	int policy;
	struct sched_param sp;
	if (pthread_getschedparam(pthread_self(), &policy, &sp) == 0 && policy != SCHED_OTHER) {
		sp.sched_priority = 0;
		pthread_setschedparam(pthread_self(), SCHED_OTHER, &sp);
	}
}

/* The ticker's turn: a pass over every node when a key is due. */
static void warm_turn(void *arg)
{
	struct stats_warmup *w = arg;
	if (!w->gave_way) {
		give_way();
		w->gave_way = true;
	}
	struct stats_warm_keys now;
	int64_t t = clock_now();
	stats_warmup_keys(t, &now);
	unsigned due = stats_warmup_due(&w->last, &now);
	if (due == 0)
		return;
	if (due & WARM_COVERAGE)
		forget_old_days(w, t);
	char **codes;
	int n = nodes(w, &codes);
	if (n < 0)
		return;
	log_info("stats warm-up: %s%s%s due on %s: %d nodes", due & WARM_COVERAGE ? "coverage" : "",
		 due & WARM_COMPLIANCE ? " compliance" : "", due & WARM_PERIOD ? " period" : "", now.day, n);
	struct timespec wall0, cpu0;
	clock_gettime(CLOCK_MONOTONIC, &wall0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu0);
	int failed = 0, i = 0, level_start = 0;
	for (; i < n && !atomic_load(&w->stop); i++) {
		failed += warm_node(w, codes[i]) != 0;
		if (i + 1 == n || strlen(codes[i + 1]) != strlen(codes[i])) {
			log_info("stats warm-up: %s (%d) warm %.1f s after the pass began (CPU %.1f s)", level_name(strlen(codes[i])),
				 i + 1 - level_start, ms_since(&wall0, CLOCK_MONOTONIC) / 1e3,
				 ms_since(&cpu0, CLOCK_THREAD_CPUTIME_ID) / 1e3);
			level_start = i + 1;
		}
		struct timespec pause = { 0, WARM_PAUSE_MS * 1000000L };
		while (nanosleep(&pause, &pause) && errno == EINTR)
			;
	}
	if (i == n && failed == 0)
		w->last = now;
	else if (failed)
		log_warn("stats warm-up: %d of %d nodes failed; again at the next turn", failed, n);
	for (int k = 0; k < n; k++)
		free(codes[k]);
	free(codes);
}

struct stats_warmup *stats_warmup_start(struct db_pool *pool, int depth)
{
	struct stats_warmup *w = xcalloc(1, sizeof(*w));
	w->pool = pool;
	w->depth = depth;
	atomic_init(&w->stop, false);
	w->ticker = ticker_start_after(0, WARM_EVERY_MS, warm_turn, w);
	if (w->ticker == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

void stats_warmup_stop(struct stats_warmup *w)
{
	if (w == NULL)
		return;
	atomic_store(&w->stop, true);   /* a pass stops after its node */
	ticker_stop(w->ticker);
	free(w);
}
