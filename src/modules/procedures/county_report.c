/*
 * county_report.c - the evidence a county assembles for its exit (摘帽):
 * GET /exits/county-report?division=COUNTY&year=&format=json|xlsx.  The
 * conditions (incidence under the line, the latest sampling's 错退率,
 * 漏评率 and 群众认可度), households and people exited by year, the poor
 * villages and when each exited, and the cases still open; as JSON for the
 * printable page, or as an XLSX workbook of the same rows.
 */
#include <string.h>

#include "auth/scope.h"
#include "core/division.h"
#include "core/xlsx_write.h"
#include "http/reply.h"
#include "modules/procedures/procedures.h"
#include "modules/procedures/procedures_internal.h"
#include "modules/registry/registry.h"

/* Rows of (label, value) the JSON and the workbook share: one table per section. */
static json_t *rows_of(struct req *r, const char *sql, const char *county, const char *upper)
{
	json_t *a = json_array();
	struct db_stmt *q = db_query(r->db, sql, "tt", county, upper);
	while (q && db_step(q) == DB_ROW) {
		json_t *row = json_array();
		for (int i = 0; i < db_column_count(q); i++)
			json_array_append_new(row, db_column_is_null(q, i) ? json_null() : json_string(db_column_text(q, i)));
		json_array_append_new(a, row);
	}
	db_finalize(q);
	return a;
}

static const struct section {
	const char *key, *zh, *columns, *sql;
} sections[] = {
	{ "exits_by_year", "历年脱贫户数和人数", "年度,户数,人数",
	  "SELECT h.exited_year, COUNT(DISTINCT h.id), COUNT(m.id) FROM households h LEFT JOIN members m"
	  " ON m.household_id = h.id WHERE h.division >= $1 AND h.division < $2 AND h.exited_year IS NOT NULL"
	  " GROUP BY h.exited_year ORDER BY h.exited_year" },
	{ "villages", "贫困村及退出年度", "区划代码,村名,退出年度",
	  "SELECT code, name, poverty_exit_year FROM divisions WHERE code >= $1 AND code < $2 AND level = 'village'"
	  " AND poor_village = 1 ORDER BY code" },
	{ "open_cases", "进行中的程序", "程序,件数",
	  "SELECT kind, COUNT(*) FROM procedures WHERE division >= $1 AND division < $2 AND status = 'open'"
	  " GROUP BY kind ORDER BY kind" },
};
#define NSECTIONS (int)(sizeof(sections) / sizeof(sections[0]))

static int write_xlsx(struct req *r, json_t *report)
{
	char err[256];
	struct sheet_writer *w = sheet_writer_open(SHEET_XLSX, "摘帽评估", err, sizeof(err));
	if (w == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	sheet_writer_width(w, 0, 36);
	sheet_writer_width(w, 1, 24);
	sheet_writer_width(w, 2, 60);
	int row = 0, rc = 0;
	const unsigned bold[3] = { SHEET_BOLD, SHEET_BOLD, SHEET_BOLD };
	const char *title[3] = { json_string_value(json_object_get(report, "name")), "退出评估",
				 arena_printf(r->arena, "%lld 年", (long long)json_integer_value(json_object_get(report, "year"))) };
	rc |= sheet_writer_row(w, row++, title, bold, 3);
	const char *head[3] = { "条件", "是否达到", "说明" };
	rc |= sheet_writer_row(w, row++, head, bold, 3);
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(report, "conditions"), i, c) {
		bool met = json_is_true(json_object_get(c, "met"));
		const char *cells[3] = { json_string_value(json_object_get(c, "zh")), met ? "达到" : "未达到",
					 json_string_value(json_object_get(c, "detail")) };
		const unsigned flags[3] = { 0, met ? 0u : SHEET_BAD, 0 };
		rc |= sheet_writer_row(w, row++, cells, flags, 3);
	}
	for (int s = 0; s < NSECTIONS; s++) {
		row++;
		const char *label[1] = { sections[s].zh };
		rc |= sheet_writer_row(w, row++, label, bold, 1);
		char cols[64];
		snprintf(cols, sizeof(cols), "%s", sections[s].columns);
		const char *hc[3] = { NULL, NULL, NULL };
		int n = 0;
		for (char *p = cols; p && n < 3; n++) {
			hc[n] = p;
			p = strchr(p, ',');
			if (p)
				*p++ = '\0';
		}
		rc |= sheet_writer_row(w, row++, hc, bold, n);
		json_t *line;
		json_array_foreach(json_object_get(report, sections[s].key), i, line) {
			const char *cells[3] = { NULL, NULL, NULL };
			for (int k = 0; k < n; k++)
				cells[k] = json_string_value(json_array_get(line, (size_t)k));
			rc |= sheet_writer_row(w, row++, cells, NULL, n);
		}
	}
	return reply_sheet(r, w, rc, SHEET_XLSX, "county-exit-report.xlsx");
}

int exits_county_report(struct req *r)
{
	const char *county, *format = req_query(r, "format");
	int64_t year = 0;
	int st = req_query_division(r, "division", &county);
	if (!st)
		st = req_query_int(r, "year", REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &year);
	if (st)
		return st;
	if (county == NULL || strlen(county) != 6)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请给出县（6位区划代码）", "Give the county (6 digits)", "division");
	if (year == 0)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请给出年度", "Give the year", "year");
	if (format && *format && strcmp(format, "json") && strcmp(format, "xlsx"))
		return reply_error_msg(r, ERR_VALIDATION, "格式应为 JSON 或 XLSX", "format is json or xlsx", "format");
	if (!scope_allows(r->user, county))
		return reply_error_msg(r, ERR_NOT_FOUND, "区划不在您的管辖范围内", "The division is outside your scope", "division");
	const char *name = NULL;
	struct db_stmt *q = db_query(r->db, "SELECT name FROM divisions WHERE code = $1", "t", county);
	if (q && db_step(q) == DB_ROW)
		name = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	if (name == NULL)
		return reply_error(r, ERR_NOT_FOUND, "division");
	json_t *conditions, *figures;
	bool eligible;
	if (place_conditions(r, SUBJECT_COUNTY, county, year, &conditions, &figures, &eligible) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(county, upper);
	json_t *report = json_pack("{s:s, s:s, s:I, s:b, s:o, s:o}", "division", county, "name", name, "year",
				   (json_int_t)year, "eligible", eligible, "figures", figures, "conditions", conditions);
	for (int s = 0; s < NSECTIONS; s++)
		json_object_set_new(report, sections[s].key, rows_of(r, sections[s].sql, county, upper));
	if (format && !strcmp(format, "xlsx")) {
		st = write_xlsx(r, report);
		json_decref(report);
		return st;
	}
	return reply_json(r, 200, report);
}
