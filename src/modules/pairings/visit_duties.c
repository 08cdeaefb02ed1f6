/*
 * visit_duties.c - overdue by helper (GET /visits/overdue?by=helper): for
 * every duty on at the object's place (visit_duties.h: 帮扶责任人, 1+X,
 * guiding cadre, 片区 and responsibility-zone leaders, first secretary), the
 * helpers whose interval since their own last visit to the object has
 * passed on ?date=, the never visited first, then the longest overdue.  The
 * interval and the switch of each row are the nearest place's
 * coverage_rules row for the duty's rule, resolved in SQL so that the list
 * pages and sorts in the database.  A cadre sees its own duties only.
 */
#include "modules/pairings/visit_duties.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "core/division.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "modules/pairings/pairings_internal.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

static const struct visit_duty {
	const char *rule, *helper;
	int64_t days;
	bool enabled;
	const char *sql, *wide;   /* wide: for a county or more, with the kept last visit lv (or NULL) */
} duties[] = {
#define DUTY_ROW(code, helper, days, on, sql, wide) { code, helper, days, on, sql, wide },
	VISIT_DUTIES(DUTY_ROW)
#undef DUTY_ROW
};

/* No duty on: the columns of duty_rows and no row. */
#define NO_DUTY                                                                                              \
	"SELECT '' AS rule, '' AS helper, '' AS k, 0 AS person_id, '' AS pname, '' AS okind, '' AS okey,"  \
	" '' AS olabel, '' AS division, NULL AS last, 0 AS every WHERE 1 = 0"

/*
 * Every duty's rows with their rule, helper kind and interval (x), those of person only when it is
 * not 0.  A duty no place switches is left out when it is off by default and read without a switch
 * when on; a duty no place changes the interval of has its default (pairing_rule_sql).  Under a
 * county or more (wide) a duty with a kept last visit is read from its pairings first, and with a
 * constant interval only its pairings that may be overdue on date are made rows: never visited,
 * last visited by date − interval, or last visited after date (the visits say when before).  NULL
 * on a database error.
 */
static const char *duty_rows(struct req *r, int64_t person, const char *date, bool wide)
{
	const char *out = "";
	for (int i = 0; i < N(duties); i++) {
		const struct visit_duty *d = &duties[i];
		const char *every = pairing_rule_sql(r, d->rule, "days", "d.division", (long long)d->days);
		const char *on = pairing_rule_sql(r, d->rule, "enabled", "d.division", d->enabled ? 1 : 0);
		if (every == NULL || on == NULL)
			return NULL;
		if (!strcmp(on, "0"))
			continue;
		const char *sql = d->sql, *due = "";
		if (d->wide) {
			if (wide)
				sql = d->wide;
			char *end;
			long long days = strtoll(every, &end, 10);
			if (*end == '\0') {   /* the interval a constant: the pairings that may be overdue */
				char cutoff[11];
				pr_date_of(pr_day_number(date) - days, cutoff);
				due = arena_printf(r->arena, " AND (d.lv IS NULL OR d.lv <= '%s' OR d.lv > $1)", cutoff);
			}
		}
		out = arena_printf(r->arena, "%s%sSELECT '%s' AS rule, '%s' AS helper, d.k, d.person_id, d.pname, d.okind, d.okey,"
					     " d.olabel, d.division, d.last, %s AS every FROM (%s) d WHERE %s = 1%s%s",
				   out, *out ? " UNION ALL " : "", d->rule, d->helper, every, sql, on,
				   person ? arena_printf(r->arena, " AND d.person_id = %lld", (long long)person) : "", due);
	}
	return *out ? out : NO_DUTY;
}

static json_t *item_json(struct db_stmt *q, int64_t today)
{
	int64_t every = db_column_int(q, 10);
	bool never = db_column_is_null(q, 9), household = !strcmp(db_column_text(q, 5), "household");
	json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:I, s:b}", "rule", db_column_text(q, 0), "helper_kind",
			      db_column_text(q, 1), "key", db_column_text(q, 2), "person_id", (json_int_t)db_column_int(q, 3),
			      "person_name", db_column_text(q, 4), "object", db_column_text(q, 5), "label", db_column_text(q, 7),
			      "division", db_column_text(q, 8), "visit_every_days", (json_int_t)every, "never_visited", never);
	json_object_set_new(o, "household_id", household ? json_integer(strtoll(db_column_text(q, 6), NULL, 10)) : json_null());
	json_object_set_new(o, "village", household ? json_null() : json_string(db_column_text(q, 6)));
	json_object_set_new(o, "division_name", db_column_is_null(q, 11) ? json_null() : json_string(db_column_text(q, 11)));
	if (never) {
		json_object_set_new(o, "last_visit", json_null());
		json_object_set_new(o, "due_on", json_null());
		json_object_set_new(o, "days_overdue", json_null());
		return o;
	}
	int64_t last = pr_day_number(db_column_text(q, 9));
	char due[11];
	pr_date_of(last + every - 1, due);
	json_object_set_new(o, "last_visit", json_string(db_column_text(q, 9)));
	json_object_set_new(o, "due_on", json_string(due));
	json_object_set_new(o, "days_overdue", json_integer(today - last - every + 1));
	return o;
}

int visits_overdue_by_helper(struct req *r)
{
	const char *division;
	char date[11], hi[DIVISION_CODE_MAX + 2];
	struct paging pg;
	int st = pairing_query_place(r, &division, date, &pg);
	if (st)
		return st;
	int64_t cadre;
	if ((st = pairing_caller_cadre(r, &cadre)) != 0)
		return st;
	division_subtree_upper(division, hi);
	const char *since = visit_days_since(r), *rows = duty_rows(r, cadre, date, strlen(division) <= 6);
	if (rows == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	/* materialized: each helper's last visit looked up once per row, not once per reference */
	const char *cte = arena_printf(r->arena, "WITH x AS MATERIALIZED (%s)", rows);
	const char *from = arena_printf(r->arena, " FROM x WHERE x.last IS NULL OR %s >= x.every", since);
	/* one pass: the page and, with it, the count of every overdue duty */
	struct db_stmt *q = db_query(r->db, arena_printf(r->arena,
		"%s SELECT x.rule, x.helper, x.k, x.person_id, x.pname, x.okind, x.okey, x.olabel, x.division, x.last, x.every,"
		" (SELECT dn.name FROM divisions dn WHERE dn.code = x.division), COUNT(*) OVER ()%s"
		" ORDER BY CASE WHEN x.last IS NULL THEN 0 ELSE 1 END, %s - x.every DESC, x.division, x.person_id, x.rule, x.k"
		" LIMIT %lld OFFSET %lld", cte, from, since, (long long)pg.page_size, (long long)pg.offset), "ttt", date, division, hi);
	json_t *items = json_array();
	int rc = DB_ERROR;
	int64_t today = pr_day_number(date), total = 0;
	while (q && (rc = db_step(q)) == DB_ROW) {
		total = db_column_int(q, 12);
		json_array_append_new(items, item_json(q, today));
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE ||
	    pairing_list_total(r, &total, arena_printf(r->arena, "%s SELECT COUNT(*)%s", cte, from), date, division, hi,
			       json_array_size(items) == 0, pg.offset)) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:I, s:I, s:I}", "division", division, "date", date, "by", "helper",
					    "items", items, "total", (json_int_t)total, "page", (json_int_t)pg.page, "page_size",
					    (json_int_t)pg.page_size));
}
