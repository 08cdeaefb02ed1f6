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
#include <stdbool.h>

struct arena;

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
/* The Chinese label of code in d, or code itself when d has no such item. */
const char *dict_label_zh(const struct dict *d, const char *code);
/* Codes joined by ',' as their Chinese labels joined by '、', in arena a. */
const char *dict_labels_zh(const struct dict *d, const char *codes, struct arena *a);
/* The allowed values of d for an error message, in arena a: the labels "未脱贫、已脱贫（享受政策）…"
 * when zh (a Chinese message shows no codes), else "poor (Poor), exited_enjoying (...), ...". */
char *dict_values_text(const struct dict *d, bool zh, struct arena *a);
/* {"name": {"zh","en","items":[{"code","zh","en"}]}} for every dictionary. */
json_t *dict_all_json(void);

#endif
