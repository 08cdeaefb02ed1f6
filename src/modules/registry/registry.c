/* registry.c - households' members, income, guarantees, history, monitoring candidates. */
#include "modules/registry/registry.h"

#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/intparse.h"
#include "core/division.h"
#include "core/fieldcrypt.h"
#include "core/utf8.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/crud.h"
#include "modules/registry/registry_entities.h"
#include "model/listing.h"
#include "model/audit.h"

/* The household of the path (param 0) inside the caller's scope; its division in *division. */
static int household_or_reply(struct req *r, int64_t *id, const char **division)
{
	int status = req_path_id(r, 0, id);
	if (status)
		return status;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT t.division FROM households t WHERE t.id = ");
	sqlbuf_int(&b, *id);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, "t.division");
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW && division)
		*division = arena_strdup(r->arena, db_column_text(st, 0));
	db_finalize(st);
	if (rc == DB_DONE)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return 0;
}

int registry_year_or_reply(struct req *r, const char *s, int64_t *year)
{
	if (parse_int64(s, REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, year))
		return reply_error_msg(r, ERR_VALIDATION, "年度应为 2013 到 2100 之间的整数",
				       "The year is an integer from 2013 to 2100", "year");
	return 0;
}

/* The end of a write begun with db_begin (rc: how it went): its audit row,
 * the commit, and the reply with after; before and after are used up. */
static int commit_audited(struct req *r, int rc, const struct audit_entry *e, json_t *before, json_t *after)
{
	int st = audit_commit_reply(r, rc, e);
	json_decref(before);
	if (st) {
		json_decref(after);
		return st;
	}
	return reply_json(r, 200, after);
}

/* The household (param 0, in scope) and the year (param 1) of the path. */
static int household_year_or_reply(struct req *r, int64_t *id, int64_t *year, const char **division)
{
	int st = household_or_reply(r, id, division);
	return st ? st : registry_year_or_reply(r, req_param(r, 1), year);
}

/* ---- members under a household ------------------------------------------------- */

/* Add household_id=ID to the query so the generic list filters by it. */
int registry_members_list(struct req *r)
{
	int64_t id;
	int st = household_or_reply(r, &id, NULL);
	if (st)
		return st;
	struct kv *q = arena_alloc(r->arena, sizeof(*q) * (size_t)(r->nquery + 1));
	int n = 0;
	for (int i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].name, "household_id"))
			q[n++] = r->query[i];
	q[n].name = "household_id";
	q[n].value = req_param(r, 0);
	r->query = q;
	r->nquery = n + 1;
	return crud_list_of(r, &entity_member);
}

int registry_members_create(struct req *r)
{
	int64_t id;
	int st = household_or_reply(r, &id, NULL);
	if (st)
		return st;
	if (!json_is_object(r->json))
		return reply_error(r, ERR_BAD_JSON, NULL);
	if (json_object_get(r->json, "household_id"))
		return reply_error(r, ERR_UNKNOWN_FIELD, "household_id");
	json_object_set_new(r->json, "household_id", json_integer(id));
	return crud_create_of(r, &entity_member);
}

/* ---- income -------------------------------------------------------------------- */

static const char *const income_parts[] = { "wages", "production", "property", "transfers", "costs" };
#define INCOME_PARTS (int)(sizeof(income_parts) / sizeof(income_parts[0]))

static json_t *income_json(struct db_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(db_column_int(st, 0)));
	for (int i = 0; i < INCOME_PARTS; i++)
		json_object_set_new(o, income_parts[i], json_integer(db_column_int(st, 1 + i)));
	json_object_set_new(o, "people", json_integer(db_column_int(st, 6)));
	json_object_set_new(o, "net", json_integer(db_column_int(st, 7)));
	json_object_set_new(o, "per_capita", json_integer(db_column_int(st, 8)));
	const char *note = db_column_text(st, 9);
	json_object_set_new(o, "note", note ? json_string(note) : json_null());
	char at[21];
	clock_format_iso(db_column_int(st, 10), at);
	json_object_set_new(o, "updated_at", json_string(at));
	return o;
}

static int load_income(struct req *r, int64_t id, int64_t year, json_t **out)
{
	struct db_stmt *st = db_query(r->db,
		"SELECT year, wages, production, property, transfers, costs, people, net, per_capita, note, updated_at"
		" FROM household_incomes WHERE household_id = $1 AND year = $2", "ii", id, year);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		*out = income_json(st);
	db_finalize(st);
	return rc;
}

int registry_income_get(struct req *r)
{
	int64_t id, year;
	int st = household_year_or_reply(r, &id, &year, NULL);
	if (st)
		return st;
	json_t *inc;
	int rc = load_income(r, id, year, &inc);
	if (rc == DB_DONE)
		return reply_error_msg(r, ERR_NOT_FOUND, "该年度没有收入记录", "No income recorded for that year", NULL);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 200, inc);
}

/* The keys of registry_income_put's body (also the route's documented fields, app/routes.c). */
const char *const registry_income_put_fields[] = { "wages", "production", "property", "transfers", "costs", "note", NULL };

/*
 * Per-capita net income = (wages + production + property + transfers -
 * production costs) / registered household population.  Amounts are whole
 * yuan of counted income: the caller leaves out what the rules exclude
 * (earmarked subsidies, one-off relief, loan principal, insurance payouts).
 */
int registry_income_put(struct req *r)
{
	int64_t id, year, parts[INCOME_PARTS];
	const char *division, *note = NULL;
	int st = household_year_or_reply(r, &id, &year, &division);
	if (!st)
		st = body_object(r, registry_income_put_fields);
	for (int i = 0; i < INCOME_PARTS && !st; i++)
		st = body_int(r, income_parts[i], true, 0, 1000000000, &parts[i], NULL);
	if (!st)
		st = body_string(r, "note", false, 500, &note);
	if (st)
		return st;
	int64_t people = 0;
	if (db_query_int(r->db, &people, "SELECT COUNT(*) FROM members WHERE household_id = $1", "i", id) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (people == 0)
		return reply_error_msg(r, ERR_CONFLICT, "该户还没有登记家庭成员，无法计算人均纯收入",
				       "The household has no members yet, so there is no per-capita income", NULL);
	int64_t net = parts[0] + parts[1] + parts[2] + parts[3] - parts[4];
	/* round half away from zero */
	int64_t per_capita = net >= 0 ? (net + people / 2) / people : -((-net + people / 2) / people);
	json_t *before = NULL;
	int rc = load_income(r, id, year, &before);
	if (rc != DB_ROW && rc != DB_DONE)
		return reply_error(r, ERR_INTERNAL, NULL);
	rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db,
			"INSERT INTO household_incomes (household_id, year, wages, production, property, transfers, costs,"
			" people, net, per_capita, note, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
			" ON CONFLICT (household_id, year) DO UPDATE SET wages = $3, production = $4, property = $5,"
			" transfers = $6, costs = $7, people = $8, net = $9, per_capita = $10, note = $11, updated_at = $12",
			"iiiiiiiiiiti", id, year, parts[0], parts[1], parts[2], parts[3], parts[4], people, net, per_capita,
			note, clock_now());
	json_t *after = NULL;
	if (rc == DB_OK)
		rc = load_income(r, id, year, &after) == DB_ROW ? DB_OK : DB_ERROR;
	struct audit_entry e = { .action = before ? "update" : "create", .entity = "household_income",
				 .entity_id = arena_printf(r->arena, "%lld/%lld", (long long)id, (long long)year),
				 .division = division, .before = before, .after = after };
	return commit_audited(r, rc, &e, before, after);
}

/* ---- 两不愁三保障 ------------------------------------------------------------------ */

struct indicator {
	const char *name;
	const char *zh;
	bool derived;     /* computed from the registry; overriding needs a reason */
	const char *sql;  /* $1 household (and $2 year when types is "ii"): one value, true/false */
	const char *types;
};

static const struct indicator indicators[] = {
	{ "food", "不愁吃", false, NULL, NULL },
	{ "clothing", "不愁穿", false, NULL, NULL },
	/* no member aged 6-15 in the year out of school without a recorded reason */
	{ "education", "义务教育有保障", true,
	  "SELECT COUNT(*) = 0 FROM members WHERE household_id = $1 AND birth_date IS NOT NULL"
	  " AND $2 - CAST(substr(birth_date, 1, 4) AS INTEGER) BETWEEN 6 AND 15"
	  " AND (school_status IS NULL OR school_status = 'none') AND (school_note IS NULL OR school_note = '')", "ii" },
	/* every member in the basic medical insurance */
	{ "medical", "基本医疗有保障", true,
	  "SELECT COUNT(*) > 0 AND SUM(CASE WHEN insured_medical = 1 THEN 0 ELSE 1 END) = 0"
	  " FROM members WHERE household_id = $1", "i" },
	/* grade A or B, renovated or rebuilt, or resettled */
	{ "housing", "住房安全有保障", true,
	  "SELECT COUNT(*) FROM households WHERE id = $1 AND (housing_grade IN ('A', 'B')"
	  " OR housing_rebuilt = 1 OR relocation IN ('centralized', 'scattered'))", "i" },
	{ "water", "饮水安全有保障", true,
	  "SELECT COUNT(*) FROM households WHERE id = $1 AND water_safe = 1", "i" },
};
#define INDICATORS (int)(sizeof(indicators) / sizeof(indicators[0]))

int registry_guarantees(struct req *r, int64_t id, int64_t year, json_t **out)
{
	json_t *list = json_array();
	bool all = true;
	for (int i = 0; i < INDICATORS; i++) {
		const struct indicator *ind = &indicators[i];
		json_t *derived = json_null();
		if (ind->sql) {
			int64_t v = 0;
			if (db_query_int(r->db, &v, ind->sql, ind->types, id, year) != DB_ROW) {
				json_decref(list);
				return DB_ERROR;
			}
			derived = json_boolean(v != 0);
		}
		struct db_stmt *st = db_query(r->db, "SELECT value, reason FROM household_guarantees"
					      " WHERE household_id = $1 AND year = $2 AND indicator = $3", "iit", id, year,
					      ind->name);
		int rc = st ? db_step(st) : DB_ERROR;
		json_t *recorded = rc == DB_ROW ? json_boolean(db_column_int(st, 0) != 0) : json_null();
		const char *reason = rc == DB_ROW ? db_column_text(st, 1) : NULL;
		json_t *reason_json = reason && *reason ? json_string(reason) : json_null();
		db_finalize(st);
		if (rc != DB_ROW && rc != DB_DONE) {
			json_decref(list);
			json_decref(derived);
			json_decref(recorded);
			json_decref(reason_json);
			return DB_ERROR;
		}
		json_t *value = !json_is_null(recorded) ? json_incref(recorded) : json_incref(derived);
		all = all && json_is_true(value);
		json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:b, s:o}", "indicator", ind->name,
						      "zh", ind->zh, "derived", ind->derived, "computed", derived,
						      "recorded", recorded, "value", value,
						      "overridden", ind->derived && rc == DB_ROW, "reason", reason_json));
	}
	*out = json_pack("{s:I, s:b, s:o}", "year", (json_int_t)year, "met", all, "indicators", list);
	return DB_OK;
}

int registry_guarantees_get(struct req *r)
{
	int64_t id, year;
	int st = household_year_or_reply(r, &id, &year, NULL);
	if (st)
		return st;
	json_t *out;
	if (registry_guarantees(r, id, year, &out) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 200, out);
}

/*
 * Body: {"food": {"value": true}, "education": {"value": true, "reason": "..."},
 * "medical": null, ...}.  A derived indicator is overridden only with a
 * reason; null removes a recorded value (a derived one then applies again).
 */
int registry_guarantees_put(struct req *r)
{
	int64_t id, year;
	const char *division;
	int st = household_year_or_reply(r, &id, &year, &division);
	if (st)
		return st;
	if (!json_is_object(r->json))
		return reply_error(r, ERR_BAD_JSON, NULL);
	const char *key;
	json_t *v;
	json_object_foreach(r->json, key, v) {
		const struct indicator *ind = NULL;
		for (int i = 0; i < INDICATORS; i++)
			if (!strcmp(indicators[i].name, key))
				ind = &indicators[i];
		if (ind == NULL)
			return reply_error(r, ERR_UNKNOWN_FIELD, arena_strdup(r->arena, key));
		if (json_is_null(v))
			continue;
		json_t *value = json_object_get(v, "value"), *reason = json_object_get(v, "reason");
		if (!json_is_object(v) || !json_is_boolean(value) || json_object_size(v) > 2 ||
		    (reason && !json_is_string(reason)) || (json_object_size(v) == 2 && reason == NULL))
			return reply_error_msg(r, ERR_VALIDATION, "应填写是否达标及原因",
					       "Expected {\"value\": true|false, \"reason\": \"...\"}", key);
		if (ind->derived && (reason == NULL || json_string_length(reason) < 2))
			return reply_error_msg(r, ERR_MISSING_FIELD, "覆盖自动判定的指标须说明原因",
					       "Overriding a computed indicator needs a reason", key);
	}
	json_t *before;
	if (registry_guarantees(r, id, year, &before) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int rc = db_begin(r->db);
	json_object_foreach(r->json, key, v) {
		if (rc != DB_OK)
			break;
		if (json_is_null(v))
			rc = db_exec(r->db, "DELETE FROM household_guarantees WHERE household_id = $1 AND year = $2"
				     " AND indicator = $3", "iit", id, year, key);
		else {
			const char *reason = json_string_value(json_object_get(v, "reason"));
			rc = db_exec(r->db, "INSERT INTO household_guarantees (household_id, year, indicator, value, reason,"
				     " updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (household_id, year, indicator)"
				     " DO UPDATE SET value = $4, reason = $5, updated_at = $6", "iititi", id, year, key,
				     (int64_t)json_is_true(json_object_get(v, "value")), reason ? reason : "", clock_now());
		}
	}
	json_t *after = NULL;
	if (rc == DB_OK)
		rc = registry_guarantees(r, id, year, &after);
	struct audit_entry e = { .action = "update", .entity = "household_guarantees",
				 .entity_id = arena_printf(r->arena, "%lld/%lld", (long long)id, (long long)year),
				 .division = division, .before = before, .after = after };
	return commit_audited(r, rc, &e, before, after);
}

/* ---- history ------------------------------------------------------------------- */

static int history_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	sqlbuf_add(b, " FROM household_history WHERE household_id = ");
	sqlbuf_int(b, *(const int64_t *)ctx);
	(void)r;
	return 0;
}

static json_t *history_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)r;
	(void)ctx;
	char at[21];
	clock_format_iso(db_column_int(st, 0), at);
	json_t *row = json_pack("{s:s}", "at", at);
	static const char *const cols[] = { NULL, "username", "field", "old_value", "new_value", "reason" };
	for (int c = 1; c < 6; c++) {
		const char *v = db_column_text(st, c);
		json_object_set_new(row, cols[c], v ? json_string(v) : json_null());
	}
	return row;
}

int registry_history(struct req *r)
{
	int64_t id;
	int st = household_or_reply(r, &id, NULL);
	if (st)
		return st;
	struct listing l = { .columns = "at, username, field, old_value, new_value, reason", .order = "id DESC",
			     .from = history_from, .row = history_row, .ctx = &id };
	return listing_reply(r, &l);
}

/* ---- income lines and monitoring candidates ------------------------------------------ */

/* The monitoring line of a household's province for a year: the newest
 * line on or before the year, the province's own before the national one. */
#define LINE_SQL(col, div)                                                                                  \
	"COALESCE((SELECT l." col " FROM income_lines l WHERE l.province = substr(" div ", 1, 2)"           \
	" AND l.year <= $1 AND l." col " IS NOT NULL ORDER BY l.year DESC LIMIT 1),"                        \
	" (SELECT l." col " FROM income_lines l WHERE l.province = '' AND l.year <= $1"                     \
	" AND l." col " IS NOT NULL ORDER BY l.year DESC LIMIT 1))"

struct candidates_filter {
	int64_t year;
	const char *division;
};

/* The FROM and WHERE of the candidates: under the line, not monitored now. */
static int candidates_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	const struct candidates_filter *f = ctx;
	sqlbuf_add(b, " FROM households h JOIN household_incomes i ON i.household_id = h.id AND i.year = ");
	sqlbuf_int(b, f->year);   /* the first parameter: LINE_SQL refers to it as $1 */
	sqlbuf_add(b, " WHERE ");
	scope_where_under(b, r->user, "h.division", f->division);
	sqlbuf_add(b, " AND h.status <> 'removed' AND i.per_capita < " LINE_SQL("monitoring_line", "h.division")
		      " AND NOT EXISTS (SELECT 1 FROM monitoring m WHERE m.household_id = h.id AND m.eliminated_on IS NULL)");
	return 0;
}

static json_t *candidate_row(struct req *r, struct db_stmt *q, const void *ctx)
{
	(void)r;
	(void)ctx;
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I}", "household_id", (json_int_t)db_column_int(q, 0),
			 "household_no", db_column_text(q, 1), "head_name", db_column_text(q, 2),
			 "division", db_column_text(q, 3), "status", db_column_text(q, 4),
			 "per_capita", (json_int_t)db_column_int(q, 5), "monitoring_line", (json_int_t)db_column_int(q, 6));
}

int registry_candidates(struct req *r)
{
	struct candidates_filter f = { 0, NULL };
	int st = registry_year_or_reply(r, req_query(r, "year"), &f.year);
	if (!st)
		st = req_query_division(r, "division", &f.division);
	if (st)
		return st;
	struct listing l = {
		.columns = "h.id, h.household_no, h.head_name, h.division, h.status, i.per_capita, "
			   LINE_SQL("monitoring_line", "h.division"),
		.order = "i.per_capita, h.id", .from = candidates_from, .row = candidate_row, .ctx = &f,
	};
	return listing_reply(r, &l);
}

int registry_lines_get(struct req *r)
{
	struct db_stmt *q = db_query(r->db, "SELECT year, province, poverty_line, monitoring_line FROM income_lines"
				     " ORDER BY province, year", NULL);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	int64_t n = 0;
	while (db_step(q) == DB_ROW) {
		json_t *row = json_pack("{s:I, s:s}", "year", (json_int_t)db_column_int(q, 0), "province", db_column_text(q, 1));
		json_object_set_new(row, "poverty_line", db_column_is_null(q, 2) ? json_null() : json_integer(db_column_int(q, 2)));
		json_object_set_new(row, "monitoring_line", db_column_is_null(q, 3) ? json_null() : json_integer(db_column_int(q, 3)));
		json_array_append_new(items, row);
		n++;
	}
	db_finalize(q);
	return reply_list(r, items, n, 1, n);
}

/* The keys of registry_lines_put's body (also the route's documented fields, app/routes.c). */
const char *const registry_lines_put_fields[] = { "year", "province", "poverty_line", "monitoring_line", NULL };

/* Body {"year", "province" ("" national or 2 digits), "poverty_line"?, "monitoring_line"?}. */
int registry_lines_put(struct req *r)
{
	int64_t year = 0, poverty = 0, monitoring = 0;
	bool has_poverty = false, has_monitoring = false;
	const char *province = NULL;
	int st = body_object(r, registry_lines_put_fields);
	if (!st)
		st = body_int(r, "year", true, REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &year, NULL);
	if (!st)
		st = body_string(r, "province", false, 2, &province);
	if (!st)
		st = body_int(r, "poverty_line", false, 0, 1000000, &poverty, &has_poverty);
	if (!st)
		st = body_int(r, "monitoring_line", false, 0, 1000000, &monitoring, &has_monitoring);
	if (st)
		return st;
	province = province ? province : "";
	if (*province && division_level(province) != DIV_PROVINCE)
		return reply_error(r, ERR_BAD_DIVISION, "province");
	/* a province's line is written by those whose scope holds the province, the national one by an administrator */
	if (!scope_may_set(r->user, province))
		return reply_error_msg(r, ERR_FORBIDDEN, "只能设置管辖范围内省份的标准线，全国标准线只有系统管理员可以设置",
				       "Only a province in your scope may be given a line; the national line is an administrator's",
				       "province");
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "INSERT INTO income_lines (year, province, poverty_line, monitoring_line) VALUES (");
	sqlbuf_int(&b, year);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, province);
	sqlbuf_add(&b, ", ");
	if (has_poverty)
		sqlbuf_int(&b, poverty);
	else
		sqlbuf_text(&b, NULL);
	sqlbuf_add(&b, ", ");
	if (has_monitoring)
		sqlbuf_int(&b, monitoring);
	else
		sqlbuf_text(&b, NULL);
	sqlbuf_add(&b, ") ON CONFLICT (year, province) DO UPDATE SET poverty_line = excluded.poverty_line,"
		       " monitoring_line = excluded.monitoring_line");
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = sqlbuf_exec(r->db, &b);
	json_t *after = json_pack("{s:I, s:s}", "year", (json_int_t)year, "province", province);
	json_object_set_new(after, "poverty_line", has_poverty ? json_integer(poverty) : json_null());
	json_object_set_new(after, "monitoring_line", has_monitoring ? json_integer(monitoring) : json_null());
	struct audit_entry e = { .action = "update", .entity = "income_line",
				 .entity_id = arena_printf(r->arena, "%lld/%s", (long long)year, province),
				 .division = *province ? province : NULL, .after = after };
	return commit_audited(r, rc, &e, NULL, after);
}

/* ---- search --------------------------------------------------------------------- */

/* q as one FTS5 phrase (substring match under the trigram tokenizer). */
static const char *fts_phrase(struct req *r, const char *q)
{
	size_t n = strlen(q);
	char *out = arena_alloc(r->arena, n * 2 + 3), *p = out;
	*p++ = '"';
	for (; *q; q++) {
		if (*q == '"')
			*p++ = '"';
		*p++ = *q;
	}
	*p++ = '"';
	*p = '\0';
	return out;
}

/* The households and members matching q: an exact ID number, a household
 * number prefix, or a name containing q; within the caller's scope. */
static int search_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	const char *q = ctx;
	char id[19] = "";
	size_t n = strlen(q);
	if (n == 18) {
		memcpy(id, q, 18);
		if (id[17] == 'x')
			id[17] = 'X';
	}
	sqlbuf_add(b, " FROM (SELECT 'household' AS kind, h.id AS id, h.id AS household_id, h.head_name AS name,"
		      " h.household_no AS household_no, h.division AS division, h.status AS status"
		      " FROM households h WHERE ");
	scope_where(b, r->user, "h.division");
	/* three characters or more: the trigram index (FTS5 on SQLite; pg_trgm serves LIKE itself) */
	bool fts = db_backend(r->db) == DB_SQLITE && utf8_chars(q) >= 3;
	if (fts) {
		/* the head's name by trigram, the household number by prefix on its unique index */
		char *upper = arena_strdup(r->arena, q);
		upper[n - 1]++;   /* the last byte of UTF-8 text is below 0xF5 */
		sqlbuf_add(b, " AND h.id IN (SELECT rowid FROM households_fts WHERE households_fts MATCH ");
		sqlbuf_text(b, fts_phrase(r, q));
		sqlbuf_add(b, " UNION ALL SELECT id FROM households WHERE household_no >= ");
		sqlbuf_text(b, q);
		sqlbuf_add(b, " AND household_no < ");
		sqlbuf_text(b, upper);
		sqlbuf_add(b, ")");
	} else {
		sqlbuf_add(b, " AND (h.head_name LIKE ");
		sqlbuf_like(b, q, true);
		sqlbuf_add(b, " OR h.household_no LIKE ");
		sqlbuf_like(b, q, false);
		sqlbuf_add(b, ")");
	}
	sqlbuf_add(b, " UNION ALL SELECT 'member', m.id, m.household_id, m.name, h.household_no, m.division, h.status"
		      " FROM members m JOIN households h ON h.id = m.household_id WHERE ");
	scope_where(b, r->user, "m.division");
	if (fts) {
		sqlbuf_add(b, " AND (m.id IN (SELECT rowid FROM members_fts WHERE members_fts MATCH ");
		sqlbuf_text(b, fts_phrase(r, q));
		sqlbuf_add(b, ")");
	} else {
		sqlbuf_add(b, " AND (m.name LIKE ");
		sqlbuf_like(b, q, true);
	}
	if (*id) {
		sqlbuf_add(b, " OR m.id_number_hash = ");   /* ID numbers are sealed: their keyed hash (db/at_rest.h) */
		sqlbuf_text(b, fieldcrypt_hash_a(r->arena, "id_number", id));
	}
	sqlbuf_add(b, ")) found");
	return 0;
}

static json_t *search_row(struct req *r, struct db_stmt *s, const void *ctx)
{
	(void)r;
	(void)ctx;
	const char *dname = db_column_text(s, 7);
	return json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "kind", db_column_text(s, 0),
			 "id", (json_int_t)db_column_int(s, 1), "household_id", (json_int_t)db_column_int(s, 2),
			 "name", db_column_text(s, 3), "household_no", db_column_text(s, 4), "division",
			 db_column_text(s, 5), "status", db_column_text(s, 6),
			 "division_name", dname ? json_string(dname) : json_null());
}

int registry_search(struct req *r)
{
	const char *q = req_query(r, "q");
	if (q == NULL || *q == '\0')
		return reply_error_msg(r, ERR_MISSING_FIELD, "请输入要查找的姓名、户编号或证件号码",
				       "Give a name, household number or ID number to search for", "q");
	if (strlen(q) > 64)
		return reply_error_msg(r, ERR_VALIDATION, "查询过长", "The query is too long", "q");
	struct listing l = {
		.columns = "found.kind, found.id, found.household_id, found.name, found.household_no, found.division,"
			   " found.status, (SELECT d.name FROM divisions d WHERE d.code = found.division)",
		.order = "found.kind, found.id", .from = search_from, .row = search_row, .ctx = q, .count_with_page = true,
	};
	return listing_reply(r, &l);
}
