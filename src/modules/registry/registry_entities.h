/* registry_entities.h - the household registry's entities (registry_entities.c). */
#ifndef LIANXIN_MODULES_REGISTRY_REGISTRY_ENTITIES_H
#define LIANXIN_MODULES_REGISTRY_REGISTRY_ENTITIES_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "model/entity.h"

extern const struct entity entity_household;
extern const struct entity entity_member;
extern const struct entity entity_measure;
extern const struct entity entity_monitoring;

/* Does a monitoring category fit a household's status (脱贫不稳定户 an exited household, 边缘易致贫户
 * a never-registered one, 突发严重困难户 any still in the registry)? */
bool registry_category_fits(const char *category, const char *status);
/* households.monitor_category of household: the category of its open case, or NULL. */
int registry_monitor_category_refresh(struct db *db, int64_t household);
/* Was the household given help (a measure) on or after since (YYYY-MM-DD)? */
bool registry_helped_since(struct db *db, int64_t household, const char *since);
/* May a risk found on started_on (YYYY-MM-DD) be eliminated on today (YYYYMMDD): six months on? */
bool registry_may_eliminate(const char *started_on, int64_t today);

#endif
