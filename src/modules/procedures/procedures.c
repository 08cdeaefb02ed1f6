/*
 * procedures.c - the HTTP side of one case: the kinds and their steps, the
 * list, opening a case (its first step taken at once), reading it with its
 * step log, taking a step, an objection during a notice, withdrawing.
 * Every write is one transaction with its audit row.
 */
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/workdays.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/listing.h"
#include "modules/procedures/procedures.h"
#include "modules/procedures/procedures_internal.h"
#include "model/crud.h"
#include "model/dict.h"
#include "modules/registry/registry.h"
#include "modules/registry/registry_entities.h"

int procedures_kinds(struct req *r)
{
	json_t *kinds = json_array();
	for (int i = 0; i < procedure_defs_count; i++) {
		const struct procedure_def *d = procedure_defs[i];
		json_t *steps = json_array();
		for (int k = 0; k < d->nsteps; k++) {
			const struct step_def *s = &d->steps[k];
			json_t *roles = json_array();
			for (int role = 0; role < ROLE_COUNT; role++)
				if (s->roles & R(role))
					json_array_append_new(roles, json_string(role_name((enum role)role)));
			json_array_append_new(steps, json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:b, s:i, s:o}", "code", s->code,
							       "zh", s->zh, "en", s->en, "roles", roles, "votes",
							       (s->needs & NEED_VOTES) != 0, "evidence",
							       (s->needs & NEED_EVIDENCE) != 0, "signed_form",
							       (s->needs & NEED_SIGNED) != 0, "notice_days", s->notice_days,
							       "objection_back_to", s->back_to ? json_string(s->back_to) : json_null()));
		}
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:o}", "kind", d->kind, "zh", d->zh, "en", d->en,
						       "steps", steps));
	}
	return reply_json(r, 200, json_pack("{s:o}", "items", kinds));
}

/* ---- the list ---------------------------------------------------------------- */

static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)ctx;
	sqlbuf_add(b, PROCEDURE_FROM " WHERE ");
	int st = listing_scope_where(r, b, "p.division");
	if (st)
		return st;
	static const char *const text[] = { "kind", "status", "step" };
	for (int i = 0; i < 3; i++) {
		const char *v = req_query(r, text[i]);
		if (v && *v) {
			sqlbuf_add(b, arena_printf(r->arena, " AND p.%s = ", text[i]));
			sqlbuf_text(b, v);
		}
	}
	static const char *const ints[] = { "year", "batch_id", "household_id" };
	for (int i = 0; i < 3; i++) {
		int64_t v = 0;
		if ((st = req_query_int(r, ints[i], 1, INT64_MAX, &v)))
			return st;
		if (v) {
			sqlbuf_add(b, arena_printf(r->arena, " AND p.%s = ", ints[i]));
			sqlbuf_int(b, v);
		}
	}
	return 0;
}

static json_t *list_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)ctx;
	struct pcase c;
	pcase_read(r, st, &c);
	return c.def ? pcase_json(r, &c) : json_object();
}

int procedures_list(struct req *r)
{
	const struct listing l = { .columns = PROCEDURE_COLUMNS, .order = "p.updated_at DESC, p.id DESC",
				   .from = list_from, .row = list_row, .key = "p.id" };
	return listing_reply(r, &l);
}

/* ---- one case ------------------------------------------------------------------ */

static json_t *steps_json(struct req *r, int64_t id)
{
	json_t *a = json_array();
	struct db_stmt *st = db_query(r->db, "SELECT step, action, at, username, role, votes_for, votes_against,"
				      " votes_abstain, evidence, note FROM procedure_steps WHERE procedure_id = $1"
				      " ORDER BY id", "i", id);
	while (st && db_step(st) == DB_ROW) {
		char at[21];
		clock_format_iso(db_column_int(st, 2), at);
		json_t *row = json_pack("{s:s, s:s, s:s, s:s, s:s}", "step", db_column_text(st, 0), "action",
					db_column_text(st, 1), "at", at, "username", db_column_text(st, 3), "role",
					db_column_text(st, 4));
		if (!db_column_is_null(st, 5) && (db_column_int(st, 5) || db_column_int(st, 6) || db_column_int(st, 7)))
			json_object_set_new(row, "votes", json_pack("{s:I, s:I, s:I}", "for", (json_int_t)db_column_int(st, 5),
								    "against", (json_int_t)db_column_int(st, 6), "abstain",
								    (json_int_t)db_column_int(st, 7)));
		json_object_set_new(row, "evidence", db_column_is_null(st, 8) ? json_array()
									   : json_loads(db_column_text(st, 8), 0, NULL));
		json_object_set_new(row, "note", db_column_is_null(st, 9) ? json_null() : json_string(db_column_text(st, 9)));
		json_array_append_new(a, row);
	}
	db_finalize(st);
	return a;
}

static int reply_case(struct req *r, int status, const struct pcase *c)
{
	json_t *o = pcase_json(r, c);
	json_object_set_new(o, "steps", steps_json(r, c->id));
	return reply_json(r, status, o);
}

static int load_or_reply(struct req *r, struct pcase *c)
{
	int64_t id;
	int st = req_path_id(r, 0, &id);
	if (st)
		return st;
	int rc = pcase_load(r, id, c);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	return 0;
}

int procedures_get(struct req *r)
{
	struct pcase c;
	int st = load_or_reply(r, &c);
	return st ? st : reply_case(r, 200, &c);
}

static int end_write(struct req *r, int st, const struct pcase *c, const char *action, int status)
{
	if (st) {
		db_rollback(r->db);
		return st;
	}
	json_t *after = pcase_json(r, c);
	struct audit_entry e = { .action = action, .entity = "procedure",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)c->id), .division = c->division,
				 .after = after };
	st = audit_commit_reply(r, DB_OK, &e);
	json_decref(after);
	return st ? st : reply_case(r, status, c);
}

/* The keys of procedures_step's body (also the route's documented fields, app/routes.c). */
const char *const procedures_step_fields[] = { STEP_INPUT_KEYS, NULL };

int procedures_step(struct req *r)
{
	struct step_input in;
	struct pcase c;
	int st = body_object(r, procedures_step_fields);
	if (!st)
		st = step_input_read(r, &in);
	if (!st)
		st = load_or_reply(r, &c);
	if (st)
		return st;
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	return end_write(r, pcase_take(r, &c, &in), &c, "procedure_step", 200);
}

/* The household for a new case: in scope, its status fitting the kind, its monitoring fitting too. */
static int household_fits(struct req *r, const struct procedure_def *d, int64_t household_id, const char *category,
			  const char **division)
{
	struct db_stmt *st = db_query(r->db, "SELECT division, status FROM households WHERE id = $1", "i", household_id);
	int rc = st ? db_step(st) : DB_ERROR;
	const char *status = NULL;
	if (rc == DB_ROW) {
		*division = arena_strdup(r->arena, db_column_text(st, 0));
		status = arena_strdup(r->arena, db_column_text(st, 1));
	}
	db_finalize(st);
	if (rc == DB_ROW && !scope_allows(r->user, *division)) {
		audit_denied_elsewhere(r, "household", "households", "division", household_id);
		rc = DB_DONE;
	}
	if (rc != DB_ROW)
		return rc == DB_DONE ? reply_error_msg(r, ERR_NOT_FOUND, "农户不存在或不在您的管辖范围内",
						       "No such household in your scope", "household_id")
				     : reply_error(r, ERR_INTERNAL, NULL);
	if (d->statuses) {
		size_t n = strlen(status);
		bool fits = false;
		for (const char *p = d->statuses; *p && !fits; p += strcspn(p, " "), p += strspn(p, " "))
			fits = strcspn(p, " ") == n && !strncmp(p, status, n);
		if (!fits)
			return reply_error_msg(r, ERR_CONFLICT,
					       arena_printf(r->arena, "该户状态（%s）不能进行“%s”", status, d->zh),
					       arena_printf(r->arena, "A household in status %s cannot start %s", status, d->en),
					       "household_id");
	}
	const char *started = NULL;
	st = db_query(r->db, "SELECT MIN(started_on) FROM monitoring WHERE household_id = $1 AND eliminated_on IS NULL", "i",
		      household_id);
	if (st && db_step(st) == DB_ROW && !db_column_is_null(st, 0))
		started = arena_strdup(r->arena, db_column_text(st, 0));
	db_finalize(st);
	if (d->effect == EFFECT_MONITOR) {
		if (started)
			return reply_error_msg(r, ERR_CONFLICT, "该户已是监测对象（有未消除的监测记录）",
					       "The household is already monitored", "household_id");
		if (category == NULL || dict_item(dict_find("monitor_category"), category) == NULL)
			return reply_error(r, ERR_VALIDATION, "category");   /* the message lists the categories */
		if (!registry_category_fits(category, status))
			return reply_error_msg(r, ERR_VALIDATION, "该户状态与监测类别不符：脱贫不稳定户须为已脱贫户，边缘易致贫户须为非建档立卡户",
					       "The category does not fit the household's status", "category");
	}
	if (d->effect == EFFECT_ELIMINATE) {
		if (!started)
			return reply_error_msg(r, ERR_CONFLICT, "该户没有未消除风险的监测记录",
					       "The household has no open monitoring case", "household_id");
		if (!registry_may_eliminate(started, crud_today()))
			return reply_error_msg(r, ERR_CONFLICT, "纳入监测未满六个月，不能标注风险消除",
					       "A risk is eliminated only after at least six months of monitoring", "household_id");
		if (category == NULL || dict_item(dict_find("elimination_method"), category) == NULL)
			return reply_error(r, ERR_VALIDATION, "category");
		if (!strcmp(category, "assisted") && !registry_helped_since(r->db, household_id, started))
			return reply_error_msg(r, ERR_VALIDATION, "帮扶消除须有纳入监测后落实的帮扶措施",
					       "Elimination through assistance needs help given since monitoring began", "category");
	}
	return 0;
}

/* A poor village (or county) that has not exited, in scope, and its conditions met for year. */
static int place_fits(struct req *r, const struct procedure_def *d, const char *place, int64_t year)
{
	bool village = d->subject == SUBJECT_VILLAGE;
	if (place == NULL || strlen(place) != (village ? 12u : 6u))
		return reply_error_msg(r, ERR_MISSING_FIELD, village ? "请给出贫困村（12位区划代码）" : "请给出贫困县（6位区划代码）",
				       village ? "Give the poor village (12 digits)" : "Give the poor county (6 digits)",
				       "division");
	if (!scope_allows(r->user, place))
		return reply_error_msg(r, ERR_NOT_FOUND, "区划不在您的管辖范围内", "The division is outside your scope", "division");
	int64_t poor = -1, exited = 0;
	struct db_stmt *st = db_query(r->db, village ? "SELECT poor_village, COALESCE(poverty_exit_year, 0) FROM divisions WHERE code = $1"
						     : "SELECT poor_county, COALESCE(poverty_exit_year, 0) FROM divisions WHERE code = $1",
				      "t", place);
	if (st && db_step(st) == DB_ROW) {
		poor = db_column_int(st, 0);
		exited = db_column_int(st, 1);
	}
	db_finalize(st);
	if (poor != 1)
		return reply_error_msg(r, ERR_CONFLICT, village ? "该村不是贫困村" : "该县不是贫困县",
				       village ? "Not a poor village" : "Not a poor county", "division");
	if (exited)
		return reply_error_msg(r, ERR_CONFLICT, arena_printf(r->arena, "已于 %lld 年退出", (long long)exited),
				       arena_printf(r->arena, "Exited in %lld already", (long long)exited), "division");
	json_t *conditions, *figures;
	bool eligible;
	if (place_conditions(r, d->subject, place, year, &conditions, &figures, &eligible) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	const char *unmet = "";
	size_t i;
	json_t *cond;
	json_array_foreach(conditions, i, cond)
		if (!json_is_true(json_object_get(cond, "met")))
			unmet = arena_printf(r->arena, "%s%s%s", unmet, *unmet ? "；" : "", json_string_value(json_object_get(cond, "zh")));
	json_decref(conditions);
	json_decref(figures);
	if (!eligible)
		return reply_error_msg(r, ERR_CONFLICT, arena_printf(r->arena, "不符合退出条件：%s", unmet),
				       "The exit conditions are not met", "division");
	return 0;
}

int procedure_open(struct req *r, const struct procedure_def *d, int64_t household_id, const char *place, int64_t year,
		   int64_t batch_id, const char *source, const char *category, const struct step_input *in,
		   struct pcase *c)
{
	const char *division = place;
	int st = d->subject == SUBJECT_HOUSEHOLD ? household_fits(r, d, household_id, category, &division)
						 : place_fits(r, d, place, year);
	if (st)
		return st;
	if (d->effect == EFFECT_EXIT) {
		json_t *conditions;
		bool eligible;
		if (exit_conditions(r, household_id, division, year, &conditions, &eligible) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
		const char *unmet = "";
		size_t i;
		json_t *cond;
		json_array_foreach(conditions, i, cond)
			if (!json_is_true(json_object_get(cond, "met")))
				unmet = arena_printf(r->arena, "%s%s%s（%s）", unmet, *unmet ? "；" : "",
						     json_string_value(json_object_get(cond, "zh")),
						     json_string_value(json_object_get(cond, "detail")));
		json_decref(conditions);
		if (!eligible)
			return reply_error_msg(r, ERR_CONFLICT, arena_printf(r->arena, "不符合退出条件：%s", unmet),
					       "The household does not meet the exit conditions", "household_id");
	}
	int64_t now = clock_now(), id = 0, open = 0;
	int rc = household_id ? db_query_int(r->db, &open, "SELECT COUNT(*) FROM procedures WHERE household_id = $1"
					     " AND kind = $2 AND status = 'open'", "it", household_id, d->kind)
			      : db_query_int(r->db, &open, "SELECT COUNT(*) FROM procedures WHERE household_id IS NULL"
					     " AND division = $1 AND kind = $2 AND status = 'open'", "tt", division, d->kind);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (open)
		return reply_error_msg(r, ERR_CONFLICT, arena_printf(r->arena, "已有进行中的“%s”", d->zh),
				       arena_printf(r->arena, "An open %s case exists already", d->en),
				       household_id ? "household_id" : "division");
	rc = db_query_int(r->db, &id, "INSERT INTO procedures (kind, household_id, division, year, batch_id, step,"
			      " status, source, category, objections, created_at, updated_at) VALUES ($1, NULLIF(CAST($2 AS BIGINT), 0),"
			      " $3, $4, NULLIF(CAST($5 AS BIGINT), 0), $6, 'open', $7, $8, 0, $9, $9) RETURNING id",
			      "titii" "ttti",
			      d->kind, household_id, division, year, batch_id, d->steps[0].code, source, category, now);
	if (rc != DB_ROW || pcase_load(r, id, c) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return pcase_take(r, c, in);
}

/* The keys of procedures_create's body (also the route's documented fields, app/routes.c). */
const char *const procedures_create_fields[] = { "kind", "household_id", "division", "year", "source", "category", STEP_INPUT_KEYS, NULL };

/* Body: {kind, household_id (or division: a village's or county's exit), year, source?, category?,
 * step: the first step, votes?, evidence?, signed_form?, note?} */
int procedures_create(struct req *r)
{
	const char *kind, *source, *category, *place = NULL;
	int64_t household_id = 0, year;
	struct step_input in;
	int st = body_object(r, procedures_create_fields);
	if (!st)
		st = body_string(r, "kind", true, 40, &kind);
	if (st)
		return st;
	const struct procedure_def *d = procedure_def_find(kind);
	if (d == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "程序类型应为：贫困户识别、贫困户退出、监测对象识别、风险消除、贫困村退出或贫困县摘帽",
				       "kind is identification, exit, monitoring, elimination, village_exit or county_exit",
				       "kind");
	if (d->subject == SUBJECT_HOUSEHOLD)
		st = body_int(r, "household_id", true, 1, INT64_MAX, &household_id, NULL);
	else
		st = body_string(r, "division", true, 15, &place);
	if (!st)
		st = body_int(r, "year", true, REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &year, NULL);
	if (!st)
		st = body_string(r, "source", false, 40, &source);
	if (!st)
		st = body_string(r, "category", false, 200, &category);
	if (!st)
		st = step_input_read(r, &in);
	if (st)
		return st;
	if ((d->effect == EFFECT_MONITOR || d->effect == EFFECT_ELIMINATE) && (category == NULL || *category == '\0'))
		return reply_error_msg(r, ERR_MISSING_FIELD,
				       d->effect == EFFECT_MONITOR ? "请注明监测类别" : "请注明风险消除方式（帮扶消除或自然消除）",
				       "Give the category (monitoring) or the way (elimination)", "category");
	struct pcase c;
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	st = procedure_open(r, d, household_id, place, year, 0, source, category, &in, &c);
	return end_write(r, st, &c, "procedure_open", 201);
}

/* The keys of procedures_object's body (also the route's documented fields, app/routes.c). */
const char *const procedures_object_fields[] = { "text", "objector", NULL };

/* Body {text, objector?}: during a running notice, records the objection and sends the case back. */
int procedures_object(struct req *r)
{
	const char *text, *objector;
	struct pcase c;
	int st = body_object(r, procedures_object_fields);
	if (!st)
		st = body_string(r, "text", true, 2000, &text);
	if (!st)
		st = body_string(r, "objector", false, 100, &objector);
	if (!st)
		st = load_or_reply(r, &c);
	if (st)
		return st;
	int64_t now = clock_now();
	if (strcmp(c.status, "open") || c.notice_ends_at == 0 || now >= c.notice_ends_at)
		return reply_error_msg(r, ERR_CONFLICT, "只能在公示期内提出异议", "Objections are taken while a notice runs",
				       "text");
	/* the notice step is the one before the next; an objection sends the case back to its back_to */
	int k = procedure_step_index(c.def, c.step) - 1;
	const struct step_def *notice = &c.def->steps[k > 0 ? k : 0];
	const char *back = notice->back_to ? notice->back_to : c.def->steps[0].code;
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	const char *note = objector ? arena_printf(r->arena, "%s（异议人：%s）", text, objector) : text;
	int rc = pcase_log(r, &c, notice->code, "object", note);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE procedures SET step = $1, notice_ends_at = NULL, objections = objections + 1,"
			     " updated_at = $2 WHERE id = $3", "tii", back, now, c.id);
	c.step = back;
	c.notice_ends_at = 0;
	c.objections++;
	return end_write(r, rc == DB_OK ? 0 : reply_error(r, ERR_INTERNAL, NULL), &c, "procedure_objection", 200);
}

/* The keys of procedures_withdraw's body (also the route's documented fields, app/routes.c). */
const char *const procedures_withdraw_fields[] = { "reason", NULL };

/* Body {reason}: the case ends without its effect. */
int procedures_withdraw(struct req *r)
{
	const char *reason;
	struct pcase c;
	int st = body_object(r, procedures_withdraw_fields);
	if (!st)
		st = body_string(r, "reason", true, 2000, &reason);
	if (!st)
		st = load_or_reply(r, &c);
	if (st)
		return st;
	if (strcmp(c.status, "open"))
		return reply_error_msg(r, ERR_CONFLICT, "该程序已结束", "The case is closed", "reason");
	if (db_begin(r->db) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t now = clock_now();
	int rc = pcase_log(r, &c, c.step, "withdraw", reason);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE procedures SET status = 'withdrawn', step = '', notice_ends_at = NULL,"
			     " updated_at = $1 WHERE id = $2", "ii", now, c.id);
	c.status = "withdrawn";
	c.step = "";
	return end_write(r, rc == DB_OK ? 0 : reply_error(r, ERR_INTERNAL, NULL), &c, "procedure_withdraw", 200);
}
