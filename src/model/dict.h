/*
 * dict.h - dictionaries: the enumerations of the domain (org types, cadre
 * roles, ethnicities ...) as data with Chinese and English labels.
 *
 * A field of type FT_DICT stores the item's code; the API returns codes and
 * /api/v1/meta returns every dictionary so the UI can label them.
 */
#ifndef LIANXIN_MODEL_DICT_H
#define LIANXIN_MODEL_DICT_H

#include <jansson.h>

struct dict_item {
	const char *code;
	const char *zh;
	const char *en;
};

struct dict {
	const char *name;
	const char *zh;
	const char *en;
	const struct dict_item *items;
	int nitems;
};

const struct dict *dict_find(const char *name);
/* The item with code, or NULL. */
const struct dict_item *dict_item(const struct dict *d, const char *code);
/* {"name": {"zh","en","items":[{"code","zh","en"}]}} for every dictionary. */
json_t *dict_all_json(void);

#endif
