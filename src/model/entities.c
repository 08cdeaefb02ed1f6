/*
 * entities.c - the descriptions of the organisational entities: divisions,
 * party organisations, units and people (cadres and party members).
 */
#include "model/entities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "core/division.h"
#include "core/mem.h"
#include "db/db.h"

#include "core/clock.h"
#include "core/idcard.h"
#include "core/workdays.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/dict.h"

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

static const struct field household_fields[] = {
	{ "household_no", FT_TEXT, "户编号", "Household number", F_REQUIRED | F_UNIQUE | F_LIST | F_SEARCH, .max_len = 30 },
	{ "head_name", FT_TEXT, "户主姓名", "Head of household", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 50 },
	{ "division", FT_DIVISION, "所在村（组）", "Village or group", F_REQUIRED | F_LIST },
	{ "address", FT_TEXT, "家庭住址", "Address", 0, .max_len = 200 },
	{ "phone", FT_PHONE, "联系电话", "Phone", F_MASKED | F_LIST },
	{ "status", FT_DICT, "户状态", "Status", F_REQUIRED | F_LIST | F_FILTER, .dict = "hh_status" },
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
	{ "health", FT_DICT, "健康状况", "Health", F_LIST | F_FILTER, .dict = "health" },
	{ "disability_grade", FT_INT, "残疾等级", "Disability grade", 0, .min = 1, .max = 4 },
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
	{ "started_on", FT_DATE, "纳入监测日期", "Monitored since", F_REQUIRED | F_LIST },
	{ "eliminated_on", FT_DATE, "风险消除日期", "Risk eliminated on", F_LIST },
	{ "elimination_note", FT_TEXT, "风险消除说明", "How the risk was eliminated", 0, .max_len = 500 },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field routing_rule_fields[] = {
	{ "division", FT_DIVISION, "适用区划", "Place (and below)", F_REQUIRED | F_LIST },
	{ "category", FT_TEXT, "诉求类别（空为全部）", "Category (empty: all)", F_LIST | F_FILTER, .max_len = 40 },
	{ "org_id", FT_REF, "责任党组织", "Responsible organisation", F_REQUIRED | F_LIST | F_FILTER, .ref = "org" },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 200 },
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

static const struct field duty_list_fields[] = {
	{ "title", FT_TEXT, "清单名称", "Title", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 200 },
	{ "year", FT_INT, "年度", "Year", F_REQUIRED | F_LIST | F_FILTER, .min = 2000, .max = 2100 },
	{ "level", FT_DICT, "层级", "Level", F_LIST | F_FILTER, .dict = "duty_level" },
	{ "org_id", FT_REF, "责任党组织（空为模板）", "Organisation (empty: a template)", F_LIST | F_FILTER, .ref = "org" },
	{ "org_type", FT_DICT, "模板适用的党组织类型", "Template for organisations of type", F_FILTER, .dict = "org_type" },
	{ "holder_role", FT_DICT, "责任岗位（空为党组织）", "Post (empty: the organisation)", F_LIST | F_FILTER, .dict = "duty_role" },
	{ "division", FT_DIVISION, "发布区划", "Published in", F_LIST },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 500 },
};

static const struct field duty_item_fields[] = {
	{ "list_id", FT_REF, "所属责任清单", "List", F_REQUIRED | F_FILTER, .ref = "duty_list" },
	{ "division", FT_DIVISION, "发布区划", "Published in", F_READONLY },
	{ "seq", FT_INT, "序号", "No.", F_LIST, .min = 1, .max = 999 },
	{ "title", FT_TEXT, "责任事项", "Duty", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 200 },
	{ "content", FT_TEXT, "具体内容", "Content", 0, .max_len = 2000 },
	{ "category", FT_DICT, "类别", "Category", F_LIST | F_FILTER, .dict = "duty_category" },
	{ "basis", FT_TEXT, "依据", "Basis", F_LIST, .max_len = 200 },
};

static const struct field task_item_fields[] = {
	{ "title", FT_TEXT, "任务名称", "Task", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 200 },
	{ "org_id", FT_REF, "责任党组织", "Responsible organisation", F_REQUIRED | F_LIST | F_FILTER, .ref = "org" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY },
	{ "person_id", FT_REF, "责任人", "Responsible person", F_LIST | F_FILTER, .ref = "person" },
	{ "year", FT_INT, "年度", "Year", F_REQUIRED | F_LIST | F_FILTER, .min = 2000, .max = 2100 },
	{ "category", FT_DICT, "类别", "Category", F_LIST | F_FILTER, .dict = "duty_category" },
	{ "content", FT_TEXT, "任务内容", "Content", 0, .max_len = 2000 },
	{ "source", FT_TEXT, "任务来源", "Assigned by", 0, .max_len = 100 },
	{ "deadline", FT_DATE, "完成时限", "Deadline", F_REQUIRED | F_LIST },
	{ "status", FT_DICT, "办理状态", "Status", F_READONLY | F_LIST | F_FILTER, .dict = "item_status" },
	{ "completed_on", FT_DATE, "完成日期", "Completed on", F_READONLY | F_LIST },
};

static const struct field schedule_fields[] = {
	{ "org_id", FT_REF, "调度党组织", "Organisation", F_REQUIRED | F_LIST | F_FILTER, .ref = "org" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY },
	{ "week", FT_TEXT, "调度周（如 2026-W47）", "Week (e.g. 2026-W47)", F_REQUIRED | F_LIST | F_FILTER, .max_len = 8 },
	{ "week_start", FT_DATE, "周一", "Monday", F_READONLY | F_LIST },
	{ "title", FT_TEXT, "调度会", "Meeting", F_LIST | F_SEARCH, .max_len = 200 },
	{ "note", FT_TEXT, "调度情况", "Summary", 0, .max_len = 5000 },
};

static const struct field schedule_item_fields[] = {
	{ "schedule_id", FT_REF, "首次调度", "First scheduled in", F_REQUIRED | F_FILTER, .ref = "schedule" },
	{ "org_id", FT_REF, "调度党组织", "Organisation", F_READONLY | F_FILTER, .ref = "org" },
	{ "division", FT_DIVISION, "所在区划", "Division", F_READONLY },
	{ "week", FT_TEXT, "首次调度周", "First week", F_READONLY | F_LIST | F_FILTER, .max_len = 8 },
	{ "matter", FT_TEXT, "调度事项", "Matter", F_REQUIRED | F_LIST | F_SEARCH, .max_len = 300 },
	{ "resp_org_id", FT_REF, "责任单位", "Responsible organisation", F_LIST | F_FILTER, .ref = "org" },
	{ "resp_division", FT_DIVISION, "责任区划", "Responsible division", F_READONLY },
	{ "progress", FT_TEXT, "工作进展", "Progress", F_LIST, .max_len = 1000 },
	{ "problem", FT_TEXT, "存在问题", "Problems", 0, .max_len = 1000 },
	{ "next_step", FT_TEXT, "下步打算", "Next step", 0, .max_len = 1000 },
	{ "status", FT_DICT, "办理状态", "Status", F_LIST | F_FILTER, .dict = "item_status" },
	{ "due", FT_DATE, "完成时限", "Due", F_LIST },
	{ "done_on", FT_DATE, "完成日期", "Done on", F_LIST },
	{ "closed_week", FT_TEXT, "办结周", "Closed in week", F_READONLY, .max_len = 8 },
};

static int str_eq(json_t *v, const char *s)
{
	return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

static bool str_eq_text(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/*
 * Sex and birth date follow the ID number: values the caller sent (r->json)
 * must agree; stored ones are recomputed.
 */
static int derive_from_idcard(struct req *r, json_t *rec)
{
	json_t *id = json_object_get(rec, "id_number");
	if (json_is_string(id)) {
		const char *num = json_string_value(id);
		char birth[11], sex[2] = { idcard_sex(num), '\0' };
		idcard_birth_date(num, birth);
		json_t *given_sex = json_object_get(r->json, "sex"), *given_birth = json_object_get(r->json, "birth_date");
		if (json_is_string(given_sex) && !str_eq(given_sex, sex))
			return reply_error_msg(r, ERR_VALIDATION, "性别与身份证号不符",
					       "The sex does not match the ID number", "sex");
		if (json_is_string(given_birth) && !str_eq(given_birth, birth))
			return reply_error_msg(r, ERR_VALIDATION, "出生日期与身份证号不符",
					       "The birth date does not match the ID number", "birth_date");
		json_object_set_new(rec, "sex", json_string(sex));
		json_object_set_new(rec, "birth_date", json_string(birth));
	}
	return 0;
}

/* A person: the ID rules, and party data only for members. */
static int person_check(struct req *r, json_t *rec)
{
	int st = derive_from_idcard(r, rec);
	if (st)
		return st;
	json_t *status = json_object_get(rec, "political_status");
	bool member = str_eq(status, "member") || str_eq(status, "probationary");
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
	const char *want = str_eq(status, "probationary") ? "probationary" : "full";
	if (ms == NULL || json_is_null(ms))
		json_object_set_new(rec, "member_status", json_string(want));
	else if (!str_eq(ms, want))
		return reply_error_msg(r, ERR_VALIDATION, "党员类别与政治面貌不符",
				       "The membership status does not match the political status", "member_status");
	return 0;
}

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
	return str_eq(status, "poor") || str_eq(status, "exited_enjoying") || str_eq(status, "exited") ||
	       str_eq(status, "relapsed");
}

/* The fields whose every change is kept in the household's history. */
static const char *const tracked_fields[] = { "status", "attribute", "main_cause", "secondary_causes" };

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
	return st ? st : derive_from_idcard(r, rec);
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
	return 0;
}

static int monitoring_check(struct req *r, json_t *rec)
{
	int st = household_division(r, rec);
	if (st)
		return st;
	const char *from = json_string_value(json_object_get(rec, "started_on"));
	const char *to = json_string_value(json_object_get(rec, "eliminated_on"));
	if (from && to && strcmp(to, from) < 0)
		return reply_error_msg(r, ERR_VALIDATION, "风险消除日期早于纳入监测日期",
				       "The risk was eliminated before monitoring began", "eliminated_on");
	return 0;
}

/* A rule's category must exist (or be absent: every category). */
static int routing_rule_check(struct req *r, json_t *rec)
{
	const char *category = json_string_value(json_object_get(rec, "category"));
	if (category && *category) {
		int64_t n = 0;
		db_query_int(r->db, &n, "SELECT COUNT(*) FROM request_categories WHERE code = $1", "t", category);
		if (n == 0)
			return reply_error_msg(r, ERR_VALIDATION, "未知诉求类别", "Unknown category", "category");
	} else
		json_object_set_new(rec, "category", json_null());
	return 0;
}

const struct entity entity_routing_rule = {
	"routing_rule", "routing_rules", "/api/v1/routing-rules", "诉求派单规则", "Routing rule",
	routing_rule_fields, N(routing_rule_fields), "division", "division, id", routing_rule_check, NULL,
	.label = NULL,
};

/* A disclosure is posted for a village or community. */
static int disclosure_check(struct req *r, json_t *rec)
{
	if (division_level(json_string_value(json_object_get(rec, "division"))) != DIV_VILLAGE)
		return reply_error_msg(r, ERR_BAD_DIVISION, "公开内容发布到村（社区）", "Disclosures are posted for a village",
				       "division");
	return 0;
}

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
		      (str_eq_text(db_column_text(st, 2), "member") || str_eq_text(db_column_text(st, 2), "probationary"));
	if (member) {
		json_object_set_new(rec, "org_id", json_integer(db_column_int(st, 0)));
		json_object_set_new(rec, "division", json_string(db_column_text(st, 1)));
	}
	db_finalize(st);
	if (!member)
		return reply_error_msg(r, ERR_VALIDATION, "只能评议有所在党组织的党员", "Only a party member of a branch is reviewed",
				       "person_id");
	if (!str_eq(json_object_get(rec, "grade"), "excellent"))
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

const struct entity entity_family_school = {
	"family_school", "family_schools", "/api/v1/family-schools", "农村家庭党校", "Family party school",
	family_school_fields, N(family_school_fields), "division", "division, id", family_school_check, NULL,
	.label = "name",
};

/* ---- responsibility lists, task lists, weekly scheduling ------------------------------ */

static const char *rec_text(json_t *rec, const char *key)
{
	return json_string_value(json_object_get(rec, key));
}

static bool rec_null(json_t *rec, const char *key)
{
	json_t *v = json_object_get(rec, key);
	return v == NULL || json_is_null(v);
}

/* Copy columns of the row `sql` finds for id into rec (keys in column
 * order); 0, or the reply's status naming field when there is no row. */
static int copy_row(struct req *r, json_t *rec, const char *sql, int64_t id, const char *const *keys, int n,
		    const char *field)
{
	struct db_stmt *st = db_query(r->db, sql, "i", id);
	int rc = st ? db_step(st) : DB_ERROR;
	for (int i = 0; rc == DB_ROW && i < n; i++)
		json_object_set_new(rec, keys[i], db_column_is_null(st, i) ? json_null() : json_string(db_column_text(st, i)));
	db_finalize(st);
	if (rc == DB_DONE)
		return reply_error_msg(r, ERR_VALIDATION, "引用的记录不存在", "No such record", field);
	return rc == DB_ROW ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

/* The responsibility level of an organisation serving division. */
static const char *duty_level_of(const char *division)
{
	switch (division_level(division)) {
	case DIV_COUNTY:
		return "county";
	case DIV_TOWNSHIP:
		return "township";
	case DIV_VILLAGE:
	case DIV_GROUP:
		return "village";
	default:
		return NULL;
	}
}

static enum division_level duty_level_rank(const char *level)
{
	return str_eq_text(level, "county") ? DIV_COUNTY : str_eq_text(level, "township") ? DIV_TOWNSHIP : DIV_VILLAGE;
}

/* A value the caller sent that the record derives itself must agree with it. */
static int derived_agrees(struct req *r, json_t *rec, const char *key, const char *value)
{
	const char *sent = json_string_value(json_object_get(r->json, key));
	if (sent && value && strcmp(sent, value))
		return reply_error_msg(r, ERR_VALIDATION, "该值由所选党组织决定", "The organisation determines this value", key);
	json_object_set_new(rec, key, value ? json_string(value) : json_null());
	return 0;
}

/*
 * An organisation's own list takes its place and level from the
 * organisation; a template (no organisation) is published in a county or
 * township for a level at or below it, optionally for one type of
 * organisation.
 */
static int duty_list_check(struct req *r, json_t *rec)
{
	if (rec_null(rec, "org_id")) {
		const char *div = rec_text(rec, "division"), *level = rec_text(rec, "level");
		if (div == NULL || level == NULL)
			return reply_error_msg(r, ERR_MISSING_FIELD, "模板清单须填写发布区划和层级",
					       "A template needs the division publishing it and its level", div ? "level" : "division");
		enum division_level dl = division_level(div);
		if (dl != DIV_COUNTY && dl != DIV_TOWNSHIP)
			return reply_error_msg(r, ERR_BAD_DIVISION, "模板清单由县或乡镇发布", "A county or township publishes templates",
					       "division");
		if (duty_level_rank(level) < dl)
			return reply_error_msg(r, ERR_VALIDATION, "模板只能发给本级或下级", "A template is for its own level or below",
					       "level");
		return 0;
	}
	if (!rec_null(r->json, "org_type"))
		return reply_error_msg(r, ERR_VALIDATION, "只有模板清单才指定党组织类型", "Only a template names an organisation type",
				       "org_type");
	json_object_set_new(rec, "org_type", json_null());
	static const char *const keys[] = { "division" };
	json_t *org = json_object();
	int st = copy_row(r, org, "SELECT division FROM orgs WHERE id = $1", json_integer_value(json_object_get(rec, "org_id")),
			  keys, 1, "org_id");
	const char *div = st ? NULL : arena_strdup(r->arena, rec_text(org, "division"));
	json_decref(org);
	if (!st)
		st = derived_agrees(r, rec, "division", div);
	if (!st)
		st = derived_agrees(r, rec, "level", duty_level_of(div));
	return st;
}

/* The items of a list follow it when it moves. */
static int duty_list_after_write(struct req *r, int64_t id, json_t *before, json_t *after)
{
	if (before == NULL || json_equal(json_object_get(before, "division"), json_object_get(after, "division")))
		return DB_OK;
	return db_exec(r->db, "UPDATE duty_items SET division = $1 WHERE list_id = $2", "ti", rec_text(after, "division"), id);
}

static int duty_item_check(struct req *r, json_t *rec)
{
	static const char *const keys[] = { "division" };
	return copy_row(r, rec, "SELECT division FROM duty_lists WHERE id = $1", json_integer_value(json_object_get(rec, "list_id")),
			keys, 1, "list_id");
}

/*
 * The state of a dated item against its deadline, China time: done by the
 * deadline, done after it (late), open past it (overdue), or open.
 */
static void deadline_state(json_t *rec, const char *due_key, const char *done_key)
{
	char today[11];
	workdays_day(clock_now(), today);
	const char *due = rec_text(rec, due_key), *done = rec_text(rec, done_key);
	bool closed = str_eq(json_object_get(rec, "status"), "done");
	bool late = closed && due && done && strcmp(done, due) > 0;
	bool overdue = !closed && due && strcmp(due, today) < 0;
	json_object_set_new(rec, "state", json_string(closed ? (late ? "late" : "done") : overdue ? "overdue" : "open"));
	json_object_set_new(rec, "late", json_boolean(late));
	json_object_set_new(rec, "overdue", json_boolean(overdue));
}

/* ?state=open|overdue|done|late over the same columns. */
static int deadline_filter(struct req *r, struct sqlbuf *b, const char *due, const char *done)
{
	const char *state = req_query(r, "state");
	if (state == NULL || *state == '\0')
		return 0;
	char today[11];
	workdays_day(clock_now(), today);
	bool open = !strcmp(state, "open"), overdue = !strcmp(state, "overdue");
	bool done_ = !strcmp(state, "done"), late = !strcmp(state, "late");
	if (open || overdue) {
		sqlbuf_add(b, arena_printf(r->arena, " AND t.status <> 'done' AND %s(t.%s IS NOT NULL AND t.%s < ",
					   open ? "NOT " : "", due, due));
		sqlbuf_text(b, arena_strdup(r->arena, today));
		sqlbuf_add(b, ")");
	} else if (done_ || late)
		sqlbuf_add(b, arena_printf(r->arena, " AND t.status = 'done' AND %s(t.%s IS NOT NULL AND t.%s > t.%s)",
					   done_ ? "NOT " : "", due, done, due));
	else
		return reply_error_msg(r, ERR_VALIDATION, "state 应为 open、overdue、done 或 late",
				       "state is open, overdue, done or late", "state");
	return 0;
}

static void task_item_derive(json_t *rec)
{
	deadline_state(rec, "deadline", "completed_on");
}

static int task_item_filter(struct req *r, struct sqlbuf *b)
{
	return deadline_filter(r, b, "deadline", "completed_on");
}

static void schedule_item_derive(json_t *rec)
{
	deadline_state(rec, "due", "done_on");
}

static int schedule_item_filter(struct req *r, struct sqlbuf *b)
{
	return deadline_filter(r, b, "due", "done_on");
}

/* A task sits with its organisation; it starts not started (progress reports move it on). */
static int task_item_check(struct req *r, json_t *rec)
{
	static const char *const keys[] = { "division" };
	int st = copy_row(r, rec, "SELECT division FROM orgs WHERE id = $1", json_integer_value(json_object_get(rec, "org_id")),
			  keys, 1, "org_id");
	if (!st && rec_null(rec, "status"))
		json_object_set_new(rec, "status", json_string("not_started"));
	return st;
}

/* A county or township organisation holds a weekly dispatch for a real ISO week. */
static int schedule_check(struct req *r, json_t *rec)
{
	char monday[11];
	if (clock_week_monday(rec_text(rec, "week"), monday))
		return reply_error_msg(r, ERR_VALIDATION, "调度周应为 ISO 周，如 2026-W47", "week is an ISO week such as 2026-W47",
				       "week");
	json_object_set_new(rec, "week_start", json_string(monday));
	static const char *const keys[] = { "division" };
	int st = copy_row(r, rec, "SELECT division FROM orgs WHERE id = $1", json_integer_value(json_object_get(rec, "org_id")),
			  keys, 1, "org_id");
	enum division_level dl = st ? DIV_INVALID : division_level(rec_text(rec, "division"));
	if (!st && dl != DIV_COUNTY && dl != DIV_TOWNSHIP)
		return reply_error_msg(r, ERR_VALIDATION, "周调度由县级或乡镇党组织开展", "A county or township organisation holds the weekly dispatch",
				       "org_id");
	return st;
}

/*
 * An item belongs to the dispatch it was first scheduled in (organisation,
 * place, week); its responsible organisation lies in the dispatching
 * organisation's area.  Done: the date defaults to today and fixes the week
 * it closed in; reopened: both are cleared.
 */
static int schedule_item_check(struct req *r, json_t *rec)
{
	static const char *const keys[] = { "org_id", "division", "week", "week_start" };
	json_t *s = json_object();
	int st = copy_row(r, s, "SELECT org_id, division, week, week_start FROM schedules WHERE id = $1",
			  json_integer_value(json_object_get(rec, "schedule_id")), keys, 4, "schedule_id");
	if (!st) {
		json_object_set_new(rec, "org_id", json_integer(strtoll(rec_text(s, "org_id"), NULL, 10)));
		json_object_set(rec, "division", json_object_get(s, "division"));
		json_object_set(rec, "week", json_object_get(s, "week"));
	}
	const char *monday = st ? NULL : arena_strdup(r->arena, rec_text(s, "week_start"));
	json_decref(s);
	if (st)
		return st;
	const char *div = rec_text(rec, "division");
	json_object_set_new(rec, "resp_division", json_string(div));
	if (!rec_null(rec, "resp_org_id")) {
		static const char *const rkeys[] = { "resp_division" };
		st = copy_row(r, rec, "SELECT division FROM orgs WHERE id = $1", json_integer_value(json_object_get(rec, "resp_org_id")),
			      rkeys, 1, "resp_org_id");
		if (st)
			return st;
		if (!division_in_subtree(div, rec_text(rec, "resp_division")))
			return reply_error_msg(r, ERR_VALIDATION, "责任单位应在调度党组织的范围内",
					       "The responsible organisation lies in the dispatching organisation's area", "resp_org_id");
	}
	if (rec_null(rec, "status"))
		json_object_set_new(rec, "status", json_string("not_started"));
	if (!str_eq(json_object_get(rec, "status"), "done")) {
		if (!rec_null(r->json, "done_on"))
			return reply_error_msg(r, ERR_VALIDATION, "未完成的事项不填完成日期", "Only a done item has a date", "done_on");
		json_object_set_new(rec, "done_on", json_null());
		json_object_set_new(rec, "closed_week", json_null());
		return 0;
	}
	if (rec_null(rec, "done_on")) {
		char today[11];
		workdays_day(clock_now(), today);
		json_object_set_new(rec, "done_on", json_string(today));
	}
	if (strcmp(rec_text(rec, "done_on"), monday) < 0)
		return reply_error_msg(r, ERR_VALIDATION, "完成日期早于首次调度周", "Done before the week it was scheduled", "done_on");
	char week[9];
	clock_week_of(rec_text(rec, "done_on"), week);
	json_object_set_new(rec, "closed_week", json_string(week));
	return 0;
}

const struct entity entity_duty_list = {
	"duty_list", "duty_lists", "/api/v1/duty-lists", "责任清单", "Responsibility list",
	duty_list_fields, N(duty_list_fields), "division", "year DESC, division, id", duty_list_check, duty_list_after_write,
	.label = "title",
};
const struct entity entity_duty_item = {
	"duty_item", "duty_items", "/api/v1/duty-items", "责任事项", "Duty",
	duty_item_fields, N(duty_item_fields), "division", "list_id, seq, id", duty_item_check, NULL,
	.label = "title",
};
const struct entity entity_task_item = {
	"task_item", "task_items", "/api/v1/task-items", "任务清单", "Task list item",
	task_item_fields, N(task_item_fields), "division", "deadline, id", task_item_check, NULL,
	.label = "title", .derive = task_item_derive, .filter = task_item_filter,
};
const struct entity entity_schedule = {
	"schedule", "schedules", "/api/v1/schedules", "周调度", "Weekly dispatch",
	schedule_fields, N(schedule_fields), "division", "week DESC, division, id", schedule_check, NULL,
	.label = "week",
};
const struct entity entity_schedule_item = {
	"schedule_item", "schedule_items", "/api/v1/schedule-items", "调度事项", "Dispatch item",
	schedule_item_fields, N(schedule_item_fields), "division", "week, id", schedule_item_check, NULL,
	.label = "matter", .derive = schedule_item_derive, .filter = schedule_item_filter,
};

const struct entity entity_disclosure = {
	"disclosure", "disclosures", "/api/v1/disclosures", "党务村务公开", "Disclosure",
	disclosure_fields, N(disclosure_fields), "division", "published_on DESC, id", disclosure_check, NULL,
	.label = "title",
};

const struct entity entity_member_review = {
	"member_review", "member_reviews", "/api/v1/member-reviews", "民主评议党员", "Democratic review of members",
	member_review_fields, N(member_review_fields), "division", "year DESC, org_id, id", member_review_check, NULL,
	.label = NULL,
};

const struct entity entity_household = {
	"household", "households", "/api/v1/households", "农户", "Household",
	household_fields, N(household_fields), "division", "division, id", household_check, household_after_write,
	.label = "head_name",
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
	monitoring_fields, N(monitoring_fields), "division", "started_on DESC, id", monitoring_check, NULL,
	.label = NULL,
};

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
const struct entity entity_person = {
	"person", "people", "/api/v1/people", "人员", "Person",
	person_fields, N(person_fields), "division", "division, id", person_check,
	.label = "name",
};

const struct entity *const model_entities[] = {
	&entity_division, &entity_org, &entity_unit, &entity_person,
	&entity_household, &entity_member, &entity_measure, &entity_monitoring, &entity_routing_rule,
	&entity_disclosure, &entity_member_review, &entity_family_school, &entity_duty_list, &entity_duty_item,
	&entity_task_item, &entity_schedule, &entity_schedule_item,
};
const int model_entities_count = N(model_entities);

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
