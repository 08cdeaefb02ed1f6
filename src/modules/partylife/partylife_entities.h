/* partylife_entities.h - party life's plain entities (partylife_entities.c). */
#ifndef LIANXIN_MODULES_PARTYLIFE_PARTYLIFE_ENTITIES_H
#define LIANXIN_MODULES_PARTYLIFE_PARTYLIFE_ENTITIES_H

#include "model/entity.h"

extern const struct entity entity_member_review;
extern const struct entity entity_family_school;

#endif
