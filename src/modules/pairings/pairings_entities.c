/*
 * pairings_entities.c - who helps whom: areas (片区), pairings of every kind
 * (挂包帮, 村企共建, 包联, 113, 帮扶责任人, 1+X, grids, mutual-aid groups)
 * with their dates, resident work teams and their members' terms, the
 * coverage rules of a place, visits, leave, check-ins and the person a
 * cadre account acts as; their rules (which subject and object each kind
 * of pairing takes, one current batch and one current first secretary per
 * village, who approves a leave) and the ?date= filter every list takes.
 */
#include "modules/pairings/pairings_entities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/roles.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/workdays.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/entity_rules.h"
#include "modules/pairings/pairings_internal.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* Field rows leave dict, ref and limits zero unless they need them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct field area_fields[] = {
	{ "name", FT_TEXT, "片区名称", "Area", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 100 },
	{ "division", FT_DIVISION, "所属乡镇", "Township", F_REQUIRED | F_LIST },
	{ "villages", FT_TEXT, "所辖村（区划代码，逗号分隔）", "Villages (division codes, comma-separated)", F_REQUIRED | F_LIST,
	  .max_len = 2000 },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field pairing_fields[] = {
	{ "kind", FT_DICT, "结对类型", "Kind", F_REQUIRED | F_LIST | F_FILTER, .dict = "pairing_kind" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY | F_LIST },
	{ "unit_id", FT_REF, "帮扶单位/企业", "Unit or enterprise", F_LIST | F_FILTER, .ref = "unit" },
	{ "org_id", FT_REF, "机关党支部", "Organ party branch", F_LIST | F_FILTER, .ref = "org" },
	{ "person_id", FT_REF, "责任人", "Person", F_LIST | F_FILTER, .ref = "person" },
	{ "household_id", FT_REF, "结对户", "Household", F_LIST | F_FILTER, .ref = "household" },
	{ "target", FT_DIVISION, "结对村/乡镇/网格", "Village, township or grid", F_LIST | F_FILTER },
	{ "area_id", FT_REF, "片区", "Area", F_LIST | F_FILTER, .ref = "pairing_area" },
	{ "group_name", FT_TEXT, "责任区/互助组名称", "Zone or group", F_LIST | F_SEARCH, .max_len = 100 },
	{ "start_on", FT_DATE, "开始日期", "From", F_REQUIRED | F_LIST },
	{ "end_on", FT_DATE, "结束日期", "Until", F_LIST },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field team_fields[] = {
	{ "division", FT_DIVISION, "驻村", "Village", F_REQUIRED | F_LIST },
	{ "unit_id", FT_REF, "派出单位", "Sending unit", F_LIST | F_FILTER, .ref = "unit" },
	{ "batch", FT_TEXT, "批次", "Batch", F_REQUIRED | F_LIST | F_FILTER, .max_len = 40 },
	{ "start_on", FT_DATE, "开始日期", "From", F_REQUIRED | F_LIST },
	{ "end_on", FT_DATE, "期满日期", "Until", F_REQUIRED | F_LIST },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field team_member_fields[] = {
	{ "team_id", FT_REF, "工作队", "Team", F_REQUIRED | F_LIST | F_FILTER, .ref = "team" },
	{ "division", FT_DIVISION, "驻村", "Village", F_READONLY | F_LIST },
	{ "person_id", FT_REF, "队员", "Person", F_REQUIRED | F_LIST | F_FILTER, .ref = "person" },
	{ "role", FT_DICT, "职务", "Role", F_REQUIRED | F_LIST | F_FILTER, .dict = "team_role" },
	{ "start_on", FT_DATE, "到村日期", "From", F_LIST },
	{ "end_on", FT_DATE, "离村日期", "Until", F_LIST },
	{ "recalled", FT_BOOL, "已召回", "Recalled", F_READONLY | F_LIST | F_FILTER },
	{ "recall_reason", FT_TEXT, "召回原因", "Reason for the recall", F_READONLY, .max_len = 500 },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field coverage_rule_fields[] = {
	{ "division", FT_DIVISION, "适用区划", "Place", F_REQUIRED | F_LIST },
	{ "rule", FT_DICT, "规则", "Rule", F_REQUIRED | F_LIST | F_FILTER, .dict = "coverage_rule" },
	{ "threshold", FT_INT, "标准", "Threshold", F_LIST, .min = 0, .max = 100000 },
	{ "days", FT_INT, "周期（天）", "Period (days)", F_LIST, .min = 1, .max = 3660 },
	{ "enabled", FT_BOOL, "启用", "Enabled", F_LIST },
	{ "note", FT_TEXT, "依据", "Basis", 0, .max_len = 500 },
};

static const struct field visit_fields[] = {
	{ "person_id", FT_REF, "走访人", "Visitor", F_LIST | F_FILTER, .ref = "person" },
	{ "household_id", FT_REF, "走访户", "Household", F_LIST | F_FILTER, .ref = "household" },
	{ "division", FT_DIVISION, "所在村", "Village", F_LIST },
	{ "visited_on", FT_DATE, "走访日期", "Date", F_REQUIRED | F_LIST },
	{ "kind", FT_DICT, "走访方式", "Kind", F_REQUIRED | F_LIST | F_FILTER, .dict = "visit_kind" },
	{ "purpose", FT_TEXT, "走访事由", "Purpose", F_LIST | F_SEARCH, .max_len = 200 },
	{ "checklist", FT_TEXT, "走访清单（如五到）", "Checklist", 0, .max_len = 500 },
	{ "findings", FT_TEXT, "了解情况", "Findings", F_SEARCH, .max_len = 2000 },
	{ "satisfaction", FT_DICT, "群众满意度", "Satisfaction", F_LIST | F_FILTER, .dict = "satisfaction" },
	{ "lat", FT_NUMBER, "纬度", "Latitude", 0, .min = -90, .max = 90 },
	{ "lng", FT_NUMBER, "经度", "Longitude", 0, .min = -180, .max = 180 },
	{ "follow_up", FT_TEXT, "需跟进的问题", "Problems to follow up", 0, .max_len = 2000 },
	{ "request_id", FT_INT, "转办的诉求", "Request raised", F_READONLY | F_LIST },
	{ "client_key", FT_TEXT, "客户端幂等键", "Client idempotency key", 0, .max_len = 64 },
};

static const struct field leave_fields[] = {
	{ "person_id", FT_REF, "请假人", "Person", F_REQUIRED | F_LIST | F_FILTER, .ref = "person" },
	{ "division", FT_DIVISION, "驻村", "Village", F_READONLY | F_LIST },
	{ "from_on", FT_DATE, "开始日期", "From", F_REQUIRED | F_LIST },
	{ "to_on", FT_DATE, "结束日期", "Until", F_REQUIRED | F_LIST },
	{ "days", FT_INT, "天数", "Days", F_READONLY | F_LIST },
	{ "reason", FT_TEXT, "事由", "Reason", F_REQUIRED | F_LIST, .max_len = 500 },
	{ "status", FT_DICT, "审批状态", "Status", F_READONLY | F_LIST | F_FILTER, .dict = "leave_status" },
	{ "approver_level", FT_DICT, "审批层级", "Approved by", F_READONLY | F_LIST | F_FILTER, .dict = "approver_level" },
	{ "decided_by", FT_TEXT, "审批人", "Decided by", F_READONLY, .max_len = 100 },
	{ "decided_on", FT_DATE, "审批日期", "Decided on", F_READONLY },
	{ "decision_note", FT_TEXT, "审批意见", "Decision note", F_READONLY, .max_len = 500 },
};

static const struct field checkin_fields[] = {
	{ "person_id", FT_REF, "打卡人", "Person", F_REQUIRED | F_LIST | F_FILTER, .ref = "person" },
	{ "division", FT_DIVISION, "驻村", "Village", F_READONLY | F_LIST },
	{ "day", FT_DATE, "日期", "Day", F_REQUIRED | F_LIST },
	{ "lat", FT_NUMBER, "纬度", "Latitude", 0, .min = -90, .max = 90 },
	{ "lng", FT_NUMBER, "经度", "Longitude", 0, .min = -180, .max = 180 },
};

static const struct field absence_fields[] = {
	{ "person_id", FT_REF, "驻村干部", "Person", F_REQUIRED | F_LIST | F_FILTER, .ref = "person" },
	{ "division", FT_DIVISION, "驻村", "Village", F_READONLY | F_LIST },
	{ "day", FT_DATE, "抽查日期", "Day", F_REQUIRED | F_LIST },
	{ "found_by", FT_TEXT, "抽查单位", "Found by", F_REQUIRED | F_LIST, .max_len = 100 },
	{ "excused", FT_BOOL, "事出有因（不计次数）", "Excused (not counted)", F_LIST | F_FILTER },
	{ "note", FT_TEXT, "情况说明", "Note", 0, .max_len = 500 },
};

static const struct field campaign_fields[] = {
	{ "name", FT_TEXT, "活动名称", "Campaign", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 100 },
	{ "division", FT_DIVISION, "范围", "Place", F_REQUIRED | F_LIST },
	{ "start_on", FT_DATE, "开始日期", "From", F_REQUIRED | F_LIST },
	{ "end_on", FT_DATE, "结束日期", "Until", F_REQUIRED | F_LIST },
	{ "target", FT_TEXT, "对象户（all 全部、helped 建档和监测、registered 建档、monitored 监测）",
	  "Target households (all, helped, registered, monitored)", F_LIST | F_FILTER, .max_len = 20 },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field cadre_account_fields[] = {
	{ "user_id", FT_INT, "账号编号", "Account id", F_REQUIRED | F_LIST | F_FILTER, .min = 1, .max = INT64_MAX },
	{ "person_id", FT_REF, "对应干部", "Cadre", F_REQUIRED | F_LIST | F_FILTER, .ref = "person" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY | F_LIST },
};

/* ---- shared helpers ------------------------------------------------------------------ */

const char *pr_text(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

int64_t pr_int(json_t *rec, const char *key)
{
	return json_integer_value(json_object_get(rec, key));
}

bool pr_null(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);
	return v == NULL || json_is_null(v);
}

void pr_today(char out[11])
{
	workdays_day(clock_now(), out);
}

int64_t pr_day_number(const char *date)
{
	int y = (int)strtol(date, NULL, 10), m = (int)strtol(date + 5, NULL, 10), d = (int)strtol(date + 8, NULL, 10);
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468;
}

void pr_date_of(int64_t days, char out[11])
{
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
	char buf[48];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m, (int)d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/* The division of the row sql finds for id in out (64 bytes); 0, or the 400 reply's status naming field. */
int pr_division_of(struct req *r, const char *sql, int64_t id, const char *field, char out[64])
{
	struct db_stmt *st = db_query(r->db, sql, "i", id);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		snprintf(out, 64, "%s", db_column_text(st, 0));
	db_finalize(st);
	if (rc == DB_DONE)
		return reply_error_msg(r, ERR_VALIDATION, "引用的记录不存在", "No such record", field);
	return rc == DB_ROW ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

bool pairing_is_cadre(const struct req *r)
{
	return r->user && r->user->role == ROLE_CADRE;
}

int64_t pairing_cadre_person(struct req *r)
{
	int64_t id = 0;
	if (!pairing_is_cadre(r) || db_query_int(r->db, &id, "SELECT person_id FROM cadre_accounts WHERE user_id = $1", "i",
						 r->user->id) != DB_ROW)
		return 0;
	return id;
}

int pairing_caller_cadre(struct req *r, int64_t *person)
{
	*person = 0;
	if (!pairing_is_cadre(r))
		return 0;
	if ((*person = pairing_cadre_person(r)) == 0)
		return reply_error_msg(r, ERR_FORBIDDEN, "您的账号未关联帮扶干部", "Your account is not linked to a cadre", NULL);
	return 0;
}

int pairing_query_date(struct req *r, char out[11])
{
	const char *d = req_query(r, "date");
	if (d == NULL || *d == '\0') {
		pr_today(out);
		return 0;
	}
	if (!clock_valid_date(d))
		return reply_error_msg(r, ERR_VALIDATION, "日期应为有效的 YYYY-MM-DD", "Expected a real date as YYYY-MM-DD", "date");
	snprintf(out, 11, "%s", d);
	return 0;
}

int64_t pairing_rule_value(struct req *r, const char *rule, const char *place, bool days, int64_t def)
{
	/* the nearest place that sets the value: the longest code that is place or above it */
	struct db_stmt *q = db_query(r->db, days ? "SELECT division, days FROM coverage_rules WHERE rule = $1 AND days IS NOT NULL"
						 : "SELECT division, threshold FROM coverage_rules WHERE rule = $1 AND threshold IS NOT NULL",
				     "t", rule);
	size_t best = 0;
	bool found = false;
	while (q && db_step(q) == DB_ROW) {
		const char *d = db_column_text(q, 0);
		size_t len = strlen(d);
		if (division_in_subtree(d, place) && (!found || len > best)) {
			best = len;
			found = true;
			def = db_column_int(q, 1);
		}
	}
	db_finalize(q);
	return def;
}

/* " AND start <= date AND (end IS NULL OR end >= date)" for ?date= (default today; "all": no condition). */
static int date_filter(struct req *r, struct sqlbuf *b, const char *start, const char *end)
{
	const char *d = req_query(r, "date");
	if (d && !strcmp(d, "all"))
		return 0;
	char date[11];
	int st = pairing_query_date(r, date);
	if (st)
		return st;
	sqlbuf_add(b, arena_printf(r->arena, " AND t.%s <= ", start));
	sqlbuf_text(b, arena_strdup(r->arena, date));
	sqlbuf_add(b, arena_printf(r->arena, " AND (t.%s IS NULL OR t.%s >= ", end, end));
	sqlbuf_text(b, arena_strdup(r->arena, date));
	sqlbuf_add(b, ")");
	return 0;
}

/* A cadre's lists hold its own person's rows only (none when the account names no person). */
static void cadre_filter(struct req *r, struct sqlbuf *b, const char *column)
{
	if (!pairing_is_cadre(r))
		return;
	sqlbuf_add(b, arena_printf(r->arena, " AND t.%s = ", column));
	sqlbuf_int(b, pairing_cadre_person(r));
}

/* A cadre's leave and check-ins are its own. */
static int cadre_own(struct req *r, json_t *rec)
{
	if (pairing_is_cadre(r) && (pairing_cadre_person(r) == 0 || pr_int(rec, "person_id") != pairing_cadre_person(r)))
		return reply_error_msg(r, ERR_FORBIDDEN, "只能填报本人的请假和打卡", "A cadre records its own leave and check-ins",
				       "person_id");
	return 0;
}

static int refuse_cadre(struct req *r)
{
	if (pairing_is_cadre(r))
		return reply_error_msg(r, ERR_FORBIDDEN, "帮扶干部不能修改结对和工作队", "A cadre cannot change pairings or teams", NULL);
	return 0;
}

static int dates_in_order(struct req *r, json_t *rec, const char *from, const char *to)
{
	const char *a = pr_text(rec, from), *b = pr_text(rec, to);
	if (a && b && strcmp(a, b) > 0)
		return reply_error_msg(r, ERR_VALIDATION, "结束日期早于开始日期", "The end is before the start", to);
	return 0;
}

/* ---- areas --------------------------------------------------------------------------- */

/* An area is a named set of villages of its township: codes of existing villages there, each once. */
static int area_check(struct req *r, json_t *rec)
{
	int st = refuse_cadre(r);
	const char *tw = pr_text(rec, "division");
	if (!st && division_level(tw) != DIV_TOWNSHIP)
		return reply_error_msg(r, ERR_BAD_DIVISION, "片区属于一个乡镇", "An area belongs to a township", "division");
	if (st)
		return st;
	const char *list = pr_text(rec, "villages");
	int n = 0;
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ",");
		char code[32];
		snprintf(code, sizeof(code), "%.*s", (int)(len < 31 ? len : 31), p);
		int64_t found = 0;
		if (division_level(code) != DIV_VILLAGE || !division_in_subtree(tw, code) ||
		    db_query_int(r->db, &found, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", code) != DB_ROW || !found)
			return reply_error_msg(r, ERR_VALIDATION, "所辖村应为本乡镇的村（区划代码）",
					       "The villages are division codes of villages of the township", "villages");
		if (strstr(list, code) != p)
			return reply_error_msg(r, ERR_VALIDATION, "所辖村有重复", "A village is listed twice", "villages");
		n++;
		p += len + (p[len] == ',');
	}
	if (n == 0)
		return reply_error(r, ERR_MISSING_FIELD, "villages");
	return 0;
}

/* A cadre lists the areas paired with it (a township leader's 片区) only. */
static int area_filter(struct req *r, struct sqlbuf *b)
{
	if (pairing_is_cadre(r))
		sqlbuf_add(b, arena_printf(r->arena, " AND " CADRE_OWN_AREA, (long long)pairing_cadre_person(r)));
	return 0;
}

/* ---- pairings ------------------------------------------------------------------------ */

enum pr_subject { SUBJ_UNIT, SUBJ_ORG, SUBJ_PERSON, SUBJ_PERSON_OPTIONAL };
enum pr_object { OBJ_VILLAGE, OBJ_VILLAGE_OPTIONAL, OBJ_TOWNSHIP, OBJ_HOUSEHOLD, OBJ_AREA, OBJ_GRID };

/* What each kind of pairing joins: its subject, its object, the person's role when one is
 * required, whether it names a zone or group. */
static const struct pairing_kind_rule {
	const char *kind;
	enum pr_subject subject;
	enum pr_object object;
	const char *role;
	bool group;
} kind_rules[] = {
	{ "unit_village", SUBJ_UNIT, OBJ_VILLAGE, NULL, false },
	{ "branch_village", SUBJ_ORG, OBJ_VILLAGE, NULL, false },
	{ "enterprise_village", SUBJ_UNIT, OBJ_VILLAGE_OPTIONAL, NULL, false },
	{ "leader_township", SUBJ_PERSON, OBJ_TOWNSHIP, "county_leader", false },
	{ "leader_zone", SUBJ_PERSON, OBJ_VILLAGE, "county_leader", true },
	{ "leader_area", SUBJ_PERSON, OBJ_AREA, "township_leader", false },
	{ "cadre_village", SUBJ_PERSON, OBJ_VILLAGE, NULL, false },
	{ "cadre_household", SUBJ_PERSON, OBJ_HOUSEHOLD, NULL, false },
	{ "member_household", SUBJ_PERSON, OBJ_HOUSEHOLD, NULL, false },
	{ "grid_worker", SUBJ_PERSON, OBJ_GRID, "grid_worker", false },
	{ "grid_supervisor", SUBJ_PERSON, OBJ_GRID, "grid_supervisor", false },
	{ "mutual_aid", SUBJ_PERSON_OPTIONAL, OBJ_HOUSEHOLD, NULL, true },
};

static const struct pairing_kind_rule *kind_rule(const char *kind)
{
	for (int i = 0; i < N(kind_rules); i++)
		if (text_eq(kind, kind_rules[i].kind))
			return &kind_rules[i];
	return NULL;
}

/* Fields a kind does not take must be empty. */
static int only_fields(struct req *r, json_t *rec, const char *const *allowed)
{
	static const char *const optional[] = { "unit_id", "org_id", "person_id", "household_id", "target", "area_id", "group_name" };
	for (int i = 0; i < N(optional); i++) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			ok = ok || !strcmp(*a, optional[i]);
		if (!ok && !pr_null(rec, optional[i]))
			return reply_error_msg(r, ERR_VALIDATION, "该结对类型不填此项", "This kind of pairing does not take this field",
					       optional[i]);
	}
	return 0;
}

static int subject_check(struct req *r, json_t *rec, const struct pairing_kind_rule *k, char place[64])
{
	const char *field = k->subject == SUBJ_UNIT ? "unit_id" : k->subject == SUBJ_ORG ? "org_id" : "person_id";
	if (pr_null(rec, field)) {
		if (k->subject == SUBJ_PERSON_OPTIONAL)
			return 0;
		return reply_error(r, ERR_MISSING_FIELD, field);
	}
	if (k->subject == SUBJ_UNIT) {
		int st = pr_division_of(r, "SELECT division FROM units WHERE id = $1", pr_int(rec, "unit_id"), "unit_id", place);
		if (st)
			return st;
		int64_t enterprise = 0;
		db_query_int(r->db, &enterprise, "SELECT COUNT(*) FROM units WHERE id = $1 AND kind IN ('soe', 'private', 'cooperative')",
			     "i", pr_int(rec, "unit_id"));
		if (text_eq(k->kind, "enterprise_village") != (enterprise > 0))
			return reply_error_msg(r, ERR_VALIDATION, enterprise ? "企业结对村请选择“村企共建”" : "村企共建的一方应为企业",
					       enterprise ? "An enterprise pairs with a village as enterprise_village"
							  : "enterprise_village pairs an enterprise", "unit_id");
		return 0;
	}
	if (k->subject == SUBJ_ORG)
		return pr_division_of(r, "SELECT division FROM orgs WHERE id = $1", pr_int(rec, "org_id"), "org_id", place);
	if (k->role) {
		int64_t n = 0;
		db_query_int(r->db, &n, "SELECT COUNT(*) FROM people WHERE id = $1 AND cadre_role = $2", "it", pr_int(rec, "person_id"),
			     k->role);
		if (n == 0)
			return reply_error_msg(r, ERR_VALIDATION, "责任人的干部类别与结对类型不符",
					       "The person's cadre role does not fit this kind of pairing", "person_id");
	}
	return 0;
}

/* The object of the pairing and the division it places the pairing in. */
static int object_check(struct req *r, json_t *rec, const struct pairing_kind_rule *k, const char *subject_place, char place[64])
{
	if (k->object == OBJ_HOUSEHOLD) {
		if (pr_null(rec, "household_id"))
			return reply_error(r, ERR_MISSING_FIELD, "household_id");
		return pr_division_of(r, "SELECT division FROM households WHERE id = $1", pr_int(rec, "household_id"), "household_id",
				      place);
	}
	if (k->object == OBJ_AREA) {
		if (pr_null(rec, "area_id"))
			return reply_error(r, ERR_MISSING_FIELD, "area_id");
		return pr_division_of(r, "SELECT division FROM pairing_areas WHERE id = $1", pr_int(rec, "area_id"), "area_id", place);
	}
	const char *target = pr_text(rec, "target");
	if (target == NULL) {
		if (k->object == OBJ_VILLAGE_OPTIONAL) {   /* an enterprise that has not been given its village yet */
			snprintf(place, 64, "%s", subject_place);
			return 0;
		}
		return reply_error(r, ERR_MISSING_FIELD, "target");
	}
	enum division_level want = k->object == OBJ_TOWNSHIP ? DIV_TOWNSHIP : k->object == OBJ_GRID ? DIV_GROUP : DIV_VILLAGE;
	if (division_level(target) != want)
		return reply_error_msg(r, ERR_BAD_DIVISION,
				       want == DIV_TOWNSHIP ? "应选择乡镇" : want == DIV_GROUP ? "应选择网格" : "应选择村",
				       want == DIV_TOWNSHIP ? "Choose a township" : want == DIV_GROUP ? "Choose a grid" : "Choose a village",
				       "target");
	snprintf(place, 64, "%s", target);
	return 0;
}

static int pairing_check(struct req *r, json_t *rec)
{
	int st = refuse_cadre(r);
	if (st)
		return st;
	const struct pairing_kind_rule *k = kind_rule(pr_text(rec, "kind"));
	if (k == NULL)
		return reply_error(r, ERR_MISSING_FIELD, "kind");
	const char *subject = k->subject == SUBJ_UNIT ? "unit_id" : k->subject == SUBJ_ORG ? "org_id" : "person_id";
	const char *object = k->object == OBJ_HOUSEHOLD ? "household_id" : k->object == OBJ_AREA ? "area_id" : "target";
	const char *allowed[] = { subject, object, k->group ? "group_name" : NULL, NULL };
	char subject_place[64] = "", place[64] = "";
	st = only_fields(r, rec, allowed);
	if (!st && k->group && pr_null(rec, "group_name"))
		return reply_error(r, ERR_MISSING_FIELD, "group_name");
	if (!st)
		st = subject_check(r, rec, k, subject_place);
	if (!st)
		st = object_check(r, rec, k, subject_place, place);
	if (!st)
		st = dates_in_order(r, rec, "start_on", "end_on");
	if (st)
		return st;
	if (!scope_allows(r->user, place))
		return reply_error_msg(r, ERR_NOT_FOUND, "结对对象不在您的管辖范围内", "The object is outside your scope", object);
	json_object_set_new(rec, "division", json_string(place));
	return 0;
}

static int pairing_filter(struct req *r, struct sqlbuf *b)
{
	cadre_filter(r, b, "person_id");
	return date_filter(r, b, "start_on", "end_on");
}

/* ---- teams --------------------------------------------------------------------------- */

/* A team is sent to a village for a batch; a village has one team at a time. */
static int team_check(struct req *r, json_t *rec)
{
	int st = refuse_cadre(r);
	if (!st && division_level(pr_text(rec, "division")) != DIV_VILLAGE)
		return reply_error_msg(r, ERR_BAD_DIVISION, "工作队驻在村", "A team is sent to a village", "division");
	if (!st)
		st = dates_in_order(r, rec, "start_on", "end_on");
	if (st)
		return st;
	int64_t self = pr_int(rec, "id"), other = 0;
	if (db_query_int(r->db, &other, "SELECT id FROM teams WHERE division = $1 AND id <> $2 AND start_on <= $3 AND end_on >= $4",
			 "titt", pr_text(rec, "division"), self, pr_text(rec, "end_on"), pr_text(rec, "start_on")) == DB_ROW)
		return reply_error_msg(r, ERR_CONFLICT, "该村在此期间已有工作队（同一时间只有一个批次）",
				       "The village has a team for these dates (one batch at a time)", "start_on");
	return 0;
}

/* A cadre lists the teams it serves or served in only. */
static int team_filter(struct req *r, struct sqlbuf *b)
{
	if (pairing_is_cadre(r))
		sqlbuf_add(b, arena_printf(r->arena, " AND " CADRE_OWN_TEAM, (long long)pairing_cadre_person(r)));
	return date_filter(r, b, "start_on", "end_on");
}

/*
 * A member serves within the team's dates (by default all of them); a
 * village has one first secretary at a time, and a person is in one team
 * at a time.
 */
static int team_member_check(struct req *r, json_t *rec)
{
	int st = refuse_cadre(r);
	if (st)
		return st;
	struct db_stmt *q = db_query(r->db, "SELECT division, start_on, end_on FROM teams WHERE id = $1", "i", pr_int(rec, "team_id"));
	if (q == NULL || db_step(q) != DB_ROW) {
		db_finalize(q);
		return reply_error_msg(r, ERR_VALIDATION, "引用的记录不存在", "No such record", "team_id");
	}
	const char *div = arena_strdup(r->arena, db_column_text(q, 0));
	const char *from = arena_strdup(r->arena, db_column_text(q, 1)), *to = arena_strdup(r->arena, db_column_text(q, 2));
	db_finalize(q);
	json_object_set_new(rec, "division", json_string(div));
	if (pr_null(rec, "start_on"))
		json_object_set_new(rec, "start_on", json_string(from));
	if (pr_null(rec, "end_on"))
		json_object_set_new(rec, "end_on", json_string(to));
	if (strcmp(pr_text(rec, "start_on"), from) < 0 || strcmp(pr_text(rec, "end_on"), to) > 0)
		return reply_error_msg(r, ERR_VALIDATION, "任职日期应在工作队批次之内", "The term lies within the team's dates", "start_on");
	st = dates_in_order(r, rec, "start_on", "end_on");
	if (st)
		return st;
	int64_t self = pr_int(rec, "id"), other = 0;
	if (json_str_eq(json_object_get(rec, "role"), "first_secretary") &&
	    db_query_int(r->db, &other, "SELECT id FROM team_members WHERE division = $1 AND role = 'first_secretary' AND id <> $2"
					" AND start_on <= $3 AND end_on >= $4", "titt", div, self, pr_text(rec, "end_on"),
			 pr_text(rec, "start_on")) == DB_ROW)
		return reply_error_msg(r, ERR_CONFLICT, "该村在此期间已有第一书记", "The village has a first secretary for these dates",
				       "role");
	if (db_query_int(r->db, &other, "SELECT id FROM team_members WHERE person_id = $1 AND id <> $2 AND start_on <= $3"
					" AND end_on >= $4", "iitt", pr_int(rec, "person_id"), self, pr_text(rec, "end_on"),
			 pr_text(rec, "start_on")) == DB_ROW)
		return reply_error_msg(r, ERR_CONFLICT, "此人在此期间已在其他工作队", "The person serves in another team for these dates",
				       "person_id");
	return 0;
}

static int team_member_filter(struct req *r, struct sqlbuf *b)
{
	cadre_filter(r, b, "person_id");
	return date_filter(r, b, "start_on", "end_on");
}

/* ---- coverage rules ------------------------------------------------------------------ */

/* A rule of a place is set by those who set the place's settings (a county for its own). */
static int coverage_rule_check(struct req *r, json_t *rec)
{
	if (!role_has(r->user->role, PERM_SETTINGS_WRITE) || !scope_may_set(r->user, pr_text(rec, "division")))
		return reply_error_msg(r, ERR_FORBIDDEN, "只有本地的县级管理员能修改覆盖规则",
				       "Only the place's county administrators change its coverage rules", "division");
	/* a new row that does not say whether the rule is on leaves the switch as it was */
	if (json_object_get(rec, "id") == NULL && json_object_get(r->json, "enabled") == NULL)
		json_object_set_new(rec, "enabled", json_null());
	if (pr_null(rec, "threshold") && pr_null(rec, "days") && pr_null(rec, "enabled"))
		return reply_error(r, ERR_MISSING_FIELD, "threshold");
	return 0;
}

/* ---- visits, leave, check-ins ------------------------------------------------------- */

/*
 * The division of a resident cadre on a day: the village of the team the
 * person serves in then, else the person's own division.
 */
static int resident_division(struct req *r, int64_t person, const char *day, char out[64])
{
	struct db_stmt *q = db_query(r->db, "SELECT division FROM team_members WHERE person_id = $1 AND start_on <= $2"
					    " AND end_on >= $2 ORDER BY start_on DESC", "it", person, day);
	if (q && db_step(q) == DB_ROW) {
		snprintf(out, 64, "%s", db_column_text(q, 0));
		db_finalize(q);
		return 0;
	}
	db_finalize(q);
	return pr_division_of(r, "SELECT division FROM people WHERE id = $1", person, "person_id", out);
}

/*
 * A visit is by a person to a household (its village follows) or, for a
 * patrol, to a village; never in the future.  A cadre records its own
 * visits to the households and villages paired with it.
 */
static int visit_check(struct req *r, json_t *rec)
{
	char today[11], place[64] = "";
	pr_today(today);
	if (strcmp(pr_text(rec, "visited_on"), today) > 0)
		return reply_error_msg(r, ERR_VALIDATION, "走访日期不能晚于今天", "The visit is in the future", "visited_on");
	int64_t me;
	int st = pairing_caller_cadre(r, &me);
	if (st)
		return st;
	if (me) {
		if (!pr_null(rec, "person_id") && pr_int(rec, "person_id") != me)
			return reply_error_msg(r, ERR_FORBIDDEN, "只能记录本人的走访", "A cadre records its own visits", "person_id");
		json_object_set_new(rec, "person_id", json_integer(me));
	}
	if (pr_null(rec, "person_id"))
		return reply_error(r, ERR_MISSING_FIELD, "person_id");
	if (!pr_null(rec, "household_id")) {
		st = pr_division_of(r, "SELECT division FROM households WHERE id = $1", pr_int(rec, "household_id"), "household_id",
				    place);
		if (st)
			return st;
		const char *sent = pr_text(r->json, "division");
		if (sent && strcmp(sent, place))
			return reply_error_msg(r, ERR_VALIDATION, "所在村由走访户决定", "The household determines the village", "division");
		json_object_set_new(rec, "division", json_string(place));
	} else if (pr_null(rec, "division"))
		return reply_error(r, ERR_MISSING_FIELD, "household_id");
	else if (division_level(pr_text(rec, "division")) != DIV_VILLAGE)
		return reply_error_msg(r, ERR_BAD_DIVISION, "巡村走访应选择村", "A patrol visits a village", "division");
	if (pairing_is_cadre(r)) {
		int64_t n = 0;
		const char *day = pr_text(rec, "visited_on");
		if (!pr_null(rec, "household_id"))
			db_query_int(r->db, &n, "SELECT COUNT(*) FROM pairings WHERE person_id = $1 AND household_id = $2 AND start_on <= $3"
						" AND (end_on IS NULL OR end_on >= $3)", "iit", pr_int(rec, "person_id"),
				     pr_int(rec, "household_id"), day);
		else
			db_query_int(r->db, &n, "SELECT COUNT(*) FROM pairings WHERE person_id = $1 AND target = $2 AND start_on <= $3"
						" AND (end_on IS NULL OR end_on >= $3)", "itt", pr_int(rec, "person_id"),
				     pr_text(rec, "division"), day);
		if (n == 0)
			return reply_error_msg(r, ERR_NOT_FOUND, "该户（村）不是您的结对对象", "Not a household or village paired with you",
					       pr_null(rec, "household_id") ? "division" : "household_id");
	}
	return 0;
}

static int visit_filter(struct req *r, struct sqlbuf *b)
{
	cadre_filter(r, b, "person_id");
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	if ((from && *from && !clock_valid_date(from)) || (to && *to && !clock_valid_date(to)))
		return reply_error_msg(r, ERR_VALIDATION, "日期应为有效的 YYYY-MM-DD", "Expected a real date as YYYY-MM-DD",
				       from && *from && !clock_valid_date(from) ? "from" : "to");
	if (from && *from) {
		sqlbuf_add(b, " AND t.visited_on >= ");
		sqlbuf_text(b, from);
	}
	if (to && *to) {
		sqlbuf_add(b, " AND t.visited_on <= ");
		sqlbuf_text(b, to);
	}
	return 0;
}

/*
 * A leave request: its days, and who approves it (the township up to the
 * place's leave_township_days, default 3; the county beyond).  It stays
 * pending until decided (POST /leaves/:id/decision) and cannot be changed
 * after.
 */
static int leave_check(struct req *r, json_t *rec)
{
	if (!pr_null(rec, "status") && !json_str_eq(json_object_get(rec, "status"), "pending"))
		return reply_error_msg(r, ERR_CONFLICT, "请假已审批，不能修改", "The leave has been decided", NULL);
	int st = cadre_own(r, rec);
	if (!st)
		st = dates_in_order(r, rec, "from_on", "to_on");
	char place[64];
	if (!st)
		st = resident_division(r, pr_int(rec, "person_id"), pr_text(rec, "from_on"), place);
	if (st)
		return st;
	int64_t days = pr_day_number(pr_text(rec, "to_on")) - pr_day_number(pr_text(rec, "from_on")) + 1;
	if (days > 366)
		return reply_error_msg(r, ERR_VALIDATION, "请假不超过一年", "A leave is at most a year", "to_on");
	int64_t township_days = pairing_rule_value(r, "leave_township_days", place, false, 3);
	json_object_set_new(rec, "division", json_string(place));
	json_object_set_new(rec, "days", json_integer(days));
	json_object_set_new(rec, "status", json_string("pending"));
	json_object_set_new(rec, "approver_level", json_string(days <= township_days ? "township" : "county"));
	return 0;
}

static int leave_filter(struct req *r, struct sqlbuf *b)
{
	cadre_filter(r, b, "person_id");
	return 0;
}

/* A check-in is for a day up to today, in the village the person serves in that day. */
static int checkin_check(struct req *r, json_t *rec)
{
	char today[11], place[64];
	pr_today(today);
	int own = cadre_own(r, rec);
	if (own)
		return own;
	if (strcmp(pr_text(rec, "day"), today) > 0)
		return reply_error_msg(r, ERR_VALIDATION, "日期不能晚于今天", "The day is in the future", "day");
	int st = resident_division(r, pr_int(rec, "person_id"), pr_text(rec, "day"), place);
	if (!st)
		json_object_set_new(rec, "division", json_string(place));
	return st;
}

static int checkin_filter(struct req *r, struct sqlbuf *b)
{
	cadre_filter(r, b, "person_id");
	return 0;
}

/* An absence found by an inspection, on a day up to today, in the village the person serves in. */
static int absence_check(struct req *r, json_t *rec)
{
	int st = refuse_cadre(r);
	if (st)
		return st;
	return checkin_check(r, rec);
}

/* ---- 户户走到 campaigns --------------------------------------------------------------------- */

/* A campaign visits the households of a place (all of them unless a category is given) between two dates. */
static int campaign_check(struct req *r, json_t *rec)
{
	int st = refuse_cadre(r);
	if (!st)
		st = dates_in_order(r, rec, "start_on", "end_on");
	if (st)
		return st;
	if (pr_null(rec, "target") || *pr_text(rec, "target") == '\0')
		json_object_set_new(rec, "target", json_string("all"));
	if (visit_target_where(pr_text(rec, "target")) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "对象户应为 all、helped、registered 或 monitored",
				       "target is all, helped, registered or monitored", "target");
	if (pr_day_number(pr_text(rec, "end_on")) - pr_day_number(pr_text(rec, "start_on")) > 3660)
		return reply_error_msg(r, ERR_VALIDATION, "活动期间不超过十年", "A campaign lasts at most ten years", "end_on");
	return 0;
}

/* An account of the cadre role acts as one person; the account managers link them. */
static int cadre_account_check(struct req *r, json_t *rec)
{
	if (!role_has(r->user->role, PERM_USERS_WRITE))
		return reply_error_msg(r, ERR_FORBIDDEN, "只有账号管理员能关联账号", "Only account managers link accounts", NULL);
	int64_t n = 0;
	db_query_int(r->db, &n, "SELECT COUNT(*) FROM users WHERE id = $1 AND role = 'cadre'", "i", pr_int(rec, "user_id"));
	if (n == 0)
		return reply_error_msg(r, ERR_VALIDATION, "应为“帮扶干部”角色的账号", "Not an account of the cadre role", "user_id");
	char place[64];
	int st = pr_division_of(r, "SELECT division FROM people WHERE id = $1", pr_int(rec, "person_id"), "person_id", place);
	if (!st)
		json_object_set_new(rec, "division", json_string(place));
	return st;
}

/* ---- the entities -------------------------------------------------------------------- */

const struct entity entity_pairing_area = {
	"pairing_area", "pairing_areas", "/api/v1/pairing-areas", "片区", "Area",
	area_fields, N(area_fields), "division", "division, t.name, t.id", area_check, NULL, .label = "name",
	.filter = area_filter,
};
const struct entity entity_pairing = {
	"pairing", "pairings", "/api/v1/pairings", "结对帮扶", "Pairing",
	pairing_fields, N(pairing_fields), "division", "division, kind, id", pairing_check, NULL,
	.label = "kind", .filter = pairing_filter, .filter_query = "date",
};
const struct entity entity_team = {
	"team", "teams", "/api/v1/teams", "驻村工作队", "Resident work team",
	team_fields, N(team_fields), "division", "division, start_on DESC, id", team_check, NULL,
	.label = "batch", .filter = team_filter, .filter_query = "date",
};
const struct entity entity_team_member = {
	"team_member", "team_members", "/api/v1/team-members", "工作队员", "Team member",
	team_member_fields, N(team_member_fields), "division", "division, role, id", team_member_check, NULL,
	.filter = team_member_filter, .filter_query = "date",
};
const struct entity entity_coverage_rule = {
	"coverage_rule", "coverage_rules", "/api/v1/coverage-rules", "覆盖规则", "Coverage rule",
	coverage_rule_fields, N(coverage_rule_fields), "division", "division, rule", coverage_rule_check, NULL,
	.label = "rule",
};
const struct entity entity_visit = {
	"visit", "visits", "/api/v1/visits", "走访记录", "Visit",
	visit_fields, N(visit_fields), "division", "visited_on DESC, id DESC", visit_check, NULL,
	.label = "visited_on", .filter = visit_filter, .filter_query = "from to",
};
const struct entity entity_leave = {
	"leave", "leaves", "/api/v1/leaves", "请假", "Leave",
	leave_fields, N(leave_fields), "division", "from_on DESC, id DESC", leave_check, NULL,
	.label = "from_on", .filter = leave_filter,
};
const struct entity entity_checkin = {
	"checkin", "checkins", "/api/v1/checkins", "驻村打卡", "Check-in",
	checkin_fields, N(checkin_fields), "division", "day DESC, id DESC", checkin_check, NULL,
	.label = "day", .filter = checkin_filter,
};
const struct entity entity_absence = {
	"absence", "absences", "/api/v1/absences", "抽查缺岗", "Absence found by an inspection",
	absence_fields, N(absence_fields), "division", "day DESC, id DESC", absence_check, NULL,
	.label = "day", .filter = checkin_filter,
};
const struct entity entity_visit_campaign = {
	"visit_campaign", "visit_campaigns", "/api/v1/visit-campaigns", "户户走到活动", "Visit campaign",
	campaign_fields, N(campaign_fields), "division", "start_on DESC, id DESC", campaign_check, NULL, .label = "name",
};
const struct entity entity_cadre_account = {
	"cadre_account", "cadre_accounts", "/api/v1/cadre-accounts", "帮扶干部账号", "Cadre account",
	cadre_account_fields, N(cadre_account_fields), "division", "division, id", cadre_account_check, NULL,
};
