/*
 * partylife_entities.c - party life's plain entities: democratic reviews of members (民主评议党员:
 * at most a third excellent) and family party schools (农村家庭党校).
 */
#include "modules/partylife/partylife_entities.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/mem.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/entity_rules.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* Field rows leave dict, ref and limits zero unless they need them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct field member_review_fields[] = {
	{ "person_id", FT_REF, "党员", "Party member", F_REQUIRED | F_LIST | F_FILTER, .ref = "person" },
	{ "org_id", FT_REF, "评议的党组织", "Organisation", F_READONLY | F_LIST | F_FILTER, .ref = "org" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY },
	{ "year", FT_INT, "评议年度", "Year", F_REQUIRED | F_LIST | F_FILTER, .min = 2000, .max = 2100 },
	{ "grade", FT_DICT, "评议等次", "Grade", F_REQUIRED | F_LIST | F_FILTER, .dict = "review_grade" },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field family_school_fields[] = {
	{ "name", FT_TEXT, "家庭党校名称", "Name", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 100 },
	{ "division", FT_DIVISION, "所在村（组）", "Village or group", F_REQUIRED | F_LIST },
	{ "org_id", FT_REF, "指导党组织", "Guiding organisation", F_REQUIRED | F_LIST | F_FILTER, .ref = "org" },
	{ "host_id", FT_REF, "办校党员（户主）", "Host (party member)", F_LIST, .ref = "person" },
	{ "address", FT_TEXT, "地址", "Address", 0, .max_len = 200 },
	{ "activity_day", FT_INT, "每月活动日（几日）", "Monthly activity day (day of month)", F_REQUIRED | F_LIST, .min = 1,
	  .max = 28 },
	{ "exchange_week", FT_INT, "季度交流周（季度第几周）", "Quarterly exchange week (week of the quarter)",
	  F_REQUIRED | F_LIST, .min = 1, .max = 13 },
	{ "founded_on", FT_DATE, "成立日期", "Founded on", F_LIST },
	{ "closed_on", FT_DATE, "停办日期", "Closed on", 0 },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

/*
 * A review grades a party member of a branch for a year; its branch is the
 * member's.  At most a third of a branch's members reviewed that year may
 * be graded excellent (优秀).
 */
static int member_review_check(struct req *r, json_t *rec)
{
	int64_t person = json_integer_value(json_object_get(rec, "person_id"));
	struct db_stmt *st = db_query(r->db, "SELECT org_id, division, political_status FROM people WHERE id = $1", "i", person);
	int rc = st ? db_step(st) : DB_ERROR;
	bool member = rc == DB_ROW && !db_column_is_null(st, 0) &&
		      (text_eq(db_column_text(st, 2), "member") || text_eq(db_column_text(st, 2), "probationary"));
	if (member) {
		json_object_set_new(rec, "org_id", json_integer(db_column_int(st, 0)));
		json_object_set_new(rec, "division", json_string(db_column_text(st, 1)));
	}
	db_finalize(st);
	if (!member)
		return reply_error_msg(r, ERR_VALIDATION, "只能评议有所在党组织的党员", "Only a party member of a branch is reviewed",
				       "person_id");
	if (!json_str_eq(json_object_get(rec, "grade"), "excellent"))
		return 0;
	int64_t org = json_integer_value(json_object_get(rec, "org_id"));
	int64_t year = json_integer_value(json_object_get(rec, "year"));
	int64_t members = 0, excellent = 0;
	db_query_int(r->db, &members, "SELECT COUNT(*) FROM people WHERE org_id = $1"
		     " AND political_status IN ('member', 'probationary')", "i", org);
	db_query_int(r->db, &excellent, "SELECT COUNT(*) FROM member_reviews WHERE org_id = $1 AND year = $2"
		     " AND grade = 'excellent' AND person_id <> $3", "iii", org, year, person);
	if ((excellent + 1) * 3 > members)
		return reply_error_msg(r, ERR_CONFLICT,
				       arena_printf(r->arena, "评为优秀的党员不能超过本支部党员的三分之一（%lld 名党员）", (long long)members),
				       arena_printf(r->arena, "At most a third of the branch's %lld members may be excellent", (long long)members),
				       "grade");
	return 0;
}

/*
 * A family party school sits in a village or one of its groups, guided by
 * an organisation of that village (or above it); its host lives there.
 */
static int family_school_check(struct req *r, json_t *rec)
{
	const char *division = json_string_value(json_object_get(rec, "division"));
	enum division_level level = division_level(division);
	if (level != DIV_VILLAGE && level != DIV_GROUP)
		return reply_error_msg(r, ERR_BAD_DIVISION, "家庭党校设在村（组）", "A family party school is in a village or group",
				       "division");
	struct db_stmt *st = db_query(r->db, "SELECT division FROM orgs WHERE id = $1", "i",
				      (int64_t)json_integer_value(json_object_get(rec, "org_id")));
	int rc = st ? db_step(st) : DB_ERROR;
	bool above = rc == DB_ROW && division_in_subtree(db_column_text(st, 0), division);
	db_finalize(st);
	if (rc == DB_ROW && !above)
		return reply_error_msg(r, ERR_VALIDATION, "指导党组织应为本村或上级党组织",
				       "The guiding organisation is the village's or one above it", "org_id");
	json_t *host = json_object_get(rec, "host_id");
	if (json_is_integer(host)) {
		st = db_query(r->db, "SELECT division FROM people WHERE id = $1", "i", (int64_t)json_integer_value(host));
		rc = st ? db_step(st) : DB_ERROR;
		char village[DIVISION_CODE_MAX + 1];
		snprintf(village, sizeof(village), "%.12s", division);
		bool local = rc == DB_ROW && division_in_subtree(village, db_column_text(st, 0));
		db_finalize(st);
		if (rc == DB_ROW && !local)
			return reply_error_msg(r, ERR_VALIDATION, "办校党员应住在本村", "The host lives in the school's village",
					       "host_id");
	}
	return 0;
}

const struct entity entity_member_review = {
	"member_review", "member_reviews", "/api/v1/member-reviews", "民主评议党员", "Democratic review of members",
	member_review_fields, N(member_review_fields), "division", "year DESC, org_id, id", member_review_check, NULL,
	.label = NULL,
};
const struct entity entity_family_school = {
	"family_school", "family_schools", "/api/v1/family-schools", "农村家庭党校", "Family party school",
	family_school_fields, N(family_school_fields), "division", "division, id", family_school_check, NULL,
	.label = "name",
};
