/*
 * registry.h - the household registry (建档立卡) beyond plain CRUD:
 * members under their household, yearly income with the per-capita net
 * income formula, the 两不愁三保障 guarantees (derived, overridable with a
 * reason), the status history, the monitoring candidates under the
 * configured income line, and the income lines themselves.
 */
#ifndef LIANXIN_MODULES_REGISTRY_H
#define LIANXIN_MODULES_REGISTRY_H

#include "http/request.h"

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
