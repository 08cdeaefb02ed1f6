/* entities.h - the entity descriptions (entities.c). */
#ifndef LIANXIN_MODEL_ENTITIES_H
#define LIANXIN_MODEL_ENTITIES_H

#include "model/entity.h"

extern const struct entity entity_division;
extern const struct entity entity_org;
extern const struct entity entity_unit;
extern const struct entity entity_person;
extern const struct entity entity_household;
extern const struct entity entity_member;
extern const struct entity entity_measure;
extern const struct entity entity_monitoring;
extern const struct entity entity_routing_rule;
extern const struct entity entity_disclosure;
extern const struct entity entity_member_review;
extern const struct entity entity_family_school;
extern const struct entity entity_duty_list;
extern const struct entity entity_duty_item;
extern const struct entity entity_task_item;
extern const struct entity entity_schedule;
extern const struct entity entity_schedule_item;

#endif
