/*
 * eligibility.c - who may exit: the conditions of a household for a year
 * (income stably above the line, 两不愁三保障, drinking water) and the
 * proposal list of a village, GET /exits/eligibility?division=&year=; a poor
 * village's and a poor county's conditions (incidence, the village's
 * recorded conditions, the county's sampled 两率一度), GET /exits/villages
 * and PUT /exits/villages/{code}/conditions/{year}.
 */
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/listing.h"
#include "modules/procedures/procedures.h"
#include "modules/procedures/procedures_internal.h"
#include "modules/registry/registry.h"

/* The poverty line of year for the province of division: the province's own, else the national one. */
#define LINE_SQL                                                                                                \
	"SELECT COALESCE((SELECT poverty_line FROM income_lines WHERE province = substr($1, 1, 2) AND year <= $2" \
	" AND poverty_line IS NOT NULL ORDER BY year DESC LIMIT 1), (SELECT poverty_line FROM income_lines"      \
	" WHERE province = '' AND year <= $2 AND poverty_line IS NOT NULL ORDER BY year DESC LIMIT 1), -1)"

static int income_condition(struct req *r, int64_t household_id, const char *division, int64_t year, json_t *out,
			    bool *met)
{
	for (int64_t y = year - 1; y <= year; y++) {
		int64_t line = -1, per_capita = -1;
		int rc = db_query_int(r->db, &line, LINE_SQL, "ti", division, y);
		if (rc != DB_ROW)
			return DB_ERROR;
		rc = db_query_int(r->db, &per_capita, "SELECT per_capita FROM household_incomes WHERE household_id = $1"
				  " AND year = $2", "ii", household_id, y);
		if (rc != DB_ROW && rc != DB_DONE)
			return rc;
		bool ok = rc == DB_ROW && line >= 0 && per_capita > line;
		const char *detail = rc == DB_DONE ? arena_printf(r->arena, "缺少 %lld 年收入", (long long)y)
				     : line < 0    ? arena_printf(r->arena, "%lld 年没有贫困线", (long long)y)
						   : arena_printf(r->arena, "%lld 年人均纯收入 %lld 元，%s贫困线 %lld 元",
								  (long long)y, (long long)per_capita,
								  ok ? "高于" : "未高于", (long long)line);
		json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:s}", "code", y == year ? "income" : "income_before",
						     "zh", y == year ? "当年人均纯收入高于贫困线" : "上年人均纯收入高于贫困线（收入稳定）",
						     "met", ok, "detail", detail));
		*met = *met && ok;
	}
	return DB_OK;
}

int exit_conditions(struct req *r, int64_t household_id, const char *division, int64_t year, json_t **conditions,
		    bool *eligible)
{
	json_t *out = json_array();
	*eligible = true;
	int rc = income_condition(r, household_id, division, year, out, eligible);
	json_t *g = NULL;
	if (rc == DB_OK)
		rc = registry_guarantees(r, household_id, year, &g);
	if (rc != DB_OK) {
		json_decref(out);
		return rc;
	}
	size_t i;
	json_t *ind;
	json_array_foreach(json_object_get(g, "indicators"), i, ind) {
		bool ok = json_is_true(json_object_get(ind, "value"));
		const char *reason = json_string_value(json_object_get(ind, "reason"));
		json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:s}", "code", json_string_value(json_object_get(ind, "indicator")),
						     "zh", json_string_value(json_object_get(ind, "zh")), "met", ok, "detail",
						     reason ? reason : ok ? "已达标" : "未达标或未记录"));
		*eligible = *eligible && ok;
	}
	json_decref(g);
	*conditions = out;
	return DB_OK;
}

/* ?division= (a village or below, in scope) &year= &page= &page_size=: the registered poor
 * households of the village with their conditions, paged; the totals count the whole village. */
int exits_eligibility(struct req *r)
{
	const char *division;
	int64_t year = 0;
	struct paging pg;
	int st = req_query_division(r, "division", &division);
	if (!st)
		st = req_query_int(r, "year", REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &year);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	if (division == NULL || strlen(division) < 12)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请选择一个村（12位区划代码）", "Choose a village (a 12-digit code)",
				       "division");
	if (year == 0)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请给出年度", "Give the year", "year");
	if (!scope_allows(r->user, division))
		return reply_error_msg(r, ERR_NOT_FOUND, "区划不在您的管辖范围内", "The division is outside your scope", "division");
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT id, head_name, household_no, division, status, COUNT(*) OVER () FROM households"
		       " WHERE status IN ('poor', 'relapsed') AND ");
	sqlbuf_subtree(&b, "division", division);
	sqlbuf_add(&b, " ORDER BY household_no, id");
	sqlbuf_page(&b, pg.page_size, pg.offset);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	struct hh {
		int64_t id;
		const char *head, *no, *division, *status;
	} *list = arena_alloc(r->arena, (size_t)pg.page_size * sizeof(*list));
	int rc, n = 0;
	int64_t total = 0;
	while ((rc = db_step(q)) == DB_ROW && n < pg.page_size) {
		list[n++] = (struct hh){ db_column_int(q, 0), arena_strdup(r->arena, db_column_text(q, 1)),
					 arena_strdup(r->arena, db_column_text(q, 2)), arena_strdup(r->arena, db_column_text(q, 3)),
					 arena_strdup(r->arena, db_column_text(q, 4)) };
		total = db_column_int(q, 5);
	}
	db_finalize(q);
	if (rc != DB_ROW && rc != DB_DONE)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		json_t *conditions;
		bool ok;
		if (exit_conditions(r, list[i].id, list[i].division, year, &conditions, &ok) != DB_OK) {
			json_decref(items);
			return reply_error(r, ERR_INTERNAL, NULL);
		}
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:I, s:b, s:o}", "household_id",
						       (json_int_t)list[i].id, "head_name", list[i].head, "household_no",
						       list[i].no, "status", list[i].status, "year", (json_int_t)year,
						       "eligible", ok, "conditions", conditions));
	}
	return reply_list(r, items, total, pg.page, pg.page_size);
}

/* ---- a poor village's and a poor county's exit ---------------------------------------- */

/* A village's conditions besides its incidence (recorded per year, village_conditions). */
static const struct { const char *code, *zh; } village_indicators[] = {
	{ "collective_income", "村集体经济有稳定收入" }, { "road", "通硬化路" }, { "water", "安全饮水" },
	{ "electricity", "通生产生活用电" }, { "broadband", "通宽带网络" }, { "clinic", "有标准化卫生室" },
	{ "service_centre", "有综合服务中心" },
};
#define NINDICATORS (int)(sizeof(village_indicators) / sizeof(village_indicators[0]))

/* A county's sampled rates: 错退率 and 漏评率 under 2 %, 群众认可度 at least 90 %. */
#define WRONG_EXIT_MAX 2.0
#define MISSED_MAX 2.0
#define RECOGNITION_MIN 90.0

static void condition(json_t *out, const char *code, const char *zh, bool met, const char *detail, bool *all)
{
	json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:s}", "code", code, "zh", zh, "met", met, "detail", detail));
	*all = *all && met;
}

/* The incidence of a subtree: registered poor people (members of poor and relapsed households) over
 * the population the division tree records (or, without one, the members of all its households). */
static int incidence(struct req *r, const char *kind, const char *division, int64_t year, json_t *figures, double *rate,
		     double *threshold)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(division, upper);
	int64_t population = 0, poor = 0, western = 0;
	int rc = db_query_int(r->db, &population, "SELECT COALESCE(population, 0) FROM divisions WHERE code = $1", "t",
			      division);
	if (rc == DB_ROW && population == 0)
		rc = db_query_int(r->db, &population, "SELECT COUNT(*) FROM members WHERE division >= $1 AND division < $2",
				  "tt", division, upper);
	if (rc == DB_ROW)
		rc = db_query_int(r->db, &poor, "SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id"
				  " WHERE h.division >= $1 AND h.division < $2 AND h.status IN ('poor', 'relapsed')", "tt",
				  division, upper);
	if (rc == DB_ROW)
		rc = db_query_int(r->db, &western, "SELECT COALESCE(MAX(western), 0) FROM divisions WHERE code = substr($1, 1, 6)",
				  "t", division);
	int64_t permille = 0;
	if (rc != DB_ROW || procedure_setting(r->db, kind, "", "incidence_permille", division, year, western ? 30 : 20,
					      &permille) != DB_OK)
		return DB_ERROR;
	*rate = population ? 100.0 * (double)poor / (double)population : 0;
	*threshold = (double)permille / 10;
	json_object_set_new(figures, "population", json_integer(population));
	json_object_set_new(figures, "poor_people", json_integer(poor));
	json_object_set_new(figures, "incidence", json_real((double)(int64_t)(*rate * 100 + 0.5) / 100));
	json_object_set_new(figures, "threshold", json_real(*threshold));
	json_object_set_new(figures, "western", json_boolean(western));
	return DB_OK;
}

/* The county's latest sampling audit up to year: its 两率一度 as conditions. */
static int sampling_conditions(struct req *r, const char *county, int64_t year, json_t *out, json_t *figures, bool *all)
{
	struct db_stmt *q = db_query(r->db, "SELECT s.id, s.year,"
				     " SUM(CASE WHEN h.grp = 'exited' AND h.rightly_exited IS NOT NULL THEN 1 ELSE 0 END),"
				     " SUM(CASE WHEN h.grp = 'exited' AND h.rightly_exited = 0 THEN 1 ELSE 0 END),"
				     " SUM(CASE WHEN h.grp = 'unregistered' AND h.should_be_in IS NOT NULL THEN 1 ELSE 0 END),"
				     " SUM(CASE WHEN h.grp = 'unregistered' AND h.should_be_in = 1 THEN 1 ELSE 0 END),"
				     " SUM(CASE WHEN h.recognises IS NOT NULL THEN 1 ELSE 0 END),"
				     " SUM(CASE WHEN h.recognises = 1 THEN 1 ELSE 0 END)"
				     " FROM samplings s JOIN sampling_households h ON h.sampling_id = s.id"
				     " WHERE s.division = $1 AND s.year <= $2 GROUP BY s.id, s.year ORDER BY s.year DESC, s.id DESC"
				     " LIMIT 1", "ti", county, year);
	if (q == NULL)
		return DB_ERROR;
	int rc = db_step(q);
	if (rc == DB_ROW) {
		int64_t v[6];
		for (int i = 0; i < 6; i++)
			v[i] = db_column_int(q, 2 + i);
		double wrong = v[0] ? 100.0 * (double)v[1] / (double)v[0] : 0, missed = v[2] ? 100.0 * (double)v[3] / (double)v[2] : 0,
		       recog = v[4] ? 100.0 * (double)v[5] / (double)v[4] : 0;
		json_object_set_new(figures, "sampling_id", json_integer(db_column_int(q, 0)));
		condition(out, "wrong_exit", "错退率低于 2%", v[0] > 0 && wrong < WRONG_EXIT_MAX,
			  arena_printf(r->arena, "抽查已脱贫户 %lld 户，错退 %lld 户（%.1f%%）", (long long)v[0], (long long)v[1], wrong),
			  all);
		condition(out, "missed", "漏评率低于 2%", v[2] > 0 && missed < MISSED_MAX,
			  arena_printf(r->arena, "抽查非建档立卡户 %lld 户，漏评 %lld 户（%.1f%%）", (long long)v[2], (long long)v[3], missed),
			  all);
		condition(out, "recognition", "群众认可度不低于 90%", v[4] > 0 && recog >= RECOGNITION_MIN,
			  arena_printf(r->arena, "受访 %lld 户，认可 %lld 户（%.1f%%）", (long long)v[4], (long long)v[5], recog), all);
	} else if (rc == DB_DONE) {
		condition(out, "sampling", "有抽查评估（错退率、漏评率、群众认可度）", false, "尚无该县的抽查评估", all);
	}
	db_finalize(q);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : DB_ERROR;
}

int place_conditions(struct req *r, enum procedure_subject subject, const char *division, int64_t year,
		     json_t **conditions, json_t **figures, bool *eligible)
{
	json_t *out = json_array(), *fig = json_object();
	*eligible = true;
	double rate, threshold;
	int rc = incidence(r, subject == SUBJECT_VILLAGE ? "village_exit" : "county_exit", division, year, fig, &rate,
			   &threshold);
	if (rc == DB_OK)
		condition(out, "incidence", arena_printf(r->arena, "贫困发生率低于 %.1f%%", threshold), rate < threshold,
			  arena_printf(r->arena, "贫困发生率 %.2f%%（建档立卡贫困人口 %lld 人 / %lld 人）", rate,
				       (long long)json_integer_value(json_object_get(fig, "poor_people")),
				       (long long)json_integer_value(json_object_get(fig, "population"))),
			  eligible);
	for (int i = 0; rc == DB_OK && subject == SUBJECT_VILLAGE && i < NINDICATORS; i++) {
		struct db_stmt *q = db_query(r->db, "SELECT met, note FROM village_conditions WHERE division = $1 AND year = $2"
					     " AND indicator = $3", "tit", division, year, village_indicators[i].code);
		int step = q ? db_step(q) : DB_ERROR;
		bool met = step == DB_ROW && db_column_int(q, 0) != 0;
		const char *note = step == DB_ROW && !db_column_is_null(q, 1) ? arena_strdup(r->arena, db_column_text(q, 1)) : NULL;
		db_finalize(q);
		if (step != DB_ROW && step != DB_DONE)
			rc = DB_ERROR;
		else {
			condition(out, village_indicators[i].code, village_indicators[i].zh, met,
				  note ? note : step == DB_DONE ? "未录入" : met ? "已达标" : "未达标", eligible);
			/* what was recorded, for the page that edits it */
			json_t *c = json_array_get(out, json_array_size(out) - 1);
			json_object_set_new(c, "recorded", json_boolean(step == DB_ROW));
			json_object_set_new(c, "note", note ? json_string(note) : json_null());
		}
	}
	if (rc == DB_OK && subject == SUBJECT_COUNTY)
		rc = sampling_conditions(r, division, year, out, fig, eligible);
	if (rc != DB_OK) {
		json_decref(out);
		json_decref(fig);
		return rc;
	}
	*conditions = out;
	*figures = fig;
	return DB_OK;
}

/* PUT /exits/villages/{code}/conditions/{year}: {"road": {"met": true, "note": "..."}, ...} */
int village_conditions_put(struct req *r)
{
	const char *code = req_param(r, 0);
	int64_t year;
	int st = registry_year_or_reply(r, req_param(r, 1), &year);
	if (st)
		return st;
	if (code == NULL || strlen(code) != 12 || division_level(code) == DIV_INVALID || !scope_allows(r->user, code))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	if (!json_is_object(r->json) || json_object_size(r->json) == 0)
		return reply_error_msg(r, ERR_BAD_JSON, "请给出至少一项条件", "Give at least one condition", NULL);
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v) {
		bool known = false;
		for (int i = 0; i < NINDICATORS; i++)
			known = known || !strcmp(village_indicators[i].code, key);
		if (!known)
			return reply_error(r, ERR_UNKNOWN_FIELD, arena_strdup(r->arena, key));
		json_t *met = json_object_get(v, "met"), *note = json_object_get(v, "note");
		if (!json_is_object(v) || !json_is_boolean(met) || (note && !json_is_null(note) && !json_is_string(note)))
			return reply_error_msg(r, ERR_VALIDATION, "每项条件应为 {是否达标, 说明}", "Each condition is {met, note?}",
					       arena_strdup(r->arena, key));
	}
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int rc = DB_OK;
	json_object_foreach(r->json, key, v) {
		json_t *note = json_object_get(v, "note");
		if (rc == DB_OK)
			rc = db_exec(r->db, "DELETE FROM village_conditions WHERE division = $1 AND year = $2 AND indicator = $3",
				     "tit", code, year, key);
		if (rc == DB_OK)
			rc = db_exec(r->db, "INSERT INTO village_conditions (division, year, indicator, met, note, updated_at)"
				     " VALUES ($1, $2, $3, $4, $5, $6)", "tititi", code, year, key,
				     (int64_t)json_is_true(json_object_get(v, "met")), json_string_value(note), clock_now());
	}
	struct audit_entry e = { .action = "update", .entity = "village_conditions",
				 .entity_id = arena_printf(r->arena, "%s/%lld", code, (long long)year), .division = code,
				 .after = r->json };
	st = audit_commit_reply(r, rc, &e);
	if (st)
		return st;
	json_t *conditions, *figures;
	bool eligible;
	if (place_conditions(r, SUBJECT_VILLAGE, code, year, &conditions, &figures, &eligible) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 200, json_pack("{s:s, s:I, s:b, s:o, s:o}", "division", code, "year", (json_int_t)year,
					    "eligible", eligible, "figures", figures, "conditions", conditions));
}

/* GET /exits/villages?division=&year=: the poor villages under division, each with its conditions. */
static int villages_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)ctx;
	sqlbuf_add(b, " FROM divisions d WHERE d.level = 'village' AND d.poor_village = 1 AND ");
	return listing_scope_where(r, b, "d.code");
}

static json_t *village_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	const int64_t *year = ctx;
	const char *code = db_column_text(st, 0);
	json_t *conditions = NULL, *figures = NULL;
	bool eligible = false;
	if (place_conditions(r, SUBJECT_VILLAGE, code, *year, &conditions, &figures, &eligible) != DB_OK)
		return json_object();
	json_t *o = json_pack("{s:s, s:s, s:o, s:b, s:o, s:o}", "division", code, "name", db_column_text(st, 1), "exit_year",
			      db_column_is_null(st, 2) ? json_null() : json_integer(db_column_int(st, 2)), "eligible",
			      eligible, "figures", figures, "conditions", conditions);
	return o;
}

int exits_villages(struct req *r)
{
	int64_t *year = arena_alloc(r->arena, sizeof(*year));
	*year = 0;
	int st = req_query_int(r, "year", REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, year);
	if (st)
		return st;
	if (*year == 0)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请给出年度", "Give the year", "year");
	const struct listing l = { .columns = "d.code, d.name, d.poverty_exit_year", .order = "d.code", .from = villages_from,
				   .row = village_row, .ctx = year };
	return listing_reply(r, &l);
}
