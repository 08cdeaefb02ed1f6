/* trainings.c - trainings, their attendees and person-times and hours by division (see partylife.h). */
#include <math.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/intparse.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/listing.h"
#include "modules/partylife/partylife.h"
#include "modules/partylife/resource.h"

#define MAX_ATTENDEES 5000

static const struct {
	const char *code, *zh;
} kinds[] = {
	{ "branch_secretaries", "村（社区）党组织书记培训" },
	{ "skills", "技能培训" },
	{ "e_commerce", "电商培训" },
	{ "farming", "种养殖培训" },
	{ "family_school", "农村家庭党校" },
	{ "other", "其他" },
};
#define NKINDS (int)(sizeof(kinds) / sizeof(kinds[0]))

static const char *kind_zh(const char *code)
{
	for (int i = 0; code && i < NKINDS; i++)
		if (!strcmp(kinds[i].code, code))
			return kinds[i].zh;
	return NULL;
}

#define TRAINING_COLUMNS                                                                                      \
	"t.id, t.org_id, t.division, t.kind, t.title, t.venue, t.starts_at, t.minutes, t.created_at, o.name,"   \
	" (SELECT COUNT(*) FROM training_attendees a WHERE a.training_id = t.id), t.school_id, t.exchange"

static json_t *training_json(struct db_stmt *st)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:s, s:s, s:o, s:s, s:o, s:o, s:f, s:I, s:o}", "id",
			 (json_int_t)db_column_int(st, 0), "org_id", (json_int_t)db_column_int(st, 1), "org_name",
			 pl_opt_text(db_column_text(st, 9)), "division", db_column_text(st, 2), "kind", db_column_text(st, 3),
			 "kind_name", pl_opt_text(kind_zh(db_column_text(st, 3))), "title", db_column_text(st, 4), "venue",
			 pl_opt_text(db_column_text(st, 5)), "starts_at", pl_time_json(db_column_int(st, 6)), "hours",
			 (double)db_column_int(st, 7) / 60.0, "attendees", (json_int_t)db_column_int(st, 10), "created_at",
			 pl_time_json(db_column_int(st, 8)));
	json_object_set_new(o, "school_id", db_column_is_null(st, 11) ? json_null() : json_integer(db_column_int(st, 11)));
	json_object_set_new(o, "exchange", json_boolean(db_column_int(st, 12)));
	return o;
}

static int reply_training(struct req *r, int64_t id, int status)
{
	int rc;
	struct db_stmt *st = pl_query_in_scope(r, "SELECT " TRAINING_COLUMNS " FROM trainings t JOIN orgs o ON o.id = t.org_id"
					       " WHERE t.id = ", id, "t.division", &rc);
	json_t *o = rc == DB_ROW ? training_json(st) : NULL;
	db_finalize(st);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	json_t *a = json_array();
	st = db_query(r->db, "SELECT a.person_id, p.name, a.division FROM training_attendees a JOIN people p ON p.id = a.person_id"
		      " WHERE a.training_id = $1 ORDER BY a.person_id", "i", id);
	while (st && db_step(st) == DB_ROW)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "person_id", (json_int_t)db_column_int(st, 0), "name",
						   db_column_text(st, 1), "division", db_column_text(st, 2)));
	db_finalize(st);
	json_object_set_new(o, "attendee_list", a);
	return reply_json(r, status, o);
}

static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)ctx;
	sqlbuf_add(b, " FROM trainings t JOIN orgs o ON o.id = t.org_id WHERE ");
	int st = listing_scope_where(r, b, "t.division");
	if (st)
		return st;
	const char *kind = req_query(r, "kind");
	if (kind && *kind) {
		if (!kind_zh(kind))
			return reply_error_msg(r, ERR_VALIDATION, "未知培训类型", "Unknown training kind", "kind");
		sqlbuf_add(b, " AND t.kind = ");
		sqlbuf_text(b, kind);
	}
	const char *school = req_query(r, "school_id");
	if (school && *school) {
		int64_t id;
		if (parse_id(school, &id))
			return reply_error(r, ERR_VALIDATION, "school_id");
		sqlbuf_add(b, " AND t.school_id = ");
		sqlbuf_int(b, id);
	}
	int64_t from, to;
	if ((st = pl_range_params(r, &from, &to)))
		return st;
	sqlbuf_add(b, " AND t.starts_at >= ");
	sqlbuf_int(b, from);
	sqlbuf_add(b, " AND t.starts_at < ");
	sqlbuf_int(b, to);
	return 0;
}

static json_t *training_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)r;
	(void)ctx;
	return training_json(st);
}

int trainings_list(struct req *r)
{
	struct listing l = { .columns = TRAINING_COLUMNS, .order = "t.starts_at DESC, t.id DESC", .from = list_from,
			     .row = training_row, .key = "t.id" };
	return listing_reply(r, &l);
}

/* ---- writing --------------------------------------------------------------------------- */

/* The members of a training body, for create and PATCH alike. */
const char *const training_keys[] = { "org_id", "kind", "title", "venue", "starts_at", "hours", "attendees",
					     "school_id", "exchange", NULL };

/* A training as validated from a create body (or a merged PATCH). */
struct training_in {
	struct pl_org org;
	int64_t school, at, minutes;
	bool exchange;
	double hours;
	const char *kind, *title, *venue, *starts;
	size_t n;
	int64_t *people;
	const char **divs;
};

/* The family school of body school_id, in scope: 0 with its organisation, or the reply's status. */
static int school_of(struct req *r, int64_t id, int64_t *org)
{
	int rc;
	struct db_stmt *q = pl_query_in_scope(r, "SELECT s.org_id FROM family_schools s WHERE s.id = ", id, "s.division", &rc);
	if (rc == DB_ROW)
		*org = db_column_int(q, 0);
	db_finalize(q);
	if (rc == DB_DONE)
		return reply_error_msg(r, ERR_NOT_FOUND, "家庭党校不存在或不在您的管辖范围内", "No such family party school in your scope",
				       "school_id");
	return rc == DB_ROW ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

static int read_training_attendees(struct req *r, struct training_in *in)
{
	json_t *a = json_object_get(r->json, "attendees");
	if (a && !json_is_null(a) && (!json_is_array(a) || json_array_size(a) > MAX_ATTENDEES))
		return reply_error_msg(r, ERR_VALIDATION, "参训人员应为人员编号的数组", "attendees is an array of person ids",
				       "attendees");
	size_t n = json_is_array(a) ? json_array_size(a) : 0;
	in->n = n;
	in->people = arena_alloc(r->arena, sizeof(int64_t) * (n + 1));
	in->divs = arena_alloc(r->arena, sizeof(char *) * (n + 1));
	for (size_t i = 0; i < n; i++) {
		json_t *v = json_array_get(a, i);
		in->people[i] = json_integer_value(v);
		if (!json_is_integer(v) || in->people[i] <= 0)
			return reply_error_msg(r, ERR_VALIDATION, "参训人员应为人员编号的数组", "attendees is an array of person ids",
					       "attendees");
		for (size_t k = 0; k < i; k++)
			if (in->people[k] == in->people[i])
				return reply_error_msg(r, ERR_VALIDATION, "参训人员重复", "A person is listed twice", "attendees");
		int in_roster = pl_person_in_roster(r, &in->org, in->people[i], &in->divs[i]);
		if (in_roster == 0)
			return reply_error_msg(r, ERR_VALIDATION,
					       arena_printf(r->arena, "人员 %lld 不在主办党组织的范围内", (long long)in->people[i]),
					       arena_printf(r->arena, "Person %lld is outside the organiser's area",
							    (long long)in->people[i]),
					       "attendees");
		if (in_roster < 0)
			return reply_error(r, ERR_INTERNAL, NULL);
	}
	return 0;
}

static int training_validate(struct req *r, void *input, const char **division)
{
	struct training_in *in = input;
	int64_t org_id = 0;
	bool has_org = false, has_school = false;
	int st = body_int(r, "school_id", false, 1, INT64_MAX, &in->school, &has_school);
	if (!st)
		st = body_int(r, "org_id", !has_school, 1, INT64_MAX, &org_id, &has_org);
	if (!st)
		st = body_string(r, "kind", !has_school, 40, &in->kind);
	if (!st)
		st = body_string(r, "title", true, 200, &in->title);
	if (!st)
		st = body_string(r, "venue", false, 200, &in->venue);
	if (!st)
		st = body_string(r, "starts_at", true, 40, &in->starts);
	if (!st)
		st = body_bool(r, "exchange", false, &in->exchange, NULL);
	if (st)
		return st;
	if (has_school) {
		if (in->kind && strcmp(in->kind, "family_school"))
			return reply_error_msg(r, ERR_VALIDATION, "家庭党校的活动，培训类型应为“农村家庭党校”",
					       "A family party school's session is of kind family_school", "kind");
		in->kind = "family_school";
		int64_t school_org = 0;
		if ((st = school_of(r, in->school, &school_org)))
			return st;
		if (!has_org)
			org_id = school_org;
	} else if (in->exchange)
		return reply_error_msg(r, ERR_VALIDATION, "交流活动须注明所属的家庭党校",
				       "An exchange session belongs to a family party school (school_id)", "exchange");
	if (!kind_zh(in->kind))
		return reply_error_msg(r, ERR_VALIDATION, "未知培训类型", "Unknown training kind", "kind");
	if (pl_parse_time(in->starts, &in->at))
		return reply_error_msg(r, ERR_VALIDATION, "培训时间应为带时区的日期时间，如 2026-11-03T09:00:00+08:00", "starts_at is ISO 8601 with an offset",
				       "starts_at");
	json_t *h = json_object_get(r->json, "hours");
	in->hours = json_number_value(h);
	if (!json_is_number(h) || !(in->hours > 0 && in->hours <= 2000))
		return reply_error_msg(r, ERR_VALIDATION, "学时应为大于 0 的数", "hours is a positive number", "hours");
	in->minutes = (int64_t)llround(in->hours * 60.0);
	if ((st = pl_org_in_scope(r, org_id, &in->org)))
		return st;
	*division = in->org.division;
	return read_training_attendees(r, in);
}

static json_t *training_audit(struct req *r, const void *input, bool creating, const char **detail)
{
	const struct training_in *in = input;
	(void)r;
	(void)creating;
	(void)detail;
	return json_pack("{s:I, s:s, s:s, s:s, s:f, s:I, s:o, s:b}", "org_id", (json_int_t)in->org.id, "kind", in->kind,
			 "title", in->title, "starts_at", in->starts, "hours", in->hours, "attendees", (json_int_t)in->n,
			 "school_id", in->school ? json_integer(in->school) : json_null(), "exchange", in->exchange);
}

/* Insert (*id 0) or replace training *id with its attendees. */
static int training_write(struct req *r, int64_t *id, const void *input)
{
	const struct training_in *in = input;
	int rc;
	if (*id == 0)
		rc = pl_insert_id(db_query(r->db, "INSERT INTO trainings (org_id, division, kind, title, venue, starts_at, minutes,"
					   " school_id, exchange, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7,"
					   " NULLIF(CAST($8 AS BIGINT), 0), $9, $10, $11) RETURNING id", "itttt" "iiiiii", in->org.id,
					   in->org.division, in->kind, in->title, in->venue, in->at, in->minutes, in->school,
					   (int64_t)in->exchange, r->user->id, clock_now()), id);
	else {
		rc = db_exec(r->db, "UPDATE trainings SET org_id = $1, division = $2, kind = $3, title = $4, venue = $5,"
			     " starts_at = $6, minutes = $7, school_id = NULLIF(CAST($8 AS BIGINT), 0), exchange = $9 WHERE id = $10",
			     "itttt" "iiiii", in->org.id, in->org.division, in->kind, in->title, in->venue, in->at,
			     in->minutes, in->school, (int64_t)in->exchange, *id);
		if (rc == DB_OK)
			rc = db_exec(r->db, "DELETE FROM training_attendees WHERE training_id = $1", "i", *id);
	}
	for (size_t i = 0; i < in->n && rc == DB_OK; i++)
		rc = db_exec(r->db, "INSERT INTO training_attendees (training_id, person_id, division) VALUES ($1, $2, $3)", "iit",
			     *id, in->people[i], in->divs[i]);
	return rc;
}

/* The stored training, in scope, in the shape of a create body (plus "division"). */
static int training_load(struct req *r, int64_t id, json_t **out, const char **division)
{
	int rc;
	struct db_stmt *q = pl_query_in_scope(r, "SELECT t.org_id, t.kind, t.title, t.venue, t.starts_at, t.minutes, t.school_id,"
					      " t.exchange, t.division FROM trainings t WHERE t.id = ", id, "t.division", &rc);
	if (rc == DB_ROW) {
		*out = json_pack("{s:I, s:s, s:s, s:o, s:o, s:f, s:o, s:b, s:s}", "org_id", (json_int_t)db_column_int(q, 0),
				 "kind", db_column_text(q, 1), "title", db_column_text(q, 2), "venue",
				 pl_opt_text(db_column_text(q, 3)), "starts_at", pl_time_json(db_column_int(q, 4)), "hours",
				 (double)db_column_int(q, 5) / 60.0, "school_id",
				 db_column_is_null(q, 6) ? json_null() : json_integer(db_column_int(q, 6)), "exchange",
				 (int)db_column_int(q, 7), "division", db_column_text(q, 8));
		*division = arena_strdup(r->arena, db_column_text(q, 8));
	}
	db_finalize(q);
	if (rc != DB_ROW)
		return rc;
	json_t *a = json_array();
	q = db_query(r->db, "SELECT person_id FROM training_attendees WHERE training_id = $1 ORDER BY person_id", "i", id);
	while (q && db_step(q) == DB_ROW)
		json_array_append_new(a, json_integer(db_column_int(q, 0)));
	db_finalize(q);
	json_object_set_new(*out, "attendees", a);
	return DB_ROW;
}

static const char *const training_delete_sql[] = { "DELETE FROM training_attendees WHERE training_id = $1",
						   "DELETE FROM trainings WHERE id = $1", NULL };

static const struct pl_resource training_resource = {
	.entity = "training",
	.table = "trainings",
	.keys = training_keys,
	.input_size = sizeof(struct training_in),
	.validate = training_validate,
	.load = training_load,
	.write = training_write,
	.audit = training_audit,
	.delete_sql = training_delete_sql,
	.reply = reply_training,
};

PL_RESOURCE_HANDLERS(trainings, training_resource)

/* Person-times and hours by the attendees' divisions, rolled up to the
 * children of ?division=, over ?from= / ?to= and optionally one ?kind=. */
int trainings_stats(struct req *r)
{
	const char *division;
	int st = pl_division_param(r, false, &division);
	if (st)
		return st;
	int64_t from, to;
	if ((st = pl_range_params(r, &from, &to)))
		return st;
	const char *kind = req_query(r, "kind");
	if (kind && *kind && !kind_zh(kind))
		return reply_error_msg(r, ERR_VALIDATION, "未知培训类型", "Unknown training kind", "kind");
	const char *child = pl_child_sql(r, "a.division", division);
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, arena_printf(r->arena, "SELECT %s AS child, COUNT(*), COUNT(DISTINCT a.person_id), SUM(t.minutes),"
				   " COUNT(DISTINCT t.id) FROM training_attendees a JOIN trainings t ON t.id = a.training_id WHERE ",
				   child));
	scope_where_under(&b, r->user, "a.division", division);
	sqlbuf_add(&b, " AND t.starts_at >= ");
	sqlbuf_int(&b, from);
	sqlbuf_add(&b, " AND t.starts_at < ");
	sqlbuf_int(&b, to);
	if (kind && *kind) {
		sqlbuf_add(&b, " AND t.kind = ");
		sqlbuf_text(&b, kind);
	}
	sqlbuf_add(&b, arena_printf(r->arena, " GROUP BY %s ORDER BY 1", child));
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	int64_t pt = 0, minutes = 0;
	while (db_step(q) == DB_ROW) {
		int64_t m = db_column_int(q, 3);
		pt += db_column_int(q, 1);
		minutes += m;
		json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:I, s:f}", "division", db_column_text(q, 0), "person_times",
						       (json_int_t)db_column_int(q, 1), "people", (json_int_t)db_column_int(q, 2),
						       "trainings", (json_int_t)db_column_int(q, 4), "hours", (double)m / 60.0));
	}
	db_finalize(q);
	pl_name_divisions(r, items);
	return reply_json(r, 200, json_pack("{s:s, s:{s:I, s:f}, s:o}", "division", division, "totals", "person_times",
					    (json_int_t)pt, "hours", (double)minutes / 60.0, "by_division", items));
}

/* A person's training record, newest first, paged, with the totals of all of it. */
int person_trainings(struct req *r)
{
	int64_t id;
	struct paging pg;
	int st = req_path_id(r, 0, &id);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	int rc;
	struct db_stmt *q = pl_query_in_scope(r, "SELECT p.division FROM people p WHERE p.id = ", id, "p.division", &rc);
	db_finalize(q);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	int64_t count = 0, minutes = 0;
	q = db_query(r->db, "SELECT COUNT(*), COALESCE(SUM(t.minutes), 0) FROM trainings t JOIN training_attendees x"
		     " ON x.training_id = t.id WHERE x.person_id = $1", "i", id);
	rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW) {
		count = db_column_int(q, 0);
		minutes = db_column_int(q, 1);
	}
	db_finalize(q);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	q = db_query(r->db, "SELECT " TRAINING_COLUMNS " FROM trainings t JOIN orgs o ON o.id = t.org_id JOIN training_attendees x"
		     " ON x.training_id = t.id WHERE x.person_id = $1 ORDER BY t.starts_at DESC, t.id DESC LIMIT $2 OFFSET $3",
		     "iii", id, pg.page_size, pg.offset);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	while (db_step(q) == DB_ROW)
		json_array_append_new(items, training_json(q));
	db_finalize(q);
	return reply_json(r, 200, json_pack("{s:I, s:I, s:f, s:o, s:I, s:I, s:I}", "person_id", (json_int_t)id, "trainings",
					    (json_int_t)count, "hours", (double)minutes / 60.0, "items", items, "total",
					    (json_int_t)count, "page", (json_int_t)pg.page, "page_size", (json_int_t)pg.page_size));
}
