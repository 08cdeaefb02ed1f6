/*
 * entities.c - finding an entity and a field by name in the table of every
 * entity (model_entities[], defined in app/entities.c, which knows each
 * domain's entities).
 */
#include "model/entity.h"

#include <string.h>

const struct entity *entity_find(const char *name)
{
	for (int i = 0; i < model_entities_count; i++)
		if (strcmp(model_entities[i]->name, name) == 0)
			return model_entities[i];
	return NULL;
}

const struct field *entity_field(const struct entity *e, const char *name)
{
	for (int i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}
