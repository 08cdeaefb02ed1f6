/*
 * eligibility.c - who may exit: the conditions of a household for a year
 * (income stably above the line, 两不愁三保障, drinking water) and the
 * proposal list of a village, GET /exits/eligibility?division=&year=.
 */
#include <string.h>

#include "auth/scope.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
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
