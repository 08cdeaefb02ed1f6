/*
 * ratelimit.h - fixed-window counters kept in the database, so that every
 * server process behind a load balancer counts the same hits.
 */
#ifndef LIANXIN_AUTH_RATELIMIT_H
#define LIANXIN_AUTH_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

/* Count a hit on bucket; *limited is true when it is over limit hits in
 * the current window of window seconds.  DB_OK or an error code. */
int ratelimit_hit(struct db *db, const char *bucket, int64_t limit, int64_t window, bool *limited);

#endif
