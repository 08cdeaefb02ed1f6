/* requests_entities.h - the requests' entities (requests_entities.c). */
#ifndef LIANXIN_MODULES_REQUESTS_REQUESTS_ENTITIES_H
#define LIANXIN_MODULES_REQUESTS_REQUESTS_ENTITIES_H

#include "model/entity.h"

extern const struct entity entity_routing_rule;
extern const struct entity entity_request_escalation_target;

#endif
