/*
 * command_entities.c - the command structure (指挥体系) as data: command
 * posts (a county HQ with its office and working groups, township HQs —
 * 战区, village command posts — 前沿, 琼中's combat units: the county HQ and
 * its large, medium and small teams), each placed in a division, under its
 * parent post and linked to a party organisation; and their members with
 * dated membership (from, to).  Generic CRUD through the entity table.
 */
#include "modules/command/command_entities.h"

#include <string.h>

#include "core/division.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/entity_rules.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* Field rows leave dict, ref and limits zero unless they need them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct field post_fields[] = {
	{ "name", FT_TEXT, "名称", "Name", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 100 },
	{ "kind", FT_DICT, "类别", "Kind", F_REQUIRED | F_LIST | F_FILTER, .dict = "command_kind" },
	{ "parent_id", FT_REF, "上级", "Reports to", F_LIST | F_FILTER, .ref = "command_post" },
	{ "division", FT_DIVISION, "负责区划", "Division", F_REQUIRED | F_LIST },
	{ "org_id", FT_REF, "依托党组织", "Party organisation", F_LIST | F_FILTER, .ref = "org" },
	{ "duty", FT_TEXT, "职责", "Duties", 0, .max_len = 1000 },
	{ "seq", FT_INT, "排序", "Order", 0, .min = 0, .max = 9999 },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field member_fields[] = {
	{ "post_id", FT_REF, "所属指挥部或作战单元", "Post", F_REQUIRED | F_LIST | F_FILTER, .ref = "command_post" },
	{ "division", FT_DIVISION, "负责区划", "Division", F_READONLY | F_LIST },
	{ "person_id", FT_REF, "人员", "Person", F_REQUIRED | F_LIST | F_FILTER, .ref = "person" },
	{ "role", FT_DICT, "职务", "Role", F_REQUIRED | F_LIST | F_FILTER, .dict = "command_role" },
	{ "duty", FT_TEXT, "分工", "Duties", F_LIST, .max_len = 500 },
	{ "from_date", FT_DATE, "任职起始", "From", F_REQUIRED | F_LIST },
	{ "to_date", FT_DATE, "任职截止", "To", F_LIST },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

/* The level a kind of post serves at (DIV_INVALID: any). */
static enum division_level kind_level(const char *kind)
{
	static const struct { const char *kind; enum division_level level; } kinds[] = {
		{ "county_hq", DIV_COUNTY }, { "office", DIV_COUNTY }, { "working_group", DIV_COUNTY },
		{ "township_hq", DIV_TOWNSHIP }, { "village_post", DIV_VILLAGE }, { "combat_hq", DIV_COUNTY },
	};
	for (int i = 0; i < N(kinds); i++)
		if (!strcmp(kinds[i].kind, kind))
			return kinds[i].level;
	return DIV_INVALID;   /* the teams: at the level their commander chooses */
}

/* A post lies inside its parent's division, at the level its kind serves. */
static int post_check(struct req *r, json_t *rec)
{
	const char *division = json_string_value(json_object_get(rec, "division"));
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	enum division_level want = kind ? kind_level(kind) : DIV_INVALID;
	if (division && want != DIV_INVALID && division_level(division) != want)
		return reply_error_msg(r, ERR_VALIDATION, "该类别的负责区划层级不符（县级指挥部在县、乡镇指挥部在乡镇、村指挥所在村）",
				       "The division's level does not fit the kind (county HQs in a county, township HQs"
				       " in a township, village posts in a village)", "division");
	json_t *parent = json_object_get(rec, "parent_id");
	if (!json_is_integer(parent))
		return 0;
	json_t *id = json_object_get(rec, "id");
	if (json_is_integer(id) && json_integer_value(id) == json_integer_value(parent))
		return reply_error_msg(r, ERR_VALIDATION, "上级不能是自己", "A post cannot report to itself", "parent_id");
	struct db_stmt *q = db_query(r->db, "SELECT division FROM command_posts WHERE id = $1", "i",
				     (int64_t)json_integer_value(parent));
	int rc = q ? db_step(q) : DB_ERROR;
	bool inside = rc == DB_ROW && division && division_in_subtree(db_column_text(q, 0), division);
	db_finalize(q);
	if (rc == DB_ERROR)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (!inside)
		return reply_error_msg(r, ERR_VALIDATION, "负责区划应在上级的区划之内", "The division lies inside the parent's",
				       "division");
	return 0;
}

/* A member's division is its post's; the term ends after it starts. */
static int member_check(struct req *r, json_t *rec)
{
	json_t *post = json_object_get(rec, "post_id");
	if (json_is_integer(post)) {
		struct db_stmt *q = db_query(r->db, "SELECT division FROM command_posts WHERE id = $1", "i",
					     (int64_t)json_integer_value(post));
		int rc = q ? db_step(q) : DB_ERROR;
		if (rc == DB_ROW)
			json_object_set_new(rec, "division", json_string(db_column_text(q, 0)));
		db_finalize(q);
		if (rc != DB_ROW)
			return rc == DB_DONE ? reply_error_msg(r, ERR_VALIDATION, "引用的记录不存在", "No such record", "post_id")
					     : reply_error(r, ERR_INTERNAL, NULL);
	}
	const char *from = json_string_value(json_object_get(rec, "from_date"));
	const char *to = json_string_value(json_object_get(rec, "to_date"));
	if (from && to && strcmp(to, from) < 0)
		return reply_error_msg(r, ERR_VALIDATION, "任职截止日期早于起始日期", "The term ends before it starts", "to_date");
	return 0;
}

/* ?on=YYYY-MM-DD: the members serving on that day. */
static int member_filter(struct req *r, struct sqlbuf *b)
{
	const char *on = req_query(r, "on");
	if (on == NULL || *on == '\0')
		return 0;
	if (strlen(on) != 10 || on[4] != '-' || on[7] != '-')
		return reply_error_msg(r, ERR_VALIDATION, "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD", "on");
	sqlbuf_add(b, " AND t.from_date <= ");
	sqlbuf_text(b, on);
	sqlbuf_add(b, " AND (t.to_date IS NULL OR t.to_date >= ");
	sqlbuf_text(b, on);
	sqlbuf_add(b, ")");
	return 0;
}

const struct entity entity_command_post = {
	"command_post", "command_posts", "/api/v1/command-posts", "指挥部与作战单元", "Command post",
	post_fields, N(post_fields), "division", "division, seq, id", post_check, NULL, .label = "name",
};
const struct entity entity_command_member = {
	"command_member", "command_members", "/api/v1/command-members", "指挥部成员", "Command post member",
	member_fields, N(member_fields), "division", "post_id, from_date, id", member_check, NULL,
	.filter = member_filter, .filter_query = "on",
};
