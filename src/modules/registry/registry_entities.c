/*
 * registry_entities.c - the household registry's entities (建档立卡): households, members, help
 * given, monitoring; their rules (a registered household's required data, a
 * reason for every tracked change) and the household's history and moves.
 */
#include "modules/registry/registry_entities.h"

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
#include "model/crud.h"
#include "model/dict.h"
#include "model/entity_rules.h"
#include "modules/registry/household_no.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* Field rows leave dict, ref and limits zero unless they need them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct field household_fields[] = {
	/* assigned by the server when the household is created (household_no.c) */
	{ "household_no", FT_TEXT, "户编号", "Household number", F_READONLY | F_UNIQUE | F_LIST | F_SEARCH, .max_len = 30 },
	{ "head_name", FT_TEXT, "户主姓名", "Head of household", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 50 },
	{ "division", FT_DIVISION, "所在村（组）", "Village or group", F_REQUIRED | F_LIST },
	{ "address", FT_TEXT, "家庭住址", "Address", 0, .max_len = 200 },
	{ "phone", FT_PHONE, "联系电话", "Phone", F_MASKED | F_LIST },
	{ "status", FT_DICT, "户状态", "Status", F_REQUIRED | F_LIST | F_FILTER, .dict = "hh_status" },
	/* the category of the household's open monitoring case (NULL: not monitored now), kept by the monitoring's writes */
	{ "monitor_category", FT_DICT, "监测对象类别", "Monitoring category", F_READONLY | F_LIST | F_FILTER, .dict = "monitor_category" },
	{ "attribute", FT_DICT, "贫困户属性", "Attribute", F_LIST | F_FILTER, .dict = "hh_attribute" },
	{ "id_standard", FT_DICT, "识别标准", "Identification standard", F_FILTER, .dict = "id_standard" },
	{ "identified_year", FT_INT, "识别年度", "Year identified", F_FILTER, .min = 2013, .max = 2100 },
	{ "exited_year", FT_INT, "脱贫年度", "Year exited", F_FILTER, .min = 2013, .max = 2100 },
	{ "main_cause", FT_DICT, "主要致贫原因", "Main cause", F_LIST | F_FILTER, .dict = "poverty_cause" },
	{ "secondary_causes", FT_DICTS, "次要致贫原因", "Secondary causes", F_FILTER, .dict = "poverty_cause" },
	{ "cause_note", FT_TEXT, "致贫原因说明", "Note on the causes", 0, .max_len = 500 },
	{ "land_mu", FT_NUMBER, "耕地面积（亩）", "Farmland (mu)", 0, .min = 0, .max = 100000 },
	{ "housing_area", FT_NUMBER, "住房面积（㎡）", "Housing area (m²)", 0, .min = 0, .max = 100000 },
	{ "housing_structure", FT_DICT, "住房结构", "Housing structure", 0, .dict = "housing_structure" },
	{ "housing_grade", FT_DICT, "住房安全等级", "Housing safety grade", F_FILTER, .dict = "housing_grade" },
	{ "housing_rebuilt", FT_BOOL, "已改造或重建", "Renovated or rebuilt", 0 },
	{ "water_safe", FT_BOOL, "饮水安全", "Safe drinking water", F_FILTER },
	{ "relocation", FT_DICT, "易地扶贫搬迁", "Relocation", F_FILTER, .dict = "relocation" },
	{ "bank_name", FT_TEXT, "开户银行", "Bank", 0, .max_len = 60 },
	{ "bank_account", FT_TEXT, "银行账号", "Bank account", F_MASKED, .max_len = 40 },
	{ "change_reason", FT_TEXT, "变更原因", "Reason for the change", 0, .max_len = 500 },
};

static const struct field member_fields[] = {
	{ "household_id", FT_REF, "所属户", "Household", F_REQUIRED | F_FILTER, .ref = "household" },
	{ "division", FT_DIVISION, "所在村（组）", "Village or group", F_READONLY | F_LIST },
	{ "relation", FT_DICT, "与户主关系", "Relation to the head", F_REQUIRED | F_LIST | F_FILTER, .dict = "relation" },
	{ "name", FT_TEXT, "姓名", "Name", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 50 },
	{ "sex", FT_DICT, "性别", "Sex", F_LIST | F_FILTER, .dict = "sex" },
	{ "birth_date", FT_DATE, "出生日期", "Birth date", F_LIST },
	{ "id_number", FT_IDCARD, "证件号码", "ID number", F_MASKED | F_UNIQUE | F_LIST },
	{ "phone", FT_PHONE, "联系电话", "Phone", F_MASKED },
	{ "ethnicity", FT_DICT, "民族", "Ethnicity", F_FILTER, .dict = "ethnicity" },
	{ "political_status", FT_DICT, "政治面貌", "Political status", F_FILTER, .dict = "political_status" },
	{ "education", FT_DICT, "文化程度", "Education", F_FILTER, .dict = "member_education" },
	{ "school_status", FT_DICT, "在校生状况", "School status", F_LIST | F_FILTER, .dict = "school_status" },
	{ "school_note", FT_TEXT, "未在校原因", "Why not in school", 0, .max_len = 200 },
	{ "health", FT_DICT, "健康状况", "Health", F_LIST | F_FILTER | F_RESTRICTED, .dict = "health" },
	{ "disability_grade", FT_INT, "残疾等级", "Disability grade", F_RESTRICTED, .min = 1, .max = 4 },
	{ "labour", FT_DICT, "劳动技能", "Working capacity", F_LIST | F_FILTER, .dict = "labour" },
	{ "work_status", FT_DICT, "务工状况", "Work status", F_FILTER, .dict = "work_status" },
	{ "months_worked", FT_INT, "务工时间（月）", "Months worked", 0, .min = 0, .max = 12 },
	{ "insured_medical", FT_BOOL, "参加城乡居民基本医疗保险", "Basic medical insurance", F_FILTER },
	{ "insured_serious", FT_BOOL, "参加大病保险", "Serious-illness insurance", F_FILTER },
	{ "insured_pension", FT_BOOL, "参加城乡居民基本养老保险", "Basic pension insurance", F_FILTER },
	{ "dibao", FT_BOOL, "享受低保", "Minimum living allowance", F_FILTER },
	{ "tekun", FT_BOOL, "特困供养", "Extreme-poverty support", F_FILTER },
};

static const struct field measure_fields[] = {
	{ "household_id", FT_REF, "受益户", "Household", F_REQUIRED | F_FILTER | F_LIST, .ref = "household" },
	{ "division", FT_DIVISION, "所在村（组）", "Village or group", F_READONLY },
	{ "type", FT_DICT, "措施类别", "Kind", F_REQUIRED | F_LIST | F_FILTER, .dict = "measure_type" },
	{ "batch", FT_DICT, "五个一批", "Five batches", F_LIST | F_FILTER, .dict = "five_batches" },
	{ "content", FT_TEXT, "帮扶内容", "Content", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 500 },
	{ "amount", FT_INT, "金额（元）", "Amount (yuan)", F_LIST, .min = 0, .max = 100000000 },
	{ "unit_id", FT_REF, "帮扶单位", "Giving unit", F_FILTER, .ref = "unit" },
	{ "given_on", FT_DATE, "帮扶日期", "Date", F_LIST },
	{ "member_id", FT_REF, "受益成员", "Beneficiary", 0, .ref = "member" },
};

static const struct field monitoring_fields[] = {
	{ "household_id", FT_REF, "监测户", "Household", F_REQUIRED | F_FILTER | F_LIST, .ref = "household" },
	{ "division", FT_DIVISION, "所在村（组）", "Village or group", F_READONLY | F_LIST },
	{ "category", FT_DICT, "监测对象类别", "Category", F_REQUIRED | F_LIST | F_FILTER, .dict = "monitor_category" },
	{ "risk_types", FT_DICTS, "风险类型", "Risks", F_LIST | F_FILTER, .dict = "risk_type" },
	{ "found_by", FT_DICT, "发现方式", "How found", F_FILTER, .dict = "found_by" },
	{ "started_on", FT_DATE, "识别监测日期", "Monitored since", F_REQUIRED | F_LIST },
	{ "eliminated_on", FT_DATE, "风险消除日期", "Risk eliminated on", F_LIST },
	{ "elimination_method", FT_DICT, "风险消除方式", "How the risk was eliminated", F_LIST | F_FILTER, .dict = "elimination_method" },
	{ "elimination_note", FT_TEXT, "风险消除说明", "Note on the elimination", 0, .max_len = 500 },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

/* The division of household rec[household_id] (already checked to be in scope). */
static int household_division(struct req *r, json_t *rec)
{
	int64_t id = json_integer_value(json_object_get(rec, "household_id"));
	struct db_stmt *st = db_query(r->db, "SELECT division FROM households WHERE id = $1", "i", id);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		json_object_set_new(rec, "division", json_string(db_column_text(st, 0)));
	db_finalize(st);
	if (rc != DB_ROW)
		return reply_error_msg(r, ERR_VALIDATION, "所属户不存在", "No such household", "household_id");
	return 0;
}

static bool registered_status(json_t *status)
{
	return json_str_eq(status, "poor") || json_str_eq(status, "exited_enjoying") || json_str_eq(status, "exited") ||
	       json_str_eq(status, "relapsed");
}

/* The fields whose every change is kept in the household's history. */
static const char *const tracked_fields[] = { "status", "attribute", "main_cause", "secondary_causes" };

static const char *open_case(struct req *r, int64_t household, int64_t self, int64_t *id);

static int household_check(struct req *r, json_t *rec)
{
	enum division_level level = division_level(json_string_value(json_object_get(rec, "division")));
	if (level != DIV_VILLAGE && level != DIV_GROUP)
		return reply_error_msg(r, ERR_BAD_DIVISION, "户应登记在村或村民小组", "A household belongs to a village or group",
				       "division");
	if (registered_status(json_object_get(rec, "status"))) {
		static const char *const needed[] = { "attribute", "main_cause", "identified_year" };
		for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
			json_t *v = json_object_get(rec, needed[i]);
			if (v == NULL || json_is_null(v))
				return reply_error_msg(r, ERR_MISSING_FIELD, "建档立卡户须填写属性、主要致贫原因和识别年度",
						       "A registered household needs its attribute, main cause and year",
						       needed[i]);
		}
	}
	json_t *main = json_object_get(rec, "main_cause");
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(rec, "secondary_causes"), i, c)
		if (json_equal(c, main))
			return reply_error_msg(r, ERR_VALIDATION, "次要致贫原因不能与主要原因相同",
					       "A secondary cause repeats the main cause", "secondary_causes");
	/* a status change keeps the household's open monitoring case fitting (脱贫不稳定户 stays exited ...) */
	const char *status = json_string_value(json_object_get(rec, "status"));
	json_t *self = json_object_get(rec, "id");
	int64_t case_id = 0;
	const char *category = json_is_integer(self) && json_object_get(r->json, "status")
				       ? open_case(r, json_integer_value(self), 0, &case_id) : NULL;
	if (category && !registry_category_fits(category, status))
		return reply_error_msg(r, ERR_CONFLICT,
				       arena_printf(r->arena, "该户有未消除风险的监测记录（#%lld，%s），与新的户状态不符，"
							      "请先标记风险消除或调整监测对象类别", (long long)case_id,
						    dict_item(dict_find("monitor_category"), category)->zh),
				       arena_printf(r->arena, "The household's open monitoring case (#%lld) does not fit the new"
							      " status: eliminate it or change its category first", (long long)case_id),
				       "status");
	/* a change of a tracked field on an existing household needs a reason */
	bool changes = false;
	for (size_t k = 0; k < sizeof(tracked_fields) / sizeof(tracked_fields[0]); k++)
		changes |= json_object_get(r->json, tracked_fields[k]) != NULL;
	json_t *reason = json_object_get(r->json, "change_reason");
	if (changes && strcmp(r->method, "PATCH") == 0 && !(json_is_string(reason) && json_string_length(reason) > 0))
		return reply_error_msg(r, ERR_MISSING_FIELD, "修改户状态、属性或致贫原因须说明原因",
				       "Changing the status, attribute or causes needs a reason", "change_reason");
	return 0;
}

static char *value_text(json_t *v)
{
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Records that carry their household's division, for scope queries. */
static const char *const household_parts[] = { "members", "measures", "monitoring" };

/*
 * After a household is written: its members, help and monitoring follow it
 * when it moves to another division; every change of a tracked field is
 * kept with who, when, from what to what, and why.
 */
static int household_after_write(struct req *r, int64_t id, json_t *before, json_t *after)
{
	json_t *old_div = before ? json_object_get(before, "division") : NULL;
	json_t *new_div = json_object_get(after, "division");
	if (old_div && !json_equal(old_div, new_div))
		for (size_t k = 0; k < sizeof(household_parts) / sizeof(household_parts[0]); k++) {
			char sql[96];
			snprintf(sql, sizeof(sql), "UPDATE %s SET division = $1 WHERE household_id = $2", household_parts[k]);
			int rc = db_exec(r->db, sql, "ti", json_string_value(new_div), id);
			if (rc != DB_OK)
				return rc;
		}
	const char *reason = json_string_value(json_object_get(after, "change_reason"));
	for (size_t k = 0; k < sizeof(tracked_fields) / sizeof(tracked_fields[0]); k++) {
		json_t *old = before ? json_object_get(before, tracked_fields[k]) : NULL;
		json_t *now = json_object_get(after, tracked_fields[k]);
		if (before && json_equal(old ? old : json_null(), now ? now : json_null()))
			continue;
		if (!before && (now == NULL || json_is_null(now)))
			continue;
		char *o = value_text(old), *n = value_text(now);
		int rc = db_exec(r->db, "INSERT INTO household_history (household_id, at, user_id, username, field,"
				 " old_value, new_value, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", "iiittttt",
				 id, clock_now(), r->user->id, r->user->username, tracked_fields[k], o, n,
				 before ? reason : "登记");
		free(o);
		free(n);
		if (rc != DB_OK)
			return rc;
	}
	return DB_OK;
}

static int member_check(struct req *r, json_t *rec)
{
	int st = household_division(r, rec);
	return st ? st : rule_sex_birth_from_idcard(r, rec);
}

/* "YYYY-MM-DD" (already checked) as YYYYMMDD; 0 for NULL */
static int64_t date_num(const char *s)
{
	if (s == NULL || strlen(s) != 10)
		return 0;
	return strtoll(s, NULL, 10) * 10000 + strtoll(s + 5, NULL, 10) * 100 + strtoll(s + 8, NULL, 10);
}

/* A date field of rec after today (China time) is refused: help and monitoring record what happened. */
static int not_in_future(struct req *r, json_t *rec, const char *name, const char *zh, const char *en)
{
	const char *s = json_string_value(json_object_get(rec, name));
	if (s && date_num(s) > crud_today())
		return reply_error_msg(r, ERR_VALIDATION, zh, en, name);
	return 0;
}

/*
 * 五个一批 against the kind of help: the batch a measure counts toward
 * must be the one its kind belongs to; kinds outside the five (housing,
 * water, infrastructure) carry no batch; social help and "other" may
 * count toward any.
 */
static const struct {
	const char *type, *batches;   /* '|'-separated; "" none; NULL any */
} measure_batches[] = {
	{ "industry", "production" }, { "employment", "production" }, { "public_post", "production" },
	{ "microcredit", "production" }, { "solar", "production" }, { "relocation", "relocation" },
	{ "ecology", "ecology" }, { "education", "education" }, { "safety_net", "safety_net" },
	{ "health", "safety_net" }, { "housing", "" }, { "water", "" }, { "infrastructure", "" },
	{ "social", NULL }, { "other", NULL },
};

static bool batch_fits(const char *type, const char *batch)
{
	for (size_t i = 0; i < sizeof(measure_batches) / sizeof(measure_batches[0]); i++) {
		if (strcmp(measure_batches[i].type, type) != 0)
			continue;
		const char *p = measure_batches[i].batches;
		if (p == NULL)
			return true;
		size_t n = strlen(batch);
		while (*p) {
			size_t len = strcspn(p, "|");
			if (len == n && strncmp(p, batch, n) == 0)
				return true;
			p += len + (p[len] == '|');
		}
		return false;
	}
	return true;
}

static int measure_check(struct req *r, json_t *rec)
{
	int st = household_division(r, rec);
	if (st)
		return st;
	json_t *member = json_object_get(rec, "member_id");
	if (json_is_integer(member)) {
		int64_t n = 0;
		db_query_int(r->db, &n, "SELECT COUNT(*) FROM members WHERE id = $1 AND household_id = $2", "ii",
			     json_integer_value(member), json_integer_value(json_object_get(rec, "household_id")));
		if (n == 0)
			return reply_error_msg(r, ERR_VALIDATION, "受益成员不属于该户", "The beneficiary is not of this household",
					       "member_id");
	}
	st = not_in_future(r, rec, "given_on", "帮扶日期不能晚于今天", "The help cannot be dated after today");
	if (st)
		return st;
	const char *type = json_string_value(json_object_get(rec, "type"));
	const char *batch = json_string_value(json_object_get(rec, "batch"));
	if (type && batch && !batch_fits(type, batch)) {
		const struct dict *types = dict_find("measure_type"), *batches = dict_find("five_batches");
		return reply_error_msg(r, ERR_VALIDATION,
				       arena_printf(r->arena, "“%s”不属于“%s”", dict_item(types, type)->zh,
						    dict_item(batches, batch)->zh),
				       arena_printf(r->arena, "%s does not count toward \"%s\"", dict_item(types, type)->en,
						    dict_item(batches, batch)->en),
				       "batch");
	}
	return 0;
}

/*
 * Does a monitoring category fit a household's status (domain.md 3.2)?
 * 脱贫不稳定户 is an exited household, 边缘易致贫户 a non-poor one,
 * 突发严重困难户 any household still in the registry.
 */
bool registry_category_fits(const char *category, const char *status)
{
	if (status == NULL || strcmp(status, "removed") == 0)
		return false;
	if (strcmp(category, "unstable") == 0)
		return strcmp(status, "exited_enjoying") == 0 || strcmp(status, "exited") == 0;
	if (strcmp(category, "marginal") == 0)
		return strcmp(status, "not_registered") == 0;
	return true;
}

static int category_error(struct req *r, const char *category, const char *status)
{
	const struct dict_item *c = dict_item(dict_find("monitor_category"), category);
	const struct dict_item *s = dict_item(dict_find("hh_status"), status);
	if (status && strcmp(status, "removed") == 0)
		return reply_error_msg(r, ERR_VALIDATION, "已自然销户的农户不能纳入监测",
				       "A closed household is not monitored", "household_id");
	return reply_error_msg(r, ERR_VALIDATION,
			       arena_printf(r->arena, "户状态为“%s”的农户不能作为“%s”：脱贫不稳定户须为已脱贫户，"
						      "边缘易致贫户须为非建档立卡户", s ? s->zh : "", c ? c->zh : ""),
			       arena_printf(r->arena, "A household of status \"%s\" is not a \"%s\": an unstable household has "
						      "exited poverty, a marginal one was never registered", s ? s->en : "",
					    c ? c->en : ""),
			       "category");
}

/* The household's open monitoring case other than self: its category (arena) and id, or NULL. */
static const char *open_case(struct req *r, int64_t household, int64_t self, int64_t *id)
{
	struct db_stmt *st = db_query(r->db, "SELECT id, category FROM monitoring WHERE household_id = $1 AND"
					     " eliminated_on IS NULL AND id <> $2 ORDER BY id LIMIT 1", "ii", household, self);
	const char *category = NULL;
	if (st && db_step(st) == DB_ROW) {
		*id = db_column_int(st, 0);
		category = arena_strdup(r->arena, db_column_text(st, 1));
	}
	db_finalize(st);
	return category;
}

/* started_on plus six months, as YYYYMMDD */
static int64_t six_months_after(const char *started)
{
	int64_t d = date_num(started), y = d / 10000, m = d / 100 % 100 + 6;
	if (m > 12) {
		y++;
		m -= 12;
	}
	return y * 10000 + m * 100 + d % 100;
}

/*
 * A monitoring case (防返贫监测): one open case per household; its category
 * fits the household; it begins and ends no later than today; the risk is
 * eliminated no sooner than six months after identification (domain.md
 * 3.6), with its 风险消除方式, and 帮扶消除 only after help was given.
 */
static int monitoring_check(struct req *r, json_t *rec)
{
	int st = household_division(r, rec);
	if (st)
		return st;
	int64_t household = json_integer_value(json_object_get(rec, "household_id"));
	int64_t self = json_integer_value(json_object_get(rec, "id"));
	const char *from = json_string_value(json_object_get(rec, "started_on"));
	const char *to = json_string_value(json_object_get(rec, "eliminated_on"));
	const char *method = json_string_value(json_object_get(rec, "elimination_method"));
	const char *category = json_string_value(json_object_get(rec, "category"));
	st = not_in_future(r, rec, "started_on", "识别监测日期不能晚于今天", "Monitoring cannot begin after today");
	if (!st)
		st = not_in_future(r, rec, "eliminated_on", "风险消除日期不能晚于今天", "The risk cannot be eliminated after today");
	if (st)
		return st;
	if (from && to && strcmp(to, from) < 0)
		return reply_error_msg(r, ERR_VALIDATION, "风险消除日期早于识别监测日期",
				       "The risk was eliminated before monitoring began", "eliminated_on");
	if (from && to && date_num(to) < six_months_after(from))
		return reply_error_msg(r, ERR_VALIDATION, "纳入监测满六个月后才能标记风险消除",
				       "A risk is eliminated no sooner than six months after monitoring began", "eliminated_on");
	if (to && method == NULL)
		return reply_error_msg(r, ERR_MISSING_FIELD, "标记风险消除须注明风险消除方式",
				       "An eliminated risk needs how it was eliminated", "elimination_method");
	if (method && to == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "风险尚未消除，不能填写风险消除方式",
				       "The risk is not eliminated: no way of elimination yet", "elimination_method");
	if (method && strcmp(method, "assisted") == 0) {
		if (!registry_helped_since(r->db, household, from))
			return reply_error_msg(r, ERR_VALIDATION, "帮扶消除须有纳入监测后落实的帮扶措施",
					       "Elimination through assistance needs help given since monitoring began",
					       "elimination_method");
	}
	int64_t other = 0;
	if (to == NULL && open_case(r, household, self, &other))
		return reply_error_msg(r, ERR_CONFLICT,
				       arena_printf(r->arena, "该户已有未消除风险的监测记录（#%lld），一户只能有一条在监测记录",
						    (long long)other),
				       arena_printf(r->arena, "The household already has an open monitoring case (#%lld)",
						    (long long)other),
				       "household_id");
	const char *status = NULL;
	struct db_stmt *q = db_query(r->db, "SELECT status FROM households WHERE id = $1", "i", household);
	if (q && db_step(q) == DB_ROW)
		status = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	/* the category is judged when the case is opened or recategorised, against the household of today */
	json_t *given = r->json ? json_object_get(r->json, "category") : NULL;
	bool judged = strcmp(r->method, "POST") == 0 || given || json_object_get(r->json, "household_id");
	if (category && judged && !registry_category_fits(category, status))
		return category_error(r, category, status);
	return 0;
}

int registry_monitor_category_refresh(struct db *db, int64_t household)
{
	return db_exec(db, "UPDATE households SET monitor_category = (SELECT m.category FROM monitoring m"
			   " WHERE m.household_id = $1 AND m.eliminated_on IS NULL ORDER BY m.id DESC LIMIT 1)"
			   " WHERE id = $1", "i", household);
}

bool registry_helped_since(struct db *db, int64_t household, const char *since)
{
	int64_t n = 0;
	return db_query_int(db, &n, "SELECT COUNT(*) FROM measures WHERE household_id = $1 AND given_on >= $2", "it",
			    household, since) == DB_ROW && n > 0;
}

bool registry_may_eliminate(const char *started_on, int64_t today)
{
	return six_months_after(started_on) <= today;
}

/* The household's monitor_category: the category of its open case, or NULL. */
static int monitor_category_refresh(struct req *r, json_t *rec)
{
	json_t *h = rec ? json_object_get(rec, "household_id") : NULL;
	return json_is_integer(h) ? registry_monitor_category_refresh(r->db, json_integer_value(h)) : DB_OK;
}

static int monitoring_after_write(struct req *r, int64_t id, json_t *before, json_t *after)
{
	(void)id;
	int rc = monitor_category_refresh(r, after);
	if (rc == DB_OK && before && !json_equal(json_object_get(before, "household_id"), json_object_get(after, "household_id")))
		rc = monitor_category_refresh(r, before);
	return rc;
}

static int monitoring_after_delete(struct req *r, int64_t id, json_t *before)
{
	(void)id;
	return monitor_category_refresh(r, before);
}

static int household_filter(struct req *r, struct sqlbuf *b);

const struct entity entity_household = {
	"household", "households", "/api/v1/households", "农户", "Household",
	household_fields, N(household_fields), "division", "division, id", household_check, household_after_write,
	.label = "head_name", .before_insert = registry_assign_household_no, .filter = household_filter,
	.filter_query = "in_registry",
};

/*
 * ?in_registry=true: the households in the registry today — a registered
 * status (poor, exited_enjoying, exited, relapsed) or an open monitoring
 * case (monitor_category); false: the others (never registered and not
 * monitored, or closed).  The household list opens on true.
 */
static int household_filter(struct req *r, struct sqlbuf *b)
{
	const char *v = req_query(r, "in_registry");
	if (v == NULL || *v == '\0')
		return 0;
	bool yes = !strcmp(v, "true") || !strcmp(v, "1");
	if (!yes && strcmp(v, "false") && strcmp(v, "0"))
		return reply_error_msg(r, ERR_VALIDATION, "“建档立卡及监测户”应为是或否", "in_registry must be true or false",
				       "in_registry");
	sqlbuf_add(b, yes ? " AND (t.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR t.monitor_category IS NOT NULL)"
			  : " AND NOT (t.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed') OR t.monitor_category IS NOT NULL)");
	return 0;
}

/* A new household and, in its transaction, the head's member record named by head_name. */
static int household_with_head_after_write(struct req *r, int64_t id, json_t *before, json_t *after)
{
	int rc = household_after_write(r, id, before, after);
	return rc == DB_OK && before == NULL ? registry_insert_head(r, id, after) : rc;
}

const struct entity registry_household_with_head = {
	"household", "households", "/api/v1/households", "农户", "Household",
	household_fields, N(household_fields), "division", "division, id", household_check,
	household_with_head_after_write, .label = "head_name", .before_insert = registry_assign_household_no,
	.filter = household_filter, .filter_query = "in_registry",
};
const struct entity entity_member = {
	"member", "members", "/api/v1/members", "家庭成员", "Household member",
	member_fields, N(member_fields), "division", "household_id, id", member_check, NULL,
	.label = "name",
};
const struct entity entity_measure = {
	"measure", "measures", "/api/v1/measures", "帮扶措施", "Help given",
	measure_fields, N(measure_fields), "division", "given_on DESC, id", measure_check, NULL,
	.label = "content",
};
const struct entity entity_monitoring = {
	"monitoring", "monitoring", "/api/v1/monitoring", "防返贫监测", "Monitoring",
	monitoring_fields, N(monitoring_fields), "division", "started_on DESC, id", monitoring_check,
	monitoring_after_write, .label = NULL, .after_delete = monitoring_after_delete,
};
