/* org_entities.h - the organisational entities (org_entities.c). */
#ifndef LIANXIN_MODULES_ORG_ORG_ENTITIES_H
#define LIANXIN_MODULES_ORG_ORG_ENTITIES_H

#include "model/entity.h"

extern const struct entity entity_division;
extern const struct entity entity_org;
extern const struct entity entity_unit;
extern const struct entity entity_person;
extern const struct entity entity_disclosure;

#endif
