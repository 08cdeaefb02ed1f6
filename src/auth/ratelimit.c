/* ratelimit.c - one upsert per hit. */
#include "auth/ratelimit.h"

#include "core/clock.h"

int ratelimit_hit(struct db *db, const char *bucket, int64_t limit, int64_t window, bool *limited)
{
	int64_t now = clock_now(), hits = 0;
	int rc = db_query_int(db, &hits,
		"INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)"
		" ON CONFLICT (bucket) DO UPDATE SET"
		" hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,"
		" window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END"
		" RETURNING hits", "tii", bucket, now, now - window);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_ERROR : rc;
	*limited = hits > limit;
	return DB_OK;
}
