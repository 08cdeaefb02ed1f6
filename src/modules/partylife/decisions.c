/*
 * decisions.c - a village's major matters under 四议两公开 (see partylife.h):
 * proposal -> joint_deliberation -> members_review (quorum) ->
 * reps_decision (quorum) -> publish_decision -> publish_result, strictly
 * in that order.
 */
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/listing.h"
#include "model/audit.h"
#include "modules/partylife/partylife.h"
#include "modules/partylife/resource.h"

static const struct {
	const char *code, *zh, *meeting_kind;
} steps[] = {
	{ "proposal", "村党组织提议", "branch_committee" },
	{ "joint_deliberation", "村两委会议商议", "two_committees" },
	{ "members_review", "党员大会审议", "branch_general" },
	{ "reps_decision", "村民代表会议决议", "villager_reps" },
	{ "publish_decision", "决议公开", NULL },
	{ "publish_result", "实施结果公开", NULL },
};
#define NSTEPS (int)(sizeof(steps) / sizeof(steps[0]))

static json_t *decision_json(struct req *r, struct db_stmt *st)
{
	int64_t id = db_column_int(st, 0), stage = db_column_int(st, 4);
	json_t *o = json_pack("{s:I, s:s, s:o, s:s, s:s, s:I, s:s, s:o, s:o}", "id", (json_int_t)id, "division",
			      db_column_text(st, 1), "division_name", pl_opt_text(db_column_text(st, 7)), "title",
			      db_column_text(st, 2), "content", db_column_text(st, 3), "stage", (json_int_t)stage, "status",
			      stage >= NSTEPS ? "done" : stage == 0 ? "new" : "in_progress", "next_step",
			      stage < NSTEPS ? json_string(steps[stage].code) : json_null(), "created_at",
			      pl_time_json(db_column_int(st, 5)));
	json_t *a = json_array();
	struct db_stmt *q = db_query(r->db, "SELECT seq, step, meeting_id, total, present, votes_for, note, at, actor_name"
				     " FROM decision_steps WHERE decision_id = $1 ORDER BY seq", "i", id);
	while (q && db_step(q) == DB_ROW) {
		int64_t seq = db_column_int(q, 0);
		json_t *s = json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "seq", (json_int_t)seq, "step",
				      db_column_text(q, 1), "step_name", seq >= 1 && seq <= NSTEPS ? steps[seq - 1].zh : "",
				      "meeting_id", db_column_is_null(q, 2) ? json_null() : json_integer(db_column_int(q, 2)),
				      "total", db_column_is_null(q, 3) ? json_null() : json_integer(db_column_int(q, 3)),
				      "present", db_column_is_null(q, 4) ? json_null() : json_integer(db_column_int(q, 4)),
				      "for", db_column_is_null(q, 5) ? json_null() : json_integer(db_column_int(q, 5)),
				      "note", pl_opt_text(db_column_text(q, 6)), "at", pl_time_json(db_column_int(q, 7)),
				      "actor", pl_opt_text(db_column_text(q, 8)));
		json_array_append_new(a, s);
	}
	db_finalize(q);
	json_object_set_new(o, "steps", a);
	return o;
}

static int decision_load(struct req *r, int64_t id, json_t **stored, const char **division);

#define DECISION_COLUMNS \
	"t.id, t.division, t.title, t.content, t.stage, t.created_at, t.updated_at, (SELECT d.name FROM divisions d WHERE d.code = t.division)"

static int reply_decision(struct req *r, int64_t id, int status)
{
	int rc;
	struct db_stmt *st = pl_query_in_scope(r, "SELECT " DECISION_COLUMNS " FROM decisions t WHERE t.id = ", id,
					       "t.division", &rc);
	json_t *o = rc == DB_ROW ? decision_json(r, st) : NULL;
	db_finalize(st);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	return reply_json(r, status, o);
}

static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)ctx;
	sqlbuf_add(b, " FROM decisions t WHERE ");
	return listing_scope_where(r, b, "t.division");
}

static json_t *decision_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)ctx;
	return decision_json(r, st);
}

int decisions_list(struct req *r)
{
	struct listing l = { .columns = DECISION_COLUMNS, .order = "t.created_at DESC, t.id DESC", .from = list_from,
			     .row = decision_row, .key = "t.id" };
	return listing_reply(r, &l);
}

/*
 * Where one person is both branch secretary and committee director (一肩挑),
 * the proposal and the two committees' deliberation may be one step: only
 * from the proposal, and only in a village whose branch is so marked.
 */
static int check_merge(struct req *r, const char *division, int k)
{
	if (k != 0)
		return reply_error_msg(r, ERR_VALIDATION, "只有“提议”可与“商议”合并", "Only the proposal merges with the deliberation",
				       "merged");
	int64_t n = 0;
	/* the village's own branch: the one whose parent is outside the village (not a sub-branch of a 党总支) */
	if (db_query_int(r->db, &n, "SELECT COUNT(*) FROM orgs o WHERE o.division = $1 AND o.secretary_is_director = 1"
			 " AND o.type IN ('village_branch', 'general_branch', 'community_branch') AND NOT EXISTS"
			 " (SELECT 1 FROM orgs p WHERE p.id = o.parent_id AND p.division = o.division)", "t", division) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (n == 0)
		return reply_error_msg(r, ERR_CONFLICT, "该村党组织书记未兼任村委会主任（非“一肩挑”），提议和商议须分别进行",
				       "The village's secretary is not also the committee director (一肩挑): propose and"
				       " deliberate separately", "merged");
	return 0;
}

/* The keys of decisions_step's body (also the route's documented fields, app/routes.c). */
const char *const decisions_step_fields[] = { "step", "meeting_id", "total", "present", "for", "note", "merged", NULL };

int decisions_step(struct req *r)
{
	int64_t id, meeting = 0, total = 0, present = 0, votes_for = 0;
	bool has_meeting = false, has_total = false, has_present = false, has_for = false, merged = false;
	const char *step, *note;
	int st = req_path_id(r, 0, &id);
	if (!st)
		st = body_object(r, decisions_step_fields);
	if (!st)
		st = body_string(r, "step", true, 40, &step);
	if (!st)
		st = body_int(r, "meeting_id", false, 1, INT64_MAX, &meeting, &has_meeting);
	if (!st)
		st = body_int(r, "total", false, 1, 1000000, &total, &has_total);
	if (!st)
		st = body_int(r, "present", false, 0, 1000000, &present, &has_present);
	if (!st)
		st = body_int(r, "for", false, 0, 1000000, &votes_for, &has_for);
	if (!st)
		st = body_string(r, "note", false, 2000, &note);
	if (!st)
		st = body_bool(r, "merged", false, &merged, NULL);
	if (st)
		return st;
	int k = 0;
	while (k < NSTEPS && strcmp(steps[k].code, step))
		k++;
	if (k == NSTEPS)
		return reply_error_msg(r, ERR_VALIDATION, "未知步骤", "Unknown step", "step");
	/* the decision, in scope */
	const char *division = NULL;
	json_t *stored = NULL;
	int rc = decision_load(r, id, &stored, &division);
	int64_t stage = json_integer_value(json_object_get(stored, "stage"));
	json_decref(stored);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	if (stage >= NSTEPS)
		return reply_error_msg(r, ERR_CONFLICT, "该事项六个步骤已全部完成", "All six steps are done", "step");
	if (k != stage)
		return reply_error_msg(r, ERR_CONFLICT,
				       arena_printf(r->arena, "步骤顺序不对：下一步应为“%s”（%s），不能进行“%s”", steps[stage].zh,
						    steps[stage].code, steps[k].zh),
				       arena_printf(r->arena, "Out of order: the next step is %s, not %s", steps[stage].code,
						    step),
				       "step");
	if (merged && (st = check_merge(r, division, k)))
		return st;
	/* the meeting, when given: in the village and of the step's kind; its attendance gives the counts */
	if (has_meeting) {
		struct db_stmt *q = pl_query_in_scope(r, "SELECT m.kind, m.expected, m.present, m.division, m.status,"
						      " COALESCE(m.quorum, 1) FROM meetings m WHERE m.id = ", meeting, "m.division", &rc);
		const char *kind = rc == DB_ROW ? arena_strdup(r->arena, db_column_text(q, 0)) : NULL;
		const char *mdiv = rc == DB_ROW ? arena_strdup(r->arena, db_column_text(q, 3)) : NULL;
		bool m_held = rc == DB_ROW && !strcmp(db_column_text(q, 4), "held"), m_quorum = rc == DB_ROW && db_column_int(q, 5);
		int64_t m_expected = rc == DB_ROW ? db_column_int(q, 1) : 0, m_present = rc == DB_ROW ? db_column_int(q, 2) : 0;
		db_finalize(q);
		if (rc == DB_DONE)
			return reply_error_msg(r, ERR_NOT_FOUND, "会议不存在或不在您的管辖范围内", "No such meeting in your scope",
					       "meeting_id");
		if (rc != DB_ROW)
			return reply_error(r, ERR_INTERNAL, NULL);
		if (!division_in_subtree(division, mdiv) && !division_in_subtree(mdiv, division))
			return reply_error_msg(r, ERR_VALIDATION, "会议不属于该村", "The meeting is not the village's", "meeting_id");
		if (steps[k].meeting_kind && strcmp(kind, steps[k].meeting_kind) &&
		    !(merged && !strcmp(kind, steps[k + 1].meeting_kind)))
			return reply_error_msg(r, ERR_VALIDATION,
					       arena_printf(r->arena, "“%s”应引用 %s 会议", steps[k].zh, steps[k].meeting_kind),
					       arena_printf(r->arena, "Step %s takes a %s meeting", step, steps[k].meeting_kind),
					       "meeting_id");
		/* a step stands on a meeting that took place, and a 党员大会 with its quorum */
		if (!m_held)
			return reply_error_msg(r, ERR_CONFLICT, "引用的会议尚未召开（计划召开）", "The meeting cited is planned, not held",
					       "meeting_id");
		if (!m_quorum)
			return reply_error_msg(r, ERR_CONFLICT, "引用的党员大会到会正式党员未过半数，不能作为审议依据",
					       "The 党员大会 cited had no more than half of its full members present", "meeting_id");
		if (!has_total && m_expected > 0) {
			total = m_expected;
			has_total = true;
		}
		if (!has_present && m_expected > 0) {
			present = m_present;
			has_present = true;
		}
	}
	bool quorum_step = !strcmp(step, "members_review") || !strcmp(step, "reps_decision");
	if (quorum_step) {
		if (!has_total || !has_present || !has_for)
			return reply_error_msg(r, ERR_MISSING_FIELD,
					       "审议、决议须有应到、实到和赞成人数，或引用有签到的会议",
					       "This step needs total, present and for (or a meeting_id with attendance)",
					       !has_for ? "for" : !has_total ? "total" : "present");
		const char *why = NULL;
		bool ok = !strcmp(step, "members_review") ? pl_members_quorum(total, present, votes_for, &why)
							  : pl_reps_quorum(total, present, votes_for, &why);
		/* why is "中文 / English": one language a message field */
		const char *sep = why ? strstr(why, " / ") : NULL;
		const char *why_zh = sep ? arena_printf(r->arena, "%.*s", (int)(sep - why), why) : why ? why : "";
		const char *why_en = sep ? sep + 3 : why ? why : "";
		if (!ok)
			return reply_error_msg(r, ERR_CONFLICT,
					       arena_printf(r->arena, "%s未通过：%s（应到 %lld，实到 %lld，赞成 %lld）", steps[k].zh,
							    why_zh, (long long)total, (long long)present, (long long)votes_for),
					       arena_printf(r->arena, "%s failed: %s (total %lld, present %lld, for %lld)", step,
							    why_en, (long long)total, (long long)present, (long long)votes_for),
					       "for");
	}
	int64_t now = clock_now();
	rc = db_begin(r->db);
	/* the stage guards a concurrent step */
	int last = k + merged;
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE decisions SET stage = $1, updated_at = $2 WHERE id = $3 AND stage = $4", "iiii",
			     (int64_t)(last + 1), now, id, stage);
	if (rc == DB_OK && db_changes(r->db) != 1)
		rc = DB_CONSTRAINT;
	for (int s = k; s <= last && rc == DB_OK; s++) {
		const char *text = s > k ? "一肩挑：两委商议与村党组织提议合并进行" : note;
		rc = db_exec(r->db, "INSERT INTO decision_steps (decision_id, seq, step, meeting_id, total, present, votes_for,"
			     " note, at, actor_id, actor_name) VALUES ($1, $2, $3, NULLIF(CAST($4 AS BIGINT), 0), NULLIF(CAST($5 AS BIGINT), -1),"
			     " NULLIF(CAST($6 AS BIGINT), -1), NULLIF(CAST($7 AS BIGINT), -1), $8, $9, $10, $11)",
			     "iiti" "iiitiit", id, (int64_t)(s + 1), steps[s].code, meeting, has_total ? total : -1,
			     has_present ? present : -1, has_for ? votes_for : -1, text, now, r->user->id, r->user->username);
	}
	json_t *after = json_pack("{s:s, s:I, s:I, s:I, s:I, s:b}", "step", step, "meeting_id", (json_int_t)meeting,
				  "total", (json_int_t)total, "present", (json_int_t)present, "for",
				  (json_int_t)votes_for, "merged", merged);
	struct audit_entry e = { .action = "decision_step", .entity = "decision",
				 .entity_id = pl_id_text(r, id), .division = division, .after = after };
	rc = audit_commit(r, r->db, rc, &e);
	json_decref(after);
	if (rc != DB_OK) {
		if (rc == DB_CONSTRAINT)
			return reply_error_msg(r, ERR_CONFLICT, "该步骤已由他人记录", "Someone else recorded this step", "step");
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_decision(r, id, 201);
}

/* ---- create, correct, delete --------------------------------------------------------- */

/* A matter as validated from a create body, or the members a PATCH changes (NULL: kept). */
struct decision_in {
	const char *division, *title, *content;
};

const char *const decision_keys[] = { "division", "title", "content", NULL };
/* PATCH: the title and content; the village and the steps stay. */
const char *const decision_patch_keys[] = { "title", "content", NULL };

static int decision_validate(struct req *r, void *input, const char **division)
{
	struct decision_in *in = input;
	int st = body_string(r, "division", true, DIVISION_CODE_MAX, &in->division);
	if (!st)
		st = body_string(r, "title", true, 200, &in->title);
	if (!st)
		st = body_string(r, "content", true, 20000, &in->content);
	if (st)
		return st;
	if (division_level(in->division) != DIV_VILLAGE)
		return reply_error_msg(r, ERR_BAD_DIVISION, "四议两公开的事项属于一个村（12 位区划代码）",
				       "A major matter belongs to a village (12-digit code)", "division");
	if (!scope_allows(r->user, in->division))
		return reply_error_msg(r, ERR_NOT_FOUND, "区划不在您的管辖范围内", "The division is outside your scope", "division");
	int64_t found = 0;
	if (db_query_int(r->db, &found, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", in->division) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (!found)
		return reply_error_msg(r, ERR_BAD_DIVISION, "区划不存在", "No such division", "division");
	*division = in->division;
	return 0;
}

static int decision_validate_patch(struct req *r, void *input)
{
	struct decision_in *in = input;
	int st = body_string(r, "title", false, 200, &in->title);
	return st ? st : body_string(r, "content", false, 20000, &in->content);
}

/* The stored matter, in scope: its title, content and stage, and its village. */
static int decision_load(struct req *r, int64_t id, json_t **stored, const char **division)
{
	int rc;
	struct db_stmt *q = pl_query_in_scope(r, "SELECT t.division, t.stage, t.title, t.content FROM decisions t WHERE t.id = ",
					      id, "t.division", &rc);
	if (rc == DB_ROW) {
		*division = arena_strdup(r->arena, db_column_text(q, 0));
		*stored = json_pack("{s:s, s:s, s:I}", "title", db_column_text(q, 2), "content", db_column_text(q, 3), "stage",
				    (json_int_t)db_column_int(q, 1));
	}
	db_finalize(q);
	return rc;
}

/* DELETE: only a matter no step has been recorded for (the steps are the record). */
static int decision_check_delete(struct req *r, const json_t *stored)
{
	if (json_integer_value(json_object_get(stored, "stage")) > 0)
		return reply_error_msg(r, ERR_CONFLICT, "该事项已有决策步骤记录，不能删除", "Steps are recorded: the matter stays", NULL);
	return 0;
}

static int decision_write(struct req *r, int64_t *id, const void *input)
{
	const struct decision_in *in = input;
	int64_t now = clock_now();
	if (*id)
		return db_exec(r->db, "UPDATE decisions SET title = COALESCE($1, title), content = COALESCE($2, content),"
			       " updated_at = $3 WHERE id = $4", "ttii", in->title, in->content, now, *id);
	return pl_insert_id(db_query(r->db, "INSERT INTO decisions (division, title, content, stage, created_by, created_at,"
				     " updated_at) VALUES ($1, $2, $3, 0, $4, $5, $5) RETURNING id", "tttii", in->division,
				     in->title, in->content, r->user->id, now), id);
}

static json_t *decision_audit(struct req *r, const void *input, bool creating, const char **detail)
{
	const struct decision_in *in = input;
	(void)r;
	(void)detail;
	if (creating)
		return json_pack("{s:s, s:s}", "division", in->division, "title", in->title);
	return json_pack("{s:o, s:o}", "title", pl_opt_text(in->title), "content", pl_opt_text(in->content));
}

/* the stage guards a step recorded meanwhile */
static const char *const decision_delete_sql[] = { "DELETE FROM decisions WHERE id = $1 AND stage = 0", NULL };

static const struct pl_resource decision_resource = {
	.entity = "decision",
	.table = "decisions",
	.keys = decision_keys,
	.patch_keys = decision_patch_keys,
	.input_size = sizeof(struct decision_in),
	.validate = decision_validate,
	.validate_patch = decision_validate_patch,
	.load = decision_load,
	.check_delete = decision_check_delete,
	.write = decision_write,
	.audit = decision_audit,
	.delete_sql = decision_delete_sql,
	.reply = reply_decision,
};

PL_RESOURCE_HANDLERS(decisions, decision_resource)
