/* worklists_entities.h - the work lists' entities (worklists_entities.c). */
#ifndef LIANXIN_MODULES_WORKLISTS_WORKLISTS_ENTITIES_H
#define LIANXIN_MODULES_WORKLISTS_WORKLISTS_ENTITIES_H

#include "model/entity.h"

extern const struct entity entity_duty_list;
extern const struct entity entity_duty_item;
extern const struct entity entity_task_item;
extern const struct entity entity_schedule;
extern const struct entity entity_schedule_item;

#endif
