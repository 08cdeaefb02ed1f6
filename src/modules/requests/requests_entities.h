/* requests_entities.h - the requests' entity (requests_entities.c). */
#ifndef LIANXIN_MODULES_REQUESTS_REQUESTS_ENTITIES_H
#define LIANXIN_MODULES_REQUESTS_REQUESTS_ENTITIES_H

#include "model/entity.h"

extern const struct entity entity_routing_rule;

#endif
