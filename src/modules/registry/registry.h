/*
 * registry.h - the household registry (建档立卡) beyond plain CRUD:
 * members under their household, yearly income with the per-capita net
 * income formula, the 两不愁三保障 guarantees (derived, overridable with a
 * reason), the status history, the monitoring candidates under the
 * configured income line, and the income lines themselves.
 */
#ifndef LIANXIN_MODULES_REGISTRY_H
#define LIANXIN_MODULES_REGISTRY_H

#include <jansson.h>
#include <stdint.h>

#include "http/request.h"

/* The years the registry records (income, guarantees, checks). */
#define REGISTRY_YEAR_MIN 2013
#define REGISTRY_YEAR_MAX 2100

/* s as a year of the registry; otherwise the 400 reply's status. */
int registry_year_or_reply(struct req *r, const char *s, int64_t *year);

/* The 两不愁三保障 of household id in year: {"year","met","indicators":[{"indicator","zh","value",
 * "computed","recorded","reason",...}]}, each derived from the registry unless recorded; DB_OK or an error. */
int registry_guarantees(struct req *r, int64_t id, int64_t year, json_t **out);

int registry_members_list(struct req *r);
int registry_members_create(struct req *r);
int registry_income_get(struct req *r);
int registry_income_put(struct req *r);
int registry_guarantees_get(struct req *r);
int registry_guarantees_put(struct req *r);
int registry_history(struct req *r);
int registry_candidates(struct req *r);
int registry_lines_get(struct req *r);
int registry_lines_put(struct req *r);
int registry_search(struct req *r);

#endif
