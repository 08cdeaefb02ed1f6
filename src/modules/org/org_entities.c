/*
 * org_entities.c - the organisational entities: divisions, party organisations, units, people
 * (cadres and party members) with their ID and party-data rules, and the
 * village disclosures (党务村务公开).
 */
#include "modules/org/org_entities.h"

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

static const struct field division_fields[] = {
	{ "code", FT_TEXT, "区划代码", "Code", F_READONLY | F_LIST | F_SEARCH, .max_len = 15 },
	{ "name", FT_TEXT, "名称", "Name", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 60 },
	{ "level", FT_TEXT, "层级", "Level", F_READONLY | F_LIST, .max_len = 10 },
	{ "parent_code", FT_TEXT, "上级区划", "Parent", F_READONLY, .max_len = 15 },
	{ "type", FT_DICT, "类型", "Type", F_LIST | F_FILTER, .dict = "division_type" },
	{ "households", FT_INT, "户籍户数", "Registered households", F_LIST, .min = 0, .max = 100000000 },
	{ "population", FT_INT, "户籍人口", "Registered population", F_LIST, .min = 0, .max = 1000000000 },
	{ "poor_village", FT_BOOL, "贫困村", "Poor village", F_FILTER | F_LIST },
	{ "poor_county", FT_BOOL, "贫困县", "Poor county", F_FILTER },
	{ "western", FT_BOOL, "西部省份", "Western province", 0 },
	{ "poverty_exit_year", FT_INT, "退出年度", "Year of exit", F_READONLY, .min = 2013, .max = 2100 },
	{ "grid_worker_id", FT_REF, "网格员", "Grid worker", 0, .ref = "person" },
	{ "grid_supervisor_id", FT_REF, "网格长", "Grid supervisor", F_FILTER, .ref = "person" },
};

static const struct field org_fields[] = {
	{ "name", FT_TEXT, "组织名称", "Name", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 100 },
	{ "type", FT_DICT, "组织类型", "Type", F_REQUIRED | F_LIST | F_FILTER, .dict = "org_type" },
	{ "division", FT_DIVISION, "服务区划", "Division served", F_REQUIRED | F_LIST },
	{ "parent_id", FT_REF, "上级党组织", "Parent organisation", F_FILTER, .ref = "org" },
	{ "secretary_id", FT_REF, "书记", "Secretary", 0, .ref = "person" },
	{ "founded_on", FT_DATE, "成立日期", "Founded on", 0 },
	{ "demonstration", FT_BOOL, "示范党支部", "Demonstration branch", F_LIST | F_FILTER },
	{ "weak", FT_BOOL, "软弱涣散", "Weak and lax", F_LIST | F_FILTER },
	{ "theme_day", FT_INT, "主题党日（每月几日）", "Theme day (day of month)", 0, .min = 1, .max = 31 },
	{ "secretary_is_director", FT_BOOL, "书记、主任一肩挑", "Secretary also committee director (一肩挑)", F_FILTER },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field unit_fields[] = {
	{ "name", FT_TEXT, "单位名称", "Name", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 100 },
	{ "kind", FT_DICT, "单位类别", "Kind", F_REQUIRED | F_LIST | F_FILTER, .dict = "unit_kind" },
	{ "division", FT_DIVISION, "所属区划", "Division", F_REQUIRED | F_LIST },
	{ "org_id", FT_REF, "单位党组织", "Party organisation", F_FILTER, .ref = "org" },
	{ "contact_name", FT_TEXT, "联系人", "Contact", F_LIST, .max_len = 50 },
	{ "contact_phone", FT_PHONE, "联系电话", "Contact phone", F_MASKED | F_LIST },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field person_fields[] = {
	{ "name", FT_TEXT, "姓名", "Name", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 50 },
	{ "sex", FT_DICT, "性别", "Sex", F_LIST | F_FILTER, .dict = "sex" },
	{ "birth_date", FT_DATE, "出生日期", "Birth date", 0 },
	{ "id_number", FT_IDCARD, "身份证号", "ID number", F_MASKED | F_UNIQUE | F_LIST },
	{ "phone", FT_PHONE, "联系电话", "Phone", F_MASKED | F_LIST },
	{ "ethnicity", FT_DICT, "民族", "Ethnicity", F_FILTER, .dict = "ethnicity" },
	{ "education", FT_DICT, "文化程度", "Education", F_FILTER, .dict = "education" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_REQUIRED | F_LIST },
	{ "unit_id", FT_REF, "工作单位", "Unit", F_FILTER, .ref = "unit" },
	{ "org_id", FT_REF, "所在党组织", "Party organisation", F_FILTER, .ref = "org" },
	{ "political_status", FT_DICT, "政治面貌", "Political status", F_LIST | F_FILTER, .dict = "political_status" },
	{ "joined_party_on", FT_DATE, "入党日期", "Joined the party on", 0 },
	{ "member_status", FT_DICT, "党员类别", "Membership", F_FILTER, .dict = "member_status" },
	{ "flowing_out", FT_BOOL, "流出党员", "Flowing-out member", F_FILTER },
	{ "cadre_role", FT_DICT, "干部类别", "Cadre role", F_LIST | F_FILTER, .dict = "cadre_role" },
	{ "position", FT_TEXT, "职务", "Position", F_LIST | F_SEARCH, .max_len = 100 },
	{ "reserve_cadre", FT_BOOL, "后备干部", "Reserve cadre", F_FILTER },
	{ "wealth_leader", FT_BOOL, "致富带头人", "Wealth-creation leader", F_FILTER },
	{ "rural_talent", FT_BOOL, "乡土人才", "Rural talent", F_FILTER },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field disclosure_fields[] = {
	{ "division", FT_DIVISION, "公开的村（社区）", "Village", F_REQUIRED | F_LIST },
	{ "kind", FT_DICT, "公开类别", "Kind", F_REQUIRED | F_LIST | F_FILTER, .dict = "disclosure_kind" },
	{ "title", FT_TEXT, "标题", "Title", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 200 },
	{ "content", FT_TEXT, "公开内容", "Content", F_REQUIRED, .max_len = 20000 },
	{ "period", FT_TEXT, "所属期间", "Period", F_LIST, .max_len = 40 },
	{ "published_on", FT_DATE, "公开日期", "Published on", F_REQUIRED | F_LIST },
	{ "decision_id", FT_INT, "关联的四议两公开事项", "Major-matter decision", 0, .min = 1, .max = INT32_MAX },
};

/* A person: the ID rules, and party data only for members. */
static int person_check(struct req *r, json_t *rec)
{
	int st = rule_sex_birth_from_idcard(r, rec);
	if (st)
		return st;
	json_t *status = json_object_get(rec, "political_status");
	bool member = json_str_eq(status, "member") || json_str_eq(status, "probationary");
	if (!member) {
		static const char *const party_only[] = { "joined_party_on", "member_status" };
		for (size_t i = 0; i < sizeof(party_only) / sizeof(party_only[0]); i++) {
			json_t *sent = json_object_get(r->json, party_only[i]);
			if (sent && !json_is_null(sent))
				return reply_error_msg(r, ERR_VALIDATION, "非党员不能填写党员信息",
						       "Only party members have party data", party_only[i]);
			json_object_set_new(rec, party_only[i], json_null());   /* no longer a member */
		}
		return 0;
	}
	json_t *ms = json_object_get(r->json, "member_status");
	const char *want = json_str_eq(status, "probationary") ? "probationary" : "full";
	if (ms == NULL || json_is_null(ms))
		json_object_set_new(rec, "member_status", json_string(want));
	else if (!json_str_eq(ms, want))
		return reply_error_msg(r, ERR_VALIDATION, "党员类别与政治面貌不符",
				       "The membership status does not match the political status", "member_status");
	return 0;
}

/* A disclosure is posted for a village or community. */
/* A disclosure is posted for a village; the decision it publishes is one of that village's. */
static int disclosure_check(struct req *r, json_t *rec)
{
	const char *village = json_string_value(json_object_get(rec, "division"));
	if (division_level(village) != DIV_VILLAGE)
		return reply_error_msg(r, ERR_BAD_DIVISION, "公开内容发布到村（社区）", "Disclosures are posted for a village",
				       "division");
	json_t *decision = json_object_get(rec, "decision_id");
	if (json_is_integer(decision)) {
		int64_t n = 0;
		if (db_query_int(r->db, &n, "SELECT COUNT(*) FROM decisions WHERE id = $1 AND division = $2", "it",
				 (int64_t)json_integer_value(decision), village) != DB_ROW)
			return reply_error(r, ERR_INTERNAL, NULL);
		if (n == 0)
			return reply_error_msg(r, ERR_VALIDATION, "关联的四议两公开事项不存在或不属于本村",
					       "No such major-matter decision of this village", "decision_id");
	}
	return 0;
}

const struct entity entity_division = {
	"division", "divisions", "/api/v1/divisions", "行政区划", "Division",
	division_fields, N(division_fields), "code", "code", NULL,
	.label = "name",
};
const struct entity entity_org = {
	"org", "orgs", "/api/v1/orgs", "党组织", "Party organisation",
	org_fields, N(org_fields), "division", "division, id", NULL,
	.label = "name",
};
const struct entity entity_unit = {
	"unit", "units", "/api/v1/units", "帮扶单位", "Unit",
	unit_fields, N(unit_fields), "division", "division, id", NULL,
	.label = "name",
};
/*
 * ?id_number_duplicate=true: the people whose ID number another person also
 * holds — the duplicates kept from before the unique index (migration 35
 * marks them, id_number_dup) and the rows they repeat — to be corrected.
 */
static int person_filter(struct req *r, struct sqlbuf *b)
{
	const char *v = req_query(r, "id_number_duplicate");
	if (v == NULL || *v == '\0')
		return 0;
	if (strcmp(v, "true") && strcmp(v, "1"))
		return reply_error_msg(r, ERR_VALIDATION, "“身份证号重复”筛选只能为是", "id_number_duplicate must be true",
				       "id_number_duplicate");
	sqlbuf_add(b, " AND t.id_number_hash IN (SELECT d.id_number_hash FROM people d WHERE d.id_number_dup IS NOT NULL)");
	return 0;
}

static const struct entity_flag person_flags[] = {
	{ "id_number_duplicate", "身份证号重复", "Duplicate ID number" },
};
const struct entity entity_person = {
	"person", "people", "/api/v1/people", "人员", "Person",
	person_fields, N(person_fields), "division", "division, id", person_check,
	.label = "name", .filter = person_filter, .filter_query = "id_number_duplicate",
	.flags = person_flags, .nflags = N(person_flags),
};
const struct entity entity_disclosure = {
	"disclosure", "disclosures", "/api/v1/disclosures", "党务村务公开", "Disclosure",
	disclosure_fields, N(disclosure_fields), "division", "published_on DESC, id", disclosure_check, NULL,
	.label = "title",
};
