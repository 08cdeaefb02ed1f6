/* divisions.c - the division tree API (see divisions.h). */
#include "modules/org/divisions.h"

#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/crud.h"
#include "model/listing.h"
#include "modules/org/org_entities.h"
#include "model/audit.h"

#define NODE_COLUMNS_FIRST 1   /* column 0 is the child count */

/* A node's columns: its child count, then the entity's fields. */
static const char *node_columns(struct req *r)
{
	return arena_printf(r->arena, "(SELECT COUNT(*) FROM divisions c WHERE c.parent_code = t.code), %s",
			    crud_columns(r, &entity_division));
}

static void select_nodes(struct req *r, struct sqlbuf *b)
{
	sqlbuf_add(b, "SELECT ");
	sqlbuf_add(b, node_columns(r));
	sqlbuf_add(b, " FROM divisions t WHERE ");
	scope_where(b, r->user, "t.code");
}

static json_t *node_json(struct db_stmt *st)
{
	json_t *o = crud_row_json(&entity_division, st, NODE_COLUMNS_FIRST, false);
	json_object_set_new(o, "child_count", json_integer(db_column_int(st, 0)));
	return o;
}

/* The node of code inside the caller's scope: DB_ROW with *out, DB_DONE, error. */
static int load_node(struct req *r, const char *code, json_t **out)
{
	if (division_level(code) == DIV_INVALID)
		return DB_DONE;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	select_nodes(r, &b);
	sqlbuf_add(&b, " AND t.code = ");
	sqlbuf_text(&b, code);
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	if (st == NULL)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = node_json(st);
	db_finalize(st);
	return rc;
}

static int node_or_reply(struct req *r, const char *code, json_t **out)
{
	int rc = load_node(r, code, out);
	if (rc == DB_DONE)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return 0;
}

/* Counts of the subtree under code. */
static int subtree_counts(struct req *r, const char *code, json_t *node)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(code, upper);
	static const struct { const char *key, *sql; } counts[] = {
		{ "townships", "SELECT COUNT(*) FROM divisions WHERE level = 'township' AND code > $1 AND code < $2" },
		{ "villages", "SELECT COUNT(*) FROM divisions WHERE level = 'village' AND code > $1 AND code < $2" },
		{ "groups", "SELECT COUNT(*) FROM divisions WHERE level = 'group' AND code > $1 AND code < $2" },
		{ "orgs", "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2" },
		{ "units", "SELECT COUNT(*) FROM units WHERE division >= $1 AND division < $2" },
		{ "people", "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2" },
		{ "party_members", "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND political_status IN ('member', 'probationary')" },
		{ "cadres", "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2 AND cadre_role IS NOT NULL" },
	};
	json_t *c = json_object();
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		int64_t n = 0;
		if (db_query_int(r->db, &n, counts[i].sql, "tt", code, upper) != DB_ROW) {
			json_decref(c);
			return -1;
		}
		json_object_set_new(c, counts[i].key, json_integer(n));
	}
	json_object_set_new(c, "children", json_incref(json_object_get(node, "child_count")));
	/* above the village, households and population roll up from the villages */
	if (json_is_null(json_object_get(node, "households"))) {
		struct db_stmt *st = db_query(r->db, "SELECT SUM(households), SUM(population) FROM divisions"
					      " WHERE level = 'village' AND code > $1 AND code < $2", "tt", code, upper);
		if (st && db_step(st) == DB_ROW) {
			json_object_set_new(c, "households", db_column_is_null(st, 0) ? json_null() : json_integer(db_column_int(st, 0)));
			json_object_set_new(c, "population", db_column_is_null(st, 1) ? json_null() : json_integer(db_column_int(st, 1)));
		}
		db_finalize(st);
	} else {
		json_object_set_new(c, "households", json_incref(json_object_get(node, "households")));
		json_object_set_new(c, "population", json_incref(json_object_get(node, "population")));
	}
	json_object_set_new(node, "counts", c);
	return 0;
}

int divisions_get(struct req *r)
{
	json_t *node;
	int st = node_or_reply(r, req_param(r, 0), &node);
	if (st)
		return st;
	if (subtree_counts(r, req_param(r, 0), node)) {
		json_decref(node);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, node);
}

/* The nodes inside the caller's scope that meet cond (the listing's context). */
struct node_filter {
	int (*cond)(struct req *r, struct sqlbuf *b);
};

static int nodes_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	const struct node_filter *f = ctx;
	sqlbuf_add(b, " FROM divisions t WHERE ");
	scope_where(b, r->user, "t.code");
	return f->cond(r, b);
}

static json_t *node_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)r;
	(void)ctx;
	return node_json(st);
}

static int node_list(struct req *r, int (*cond)(struct req *, struct sqlbuf *))
{
	struct node_filter f = { cond };
	struct listing l = {
		.columns = node_columns(r),
		.order = "t.code", .from = nodes_from, .row = node_row, .ctx = &f, .key = "t.code", .key_is_text = true,
	};
	return listing_reply(r, &l);
}

static int children_cond(struct req *r, struct sqlbuf *b)
{
	sqlbuf_add(b, " AND t.parent_code = ");
	sqlbuf_text(b, req_param(r, 0));
	return 0;
}

int divisions_children(struct req *r)
{
	json_t *node;
	int st = node_or_reply(r, req_param(r, 0), &node);
	if (st)
		return st;
	json_decref(node);
	return node_list(r, children_cond);
}

static int search_cond(struct req *r, struct sqlbuf *b)
{
	const char *q = req_query(r, "q"), *level = req_query(r, "level"), *parent = req_query(r, "parent");
	if (level && *level) {
		bool known = false;
		for (int l = DIV_PROVINCE; l <= DIV_GROUP && !known; l++)
			known = strcmp(level, division_level_name((enum division_level)l)) == 0;
		if (!known)
			return reply_error_msg(r, ERR_VALIDATION, "未知层级", "Unknown level", "level");
		sqlbuf_add(b, " AND t.level = ");
		sqlbuf_text(b, level);
	}
	if (parent && *parent) {
		sqlbuf_add(b, " AND t.parent_code = ");
		sqlbuf_text(b, parent);
	}
	if (q && *q) {
		sqlbuf_add(b, " AND (t.name LIKE ");
		sqlbuf_like(b, q, true);
		sqlbuf_add(b, " OR t.code LIKE ");
		sqlbuf_like(b, q, false);
		sqlbuf_add(b, ")");
	} else if (!(parent && *parent) && !(level && *level)) {
		/* no filter: the roots of the caller's scope */
		sqlbuf_add(b, " AND (t.parent_code IS NULL");
		for (int i = 0; i < r->user->nscopes; i++) {
			sqlbuf_add(b, " OR t.code = ");
			sqlbuf_text(b, r->user->scopes[i]);
		}
		sqlbuf_add(b, ")");
	}
	return 0;
}

int divisions_search(struct req *r)
{
	return node_list(r, search_cond);
}

/* ---- groups and grids -------------------------------------------------------- */

/*
 * Write node code in one transaction with its audit row: run the statement
 * b (or, when b is NULL, delete the node), then reply with status and the
 * node as stored (or {"deleted": true}), or with the error.
 */
static int write_node(struct req *r, const char *action, const char *code, struct sqlbuf *b, json_t *before,
		      json_t *after, int status)
{
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = b ? sqlbuf_exec(r->db, b) : db_exec(r->db, "DELETE FROM divisions WHERE code = $1", "t", code);
	struct audit_entry e = { .action = action, .entity = "division", .entity_id = code,
				 .division = code, .before = before, .after = after };
	int st = audit_commit_reply(r, rc, &e);
	if (st)
		return st;
	if (b == NULL)
		return reply_json(r, status, json_pack("{s:b}", "deleted", 1));
	json_t *node;
	if (load_node(r, code, &node) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, status, node);
}

static bool group_type(json_t *t)
{
	const char *s = json_string_value(t);
	return s && (!strcmp(s, "group") || !strcmp(s, "grid"));
}

const char *const divisions_create_fields[] = { "parent_code", "code", NULL };

int divisions_create(struct req *r)
{
	/* the parent and the code are not fields the generic reader accepts */
	const char *parent = json_string_value(json_object_get(r->json, divisions_create_fields[0]));
	const char *code = json_string_value(json_object_get(r->json, divisions_create_fields[1]));
	if (!json_is_object(r->json))
		return reply_error(r, ERR_BAD_JSON, NULL);
	if (parent == NULL)
		return reply_error(r, ERR_MISSING_FIELD, "parent_code");
	parent = arena_strdup(r->arena, parent);   /* the body's copy is deleted below */
	json_t *pnode;
	if (division_level(parent) != DIV_VILLAGE || load_node(r, parent, &pnode) != DB_ROW)
		return reply_error_msg(r, ERR_BAD_DIVISION, "上级必须是管辖范围内的村（社区）",
				       "The parent must be a village inside your scope", "parent_code");
	json_decref(pnode);
	char next[DIVISION_CODE_MAX + 8];
	if (code) {
		code = arena_strdup(r->arena, code);
		if (division_level(code) != DIV_GROUP || strncmp(code, parent, 12))
			return reply_error_msg(r, ERR_BAD_DIVISION, "编码应为上级村代码加三位数字",
					       "The code is the village code and three digits", "code");
		snprintf(next, sizeof(next), "%s", code);
	} else {
		int64_t max = 0;
		char upper[DIVISION_CODE_MAX + 2];
		division_subtree_upper(parent, upper);
		struct db_stmt *st = db_query(r->db, "SELECT MAX(code) FROM divisions WHERE code > $1 AND code < $2",
					      "tt", parent, upper);
		if (st && db_step(st) == DB_ROW && !db_column_is_null(st, 0))
			max = strtoll(db_column_text(st, 0) + 12, NULL, 10);
		db_finalize(st);
		if (max < 0 || max >= 999)
			return reply_error_msg(r, ERR_CONFLICT, "该村的小组编号已用完", "No group codes left in this village", NULL);
		snprintf(next, sizeof(next), "%.12s%03d", parent, (int)max + 1);
	}
	json_t *body = r->json;
	json_incref(body);
	json_object_del(body, "parent_code");
	json_object_del(body, "code");
	json_t *rec = json_object();
	int st = crud_apply_body(r, &entity_division, rec, true);
	if (!st && !group_type(json_object_get(rec, "type")))
		st = reply_error_msg(r, ERR_VALIDATION, "类型应为村民小组或网格",
				     "The type is group or grid", "type");
	json_decref(body);
	if (st) {
		json_decref(rec);
		return st;
	}
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "INSERT INTO divisions (code, level, parent_code, created_at, updated_at");
	for (int i = 0; i < entity_division.nfields; i++)
		if (!(entity_division.fields[i].flags & F_READONLY)) {
			sqlbuf_add(&b, ", ");
			sqlbuf_add(&b, entity_division.fields[i].name);
		}
	int64_t now = clock_now();
	sqlbuf_add(&b, ") VALUES (");
	sqlbuf_text(&b, arena_strdup(r->arena, next));
	sqlbuf_add(&b, ", 'group', ");
	sqlbuf_text(&b, parent);
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, now);
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, now);
	for (int i = 0; i < entity_division.nfields; i++)
		if (!(entity_division.fields[i].flags & F_READONLY)) {
			sqlbuf_add(&b, ", ");
			crud_bind_value(&b, &entity_division.fields[i], rec);
		}
	sqlbuf_add(&b, ")");
	st = write_node(r, "create", arena_strdup(r->arena, next), &b, NULL, rec, 201);
	json_decref(rec);
	return st;
}

int divisions_update(struct req *r)
{
	const char *code = req_param(r, 0);
	json_t *before;
	int st = node_or_reply(r, code, &before);
	if (st)
		return st;
	json_object_del(before, "child_count");
	bool group = division_level(code) == DIV_GROUP;
	if (!group && (json_object_get(r->json, "name") || json_object_get(r->json, "type"))) {
		json_decref(before);
		return reply_error_msg(r, ERR_VALIDATION, "统计区划的名称和类型来自导入，不能在此修改",
				       "Names and types of statistical divisions come from the import", "name");
	}
	json_t *rec = json_deep_copy(before);
	st = crud_apply_body(r, &entity_division, rec, false);
	if (!st && group && !group_type(json_object_get(rec, "type")))
		st = reply_error_msg(r, ERR_VALIDATION, "类型应为村民小组或网格", "The type is group or grid", "type");
	if (st) {
		json_decref(before);
		json_decref(rec);
		return st;
	}
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "UPDATE divisions SET updated_at = ");
	sqlbuf_int(&b, clock_now());
	for (int i = 0; i < entity_division.nfields; i++)
		if (!(entity_division.fields[i].flags & F_READONLY)) {
			sqlbuf_add(&b, ", ");
			sqlbuf_add(&b, entity_division.fields[i].name);
			sqlbuf_add(&b, " = ");
			crud_bind_value(&b, &entity_division.fields[i], rec);
		}
	sqlbuf_add(&b, " WHERE code = ");
	sqlbuf_text(&b, code);
	st = write_node(r, "update", code, &b, before, rec, 200);
	json_decref(before);
	json_decref(rec);
	return st;
}

int divisions_delete(struct req *r)
{
	const char *code = req_param(r, 0);
	json_t *before;
	int st = node_or_reply(r, code, &before);
	if (st)
		return st;
	if (division_level(code) != DIV_GROUP) {
		json_decref(before);
		return reply_error_msg(r, ERR_FORBIDDEN, "只能删除村民小组和网格",
				       "Only villagers' groups and grids can be deleted", NULL);
	}
	static const char *const users[] = { "orgs", "units", "people" };
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++) {
		int64_t n = 0;
		db_query_int(r->db, &n, arena_printf(r->arena, "SELECT COUNT(*) FROM %s WHERE division = $1", users[i]),
			     "t", code);
		if (n) {
			json_decref(before);
			return reply_error_msg(r, ERR_CONFLICT, "仍有记录属于该小组/网格",
					       "Records still belong to this group or grid", NULL);
		}
	}
	st = write_node(r, "delete", code, NULL, before, NULL, 200);
	json_decref(before);
	return st;
}
