/*
 * stats.h - the roll-ups of every figure for one node of the division tree
 * and its children (GET /api/v1/stats), the bulletins built on them
 * (周调度 / 月通报, GET /api/v1/stats/bulletin as JSON, XLSX or CSV).
 */
#ifndef LIANXIN_MODULES_STATS_H
#define LIANXIN_MODULES_STATS_H

#include "http/request.h"

int stats_get(struct req *r);
int stats_bulletin(struct req *r);

#endif
