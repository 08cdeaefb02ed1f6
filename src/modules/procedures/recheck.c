/*
 * recheck.c - 回头看: a re-check campaign over a subtree for a year.  Its list
 * of who to look at is drawn from the registry when the campaign opens:
 * registered households whose per-capita income of the year is at or under
 * the poverty line (should they be in? were they rightly exited?),
 * unregistered households under it (missed?), and exited households under
 * the monitoring line with no open monitoring case, households a visit of the
 * year flagged (a follow-up to do, or a request raised), households a sampling
 * audit of the year found wrongly identified, wrongly exited or missed, and
 * households with a data check's error finding.  Each household gets a
 * finding (rightly in, should be out, missed and should be in, fine) and
 * what was done; the campaign shows its progress by township.
 */
#include <stdlib.h>
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
#include "modules/registry/checks.h"
#include "modules/registry/registry.h"

/* The lines of year for a household's province, else the national ones (column 1: poverty, 2: monitoring). */
#define LINE(col, year_expr)                                                                                      \
	"COALESCE((SELECT " col " FROM income_lines l WHERE l.province = substr(h.division, 1, 2) AND l.year <= "  \
	year_expr " AND " col " IS NOT NULL ORDER BY l.year DESC LIMIT 1), (SELECT " col " FROM income_lines l"    \
	" WHERE l.province = '' AND l.year <= " year_expr " AND " col " IS NOT NULL ORDER BY l.year DESC LIMIT 1))"

/* Who a campaign looks at, and why: one table. */
static const struct source {
	const char *reason, *zh, *where;
} sources[] = {
	{ "registered_low_income", "建档立卡户收入不高于贫困线",
	  "h.status IN ('poor', 'relapsed', 'exited', 'exited_enjoying') AND i.per_capita <= " LINE("poverty_line", "$2") },
	{ "unregistered_low_income", "非建档立卡户收入不高于贫困线（是否漏评）",
	  "h.status = 'not_registered' AND i.per_capita <= " LINE("poverty_line", "$2") },
	{ "exited_under_monitoring_line", "已脱贫户收入低于监测线且未纳入监测",
	  "h.status IN ('exited', 'exited_enjoying') AND i.per_capita > " LINE("poverty_line", "$2")
	  " AND i.per_capita < " LINE("monitoring_line", "$2")
	  " AND NOT EXISTS (SELECT 1 FROM monitoring m WHERE m.household_id = h.id AND m.eliminated_on IS NULL)" },
	{ "visit_flagged", "走访发现问题（待跟进或已转诉求）",
	  "EXISTS (SELECT 1 FROM visits v WHERE v.household_id = h.id AND substr(v.visited_on, 1, 4) = CAST($2 AS TEXT)"
	  " AND (COALESCE(v.follow_up, '') <> '' OR v.request_id IS NOT NULL))" },
	{ "sampling_finding", "抽查发现错评、错退或漏评",
	  "EXISTS (SELECT 1 FROM sampling_households x JOIN samplings s ON s.id = x.sampling_id"
	  " WHERE x.household_id = h.id AND s.year = $2"
	  " AND (x.rightly_identified = 0 OR x.rightly_exited = 0 OR x.should_be_in = 1))" },
};
#define CHECK_REASON "check_error"
#define CHECK_REASON_ZH "数据核查发现错误"
#define NSOURCES (int)(sizeof(sources) / sizeof(sources[0]))

struct flagged {
	int64_t *ids;
	int n, cap;
};

/* A data check's error finding names its household (the checks' own order: by rule, division, household). */
static int collect_errors(void *ctx, const struct check_finding *f)
{
	struct flagged *x = ctx;
	if (strcmp(f->rule->severity, "error") || f->household_id <= 0 || (x->n && x->ids[x->n - 1] == f->household_id))
		return 0;
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 256;
		x->ids = realloc(x->ids, (size_t)x->cap * sizeof(*x->ids));
	}
	x->ids[x->n++] = f->household_id;
	return 0;
}

int recheck_fill(struct db *db, struct arena *a, int64_t id, const char *division, int64_t year)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(division, upper);
	int rc = DB_OK;
	/* each household once, under the first reason that names it */
	for (int s = 0; s < NSOURCES && rc == DB_OK; s++)
		rc = db_exec(db, arena_printf(a, "INSERT INTO recheck_households (recheck_id, household_id, township, reason)"
					      " SELECT $1, h.id, substr(h.division, 1, 9), $5 FROM households h"
					      " LEFT JOIN household_incomes i ON i.household_id = h.id AND i.year = $2"
					      " WHERE h.division >= $3 AND h.division < $4 AND %s AND NOT EXISTS"
					      " (SELECT 1 FROM recheck_households x WHERE x.recheck_id = $1"
					      " AND x.household_id = h.id)", sources[s].where),
			     "iittt", id, year, division, upper, sources[s].reason);
	/* the data checks' errors, gathered first (the checks read while we would write) */
	struct flagged errors = { 0 };
	if (rc == DB_OK && checks_collect(db, division, year, collect_errors, &errors) != 0)
		rc = DB_ERROR;
	for (int i = 0; i < errors.n && rc == DB_OK; i++)
		rc = db_exec(db, "INSERT INTO recheck_households (recheck_id, household_id, township, reason)"
			     " SELECT $1, h.id, substr(h.division, 1, 9), $3 FROM households h WHERE h.id = $2 AND NOT EXISTS"
			     " (SELECT 1 FROM recheck_households x WHERE x.recheck_id = $1 AND x.household_id = h.id)", "iit", id,
			     errors.ids[i], CHECK_REASON);
	free(errors.ids);
	return rc;
}

static const char *const findings[] = { "rightly_in", "should_be_out", "missed", "fine" };

/* A campaign's row of the grouped query (place_records.c): its columns and its list's progress. */
static json_t *campaign_row(struct req *r, struct db_stmt *q)
{
	(void)r;
	char at[21];
	clock_format_iso(db_column_int(q, 4), at);
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:I}", "id", (json_int_t)db_column_int(q, 0), "name",
			 db_column_text(q, 1), "division", db_column_text(q, 2), "year", (json_int_t)db_column_int(q, 3),
			 "created_at", at, "households", (json_int_t)db_column_int(q, 5), "done", (json_int_t)db_column_int(q, 6),
			 "should_be_out", (json_int_t)db_column_int(q, 7), "missed", (json_int_t)db_column_int(q, 8));
}

/* A township works its part of a county campaign: it sees the campaign (reaches). */
static const struct place_record campaigns = {
	.table = "rechecks", .alias = "c", .entity = "recheck", .reaches = true,
	.columns = "c.id, c.name, c.division, c.year, c.created_at, COUNT(i.household_id),"
		   " SUM(CASE WHEN i.finding IS NOT NULL THEN 1 ELSE 0 END),"
		   " SUM(CASE WHEN i.finding = 'should_be_out' THEN 1 ELSE 0 END),"
		   " SUM(CASE WHEN i.finding = 'missed' THEN 1 ELSE 0 END)",
	.rows = " LEFT JOIN recheck_households i ON i.recheck_id = c.id",
	.group = "c.id, c.name, c.division, c.year, c.created_at",
	.json = campaign_row,
};

/* The campaign's progress by township, added to o. */
static json_t *with_townships(struct req *r, int64_t id, json_t *o)
{
	if (o == NULL)
		return NULL;
	json_t *towns = json_array();
	struct db_stmt *q = db_query(r->db, "SELECT i.township, d.name, COUNT(*), SUM(CASE WHEN i.finding IS NOT NULL THEN 1 ELSE 0 END),"
				     " SUM(CASE WHEN i.finding = 'should_be_out' THEN 1 ELSE 0 END),"
				     " SUM(CASE WHEN i.finding = 'missed' THEN 1 ELSE 0 END) FROM recheck_households i"
				     " LEFT JOIN divisions d ON d.code = i.township WHERE i.recheck_id = $1 GROUP BY i.township, d.name"
				     " ORDER BY i.township", "i", id);
	while (q && db_step(q) == DB_ROW) {
		int64_t n = db_column_int(q, 2), done = db_column_int(q, 3);
		json_array_append_new(towns, json_pack("{s:s, s:s?, s:I, s:I, s:f, s:I, s:I}", "township", db_column_text(q, 0),
						       "name", db_column_text(q, 1), "households", (json_int_t)n, "done",
						       (json_int_t)done, "progress", n ? (double)(1000 * done / n) / 10 : 0.0,
						       "should_be_out", (json_int_t)db_column_int(q, 4), "missed",
						       (json_int_t)db_column_int(q, 5)));
	}
	db_finalize(q);
	json_object_set_new(o, "townships", towns);
	return o;
}

static int campaign_in_scope(struct req *r, int64_t id, const char **division)
{
	return place_row_in_scope(r, campaigns.table, campaigns.entity, id, campaigns.reaches, division);
}

/* The keys of rechecks_create's body (also the route's documented fields, app/routes.c). */
const char *const rechecks_create_fields[] = { "name", "division", "year", NULL };

/* Body {name, division (a county or township in scope), year}: the campaign and its list at once. */
int rechecks_create(struct req *r)
{
	const char *name, *division;
	int64_t year;
	int st = body_object(r, rechecks_create_fields);
	if (!st)
		st = body_string(r, "name", true, 200, &name);
	if (!st)
		st = body_string(r, "division", true, 15, &division);
	if (!st)
		st = body_int(r, "year", true, REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &year, NULL);
	if (st)
		return st;
	if (division_level(division) == DIV_INVALID || strlen(division) < 6 || !scope_allows(r->user, division))
		return reply_error_msg(r, ERR_VALIDATION, "回头看的范围应为您管辖范围内的县或乡镇",
				       "The campaign's place is a county or township in your scope", "division");
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t id = 0;
	int rc = db_query_int(r->db, &id, "INSERT INTO rechecks (name, division, year, created_by, created_at) VALUES"
			      " ($1, $2, $3, $4, $5) RETURNING id", "ttiii", name, division, year, r->user->id, clock_now());
	rc = rc == DB_ROW ? DB_OK : DB_ERROR;
	if (rc == DB_OK)
		rc = recheck_fill(r->db, r->arena, id, division, year);
	json_t *after = rc == DB_OK ? place_record_json(r, &campaigns, id) : NULL;
	struct audit_entry e = { .action = "create", .entity = "recheck",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)id), .division = division,
				 .after = after };
	st = audit_commit_reply(r, after ? DB_OK : DB_ERROR, &e);
	json_decref(after);
	if (st)
		return st;
	return reply_json(r, 201, with_townships(r, id, place_record_json(r, &campaigns, id)));
}

int rechecks_list(struct req *r)
{
	return place_record_list(r, &campaigns);
}

int rechecks_get(struct req *r)
{
	int64_t id;
	json_t *o;
	int st = place_record_get(r, &campaigns, &id, &o);
	return st ? st : reply_json(r, 200, with_townships(r, id, o));
}

static int items_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	const int64_t *id = ctx;
	sqlbuf_add(b, " FROM recheck_households i JOIN households h ON h.id = i.household_id WHERE i.recheck_id = ");
	sqlbuf_int(b, *id);
	sqlbuf_add(b, " AND ");
	scope_where(b, r->user, "h.division");
	const char *town = req_query(r, "township"), *finding = req_query(r, "finding"), *pending = req_query(r, "pending");
	if (town && *town) {
		sqlbuf_add(b, " AND i.township = ");
		sqlbuf_text(b, town);
	}
	if (finding && *finding) {
		sqlbuf_add(b, " AND i.finding = ");
		sqlbuf_text(b, finding);
	}
	if (pending && !strcmp(pending, "1"))
		sqlbuf_add(b, " AND i.finding IS NULL");
	return 0;
}

static json_t *item_row(struct req *r, struct db_stmt *q, const void *ctx)
{
	(void)r;
	(void)ctx;
	const char *reason = db_column_text(q, 5), *zh = strcmp(reason, CHECK_REASON) ? reason : CHECK_REASON_ZH;
	for (int s = 0; s < NSOURCES; s++)
		if (!strcmp(sources[s].reason, reason))
			zh = sources[s].zh;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "household_id", (json_int_t)db_column_int(q, 0),
			      "household_no", db_column_text(q, 1), "head_name", db_column_text(q, 2), "division",
			      db_column_text(q, 3), "status", db_column_text(q, 4), "reason", reason, "reason_zh", zh);
	json_object_set_new(o, "finding", db_column_is_null(q, 6) ? json_null() : json_string(db_column_text(q, 6)));
	json_object_set_new(o, "action", db_column_is_null(q, 7) ? json_null() : json_string(db_column_text(q, 7)));
	return o;
}

int rechecks_households(struct req *r)
{
	int64_t *id = arena_alloc(r->arena, sizeof(*id));
	const char *division;
	int st = req_path_id(r, 0, id);
	if (!st)
		st = campaign_in_scope(r, *id, &division);
	if (st)
		return st;
	const struct listing l = { .columns = "i.household_id, h.household_no, h.head_name, h.division, h.status, i.reason,"
					      " i.finding, i.action",
				   .order = "i.township, h.household_no", .from = items_from, .row = item_row, .ctx = id };
	return listing_reply(r, &l);
}

/* The keys of rechecks_finding's body (also the route's documented fields, app/routes.c). */
const char *const rechecks_finding_fields[] = { "finding", "action", NULL };

/* Body {finding: rightly_in|should_be_out|missed|fine, action?}: one household's result. */
int rechecks_finding(struct req *r)
{
	int64_t id, household;
	const char *division, *finding, *action, *hh_division = NULL;
	int st = req_path_id(r, 0, &id);
	if (!st)
		st = req_path_id(r, 1, &household);
	if (!st)
		st = body_object(r, rechecks_finding_fields);
	if (!st)
		st = body_string(r, "finding", true, 20, &finding);
	if (!st)
		st = body_string(r, "action", false, 2000, &action);
	if (!st)
		st = campaign_in_scope(r, id, &division);
	if (st)
		return st;
	bool known = false;
	for (size_t i = 0; i < sizeof(findings) / sizeof(findings[0]); i++)
		known = known || !strcmp(findings[i], finding);
	if (!known)
		return reply_error_msg(r, ERR_VALIDATION, "结论应为：识别准确、应退出或清退、漏评应纳入、无问题",
				       "finding is rightly_in, should_be_out, missed or fine", "finding");
	struct db_stmt *q = db_query(r->db, "SELECT h.division FROM recheck_households i JOIN households h"
				     " ON h.id = i.household_id WHERE i.recheck_id = $1 AND i.household_id = $2", "ii", id,
				     household);
	if (q && db_step(q) == DB_ROW)
		hh_division = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	if (hh_division == NULL || !scope_allows(r->user, hh_division))
		return reply_error_msg(r, ERR_NOT_FOUND, "该户不在本次回头看名单中", "The household is not on the campaign's list",
				       NULL);
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int rc = db_exec(r->db, "UPDATE recheck_households SET finding = $1, action = $2, done_at = $3, done_by = $4"
			 " WHERE recheck_id = $5 AND household_id = $6", "ttiiii", finding, action, clock_now(), r->user->id,
			 id, household);
	json_t *after = json_pack("{s:s, s:s?}", "finding", finding, "action", action);
	struct audit_entry e = { .action = "update", .entity = "recheck_finding",
				 .entity_id = arena_printf(r->arena, "%lld/%lld", (long long)id, (long long)household),
				 .division = hh_division, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(after);
	return st ? st : reply_json(r, 200, with_townships(r, id, place_record_json(r, &campaigns, id)));
}
