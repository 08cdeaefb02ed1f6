/* stats_api.c - GET /api/v1/stats: the roll-up of one node and its children over a period. */
#include "http/reply.h"
#include "modules/stats/stats.h"
#include "modules/stats/stats_internal.h"

int stats_get(struct req *r)
{
	struct stats_period p;
	const char *division;
	int st = stats_division_from_query(r, &division);
	if (st)
		return st;
	if ((st = stats_period_from_query(r, &p)))
		return st;
	json_t *out;
	if ((st = stats_rollup(r, division, &p, &out)))
		return st;
	return reply_json(r, 200, out);
}
