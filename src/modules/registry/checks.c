/* checks.c - the data-quality rules of the household registry and their runners. */
#include "modules/registry/checks.h"

#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/arena.h"
#include "core/division.h"
#include "core/idcard.h"
#include "core/log.h"
#include "core/fieldcrypt.h"
#include "core/phone.h"
#include "http/reply.h"
#include "model/crud.h"
#include "modules/registry/registry.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * The SQL of the rules: portable (SQLite and PostgreSQL), no date
 * functions.  Dates are 'YYYY-MM-DD' text; a person's age in year $3 is
 * $3 minus the year of birth.  A malformed date yields no age instead of a
 * failed query (PostgreSQL's CAST would fail on it).
 */
#define DIGIT_AT(col, i) "substr(" col ", " #i ", 1) BETWEEN '0' AND '9'"
#define BIRTH_YEAR(col)                                                                                   \
	"(CASE WHEN " DIGIT_AT(col, 1) " AND " DIGIT_AT(col, 2) " AND " DIGIT_AT(col, 3) " AND "          \
	DIGIT_AT(col, 4) " THEN CAST(substr(" col ", 1, 4) AS INTEGER) END)"
#define AGE "($3 - " BIRTH_YEAR("m.birth_date") ")"
/* A member's evidence and sealed ID number, for a keep_id rule. */
#define WITH_ID(col) "COALESCE(" col ", '') || '|' || m.id_number"

/* Households that are still on the books, and those the 两不愁三保障 apply to. */
#define LIVE "h.status <> 'removed'"
/* tracked: registered, or monitored now (a monitored household may never have been registered) */
#define TRACKED "(h.status NOT IN ('removed', 'not_registered') OR h.monitor_category IS NOT NULL)"
#define EXITED "h.status IN ('exited_enjoying', 'exited')"
#define REGISTERED "h.status IN ('poor', 'exited_enjoying', 'exited', 'relapsed')"

/* A household finding: SELECT ... FROM households h WHERE <subtree> AND ... */
#define HH_SELECT(value)                                                                                  \
	"SELECT h.id AS household_id, CAST(NULL AS BIGINT) AS member_id, h.division AS division, "        \
	value " AS value FROM households h WHERE h.division >= $1 AND h.division < $2 AND "
/* A member finding: SELECT ... FROM members m JOIN households h WHERE <subtree> AND ... */
#define MEMBER_SELECT(value)                                                                              \
	"SELECT m.household_id AS household_id, m.id AS member_id, m.division AS division, " value          \
	" AS value FROM members m JOIN households h ON h.id = m.household_id"                              \
	" WHERE m.division >= $1 AND m.division < $2 AND "
/* The check year's income row of a household. */
#define INCOME_SELECT(value)                                                                              \
	"SELECT h.id AS household_id, CAST(NULL AS BIGINT) AS member_id, h.division AS division, "        \
	value " AS value FROM households h JOIN household_incomes i ON i.household_id = h.id AND i.year = $3" \
	" WHERE h.division >= $1 AND h.division < $2 AND " LIVE " AND "

/* Another row with this ID number: their keyed hashes (which ignore the check character's case) are equal. */
#define SAME_ID(alias) alias ".id_number_hash = m.id_number_hash"

/* The poverty line in force in year i.year for h's province: the newest
 * line on or before that year, the province's own before the national one
 * (the same lookup as registry.c's LINE_SQL). */
#define POVERTY_LINE                                                                                      \
	"COALESCE((SELECT l.poverty_line FROM income_lines l WHERE l.province = substr(h.division, 1, 2)"  \
	" AND l.year <= i.year AND l.poverty_line IS NOT NULL ORDER BY l.year DESC LIMIT 1),"              \
	" (SELECT l.poverty_line FROM income_lines l WHERE l.province = '' AND l.year <= i.year"          \
	" AND l.poverty_line IS NOT NULL ORDER BY l.year DESC LIMIT 1))"

#define PARTS "(i.wages + i.production + i.property + i.transfers - i.costs)"
/* round(net / people), half away from zero, as registry_income_put does */
#define PER_CAPITA                                                                                        \
	"(CASE WHEN i.people <= 0 THEN NULL WHEN i.net >= 0 THEN (i.net + i.people / 2) / i.people"        \
	" ELSE -((-i.net + i.people / 2) / i.people) END)"
#define MEMBER_COUNT "(SELECT COUNT(*) FROM members c WHERE c.household_id = h.id)"

/* 11 digits starting with 1, or a landline with its area code. */
static bool phone_bad(const char *s)
{
	size_t n = strlen(s), digits = strspn(s, "0123456789");
	if (n == 11 && digits == 11 && s[0] == '1')
		return false;
	return !(s[0] == '0' && phone_valid(s));
}

/* An 18-character ID number whose birth date (digits 7-14) is not the member's. */
static bool birth_mismatch(const char *birth, const char *id)
{
	if (strlen(id) != 18)
		return false;
	char from_id[11];
	idcard_birth_date(id, from_id);
	if (*from_id == '\0')   /* not digits: the date the digits spell, as text, never matches a date */
		return true;
	return birth == NULL || strcmp(birth, from_id) != 0;
}

/* An 18-character ID number whose 17th digit gives the other sex. */
static bool sex_mismatch(const char *sex, const char *id)
{
	char from_id = strlen(id) == 18 ? idcard_sex(id) : '\0';
	return from_id != '\0' && (sex == NULL || sex[0] != from_id || sex[1] != '\0');
}

const struct check_rule check_rules[] = {
	/* ---- identity ---------------------------------------------------------------- */
	{ .code = "member_id_duplicate", .severity = "error", .level = "member", .field = "id_number",
	  .zh = "身份证号重复", .en = "The ID number is also another member's",
	  .sql = MEMBER_SELECT("m.id_number") LIVE " AND m.id_number_hash IS NOT NULL"
		 " AND EXISTS (SELECT 1 FROM members o WHERE " SAME_ID("o") " AND o.id <> m.id)",
	  .sealed = "members.id_number", .mask = CHECK_MASK_IDCARD },
	{ .code = "member_is_cadre", .severity = "warning", .level = "member", .field = "id_number",
	  .zh = "家庭成员同时登记为干部或党员，请核实", .en = "The member is also registered as a cadre or party member",
	  .sql = MEMBER_SELECT("m.id_number") LIVE " AND m.id_number_hash IS NOT NULL"
		 " AND EXISTS (SELECT 1 FROM people p WHERE " SAME_ID("p") ")",
	  .sealed = "members.id_number", .mask = CHECK_MASK_IDCARD },
	{ .code = "household_no_head", .severity = "error", .level = "household", .field = "relation",
	  .zh = "没有户主", .en = "The household has no head",
	  .sql = HH_SELECT("'0'") LIVE
		 " AND NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id AND m.relation = 'head')" },
	{ .code = "household_many_heads", .severity = "error", .level = "household", .field = "relation",
	  .zh = "户主多于一人", .en = "The household has more than one head",
	  .sql = "SELECT m.household_id AS household_id, CAST(NULL AS BIGINT) AS member_id, h.division AS division,"
		 " CAST(COUNT(*) AS TEXT) AS value FROM members m JOIN households h ON h.id = m.household_id"
		 " WHERE m.division >= $1 AND m.division < $2 AND " LIVE " AND m.relation = 'head'"
		 " GROUP BY m.household_id, h.division HAVING COUNT(*) > 1" },
	{ .code = "member_birth_mismatch", .severity = "error", .level = "member", .field = "birth_date",
	  .zh = "出生日期与身份证号不符", .en = "The birth date does not match the ID number",
	  .sql = MEMBER_SELECT(WITH_ID("m.birth_date")) LIVE " AND m.id_number IS NOT NULL AND m.id_number <> ''",
	  .keep_id = birth_mismatch },
	{ .code = "member_sex_mismatch", .severity = "error", .level = "member", .field = "sex",
	  .zh = "性别与身份证号不符", .en = "The sex does not match the ID number",
	  .sql = MEMBER_SELECT(WITH_ID("m.sex")) LIVE " AND m.id_number IS NOT NULL AND m.id_number <> ''",
	  .keep_id = sex_mismatch },
	/* ---- ages ------------------------------------------------------------------- */
	{ .code = "member_born_future", .severity = "error", .level = "member", .field = "birth_date",
	  .zh = "出生日期晚于今天", .en = "Born after today",
	  .sql = MEMBER_SELECT("m.birth_date") LIVE " AND m.birth_date > $3", .arg = CHECK_ARG_TODAY },
	{ .code = "member_too_old", .severity = "error", .level = "member", .field = "birth_date",
	  .zh = "年龄超过110岁", .en = "Older than 110",
	  .sql = MEMBER_SELECT("m.birth_date") LIVE " AND " AGE " > 110", .arg = CHECK_ARG_YEAR },
	{ .code = "head_too_young", .severity = "warning", .level = "member", .field = "birth_date",
	  .zh = "户主未满16周岁", .en = "The head of household is under 16",
	  .sql = MEMBER_SELECT("m.birth_date") LIVE " AND m.relation = 'head' AND " AGE " < 16",
	  .arg = CHECK_ARG_YEAR },
	/* ---- 两不愁三保障 (domain.md 1.7) ----------------------------------------------- */
	{ .code = "child_out_of_school", .severity = "error", .level = "member", .field = "school_status",
	  .zh = "6至15周岁儿童未在校且未说明原因", .en = "A child aged 6 to 15 is not in school and no reason is recorded",
	  .sql = MEMBER_SELECT("m.birth_date") TRACKED " AND " AGE " BETWEEN 6 AND 15"
		 " AND (m.school_status IS NULL OR m.school_status = 'none')"
		 " AND (m.school_note IS NULL OR m.school_note = '')",
	  .arg = CHECK_ARG_YEAR },
	{ .code = "member_no_medical", .severity = "error", .level = "member", .field = "insured_medical",
	  .zh = "未参加城乡居民基本医疗保险", .en = "Not in the basic medical insurance",
	  .sql = MEMBER_SELECT("CAST(m.insured_medical AS TEXT)") TRACKED
		 " AND (m.insured_medical IS NULL OR m.insured_medical <> 1)" },
	/* ---- exits (domain.md 2.1, 7.3) ----------------------------------------------- */
	{ .code = "exit_below_line", .severity = "error", .level = "household", .field = "per_capita",
	  .zh = "已脱贫户人均纯收入低于贫困线（错退风险）", .en = "An exited household is below the poverty line (wrong-exit risk)",
	  .sql = "SELECT x.household_id AS household_id, CAST(NULL AS BIGINT) AS member_id, x.division AS division,"
		 " CAST(x.year AS TEXT) || ': ' || CAST(x.per_capita AS TEXT) || ' < ' || CAST(x.line AS TEXT) AS value"
		 " FROM (SELECT h.id AS household_id, h.division AS division, i.year AS year, i.per_capita AS per_capita, "
		 POVERTY_LINE " AS line FROM households h JOIN household_incomes i ON i.household_id = h.id"
		 " WHERE h.division >= $1 AND h.division < $2 AND " EXITED
		 " AND i.year = (SELECT MAX(i2.year) FROM household_incomes i2 WHERE i2.household_id = h.id"
		 " AND i2.year <= $3)) x WHERE x.per_capita < x.line",
	  .arg = CHECK_ARG_YEAR },
	{ .code = "exit_unsafe_housing", .severity = "error", .level = "household", .field = "housing_grade",
	  .zh = "已脱贫户住房为C/D级危房，未改造也未搬迁", .en = "An exited household lives in a C or D grade house, not rebuilt or relocated",
	  .sql = HH_SELECT("h.housing_grade") EXITED " AND h.housing_grade IN ('C', 'D')"
		 " AND (h.housing_rebuilt IS NULL OR h.housing_rebuilt <> 1)"
		 " AND (h.relocation IS NULL OR h.relocation NOT IN ('centralized', 'scattered'))" },
	/* ---- income of the check year (domain.md 1.6) ------------------------------------ */
	{ .code = "income_net_mismatch", .severity = "error", .level = "household", .field = "net",
	  .zh = "纯收入不等于各项收入之和减生产经营性支出", .en = "The net income is not the sum of the parts less the costs",
	  /* a row without any part (the 人均纯收入 of an import) has no sum to compare */
	  .sql = INCOME_SELECT("CAST(i.net AS TEXT) || ' ≠ ' || CAST(" PARTS " AS TEXT)") "i.net <> " PARTS
		 " AND NOT (i.wages = 0 AND i.production = 0 AND i.property = 0 AND i.transfers = 0 AND i.costs = 0)",
	  .arg = CHECK_ARG_YEAR },
	{ .code = "income_per_capita_mismatch", .severity = "error", .level = "household", .field = "per_capita",
	  .zh = "人均纯收入不等于纯收入除以家庭人口", .en = "The per-capita income is not the net income divided by the people",
	  .sql = INCOME_SELECT("CAST(i.per_capita AS TEXT) || ' ≠ ' || COALESCE(CAST(" PER_CAPITA " AS TEXT), '-')")
		 "(i.people <= 0 OR i.per_capita <> " PER_CAPITA ")",
	  .arg = CHECK_ARG_YEAR },
	{ .code = "income_people_mismatch", .severity = "warning", .level = "household", .field = "people",
	  .zh = "收入登记的家庭人口与现有成员数不符", .en = "The people counted in the income differ from the members now registered",
	  .sql = INCOME_SELECT("CAST(i.people AS TEXT) || ' ≠ ' || CAST(" MEMBER_COUNT " AS TEXT)")
		 "i.people <> " MEMBER_COUNT,
	  .arg = CHECK_ARG_YEAR },
	/* ---- contact ---------------------------------------------------------------------- */
	{ .code = "household_phone_format", .severity = "warning", .level = "household", .field = "phone",
	  .zh = "户联系电话格式有误", .en = "The household's phone number is malformed",
	  .sql = HH_SELECT("h.phone") LIVE " AND h.phone IS NOT NULL AND h.phone <> ''",
	  .keep = phone_bad, .sealed = "households.phone", .mask = CHECK_MASK_PHONE },
	{ .code = "member_phone_format", .severity = "warning", .level = "member", .field = "phone",
	  .zh = "成员联系电话格式有误", .en = "The member's phone number is malformed",
	  .sql = MEMBER_SELECT("m.phone") LIVE " AND m.phone IS NOT NULL AND m.phone <> ''",
	  .keep = phone_bad, .sealed = "members.phone", .mask = CHECK_MASK_PHONE },
	/* ---- registration (domain.md 1.3, 1.4) ------------------------------------------- */
	{ .code = "registered_no_attribute", .severity = "error", .level = "household", .field = "attribute",
	  .zh = "建档立卡户未填贫困户属性", .en = "A registered household has no attribute",
	  .sql = HH_SELECT("CAST(NULL AS TEXT)") REGISTERED " AND (h.attribute IS NULL OR h.attribute = '')" },
	{ .code = "registered_no_cause", .severity = "error", .level = "household", .field = "main_cause",
	  .zh = "建档立卡户未填主要致贫原因", .en = "A registered household has no main cause of poverty",
	  .sql = HH_SELECT("CAST(NULL AS TEXT)") REGISTERED " AND (h.main_cause IS NULL OR h.main_cause = '')" },
	{ .code = "registered_no_year", .severity = "error", .level = "household", .field = "identified_year",
	  .zh = "建档立卡户未填识别年度", .en = "A registered household has no year of identification",
	  .sql = HH_SELECT("CAST(NULL AS TEXT)") REGISTERED " AND h.identified_year IS NULL" },
	{ .code = "attribute_without_benefit", .severity = "warning", .level = "household", .field = "attribute",
	  .zh = "低保或特困供养户没有成员享受低保或特困供养", .en = "A dibao or tekun household has no member with that benefit",
	  .sql = HH_SELECT("h.attribute") LIVE
		 " AND ((h.attribute = 'dibao' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.household_id = h.id"
		 " AND m.dibao = 1)) OR (h.attribute = 'tekun' AND NOT EXISTS (SELECT 1 FROM members m"
		 " WHERE m.household_id = h.id AND m.tekun = 1)))" },
	/* ---- the county check script (domain.md 3.8) ---------------------------------------- */
	/* 5_17_002 */
	{ .code = "primary_school_age", .severity = "error", .level = "member", .field = "school_status",
	  .zh = "在校生状况为小学，但年龄小于6岁或大于14岁", .en = "In primary school but younger than 6 or older than 14",
	  .sql = MEMBER_SELECT("m.birth_date") LIVE " AND m.school_status = 'primary' AND (" AGE " < 6 OR " AGE " > 14)",
	  .arg = CHECK_ARG_YEAR },
	/* 1_11_009 in spirit */
	{ .code = "monitored_no_measures", .severity = "warning", .level = "household", .field = "measures",
	  .zh = "监测户纳入监测后没有任何帮扶措施", .en = "A monitored household has had no help since monitoring began",
	  .sql = "SELECT mo.household_id AS household_id, CAST(NULL AS BIGINT) AS member_id, h.division AS division,"
		 " MIN(mo.started_on) AS value FROM monitoring mo JOIN households h ON h.id = mo.household_id"
		 " WHERE mo.division >= $1 AND mo.division < $2 AND " LIVE
		 " AND (mo.eliminated_on IS NULL OR mo.eliminated_on = '')"
		 " AND NOT EXISTS (SELECT 1 FROM measures x WHERE x.household_id = mo.household_id"
		 " AND x.given_on >= mo.started_on) GROUP BY mo.household_id, h.division" },
	/* monitoring apart from the status (domain.md 3.2, 3.6): the open case fits the household */
	{ .code = "monitor_category_mismatch", .severity = "error", .level = "household", .field = "category",
	  .zh = "监测对象类别与户状态不符（脱贫不稳定户须为已脱贫户，边缘易致贫户须为非建档立卡户）",
	  .en = "The monitoring category does not fit the status (unstable: exited; marginal: never registered)",
	  .sql = "SELECT mo.household_id AS household_id, CAST(NULL AS BIGINT) AS member_id, h.division AS division,"
		 " mo.category || '/' || h.status AS value FROM monitoring mo JOIN households h ON h.id = mo.household_id"
		 " WHERE mo.division >= $1 AND mo.division < $2 AND mo.eliminated_on IS NULL"
		 " AND ((mo.category = 'unstable' AND NOT " EXITED ") OR (mo.category = 'marginal'"
		 " AND h.status <> 'not_registered') OR h.status = 'removed')" },
	{ .code = "monitoring_two_open", .severity = "error", .level = "household", .field = "monitoring",
	  .zh = "同一户有多条未消除风险的监测记录", .en = "A household has more than one open monitoring case",
	  .sql = "SELECT mo.household_id AS household_id, CAST(NULL AS BIGINT) AS member_id, MIN(mo.division) AS division,"
		 " CAST(COUNT(*) AS TEXT) AS value FROM monitoring mo WHERE mo.division >= $1 AND mo.division < $2"
		 " AND mo.eliminated_on IS NULL GROUP BY mo.household_id HAVING COUNT(*) > 1" },
	/* months between the two dates, day against day: under 6 is too soon */
	{ .code = "eliminated_too_soon", .severity = "error", .level = "household", .field = "eliminated_on",
	  .zh = "纳入监测不满六个月即标记风险消除", .en = "The risk was marked eliminated less than six months after monitoring began",
	  .sql = "SELECT mo.household_id AS household_id, CAST(NULL AS BIGINT) AS member_id, mo.division AS division,"
		 " mo.started_on || '/' || mo.eliminated_on AS value FROM monitoring mo"
		 " WHERE mo.division >= $1 AND mo.division < $2 AND mo.eliminated_on IS NOT NULL AND mo.eliminated_on <> ''"
		 " AND ((CAST(substr(mo.eliminated_on, 1, 4) AS INTEGER) * 12 + CAST(substr(mo.eliminated_on, 6, 2) AS INTEGER))"
		 " - (CAST(substr(mo.started_on, 1, 4) AS INTEGER) * 12 + CAST(substr(mo.started_on, 6, 2) AS INTEGER)) < 6"
		 " OR ((CAST(substr(mo.eliminated_on, 1, 4) AS INTEGER) * 12 + CAST(substr(mo.eliminated_on, 6, 2) AS INTEGER))"
		 " - (CAST(substr(mo.started_on, 1, 4) AS INTEGER) * 12 + CAST(substr(mo.started_on, 6, 2) AS INTEGER)) = 6"
		 " AND substr(mo.eliminated_on, 9, 2) < substr(mo.started_on, 9, 2)))" },
	/* 3_01_008: under 16 on the day given (in the check year when the day is unknown) */
	{ .code = "public_post_under_16", .severity = "error", .level = "member", .field = "member_id",
	  .zh = "未满16周岁的成员安排了公益性岗位", .en = "A public-welfare job was given to a member under 16",
	  .sql = "SELECT m.household_id AS household_id, m.id AS member_id, m.division AS division, x.given_on AS value"
		 " FROM measures x JOIN members m ON m.id = x.member_id JOIN households h ON h.id = m.household_id"
		 " WHERE x.division >= $1 AND x.division < $2 AND " LIVE " AND x.type = 'public_post'"
		 " AND " BIRTH_YEAR("m.birth_date") " IS NOT NULL AND CASE WHEN x.given_on IS NOT NULL AND x.given_on <> ''"
		 " THEN (CAST(" BIRTH_YEAR("m.birth_date") " + 16 AS TEXT) || substr(m.birth_date, 5)) > x.given_on"
		 " ELSE " AGE " < 16 END",
	  .arg = CHECK_ARG_YEAR },
};

const int check_rules_count = (int)(sizeof(check_rules) / sizeof(check_rules[0]));

const struct check_rule *checks_rule_find(const char *code)
{
	for (int i = 0; code && i < check_rules_count; i++)
		if (strcmp(check_rules[i].code, code) == 0)
			return &check_rules[i];
	return NULL;
}

int64_t checks_default_year(struct db *db)
{
	int64_t year = 0;
	if (db_query_int(db, &year, "SELECT COALESCE(MAX(year), " STR(CHECKS_YEAR_DEFAULT) ") FROM household_incomes",
			 NULL) != DB_ROW || year <= 0)
		return CHECKS_YEAR_DEFAULT;
	return year;
}

/* ---- running the rules ---------------------------------------------------------- */

static struct db_stmt *rule_query(struct db *db, struct arena *a, const struct check_rule *rule, const char *lower,
				  const char *upper, int64_t year, const char *today)
{
	const char *sql = arena_printf(a,
		"SELECT f.household_id, f.member_id, f.division, f.value, h.household_no, m.name, d.name"
		" FROM (%s) f JOIN households h ON h.id = f.household_id LEFT JOIN members m ON m.id = f.member_id"
		" LEFT JOIN divisions d ON d.code = f.division"
		" ORDER BY f.division, f.household_id, COALESCE(f.member_id, 0)", rule->sql);
	switch (rule->arg) {
	case CHECK_ARG_YEAR: return db_query(db, sql, "tti", lower, upper, year);
	case CHECK_ARG_TODAY: return db_query(db, sql, "ttt", lower, upper, today);
	case CHECK_ARG_NONE: break;
	}
	return db_query(db, sql, "tt", lower, upper);
}

int checks_collect(struct db *db, const char *division, int64_t year,
		   int (*emit)(void *ctx, const struct check_finding *f), void *ctx)
{
	if (division == NULL)
		division = "";
	if (year <= 0)
		year = checks_default_year(db);
	char upper[DIVISION_CODE_MAX + 2], today[16];
	division_subtree_upper(division, upper);
	int64_t t = crud_today();
	snprintf(today, sizeof(today), "%04d-%02d-%02d", (int)(t / 10000), (int)(t / 100 % 100), (int)(t % 100));
	struct arena *a = arena_new();
	int ret = 0;
	for (int i = 0; i < check_rules_count && ret == 0; i++) {
		const struct check_rule *rule = &check_rules[i];
		struct db_stmt *st = rule_query(db, a, rule, division, upper, year, today);
		if (st == NULL) {
			log_error("check %s: %s", rule->code, db_errmsg(db));
			ret = DB_ERROR;
			break;
		}
		int rc = DB_DONE;
		while (ret == 0 && (rc = db_step(st)) == DB_ROW) {
			const char *value = db_column_text(st, 3);
			if (value && rule->sealed && (value = fieldcrypt_open_a(a, rule->sealed, value)) == NULL)
				continue;   /* another key's value: logged */
			if (value && rule->keep_id) {
				const char *bar = strrchr(value, '|');
				const char *id = bar ? fieldcrypt_open_a(a, "members.id_number", bar + 1) : NULL;
				value = bar && bar > value ? arena_strndup(a, value, (size_t)(bar - value)) : NULL;
				if (id == NULL || !rule->keep_id(value, id))
					continue;
			}
			if (rule->keep && !(value && rule->keep(value)))
				continue;
			char masked[64];
			if (value && rule->mask == CHECK_MASK_IDCARD) {
				idcard_mask(value, masked, sizeof(masked));
				value = masked;
			} else if (value && rule->mask == CHECK_MASK_PHONE) {
				phone_mask(value, masked, sizeof(masked));
				value = masked;
			}
			struct check_finding f = {
				.rule = rule,
				.household_id = db_column_int(st, 0),
				.member_id = db_column_is_null(st, 1) ? 0 : db_column_int(st, 1),
				.division = db_column_text(st, 2),
				.value = value,
				.household_no = db_column_text(st, 4),
				.member_name = db_column_is_null(st, 1) ? NULL : db_column_text(st, 5),
				.division_name = db_column_text(st, 6),
			};
			ret = emit(ctx, &f);
		}
		if (ret == 0 && rc != DB_DONE) {
			log_error("check %s: %s", rule->code, db_errmsg(db));
			ret = DB_ERROR;
		}
		db_finalize(st);
	}
	arena_free(a);
	return ret;
}

/* ---- counts per child division ---------------------------------------------------- */

struct bucket {
	const char *code;
	const char *name;
	int64_t count;
	bool named;      /* name looked up (or known) */
};

struct tally {
	struct arena *a;
	const char *root;
	size_t root_len, child_len;
	struct bucket *b;
	int n, cap, last;
};

static struct bucket *tally_push(struct tally *t, const char *code, size_t len)
{
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		struct bucket *nb = arena_alloc(t->a, sizeof(*nb) * (size_t)cap);
		if (t->n)
			memcpy(nb, t->b, sizeof(*nb) * (size_t)t->n);
		t->b = nb;
		t->cap = cap;
	}
	struct bucket *b = &t->b[t->n++];
	*b = (struct bucket){ .code = arena_strndup(t->a, code, len) };
	return b;
}

/* The buckets start as the children recorded in divisions, all at zero. */
static int tally_init(struct tally *t, struct arena *a, struct db *db, const char *root)
{
	*t = (struct tally){ .a = a, .root = root, .root_len = strlen(root), .last = -1 };
	t->child_len = (size_t)division_child_length(root);
	if (t->root_len == 0)
		return 0;
	struct db_stmt *st = db_query(db, "SELECT code, name FROM divisions WHERE parent_code = $1 ORDER BY code", "t", root);
	int rc = st ? db_step(st) : DB_ERROR;
	for (; rc == DB_ROW; rc = db_step(st)) {
		const char *code = db_column_text(st, 0);
		struct bucket *b = tally_push(t, code, strlen(code));
		b->name = arena_strdup(a, db_column_text(st, 1));
		b->named = true;
	}
	db_finalize(st);
	return rc == DB_DONE ? 0 : DB_ERROR;
}

static void tally_add(struct tally *t, const char *division)
{
	size_t len = strlen(division);
	size_t key = len > t->root_len && len >= t->child_len ? t->child_len : len;
	if (t->last >= 0 && strlen(t->b[t->last].code) == key && !strncmp(t->b[t->last].code, division, key)) {
		t->b[t->last].count++;
		return;
	}
	for (int i = 0; i < t->n; i++)
		if (strlen(t->b[i].code) == key && !strncmp(t->b[i].code, division, key)) {
			t->b[i].count++;
			t->last = i;
			return;
		}
	tally_push(t, division, key)->count = 1;
	t->last = t->n - 1;
}

static int bucket_cmp(const void *x, const void *y)
{
	return strcmp(((const struct bucket *)x)->code, ((const struct bucket *)y)->code);
}

/* Sort the buckets and look up the names not known yet. */
static void tally_finish(struct tally *t, struct db *db)
{
	for (int i = 0; i < t->n; i++) {
		if (t->b[i].named)
			continue;
		struct db_stmt *st = db_query(db, "SELECT name FROM divisions WHERE code = $1", "t", t->b[i].code);
		if (st && db_step(st) == DB_ROW)
			t->b[i].name = arena_strdup(t->a, db_column_text(st, 0));
		db_finalize(st);
		t->b[i].named = true;
	}
	if (t->n > 1)
		qsort(t->b, (size_t)t->n, sizeof(*t->b), bucket_cmp);
}

/* ---- API -------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

struct run_ctx {
	const struct check_rule *only;   /* ?rule= */
	int64_t *per_rule;               /* by index in check_rules */
	int64_t total, from, to;         /* the page is findings [from, to) */
	json_t *items;
	struct tally tally;
};

static int run_emit(void *ctx, const struct check_finding *f)
{
	struct run_ctx *c = ctx;
	c->per_rule[f->rule - check_rules]++;
	if (c->only && f->rule != c->only)
		return 0;
	tally_add(&c->tally, f->division);
	int64_t k = c->total++;
	if (k < c->from || k >= c->to)
		return 0;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:o}",
			      "rule", f->rule->code, "severity", f->rule->severity, "zh", f->rule->zh, "en", f->rule->en,
			      "household_id", (json_int_t)f->household_id, "household_no", str_or_null(f->household_no),
			      "member_id", f->member_id ? json_integer(f->member_id) : json_null(),
			      "member_name", str_or_null(f->member_name), "division", str_or_null(f->division),
			      "division_name", str_or_null(f->division_name), "field", f->rule->field,
			      "value", str_or_null(f->value));
	json_array_append_new(c->items, o);
	return 0;
}

int checks_run(struct req *r)
{
	struct paging pg;
	int st = paging_from_query(r, &pg);
	if (st)
		return st;
	const char *division;
	if ((st = req_query_division(r, "division", &division)) != 0)
		return st;
	if (division == NULL)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请指定要核查的区划", "Give the division to check", "division");
	int64_t exists = 0;
	if (!scope_allows(r->user, division))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	if (db_query_int(r->db, &exists, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", division) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (exists == 0)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	int64_t year = 0;
	const char *ys = req_query(r, "year");
	if (ys && *ys) {
		if ((st = registry_year_or_reply(r, ys, &year)) != 0)
			return st;
	} else
		year = checks_default_year(r->db);
	const char *rule = req_query(r, "rule");
	struct run_ctx c = { .from = pg.offset, .to = pg.offset + pg.page_size };
	if (rule && *rule && (c.only = checks_rule_find(rule)) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "没有这条核查规则", "No such check rule", "rule");
	c.per_rule = arena_zalloc(r->arena, sizeof(*c.per_rule) * (size_t)check_rules_count);
	if (tally_init(&c.tally, r->arena, r->db, division))
		return reply_error(r, ERR_INTERNAL, NULL);
	c.items = json_array();
	if (checks_collect(r->db, division, year, run_emit, &c) != 0) {
		json_decref(c.items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	tally_finish(&c.tally, r->db);

	json_t *by_rule = json_array();
	for (int i = 0; i < check_rules_count; i++)
		json_array_append_new(by_rule, json_pack("{s:s, s:s, s:s, s:s, s:I}", "rule", check_rules[i].code,
							 "severity", check_rules[i].severity, "zh", check_rules[i].zh,
							 "en", check_rules[i].en, "count", (json_int_t)c.per_rule[i]));
	json_t *by_division = json_array();
	for (int i = 0; i < c.tally.n; i++)
		json_array_append_new(by_division, json_pack("{s:s, s:o, s:I}", "division", c.tally.b[i].code,
							     "name", str_or_null(c.tally.b[i].name),
							     "count", (json_int_t)c.tally.b[i].count));
	int status = reply_list(r, c.items, c.total, pg.page, pg.page_size);
	json_object_set_new(r->out, "division", json_string(division));
	json_object_set_new(r->out, "year", json_integer(year));
	json_object_set_new(r->out, "by_rule", by_rule);
	json_object_set_new(r->out, "by_division", by_division);
	return status;
}

int checks_rules(struct req *r)
{
	json_t *items = json_array();
	for (int i = 0; i < check_rules_count; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code", check_rules[i].code,
						       "severity", check_rules[i].severity, "zh", check_rules[i].zh,
						       "en", check_rules[i].en, "level", check_rules[i].level,
						       "field", check_rules[i].field));
	return reply_list(r, items, check_rules_count, 1, check_rules_count);
}

/* ---- command line ------------------------------------------------------------------ */

struct cli_ctx {
	int64_t *per_rule;
	int64_t total;
	struct tally tally;
};

static int cli_emit(void *ctx, const struct check_finding *f)
{
	struct cli_ctx *c = ctx;
	c->per_rule[f->rule - check_rules]++;
	c->total++;
	tally_add(&c->tally, f->division);
	return 0;
}

int checks_cli_ex(struct db *db, const char *division, int64_t year, FILE *out, int *errors)
{
	if (division == NULL)
		division = "";
	if (errors)
		*errors = 0;
	struct arena *a = arena_new();
	const char *name = "全国";
	if (*division) {
		struct db_stmt *st = db_query(db, "SELECT name FROM divisions WHERE code = $1", "t", division);
		int rc = st ? db_step(st) : DB_ERROR;
		if (rc == DB_ROW)
			name = arena_strdup(a, db_column_text(st, 0));
		db_finalize(st);
		if (rc != DB_ROW) {
			if (rc == DB_DONE)
				fprintf(stderr, "lianxin: no division \"%s\"\n", division);
			else
				fprintf(stderr, "lianxin: %s\n", db_errmsg(db));
			arena_free(a);
			return -1;
		}
	}
	if (year <= 0)
		year = checks_default_year(db);
	struct cli_ctx c = { .per_rule = arena_zalloc(a, sizeof(int64_t) * (size_t)check_rules_count) };
	if (tally_init(&c.tally, a, db, division) || checks_collect(db, division, year, cli_emit, &c) != 0) {
		fprintf(stderr, "lianxin: the checks failed: %s\n", db_errmsg(db));
		arena_free(a);
		return -1;
	}
	tally_finish(&c.tally, db);
	int64_t nerr = 0, nwarn = 0;
	fprintf(out, "checks of %s %s, year %lld\n\n%8s  %-8s %-28s %s\n", *division ? division : "(all)", name,
		(long long)year, "count", "severity", "rule", "description");
	for (int i = 0; i < check_rules_count; i++) {
		const struct check_rule *rule = &check_rules[i];
		fprintf(out, "%8lld  %-8s %-28s %s (%s)\n", (long long)c.per_rule[i], rule->severity, rule->code, rule->zh,
			rule->en);
		if (strcmp(rule->severity, "error") == 0)
			nerr += c.per_rule[i];
		else
			nwarn += c.per_rule[i];
	}
	fprintf(out, "\nby division:\n");
	for (int i = 0; i < c.tally.n; i++)
		fprintf(out, "%8lld  %-15s %s\n", (long long)c.tally.b[i].count, c.tally.b[i].code,
			c.tally.b[i].name ? c.tally.b[i].name : "");
	fprintf(out, "\n%lld findings: %lld errors, %lld warnings\n", (long long)c.total, (long long)nerr,
		(long long)nwarn);
	arena_free(a);
	if (errors)
		*errors = nerr > 1000000000 ? 1000000000 : (int)nerr;
	return c.total > 1000000000 ? 1000000000 : (int)c.total;
}

int checks_cli(struct db *db, const char *division, int64_t year, FILE *out)
{
	return checks_cli_ex(db, division, year, out, NULL);
}
