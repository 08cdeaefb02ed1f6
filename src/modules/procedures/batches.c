/*
 * batches.c - a village's batch: the households proposed together (an exit
 * list, an identification round), opened as one case each, and one step
 * taken for every open case of the batch at once (all or nothing: a case
 * not at that step refuses the whole batch step, naming it).  A monitoring
 * batch may also be a township's: its 集中排查 (the 回头看's findings) opened
 * together, each case then verified in its village, reviewed together.
 */
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/listing.h"
#include "modules/procedures/procedures.h"
#include "modules/procedures/procedures_internal.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_entities.h"

#define BATCH_MAX 500

/* A batch's row of the grouped query (place_records.c): its columns and its cases' counts. */
static json_t *batch_row(struct req *r, struct db_stmt *st)
{
	(void)r;
	const char *lo = db_column_is_null(st, 8) ? NULL : db_column_text(st, 8);
	const char *hi = db_column_is_null(st, 9) ? NULL : db_column_text(st, 9);
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:I, s:I, s:I}", "id", (json_int_t)db_column_int(st, 0), "kind",
			      db_column_text(st, 1), "division", db_column_text(st, 2), "year", (json_int_t)db_column_int(st, 3),
			      "name", db_column_text(st, 4), "cases", (json_int_t)db_column_int(st, 5), "open",
			      (json_int_t)db_column_int(st, 6), "done", (json_int_t)db_column_int(st, 7));
	/* the step every open case waits for, when they all wait for the same one */
	json_object_set_new(o, "step", lo && hi && !strcmp(lo, hi) ? json_string(lo) : json_null());
	return o;
}

static int batch_filter(struct req *r, struct sqlbuf *b)
{
	const char *kind = req_query(r, "kind");
	if (kind && *kind) {
		sqlbuf_add(b, " AND b.kind = ");
		sqlbuf_text(b, kind);
	}
	return 0;
}

/* A village's batch: seen and stepped by those whose scope holds the village. */
static const struct place_record batches = {
	.table = "procedure_batches", .alias = "b", .entity = "procedure_batch", .reaches = false,
	.columns = "b.id, b.kind, b.division, b.year, b.name, COUNT(p.id),"
		   " SUM(CASE WHEN p.status = 'open' THEN 1 ELSE 0 END), SUM(CASE WHEN p.status = 'done' THEN 1 ELSE 0 END),"
		   " MIN(CASE WHEN p.status = 'open' THEN p.step END), MAX(CASE WHEN p.status = 'open' THEN p.step END)",
	.rows = " LEFT JOIN procedures p ON p.batch_id = b.id",
	.group = "b.id, b.kind, b.division, b.year, b.name",
	.filter = batch_filter,
	.json = batch_row,
};

static json_t *batch_json(struct req *r, int64_t id)
{
	return place_record_json(r, &batches, id);
}

/* The keys of batches_create's body (also the route's documented fields, app/routes.c). */
const char *const batches_create_fields[] = { "kind", "division", "year", "name", "household_ids", "source", "category",
					       STEP_INPUT_KEYS, NULL };

/* A monitoring case's category when the batch gives none: the one the household's status allows
 * (an exited household 脱贫不稳定户, an unregistered one 边缘易致贫户), else NULL (refused by the case). */
static const char *category_by_status(struct req *r, int64_t household_id)
{
	const char *status = NULL;
	struct db_stmt *q = db_query(r->db, "SELECT status FROM households WHERE id = $1", "i", household_id);
	if (q && db_step(q) == DB_ROW)
		status = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	if (status && registry_category_fits("unstable", status))
		return "unstable";
	if (status && registry_category_fits("marginal", status))
		return "marginal";
	return NULL;
}

/* Body {kind, division (a village; a township for a monitoring batch: its 集中排查), year, name,
 * household_ids: [...], source?, category? (monitoring: every household's, else each one's by its
 * status), step (the first), votes?, evidence?, note?} */
int batches_create(struct req *r)
{
	const char *kind, *division, *name, *source = NULL, *category = NULL;
	int64_t year;
	struct step_input in;
	int st = body_object(r, batches_create_fields);
	if (!st)
		st = body_string(r, "kind", true, 40, &kind);
	if (!st)
		st = body_string(r, "division", true, 15, &division);
	if (!st)
		st = body_int(r, "year", true, REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &year, NULL);
	if (!st)
		st = body_string(r, "name", true, 200, &name);
	if (!st)
		st = body_string(r, "source", false, 40, &source);
	if (!st)
		st = body_string(r, "category", false, 40, &category);
	if (!st)
		st = step_input_read(r, &in);
	if (st)
		return st;
	const struct procedure_def *d = procedure_def_find(kind);
	if (d == NULL || d->subject != SUBJECT_HOUSEHOLD)
		return reply_error_msg(r, ERR_VALIDATION, "批次的程序类型应为：贫困户识别、贫困户退出、监测对象识别或风险消除",
				       "A batch's kind is identification, exit, monitoring or elimination", "kind");
	bool monitoring = d->effect == EFFECT_MONITOR;
	size_t len = strlen(division);
	if ((len != 12 && !(monitoring && len == 9)) || !scope_allows(r->user, division))
		return reply_error_msg(r, ERR_VALIDATION,
				       monitoring ? "监测对象识别批次属于您管辖范围内的一个村或乡镇（集中排查）"
						  : "批次属于您管辖范围内的一个村（12位区划代码）",
				       monitoring ? "A monitoring batch belongs to a village or township in your scope"
						  : "A batch belongs to a village in your scope (12 digits)", "division");
	json_t *ids = json_object_get(r->json, "household_ids");
	if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > BATCH_MAX)
		return reply_error_msg(r, ERR_VALIDATION, "请列出该批次的农户（1 到 500 户）", "List the batch's households (1 to 500)",
				       "household_ids");
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t batch = 0, now = clock_now();
	int rc = db_query_int(r->db, &batch, "INSERT INTO procedure_batches (kind, division, year, name, created_by,"
			      " created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id", "ttitii", kind, division, year,
			      name, r->user->id, now);
	if (rc != DB_ROW) {
		db_rollback(r->db);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) {
		struct pcase c;
		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			db_rollback(r->db);
			return reply_error_msg(r, ERR_VALIDATION, "农户编号应为正整数", "Household ids are positive integers",
					       "household_ids");
		}
		int64_t hh = json_integer_value(v);
		const char *cat = monitoring && category == NULL ? category_by_status(r, hh) : category;
		st = procedure_open(r, d, hh, NULL, year, batch, source ? source : "batch", cat, &in, &c);
		if (st == 0 && strncmp(c.division, division, len)) {
			st = reply_error_msg(r, ERR_VALIDATION,
					     arena_printf(r->arena, "农户 %lld 不在该%s", (long long)c.household_id, len == 9 ? "乡镇" : "村"),
					     "A household is not in the batch's place", "household_ids");
		}
		if (st) {
			db_rollback(r->db);   /* the reply names the household that failed */
			return st;
		}
	}
	json_t *after = batch_json(r, batch);
	struct audit_entry e = { .action = "procedure_batch_open", .entity = "procedure_batch",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)batch), .division = division,
				 .after = after };
	st = audit_commit_reply(r, DB_OK, &e);
	if (st) {
		json_decref(after);
		return st;
	}
	return reply_json(r, 201, after);
}

int batches_list(struct req *r)
{
	return place_record_list(r, &batches);
}

/* The keys of batches_step's body (also the route's documented fields, app/routes.c). */
const char *const batches_step_fields[] = { STEP_INPUT_KEYS, NULL };

/* Body: a step's input; every open case of the batch takes it. */
int batches_step(struct req *r)
{
	int64_t batch;
	struct step_input in;
	int st = req_path_id(r, 0, &batch);
	if (!st)
		st = body_object(r, batches_step_fields);
	if (!st)
		st = step_input_read(r, &in);
	if (st)
		return st;
	const char *division = NULL;
	if ((st = place_row_in_scope(r, batches.table, batches.entity, batch, batches.reaches, &division)))
		return st;
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	struct db_stmt *q = db_query(r->db, "SELECT " PROCEDURE_COLUMNS PROCEDURE_FROM
		     " WHERE p.batch_id = $1 AND p.status = 'open' ORDER BY p.id", "i", batch);
	struct pcase *cases = arena_alloc(r->arena, BATCH_MAX * sizeof(*cases));
	int n = 0, rc;
	while (q && (rc = db_step(q)) == DB_ROW && n < BATCH_MAX)
		pcase_read(r, q, &cases[n++]);
	db_finalize(q);
	if (n == 0) {
		db_rollback(r->db);
		return reply_error_msg(r, ERR_CONFLICT, "该批次没有进行中的程序", "The batch has no open case", "step");
	}
	for (int i = 0; i < n; i++) {
		st = pcase_take(r, &cases[i], &in);
		if (st) {
			db_rollback(r->db);
			return st;   /* the reply says why; nothing of the batch step is kept */
		}
	}
	json_t *after = batch_json(r, batch);
	json_object_set_new(after, "taken", json_integer(n));
	struct audit_entry e = { .action = "procedure_batch_step", .entity = "procedure_batch",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)batch), .division = division,
				 .after = after, .detail = in.step };
	st = audit_commit_reply(r, DB_OK, &e);
	if (st) {
		json_decref(after);
		return st;
	}
	return reply_json(r, 200, after);
}
