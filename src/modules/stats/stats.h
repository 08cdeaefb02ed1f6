/*
 * stats.h - the roll-ups of every figure for one node of the division tree
 * and its children (GET /api/v1/stats), the bulletins built on them
 * (周调度 / 月通报, GET /api/v1/stats/bulletin as JSON, XLSX or CSV).
 */
#ifndef LIANXIN_MODULES_STATS_H
#define LIANXIN_MODULES_STATS_H

#include <stdbool.h>

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

#endif
