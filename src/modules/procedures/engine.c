/*
 * engine.c - the one transition of every procedure (pcase_take): who may
 * take the next step, in which order, with what, when a notice has run
 * (its days are working days of the national calendar),
 * and what the last step does to the registry.  Also reading a case and a
 * step's input.
 */
#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "core/workdays.h"
#include "db/db.h"
#include "http/reply.h"
#include "model/audit.h"
#include "modules/procedures/procedures_internal.h"
#include "modules/registry/registry_entities.h"
#include "modules/requests/requests.h"

static const char *dup_or_null(struct req *r, struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? NULL : arena_strdup(r->arena, db_column_text(st, col));
}

void pcase_read(struct req *r, struct db_stmt *st, struct pcase *c)
{
	*c = (struct pcase){
		.id = db_column_int(st, 0), .kind = dup_or_null(r, st, 1), .household_id = db_column_int(st, 2),
		.division = dup_or_null(r, st, 3), .year = db_column_int(st, 4), .batch_id = db_column_int(st, 5),
		.step = dup_or_null(r, st, 6), .status = dup_or_null(r, st, 7), .source = dup_or_null(r, st, 8),
		.category = dup_or_null(r, st, 9), .notice_ends_at = db_column_int(st, 10),
		.objections = db_column_int(st, 11), .created_at = db_column_int(st, 12),
		.updated_at = db_column_int(st, 13), .head_name = dup_or_null(r, st, 14),
		.household_no = dup_or_null(r, st, 15), .place_name = dup_or_null(r, st, 16),
	};
	c->def = procedure_def_find(c->kind);
}

int pcase_load(struct req *r, int64_t id, struct pcase *c)
{
	struct db_stmt *st = db_query(r->db, "SELECT " PROCEDURE_COLUMNS PROCEDURE_FROM " WHERE p.id = $1", "i", id);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW)
		pcase_read(r, st, c);
	db_finalize(st);
	if (rc == DB_ROW && (c->def == NULL || !scope_allows(r->user, c->division))) {
		audit_denied_elsewhere(r, "procedure", "procedures", "division", id);
		return DB_DONE;
	}
	return rc;
}

int pcase_log(struct req *r, const struct pcase *c, const char *step, const char *action, const char *note)
{
	return db_exec(r->db, "INSERT INTO procedure_steps (procedure_id, step, action, at, user_id, username, role, note)"
		       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", "itti" "itt" "t", c->id, step, action, clock_now(),
		       r->user->id, r->user->username, role_name(r->user->role), note);
}

static json_t *time_or_null(int64_t t)
{
	if (t == 0)
		return json_null();
	char iso[21];
	clock_format_iso(t, iso);
	return json_string(iso);
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *pcase_json(struct req *r, const struct pcase *c)
{
	(void)r;
	int k = procedure_step_index(c->def, c->step);
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:o, s:I, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o}",
			      "id", (json_int_t)c->id, "kind", c->kind, "kind_zh", c->def->zh, "household_id",
			      (json_int_t)c->household_id, "division", c->division, "head_name", text_or_null(c->head_name),
			      "household_no", text_or_null(c->household_no), "year", (json_int_t)c->year, "status",
			      c->status, "step", k >= 0 ? json_string(c->step) : json_null(), "step_zh",
			      k >= 0 ? json_string(c->def->steps[k].zh) : json_null(), "source", text_or_null(c->source),
			      "category", text_or_null(c->category), "objections", (json_int_t)c->objections,
			      "notice_ends_at", time_or_null(c->notice_ends_at), "created_at", time_or_null(c->created_at));
	json_object_set_new(o, "batch_id", c->batch_id ? json_integer(c->batch_id) : json_null());
	json_object_set_new(o, "place_name", text_or_null(c->place_name));
	if (c->household_id == 0)
		json_object_set_new(o, "household_id", json_null());
	json_object_set_new(o, "updated_at", time_or_null(c->updated_at));
	return o;
}

int step_input_read(struct req *r, struct step_input *in)
{
	memset(in, 0, sizeof(*in));
	int st = body_string(r, "step", true, 40, &in->step);
	if (!st)
		st = body_string(r, "note", false, 2000, &in->note);
	if (!st)
		st = body_string(r, "signed_form", false, 200, &in->signed_form);
	if (st)
		return st;
	json_t *votes = json_object_get(r->json, "votes");
	if (votes && !json_is_null(votes)) {
		static const char *const keys[] = { "for", "against", "abstain" };
		int64_t *dst[] = { &in->votes_for, &in->votes_against, &in->votes_abstain };
		if (!json_is_object(votes) || json_object_size(votes) > 3)
			return reply_error_msg(r, ERR_VALIDATION, "表决结果应包括赞成、反对、弃权票数",
					       "votes is {for, against, abstain}", "votes");
		for (int i = 0; i < 3; i++) {
			json_t *v = json_object_get(votes, keys[i]);
			if (v && (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000))
				return reply_error_msg(r, ERR_VALIDATION, "票数应为 0 到 100000 的整数",
						       "A vote count is an integer from 0 to 100000", "votes");
			*dst[i] = v ? json_integer_value(v) : 0;
		}
		in->has_votes = true;
	}
	json_t *ev = json_object_get(r->json, "evidence");
	if (ev && !json_is_null(ev)) {
		size_t i;
		json_t *e;
		if (!json_is_array(ev) || json_array_size(ev) > 50)
			return reply_error_msg(r, ERR_VALIDATION, "证明材料应为文件名列表（最多 50 个）",
					       "evidence is a list of file names (at most 50)", "evidence");
		json_array_foreach(ev, i, e)
			if (!json_is_string(e) || json_string_length(e) == 0 || json_string_length(e) > 200)
				return reply_error_msg(r, ERR_VALIDATION, "证明材料应为非空文件名", "Each item is a file name",
						       "evidence");
		in->evidence = ev;
	}
	return 0;
}

/* The roles of a step, "村级工作人员、网格员" (for the refusal). */
static const char *roles_zh(struct req *r, unsigned roles)
{
	const char *s = "";
	for (int i = 0; i < ROLE_COUNT; i++)
		if (roles & R(i))
			s = arena_printf(r->arena, "%s%s%s", s, *s ? "、" : "", role_label_zh((enum role)i));
	return s;
}

static int history(struct req *r, int64_t household_id, const char *field, const char *old, const char *new,
		   const char *reason)
{
	return db_exec(r->db, "INSERT INTO household_history (household_id, at, user_id, username, field, old_value,"
		       " new_value, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", "iiitttt" "t", household_id,
		       clock_now(), r->user->id, r->user->username, field, old, new, reason);
}

/* The registry change of the last step. */
static int apply_effect(struct req *r, const struct pcase *c)
{
	int64_t now = clock_now();
	char today[11];
	workdays_day(now, today);
	const char *why = arena_printf(r->arena, "%s（程序 %lld 完成）", c->def->zh, (long long)c->id);
	if (c->def->effect == EFFECT_PLACE_EXIT)
		return db_exec(r->db, "UPDATE divisions SET poverty_exit_year = $1, updated_at = $2 WHERE code = $3", "iit",
			       c->year, now, c->division);
	const char *old = NULL;
	struct db_stmt *st = db_query(r->db, "SELECT status FROM households WHERE id = $1", "i", c->household_id);
	if (st && db_step(st) == DB_ROW)
		old = arena_strdup(r->arena, db_column_text(st, 0));
	db_finalize(st);
	if (old == NULL)
		return DB_ERROR;
	int rc;
	switch (c->def->effect) {
	case EFFECT_IDENTIFY:
		rc = db_exec(r->db, "UPDATE households SET status = 'poor', identified_year = $1, updated_at = $2 WHERE id = $3",
			     "iii", c->year, now, c->household_id);
		return rc ? rc : history(r, c->household_id, "status", old, "poor", why);
	case EFFECT_EXIT:
		rc = db_exec(r->db, "UPDATE households SET status = 'exited_enjoying', exited_year = $1, updated_at = $2"
			     " WHERE id = $3", "iii", c->year, now, c->household_id);
		return rc ? rc : history(r, c->household_id, "status", old, "exited_enjoying", why);
	case EFFECT_MONITOR:
		rc = db_exec(r->db, "INSERT INTO monitoring (household_id, division, category, found_by, started_on,"
			     " note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)", "itttt" "ti",
			     c->household_id, c->division, c->category, c->source, today, why, now);
		return rc ? rc : registry_monitor_category_refresh(r->db, c->household_id);
	case EFFECT_ELIMINATE:
		rc = db_exec(r->db, "UPDATE monitoring SET eliminated_on = $1, elimination_method = $2, elimination_note = $3,"
			     " updated_at = $4 WHERE household_id = $5 AND eliminated_on IS NULL", "ttti" "i", today,
			     c->category, why, now, c->household_id);
		return rc ? rc : registry_monitor_category_refresh(r->db, c->household_id);
	case EFFECT_PLACE_EXIT:
		break;   /* above */
	}
	return DB_ERROR;
}

static int refuse(struct req *r, enum err e, const char *zh, const char *en, const char *field)
{
	return reply_error_msg(r, e, zh, en, field);
}

int pcase_take(struct req *r, struct pcase *c, const struct step_input *in)
{
	const struct procedure_def *d = c->def;
	int k = procedure_step_index(d, in->step);
	if (k < 0)
		return refuse(r, ERR_VALIDATION, arena_printf(r->arena, "“%s”没有步骤 %s", d->zh, in->step),
			      arena_printf(r->arena, "%s has no step %s", d->en, in->step), "step");
	const struct step_def *s = &d->steps[k];
	if (strcmp(c->status, "open"))
		return refuse(r, ERR_CONFLICT, arena_printf(r->arena, "该程序已结束（%s）", c->status),
			      arena_printf(r->arena, "The case is closed (%s)", c->status), "step");
	int next = procedure_step_index(d, c->step);
	if (k != next)
		return refuse(r, ERR_CONFLICT,
			      arena_printf(r->arena, "步骤顺序不对：下一步应为“%s”，不能%s“%s”", d->steps[next].zh,
					   k < next ? "重复" : "跳到", s->zh),
			      arena_printf(r->arena, "Out of order: the next step is %s, not %s", d->steps[next].code, s->code),
			      "step");
	if (!(s->roles & R(r->user->role)))
		return refuse(r, ERR_FORBIDDEN, arena_printf(r->arena, "“%s”由%s办理", s->zh, roles_zh(r, s->roles)),
			      arena_printf(r->arena, "Step %s is not your role's", s->code), "step");
	int64_t now = clock_now();
	if (c->notice_ends_at && now < c->notice_ends_at) {
		char ends[21];
		clock_format_iso(c->notice_ends_at, ends);
		return refuse(r, ERR_CONFLICT, arena_printf(r->arena, "公示期未满（至 %s），期满无异议后方可进行下一步", ends),
			      arena_printf(r->arena, "The public notice runs until %s", ends), "step");
	}
	if ((s->needs & NEED_VOTES) && !in->has_votes)
		return refuse(r, ERR_MISSING_FIELD, arena_printf(r->arena, "“%s”须记录表决结果（赞成、反对、弃权）", s->zh),
			      "This step records the vote (for, against, abstain)", "votes");
	if ((s->needs & NEED_EVIDENCE) && json_array_size(in->evidence) == 0 && !in->signed_form)
		return refuse(r, ERR_MISSING_FIELD, arena_printf(r->arena, "“%s”须上传证明材料", s->zh),
			      "This step needs evidence (file names)", "evidence");
	if ((s->needs & NEED_SIGNED) && !in->signed_form)
		return refuse(r, ERR_MISSING_FIELD, "须上传农户签字确认的认可表", "The household's signed form is needed",
			      "signed_form");
	if (in->has_votes && in->votes_for + in->votes_against + in->votes_abstain == 0)
		return refuse(r, ERR_VALIDATION, "表决人数不能为 0", "Nobody voted", "votes");

	bool rejected = in->has_votes && (s->needs & NEED_VOTES) &&
			2 * in->votes_for <= in->votes_for + in->votes_against + in->votes_abstain;
	json_t *ev = in->evidence ? json_copy(in->evidence) : json_array();
	if (in->signed_form)
		json_array_append_new(ev, json_string(in->signed_form));
	char *evidence = json_array_size(ev) ? json_dumps(ev, JSON_COMPACT) : NULL;
	json_decref(ev);
	const char *ev_text = evidence ? arena_strdup(r->arena, evidence) : NULL;
	free(evidence);
	int rc = db_exec(r->db, "INSERT INTO procedure_steps (procedure_id, step, action, at, user_id, username, role,"
			 " votes_for, votes_against, votes_abstain, evidence, note) VALUES ($1, $2, $3, $4, $5, $6, $7,"
			 " $8, $9, $10, $11, $12)", "itti" "itt" "iii" "tt", c->id, s->code, rejected ? "reject" : "take",
			 now, r->user->id, r->user->username, role_name(r->user->role), in->votes_for, in->votes_against,
			 in->votes_abstain, ev_text, in->note);
	bool last = k + 1 == d->nsteps;
	const char *status = rejected ? "rejected" : last ? "done" : "open";
	const char *step = rejected || last ? "" : d->steps[k + 1].code;
	int64_t days = s->notice_days, ends = 0;
	if (rc == DB_OK && (s->needs & NEED_NOTICE) && !rejected) {
		/* the notice runs its days in working days of the national calendar (as requests' deadlines):
		 * it ends at the close of the days-th working day after the day it opened */
		struct workday_calendar cal;
		rc = procedure_setting(r->db, d->kind, s->code, "notice_days", c->division, c->year, s->notice_days, &days);
		if (rc == DB_OK)
			rc = calendar_load(r->db, r->arena, now, &cal);
		if (rc == DB_OK)
			ends = workdays_add(&cal, now, (int)days);
	}
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE procedures SET step = $1, status = $2, notice_ends_at = NULLIF(CAST($3 AS BIGINT), 0),"
			     " updated_at = $4 WHERE id = $5", "ttiii", step, status, ends, now, c->id);
	if (rc == DB_OK && last && !rejected)
		rc = apply_effect(r, c);
	if (rc != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	c->step = step;
	c->status = status;
	c->notice_ends_at = ends;
	c->updated_at = now;
	return 0;
}
