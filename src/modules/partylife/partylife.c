/* partylife.c - calendar arithmetic, quorums and helpers shared by the party-life files (see partylife.h). */
#include "modules/partylife/partylife.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/utf8.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"

#define CST_OFFSET (8 * 3600)

/* ---- calendar ------------------------------------------------------------------- */

/* H. Hinnant's days_from_civil / civil_from_days */
int64_t pl_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void pl_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void pl_day_text(int64_t day, char out[static 16])
{
	int y, m, d;
	pl_civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int64_t pl_cst_day(int64_t t)
{
	return floor_div(t + CST_OFFSET, 86400);
}

int pl_iso_weekday(int64_t day)
{
	/* 1970-01-01 was a Thursday (4) */
	int64_t w = (day + 3) % 7;
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

void pl_iso_week(int64_t day, int *year, int *week)
{
	int64_t thursday = day - pl_iso_weekday(day) + 4;
	int y, m, d;
	pl_civil_from_days(thursday, &y, &m, &d);
	*year = y;
	*week = (int)((thursday - pl_days_from_civil(y, 1, 1)) / 7 + 1);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : dm[m - 1];
}

int pl_parse_time(const char *s, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (s == NULL || strlen(s) < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return -1;
	if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	const char *p = s + 10;
	int64_t offset = CST_OFFSET;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(p, 2, &h) || p[2] != ':' || digits(p + 3, 2, &mi))
			return -1;
		p += 5;
		if (*p == ':') {
			if (digits(p + 1, 2, &se))
				return -1;
			p += 3;
			if (*p == '.') {
				p++;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return -1;
		if (*p == 'Z') {
			offset = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;
			int sign = *p == '-' ? -1 : 1;
			p++;
			if (digits(p, 2, &oh))
				return -1;
			p += 2;
			if (*p == ':')
				p++;
			if (digits(p, 2, &om))
				return -1;
			p += 2;
			if (oh > 14 || om > 59)
				return -1;
			offset = sign * (oh * 3600 + om * 60);
		} else
			return -1;   /* a time needs its offset */
	}
	if (*p)
		return -1;
	*t = pl_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
	return 0;
}

static const char *const freq_names[] = { "weekly", "monthly", "quarterly", "yearly" };

const char *pl_freq_name(enum pl_freq f)
{
	return f >= 0 && f < PL_FREQ_COUNT ? freq_names[f] : "?";
}

int pl_freq_parse(const char *s, enum pl_freq *f)
{
	for (int i = 0; s && i < PL_FREQ_COUNT; i++)
		if (!strcmp(s, freq_names[i])) {
			*f = (enum pl_freq)i;
			return 0;
		}
	return -1;
}

int pl_period_parse(const char *s, struct pl_period *p)
{
	int y, n;
	if (s == NULL || digits(s, 4, &y) || y < 1949 || y > 2200)
		return -1;
	if (s[4] == '\0') {
		p->first = pl_days_from_civil(y, 1, 1);
		p->last = pl_days_from_civil(y, 12, 31);
	} else if (s[4] == '-' && strlen(s) == 7 && !digits(s + 5, 2, &n) && n >= 1 && n <= 12) {
		p->first = pl_days_from_civil(y, n, 1);
		p->last = pl_days_from_civil(y, n, days_in_month(y, n));
	} else if ((s[4] == 'Q' || s[4] == 'q') && strlen(s) == 6 && s[5] >= '1' && s[5] <= '4') {
		n = s[5] - '0';
		p->first = pl_days_from_civil(y, 3 * n - 2, 1);
		p->last = pl_days_from_civil(y, 3 * n, days_in_month(y, 3 * n));
	} else
		return -1;
	snprintf(p->label, sizeof(p->label), "%s", s);
	if (p->label[4] == 'q')
		p->label[4] = 'Q';
	return 0;
}

void pl_unit_of(enum pl_freq f, int64_t day, int64_t *first, int64_t *last)
{
	int y, m, d;
	pl_civil_from_days(day, &y, &m, &d);
	switch (f) {
	case PL_WEEK:
		*first = day - (pl_iso_weekday(day) - 1);
		*last = *first + 6;
		break;
	case PL_MONTH:
		*first = pl_days_from_civil(y, m, 1);
		*last = pl_days_from_civil(y, m, days_in_month(y, m));
		break;
	case PL_QUARTER: {
		int q0 = (m - 1) / 3 * 3 + 1;
		*first = pl_days_from_civil(y, q0, 1);
		*last = pl_days_from_civil(y, q0 + 2, days_in_month(y, q0 + 2));
		break;
	}
	default:
		*first = pl_days_from_civil(y, 1, 1);
		*last = pl_days_from_civil(y, 12, 31);
		break;
	}
}

int pl_units(enum pl_freq f, const struct pl_period *p, int64_t *starts, int64_t *ends, int max)
{
	int n = 0;
	int64_t first, last;
	/* walk the units from the one holding the period's first day; keep those ending inside */
	for (int64_t day = p->first; day <= p->last; day = last + 1) {
		pl_unit_of(f, day, &first, &last);
		if (last > p->last)
			break;
		if (starts && n < max) {
			starts[n] = first;
			ends[n] = last;
		}
		n++;
	}
	return n;
}

/* ---- quorum ------------------------------------------------------------------------ */

static bool counts_ok(int64_t total, int64_t present, int64_t votes_for, const char **why)
{
	if (total <= 0 || present < 0 || votes_for < 0) {
		*why = "应到人数须大于 0，实到、赞成人数不能为负 / total must be positive, present and for not negative";
		return false;
	}
	if (present > total || votes_for > present) {
		*why = "实到不能多于应到，赞成不能多于实到 / present cannot exceed total, nor for exceed present";
		return false;
	}
	if (present * 3 < total * 2) {
		*why = "到会人数不足应到人数的三分之二 / fewer than two thirds of the members are present";
		return false;
	}
	return true;
}

bool pl_members_quorum(int64_t total, int64_t present, int64_t votes_for, const char **why)
{
	if (!counts_ok(total, present, votes_for, why))
		return false;
	if (votes_for * 2 <= total) {
		*why = "赞成票未超过应到党员的半数 / no more than half of all members voted for";
		return false;
	}
	*why = NULL;
	return true;
}

bool pl_general_meeting_quorum(int64_t entitled, int64_t present_full)
{
	return entitled > 0 && present_full * 2 > entitled;
}

bool pl_reps_quorum(int64_t total, int64_t present, int64_t votes_for, const char **why)
{
	if (!counts_ok(total, present, votes_for, why))
		return false;
	if (votes_for * 2 <= present) {
		*why = "赞成票未超过到会代表的半数 / no more than half of the representatives present voted for";
		return false;
	}
	*why = NULL;
	return true;
}

/* ---- helpers ------------------------------------------------------------------------- */

struct db_stmt *pl_query_in_scope(struct req *r, const char *select, int64_t id, const char *column, int *rc)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, select);
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, column);
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	*rc = st ? db_step(st) : DB_ERROR;
	return st;
}

int pl_insert_id(struct db_stmt *q, int64_t *id)
{
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW) {
		*id = db_column_int(q, 0);
		rc = DB_OK;
	}
	db_finalize(q);
	return rc;
}

json_t *pl_time_json(int64_t t)
{
	char iso[21];
	clock_format_iso(t, iso);
	return json_string(iso);
}

json_t *pl_opt_text(const char *s)
{
	return s ? json_string(s) : json_null();
}

int pl_org_in_scope(struct req *r, int64_t id, struct pl_org *o)
{
	struct db_stmt *st = db_query(r->db, "SELECT id, name, type, division FROM orgs WHERE id = $1", "i", id);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW) {
		o->id = db_column_int(st, 0);
		o->name = arena_strdup(r->arena, db_column_text(st, 1));
		o->type = arena_strdup(r->arena, db_column_text(st, 2));
		o->division = arena_strdup(r->arena, db_column_text(st, 3));
	}
	db_finalize(st);
	if (rc == DB_ROW && !scope_allows(r->user, o->division))
		rc = DB_DONE;
	if (rc == DB_DONE)
		return reply_error_msg(r, ERR_NOT_FOUND, "党组织不存在或不在您的管辖范围内",
				       "No such party organisation in your scope", "org_id");
	return rc == DB_ROW ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

int pl_person_in_roster(struct req *r, const struct pl_org *o, int64_t person, const char **division)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT division FROM people WHERE id = ");
	sqlbuf_int(&b, person);
	sqlbuf_add(&b, " AND (org_id = ");
	sqlbuf_int(&b, o->id);
	sqlbuf_add(&b, " OR (");
	sqlbuf_subtree(&b, "division", o->division);
	sqlbuf_add(&b, "))");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW && division)
		*division = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

int pl_body_text_list(struct req *r, const char *name, int max_items, size_t max_chars, const char **out)
{
	*out = NULL;
	json_t *v = json_object_get(r->json, name);
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v) || (int)json_array_size(v) > max_items)
		return reply_error_msg(r, ERR_VALIDATION, arena_printf(r->arena, "应为不超过 %d 项的字符串数组", max_items),
				       arena_printf(r->arena, "Expected an array of at most %d strings", max_items), name);
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		const char *s = json_string_value(item);
		if (s == NULL || *s == '\0' || utf8_chars(s) > max_chars)
			return reply_error_msg(r, ERR_VALIDATION, "每项应为非空字符串，且不过长",
					       "Each item is a non-empty string of limited length", name);
	}
	char *text = json_dumps(v, JSON_COMPACT);
	*out = arena_strdup(r->arena, text);
	free(text);
	return 0;
}

int pl_division_param(struct req *r, bool required, const char **code)
{
	const char *d = req_query(r, "division");
	if (d == NULL || *d == '\0') {
		if (required)
			return reply_error(r, ERR_MISSING_FIELD, "division");
		*code = r->user->nscopes ? r->user->scopes[0] : "";
		return 0;
	}
	if (!strcmp(d, "all"))
		d = "";
	if (division_level(d) == DIV_INVALID)
		return reply_error(r, ERR_BAD_DIVISION, "division");
	if (!scope_allows(r->user, d))
		return reply_error_msg(r, ERR_NOT_FOUND, "区划不在您的管辖范围内", "The division is outside your scope",
				       "division");
	*code = d;
	return 0;
}

int pl_range_params(struct req *r, int64_t *from, int64_t *to)
{
	*from = INT64_MIN / 2;
	*to = INT64_MAX / 2;
	const char *f = req_query(r, "from"), *t = req_query(r, "to");
	if (f && *f && pl_parse_time(f, from))
		return reply_error_msg(r, ERR_VALIDATION, "日期应为年-月-日（如 2026-11-03）或带时区的日期时间", "Expected YYYY-MM-DD or ISO 8601",
				       "from");
	if (t && *t) {
		if (pl_parse_time(t, to))
			return reply_error_msg(r, ERR_VALIDATION, "日期应为年-月-日（如 2026-11-03）或带时区的日期时间",
					       "Expected YYYY-MM-DD or ISO 8601", "to");
		if (strlen(t) == 10)
			*to += 86400;   /* a bare date: the whole day */
	}
	return 0;
}

const char *pl_id_text(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "%lld", (long long)id);
}

const char *pl_child_sql(struct req *r, const char *column, const char *code)
{
	int n = division_child_length(code);
	return arena_printf(r->arena, "CASE WHEN length(%s) >= %d THEN substr(%s, 1, %d) ELSE %s END", column, n, column, n,
			    column);
}

void pl_name_divisions(struct req *r, json_t *items)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		struct db_stmt *d = db_query(r->db, "SELECT name FROM divisions WHERE code = $1", "t",
					     json_string_value(json_object_get(it, "division")));
		json_object_set_new(it, "name", d && db_step(d) == DB_ROW ? json_string(db_column_text(d, 0)) : json_null());
		db_finalize(d);
	}
}
