/* registry_entities.h - the household registry's entities (registry_entities.c). */
#ifndef LIANXIN_MODULES_REGISTRY_REGISTRY_ENTITIES_H
#define LIANXIN_MODULES_REGISTRY_REGISTRY_ENTITIES_H

#include "model/entity.h"

extern const struct entity entity_household;
extern const struct entity entity_member;
extern const struct entity entity_measure;
extern const struct entity entity_monitoring;

#endif
