/*
 * stats.h - the roll-ups of every figure for one node of the division tree
 * and its children (GET /api/v1/stats), the bulletins built on them
 * (周调度 / 月通报, GET /api/v1/stats/bulletin as JSON, XLSX or CSV).
 */
#ifndef LIANXIN_MODULES_STATS_H
#define LIANXIN_MODULES_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "http/request.h"

int stats_get(struct req *r);
int stats_bulletin(struct req *r);

/*
 * A bulk load (the demo) inside one transaction: stats_bulk_begin sets the
 * triggers of the summaries and of the node memo aside (a per-row or
 * per-statement trigger on every insert of a bulk load costs more than
 * building the summaries once), stats_bulk_end(rebuild true) rebuilds the
 * summaries from the records in one statement per table and restores the
 * triggers, before the commit; rebuild false (the load failed and is rolled
 * back, which restores the triggers) only frees.  0, or -1 (logged).
 * Live writes never come here: they go through the triggers.
 */
#define STATS_BULK_MAX 96
struct stats_bulk {
	int n;
	char *table[STATS_BULK_MAX], *name[STATS_BULK_MAX], *sql[STATS_BULK_MAX];
};
int stats_bulk_begin(struct db *db, struct stats_bulk *b);
int stats_bulk_end(struct db *db, struct stats_bulk *b, bool rebuild);

/*
 * After a bulk load has committed (lianxin demo), outside any transaction: on PostgreSQL a
 * VACUUM (ANALYZE) of the database, so that the first reads find the planner's statistics, the
 * visibility map of the new pages (index-only scans) and no index entries of the row versions
 * the load's triggers rewrote (the request figures' hot rows).  Nothing on SQLite.  0, or -1
 * (logged).
 */
int stats_bulk_settle(struct db *db);

/*
 * The dashboards' warm-up (warmup.c): a thread of the server that reads GET /stats of this
 * year for the roots and every node whose code is at most depth long (stats-warmup), bottom-up,
 * at the start and whenever a key of the memo is due, so a first read of the day finds it warm.
 */
/* The calendar marks the memo's keys follow at time now (China time): the day (coverage's
 * key), the week's Monday and the month (compliance's units end on a Sunday or a month's last
 * day), the year (the dashboards' default period). */
struct stats_warm_keys {
	char day[16], monday[16], month[16], year[16];   /* YYYY-MM-DD, YYYY-MM-DD, YYYY-MM, YYYY */
};
void stats_warmup_keys(int64_t now, struct stats_warm_keys *k);
enum { WARM_COVERAGE = 1, WARM_COMPLIANCE = 2, WARM_PERIOD = 4 };
/* What changed from last (zeroed: never warmed) to now: a mask of WARM_*, 0 when nothing is due. */
unsigned stats_warmup_due(const struct stats_warm_keys *last, const struct stats_warm_keys *now);
struct stats_warmup;
/* Start it (its first pass at once, on its thread); NULL when the thread can't start. */
struct stats_warmup *stats_warmup_start(struct db_pool *pool, int depth);
/* Stop it: a pass stops after the node it is warming. NULL: nothing. */
void stats_warmup_stop(struct stats_warmup *w);

#endif
