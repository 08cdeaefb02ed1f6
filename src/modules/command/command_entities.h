/* command_entities.h - the command structure's entities (command_entities.c). */
#ifndef LIANXIN_MODULES_COMMAND_COMMAND_ENTITIES_H
#define LIANXIN_MODULES_COMMAND_COMMAND_ENTITIES_H

#include "model/entity.h"

extern const struct entity entity_command_post;
extern const struct entity entity_command_member;

#endif
