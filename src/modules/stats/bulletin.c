/*
 * bulletin.c - the weekly scheduling sheet and the monthly bulletin (周调度 /
 * 月通报) of a node for a period (GET /api/v1/stats/bulletin): its children
 * ranked by each figure of the roll-up, as JSON for the printable page or as
 * an XLSX / CSV sheet (core/xlsx_write.h).  The dispatch items of the work
 * lists (周调度, modules/worklists) are one of its sections: each child's
 * done rate and overdue items are ranked with the rest, and the sheet lists
 * them per responsible organisation after the ranking (GET
 * /reports/schedule-monthly is the same tally for a month).  The leaders'
 * visits against their duty (领导干部遍访, modules/pairings/leader_visits.c)
 * are another: ranked per leader in "leader_visits" and after the dispatch
 * rows of the sheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xlsx_write.h"
#include "http/reply.h"
#include "modules/pairings/pairings.h"
#include "modules/stats/stats.h"
#include "modules/stats/stats_internal.h"
#include "modules/worklists/worklists.h"

/* A ranked figure: where it sits in a child's roll-up and which way is better. */
struct column {
	const char *key, *zh, *en;
	const char *section, *item, *field;   /* node[section][item][field]; NULL parts are skipped */
	bool higher_better;
	bool rate;                             /* a ratio 0..1 (shown as a percentage) */
};

static const struct column columns[] = {
	{ "requests_received", "诉求受理数", "Requests received", "requests", "received", NULL, true, false },
	{ "requests_on_time", "按时办结率", "Closed on time", "requests", "on_time_close_rate", NULL, true, false },
	{ "requests_satisfaction", "满意率", "Satisfaction", "requests", "satisfaction_rate", NULL, true, false },
	{ "requests_overdue", "逾期未办结", "Overdue requests", "requests", "overdue", NULL, false, false },
	{ "exits", "本年脱贫户数", "Households exited this year", "exits_by_year", NULL, NULL, true, false },
	{ "compliance", "组织生活合规率", "Meeting compliance", "meeting_compliance", "rate", NULL, true, true },
	{ "notices_read", "通知阅读率", "Notices read", "notices", "notices", "rate", true, true },
	{ "tasks_done", "任务完成率", "Tasks completed", "notices", "tasks", "rate", true, true },
	{ "monitored", "监测对象户数", "Monitored households", "monitored_by_category", NULL, NULL, false, false },
	{ "help", "帮扶措施数", "Help measures given", "help_by_type", NULL, NULL, true, false },
	{ "coverage", "结对帮扶覆盖率", "Pairing coverage", "pairing", "coverage", NULL, true, true },
	{ "coverage_gaps", "覆盖缺口", "Coverage gaps", "pairing", "gaps", NULL, false, false },
	{ "dispatch_done", "督办事项办结率", "Dispatch items done", "dispatch", "rate", NULL, true, true },
	{ "dispatch_overdue", "督办事项逾期数", "Dispatch items overdue", "dispatch", "overdue", NULL, false, false },
};
#define NCOLS (int)(sizeof(columns) / sizeof(columns[0]))

/* A child's value of column c (NULL when it has none). */
static json_t *value_of(json_t *node, const struct column *c, int year)
{
	json_t *s = json_object_get(node, c->section);
	if (!strcmp(c->key, "exits")) {
		char y[8];
		snprintf(y, sizeof(y), "%d", year);
		json_t *v = json_object_get(s, y);
		return json_integer(v ? json_integer_value(v) : 0);
	}
	if (!strcmp(c->key, "monitored") || !strcmp(c->key, "help")) {
		int64_t n = 0;
		const char *k;
		json_t *v;
		json_object_foreach(s, k, v)
			n += json_is_object(v) ? json_integer_value(json_object_get(v, "count")) : json_integer_value(v);
		return json_integer(n);
	}
	json_t *v = c->item ? json_object_get(s, c->item) : s;
	if (c->field)
		v = json_object_get(v, c->field);
	return v && json_is_number(v) ? json_deep_copy(v) : json_null();
}

struct ranked {
	double v;
	int i;
	bool has;
};

static int cmp_desc(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->has != y->has)
		return x->has ? -1 : 1;
	return x->v < y->v ? 1 : x->v > y->v ? -1 : x->i - y->i;
}

/* rows[i].ranks[c.key]: 1 the best; equal values share a rank; no value: null. */
static void rank(json_t *rows, const struct column *c)
{
	int n = (int)json_array_size(rows);
	struct ranked *v = calloc((size_t)(n ? n : 1), sizeof(*v));
	if (v == NULL)
		return;
	for (int i = 0; i < n; i++) {
		json_t *x = json_object_get(json_object_get(json_array_get(rows, (size_t)i), "values"), c->key);
		v[i] = (struct ranked){ .v = json_is_number(x) ? json_number_value(x) * (c->higher_better ? 1 : -1) : 0,
					.i = i, .has = json_is_number(x) };
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_desc);
	for (int k = 0; k < n; k++) {
		int r = k > 0 && v[k].has && v[k - 1].has && v[k].v == v[k - 1].v
				? (int)json_integer_value(json_object_get(json_object_get(json_array_get(rows, (size_t)v[k - 1].i),
										 "ranks"), c->key))
				: k + 1;
		json_object_set_new(json_object_get(json_array_get(rows, (size_t)v[k].i), "ranks"), c->key,
				    v[k].has ? json_integer(r) : json_null());
	}
	free(v);
}

/* The dispatch tally of the organisations under code (every one: code ""): {total, done,
 * overdue, rate (null without items)}. */
static json_t *dispatch_of(json_t *tally, const char *code)
{
	int64_t total = 0, done = 0, overdue = 0;
	size_t i, n = strlen(code);
	json_t *o;
	json_array_foreach(json_object_get(tally, "by_org"), i, o) {
		const char *d = json_string_value(json_object_get(o, "division"));
		if (d && !strncmp(d, code, n)) {
			total += json_integer_value(json_object_get(o, "total"));
			done += json_integer_value(json_object_get(o, "done"));
			overdue += json_integer_value(json_object_get(o, "overdue"));
		}
	}
	return json_pack("{s:I, s:I, s:I, s:o}", "total", (json_int_t)total, "done", (json_int_t)done, "overdue",
			 (json_int_t)overdue, "rate", total ? json_real((double)done / (double)total) : json_null());
}

/* The dispatch section of the sheet, from row: a title, the header and a row per organisation. */
static int dispatch_rows(struct req *r, struct sheet_writer *w, int row, json_t *tally)
{
	static const char *const head[] = { "责任组织", "区划代码", "督办事项", "办结", "按时办结", "逾期办结", "逾期未办结",
					    "未办结", "办结率" };
	static const char *const keys[] = { "total", "done", "on_time", "late", "overdue", "open" };
	unsigned bold[9], nums[9];
	for (int i = 0; i < 9; i++) {
		bold[i] = SHEET_BOLD;
		nums[i] = i >= 2 ? SHEET_NUMBER : 0;
	}
	const char *title[1] = { "督办事项（周调度）" };
	int rc = sheet_writer_row(w, row++, title, bold, 1) || sheet_writer_row(w, row++, head, bold, 9);
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(tally, "by_org"), i, o) {
		const char *cells[9];
		cells[0] = json_string_value(json_object_get(o, "org_name"));
		cells[1] = json_string_value(json_object_get(o, "division"));
		for (int k = 0; k < 6; k++)
			cells[2 + k] = arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(o, keys[k])));
		cells[8] = arena_printf(r->arena, "%.1f", json_number_value(json_object_get(o, "rate")) * 100);
		rc = rc || sheet_writer_row(w, row++, cells, nums, 9);
	}
	return rc;
}

static int sheet_reply(struct req *r, json_t *b, enum sheet_format fmt)
{
	char err[200];
	struct sheet_writer *w = sheet_writer_open(fmt, "通报", err, sizeof(err));
	if (w == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	const char *title[1] = { json_string_value(json_object_get(b, "title")) };
	unsigned bold[2 + 2 * NCOLS];
	const char *head[2 + 2 * NCOLS];
	head[0] = "区划代码";
	head[1] = "名称";
	for (int c = 0; c < NCOLS; c++) {
		head[2 + 2 * c] = columns[c].zh;
		head[3 + 2 * c] = "排名";
	}
	for (int i = 0; i < 2 + 2 * NCOLS; i++)
		bold[i] = SHEET_BOLD;
	int rc = sheet_writer_row(w, 0, title, bold, 1) || sheet_writer_row(w, 1, head, bold, 2 + 2 * NCOLS);
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(b, "rows"), i, row) {
		const char *cells[2 + 2 * NCOLS];
		unsigned flags[2 + 2 * NCOLS];
		cells[0] = json_string_value(json_object_get(row, "code"));
		cells[1] = json_string_value(json_object_get(row, "name"));
		flags[0] = flags[1] = 0;
		for (int c = 0; c < NCOLS; c++) {
			json_t *v = json_object_get(json_object_get(row, "values"), columns[c].key);
			json_t *k = json_object_get(json_object_get(row, "ranks"), columns[c].key);
			double x = json_number_value(v);
			cells[2 + 2 * c] = !json_is_number(v) ? NULL
					   : json_is_integer(v) ? arena_printf(r->arena, "%lld", (long long)json_integer_value(v))
					   : arena_printf(r->arena, "%.1f", columns[c].rate ? x * 100 : x);
			cells[3 + 2 * c] = json_is_integer(k) ? arena_printf(r->arena, "%lld", (long long)json_integer_value(k)) : NULL;
			flags[2 + 2 * c] = flags[3 + 2 * c] = SHEET_NUMBER;
		}
		rc = rc || sheet_writer_row(w, 2 + (int)i, cells, flags, 2 + 2 * NCOLS);
	}
	int next = 2 + (int)json_array_size(json_object_get(b, "rows")) + 1;   /* after a blank row */
	rc = rc || dispatch_rows(r, w, next, json_object_get(b, "dispatch"));
	next += 3 + (int)json_array_size(json_object_get(json_object_get(b, "dispatch"), "by_org"));
	rc = rc || pairings_leader_visit_rows(r, w, next, json_object_get(b, "leader_visits"));
	return reply_sheet(r, w, rc, fmt,
			   arena_printf(r->arena, "bulletin-%s-%s.%s", json_string_value(json_object_get(b, "division")),
					json_string_value(json_object_get(json_object_get(b, "period"), "first_day")),
					fmt == SHEET_XLSX ? "xlsx" : "csv"));
}

int stats_bulletin(struct req *r)
{
	const char *kind = req_query(r, "kind"), *format = req_query(r, "format");
	if (kind == NULL || *kind == '\0')
		kind = "monthly";
	if (strcmp(kind, "weekly") && strcmp(kind, "monthly"))
		return reply_error_msg(r, ERR_VALIDATION, "类别应为 weekly（周调度）或 monthly（月通报）",
				       "kind is weekly or monthly", "kind");
	enum sheet_format fmt = SHEET_XLSX;
	bool sheet = format && *format && strcmp(format, "json");
	if (sheet && !strcmp(format, "csv"))
		fmt = SHEET_CSV;
	else if (sheet && strcmp(format, "xlsx"))
		return reply_error_msg(r, ERR_VALIDATION, "格式应为 json、xlsx 或 csv", "The format must be json, xlsx or csv",
				       "format");
	struct stats_period p;
	const char *division;
	int st = stats_division_from_query(r, &division);
	if (st)
		return st;
	if ((st = stats_period_from_query(r, &p)))
		return st;
	json_t *roll;
	if ((st = stats_rollup(r, division, &p, &roll)))
		return st;
	json_t *dispatch;
	if ((st = worklists_dispatch_tally(r, division, p.first_s, p.last_s, &dispatch))) {
		json_decref(roll);
		return st;
	}
	json_t *leaders;
	if ((st = pairings_leader_visits(r, division, p.first_s, p.last_s, &leaders))) {
		json_decref(roll);
		json_decref(dispatch);
		return st;
	}
	json_t *node = json_object_get(roll, "node");
	json_object_set_new(node, "dispatch", dispatch_of(dispatch, division));
	const char *name = json_string_value(json_object_get(node, "name"));
	bool weekly = !strcmp(kind, "weekly");
	json_t *rows = json_array();
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(roll, "children"), i, c) {
		json_object_set_new(c, "dispatch", dispatch_of(dispatch, json_string_value(json_object_get(c, "code"))));
		json_t *values = json_object();
		for (int k = 0; k < NCOLS; k++)
			json_object_set_new(values, columns[k].key, value_of(c, &columns[k], p.year));
		json_array_append_new(rows, json_pack("{s:O, s:O, s:o, s:o}", "code", json_object_get(c, "code"), "name",
						      json_object_get(c, "name"), "values", values, "ranks", json_object()));
	}
	for (int k = 0; k < NCOLS; k++)
		rank(rows, &columns[k]);
	json_t *totals = json_object();
	for (int k = 0; k < NCOLS; k++)
		json_object_set_new(totals, columns[k].key, value_of(node, &columns[k], p.year));
	json_t *cols = json_array();
	for (int k = 0; k < NCOLS; k++)
		json_array_append_new(cols, json_pack("{s:s, s:s, s:s, s:b, s:b}", "key", columns[k].key, "zh", columns[k].zh,
						      "en", columns[k].en, "higher_better", columns[k].higher_better, "rate",
						      columns[k].rate));
	json_t *b = json_pack("{s:s, s:s, s:s, s:O, s:o, s:o, s:o, s:O, s:o}", "kind", kind, "division", division, "title",
			      arena_printf(r->arena, "%s%s（%s 至 %s）", name ? name : "", weekly ? "脱贫攻坚周调度" : "脱贫攻坚月通报",
					   p.first_s, p.last_s),
			      "period", json_object_get(roll, "period"), "columns", cols, "rows", rows, "totals", totals, "name",
			      json_object_get(node, "name"), "dispatch", dispatch);
	json_object_set_new(b, "leader_visits", leaders);
	json_decref(roll);
	if (!sheet)
		return reply_json(r, 200, b);
	st = sheet_reply(r, b, fmt);
	json_decref(b);
	return st;
}
