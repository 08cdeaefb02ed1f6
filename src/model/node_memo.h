/*
 * node_memo.h - the node memo: a generic per-node cache of results computed
 * by the domain modules (today the roll-ups' meeting compliance and the
 * pairings' coverage, both through GET /stats and GET /coverage, which is why
 * it lives below the domain folders): a result is stored per node
 * and key, and every write to what it reads deletes it in the writing
 * transaction (the triggers of the migration "stats: the node memo", made
 * finer by migration 45: each table clears the kinds that read it), so a
 * stored result always equals the live computation.  A result may be kept in
 * parts, one per division of a subtree (node_memo_subtree): a write then
 * clears the parts of its own divisions (coverage's cov_own parts: those
 * divisions only) and the node rows of their ancestors, not the subtree's.
 * A new kind is cleared by every write those triggers see, at the written
 * divisions and their ancestors, until migration 45's lists name it.
 */
#ifndef LIANXIN_MODEL_NODE_MEMO_H
#define LIANXIN_MODEL_NODE_MEMO_H

#include <jansson.h>
#include <stdint.h>

#include "http/request.h"

/* Computes the live result of division into *out: 0, or the status of the error reply made. */
typedef int (*memo_compute)(struct req *r, const char *division, const void *arg, json_t **out);
/* Computes the parts of the n divisions (all under root) in one pass into *out, an object
 * {division: result} holding each of them: 0, or the status of the error reply made. */
typedef int (*memo_compute_many)(struct req *r, const char *root, const void *arg, const char *const *divisions, int n,
				 json_t **out);

/* The result of kind for division and key: from the memo, or computed by
 * fn (given "computed_at", the Unix time) and stored unless a write that it
 * may not have seen came in between.
 * 0 with *out (a new reference), or the status of the error reply made. */
int node_memo(struct req *r, const char *kind, const char *division, const char *key, memo_compute fn, const void *arg,
	       json_t **out);

/* The results of kind and key for every division of root's subtree (the divisions table), each
 * division's own part (fn computes one division's): those stored read in one query, the
 * others computed and stored as stats_memo does.  A write clears the parts of its division
 * and of their ancestors only, so a read after it computes a few parts, not the subtree.
 * When more than MEMO_ONE_BY_ONE parts are missing (the first read of a key: a new day, a
 * new period, after a write that clears every row) and many is given, they are computed in
 * one pass by many rather than one by one.
 * 0 with *out an object {division: result} (a new reference), or the status of the error
 * reply made. */
#define MEMO_ONE_BY_ONE 8
int node_memo_subtree(struct req *r, const char *kind, const char *root, const char *key, memo_compute fn,
		       memo_compute_many many, const void *arg, json_t **out);

/* Forget the rows of kind, a kind keyed by a day (its keys begin YYYY-MM-DD), whose day is
 * before before_day, except a month's last day (a month's, a quarter's or a year's figures
 * ask for it again; the 28th of February is kept in every year): a day's results no read
 * asks for once the day has gone, which would otherwise pile up a day's worth of rows a
 * day.  The rows deleted (one statement, its own transaction), or -1 (logged). */
int64_t node_memo_forget_days(struct db *db, const char *kind, const char *before_day);

#endif
