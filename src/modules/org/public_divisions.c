/* public_divisions.c - the public form's place look-up: names of counties, townships and villages only. */
#include "modules/org/public_divisions.h"

#include <string.h>

#include "auth/ratelimit.h"
#include "core/division.h"
#include "http/reply.h"
#include "model/env.h"

/* a look-up is lighter than a submission: four times the per-minute limit */
#define LOOKUP_FACTOR 4
#define PUBLIC_LIST_MAX 500

static int limit_or_reply(struct req *r)
{
	const struct env *env = r->env;
	bool limited = false;
	if (ratelimit_hit(r->db, arena_printf(r->arena, "places:%s", r->remote_addr),
			  env->cfg->rate_limit_per_minute * LOOKUP_FACTOR, 60, &limited) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	return limited ? reply_error(r, ERR_RATE_LIMITED, NULL) : 0;
}

static json_t *place_json(struct db_stmt *st)
{
	return json_pack("{s:s, s:s, s:s}", "code", db_column_text(st, 0), "name", db_column_text(st, 1), "level",
			 db_column_text(st, 2));
}

int divisions_public_list(struct req *r)
{
	int st = limit_or_reply(r);
	if (st)
		return st;
	const char *parent = req_query(r, "parent");
	struct db_stmt *q;
	if (parent == NULL || *parent == '\0') {
		q = db_query(r->db, "SELECT code, name, level FROM divisions WHERE level = 'county' ORDER BY code LIMIT $1",
			     "i", (int64_t)PUBLIC_LIST_MAX);
	} else {
		enum division_level lv = division_level(parent);
		/* a county's townships or a township's villages; groups and grids are not the public's */
		if (lv != DIV_COUNTY && lv != DIV_TOWNSHIP)
			return reply_error_msg(r, ERR_BAD_DIVISION, "只能查询县的乡镇或乡镇的村",
					       "Only a county's townships or a township's villages can be looked up",
					       "parent");
		q = db_query(r->db, "SELECT code, name, level FROM divisions WHERE parent_code = $1 ORDER BY code LIMIT $2",
			     "ti", parent, (int64_t)PUBLIC_LIST_MAX);
	}
	json_t *items = json_array();
	int rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW)
		json_array_append_new(items, place_json(q));
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* The row of code, or NULL (not found, or an error: *failed). */
static json_t *load_place(struct req *r, const char *code, bool *failed)
{
	struct db_stmt *q = db_query(r->db, "SELECT code, name, level FROM divisions WHERE code = $1", "t", code);
	int rc = q ? db_step(q) : DB_ERROR;
	json_t *o = rc == DB_ROW ? place_json(q) : NULL;
	db_finalize(q);
	*failed |= rc != DB_ROW && rc != DB_DONE;
	return o;
}

int divisions_public_get(struct req *r)
{
	int st = limit_or_reply(r);
	if (st)
		return st;
	const char *code = req_param(r, 0);
	enum division_level lv = division_level(code);
	if (lv < DIV_COUNTY || lv > DIV_VILLAGE)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	bool failed = false;
	json_t *place = load_place(r, code, &failed);
	if (place == NULL)
		return reply_error(r, failed ? ERR_INTERNAL : ERR_NOT_FOUND, NULL);
	/* its county and township, named: the form shows 县 · 镇 · 村 */
	json_t *parents = json_array();
	for (enum division_level p = DIV_COUNTY; p < lv; p++) {
		int len = division_code_length(p);
		const char *pc = arena_printf(r->arena, "%.*s", len, code);
		json_t *o = load_place(r, pc, &failed);
		if (o)
			json_array_append_new(parents, o);
	}
	if (failed) {
		json_decref(place);
		json_decref(parents);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	json_object_set_new(place, "parents", parents);
	return reply_json(r, 200, place);
}
