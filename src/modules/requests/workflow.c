/* workflow.c - a request's lifecycle: the status and transition tables, who may act, each action's effects, and taking an action. */
#include "modules/requests/requests.h"
#include "modules/requests/requests_internal.h"

#include <stdio.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/roles.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/dict.h"

#define N(a) (sizeof(a) / sizeof(a[0]))
#define SUPERVISE_TRANSFERS 3    /* transferred this often: supervised */

/* ---- statuses ------------------------------------------------------------------------- */

/*
 * Every status of a request (their labels: the request_status dictionary)
 * and whether it ends the request.  request_status_open() and the SQL list
 * of closed statuses both come from here.  The closed ones, in this order,
 * are also the list that migration 7's partial indexes of open requests
 * spell out: change them together.
 */
static const struct request_status {
	const char *name;
	bool closed;
} statuses[] = {
	{ "submitted", false },
	{ "signed", false },
	{ "transferred", false },
	{ "in_progress", false },
	{ "replied", false },
	{ "visited", false },
	{ "closed", true },
	{ "reopened", false },
	{ "returned", false },
	{ "merged", true },
	{ "withdrawn", true },
};

bool request_status_open(const char *status)
{
	for (size_t i = 0; i < N(statuses); i++)
		if (!strcmp(statuses[i].name, status))
			return !statuses[i].closed;
	return true;
}

void request_closed_list(char out[static CLOSED_LIST_MAX])
{
	size_t n = 0;
	const char *sep = "(";
	for (size_t i = 0; i < N(statuses) && n < CLOSED_LIST_MAX; i++) {
		if (!statuses[i].closed)
			continue;
		n += (size_t)snprintf(out + n, CLOSED_LIST_MAX - n, "%s'%s'", sep, statuses[i].name);
		sep = ", ";
	}
	if (n < CLOSED_LIST_MAX)
		snprintf(out + n, CLOSED_LIST_MAX - n, ")");
}

void request_status_filter(struct sqlbuf *b, const char *column, bool open)
{
	char list[CLOSED_LIST_MAX];
	request_closed_list(list);
	sqlbuf_add(b, column);
	sqlbuf_add(b, open ? " NOT IN " : " IN ");
	sqlbuf_add(b, list);
}

/* ---- an action under way ------------------------------------------------------------------ */

/* The body of an action: what the effects may need. */
struct action_input {
	const char *note, *reply, *satisfaction, *outcome;
	int64_t org, into;
	bool has_org, has_into;
};

/*
 * An action being taken: the request as read (its effect keeps the row in
 * step with what it writes, so that the reply needs no second read), the
 * body, the UPDATE's SET list so far, and the status it leads to.
 */
struct action {
	struct req *r;
	const struct action_input *in;
	struct request_row *q;
	struct sqlbuf *set;
	const char *to;
	int64_t now;
	int64_t step_org;    /* the organisation the timeline step names (a transfer's) */
	const char *step_satisfaction;   /* a callback's rating, kept on its step for the figures */
};

/* Each setter appends ", column = value" to the UPDATE and sets the row's field to the same. */
static void set_column(struct action *a, const char *column)
{
	sqlbuf_add(a->set, ", ");
	sqlbuf_add(a->set, column);
	sqlbuf_add(a->set, " = ");
}

/* A time or an id; 0 writes NULL. */
static void set_int(struct action *a, const char *column, int64_t *field, int64_t value)
{
	set_column(a, column);
	if (value)
		sqlbuf_int(a->set, value);
	else
		sqlbuf_add(a->set, "NULL");
	*field = value;
}

static void set_text(struct action *a, const char *column, const char **field, const char *value)
{
	set_column(a, column);
	sqlbuf_text(a->set, value);
	*field = value;
}

/* One more, counted in the database (a concurrent transfer counts too). */
static void add_one(struct action *a, const char *column, int64_t *field)
{
	set_column(a, column);
	sqlbuf_add(a->set, column);
	sqlbuf_add(a->set, " + 1");
	(*field)++;
}

static void supervise(struct action *a)
{
	set_column(a, "supervised");
	sqlbuf_add(a->set, "1");
	a->q->supervised = true;
}

/* ---- effects: each checks what its action needs, then sets columns; 0 or the error reply's status -- */

typedef int effect_fn(struct action *a);

static int effect_sign(struct action *a)
{
	set_int(a, "signed_at", &a->q->signed_at, a->now);
	return 0;
}

/* To another organisation, to be signed for anew by a new deadline; transferred this often, supervised. */
static int effect_transfer(struct action *a)
{
	struct req *r = a->r;
	struct request_row *q = a->q;
	if (!a->in->has_org)
		return reply_error(r, ERR_MISSING_FIELD, "org_id");
	const char *target = NULL, *name = NULL;
	struct db_stmt *o = db_query(r->db, "SELECT division, name FROM orgs WHERE id = $1", "i", a->in->org);
	if (o && db_step(o) == DB_ROW) {
		target = arena_strdup(r->arena, db_column_text(o, 0));
		name = arena_strdup(r->arena, db_column_text(o, 1));
	}
	db_finalize(o);
	if (target == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "目标党组织不存在", "No such organisation", "org_id");
	/* a transfer to the organisation that holds it would only count toward supervision */
	if (a->in->org == q->org_id)
		return reply_error_msg(r, ERR_VALIDATION, "诉求已由该党组织办理，不能转办给同一党组织",
				       "The request is already with this organisation; a transfer must go elsewhere", "org_id");
	/* only inside the caller's scope: what belongs elsewhere goes back up (return) to be re-dispatched */
	if (!scope_allows(r->user, target))
		return reply_error_msg(r, ERR_FORBIDDEN, "目标党组织不在您的管辖范围内；不属于本级办理的诉求请退回派单层级",
				       "The organisation is outside your scope; return a request that belongs elsewhere",
				       "org_id");
	struct category c;
	struct workday_calendar cal;
	if (category_load(r, r->db, q->category, &c) != DB_ROW || calendar_load(r->db, r->arena, a->now, &cal) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	set_int(a, "org_id", &q->org_id, a->in->org);
	set_text(a, "org_division", &q->org_division, target);
	set_int(a, "signed_at", &q->signed_at, 0);
	add_one(a, "transfer_count", &q->transfer_count);
	set_int(a, "sign_due", &q->sign_due, workdays_add(&cal, a->now, (int)c.sign_days));
	if (q->transfer_count >= SUPERVISE_TRANSFERS)
		supervise(a);
	q->org_name = name;
	a->step_org = a->in->org;
	return 0;
}

/* Returning (misrouted) and a note both say why. */
static int effect_need_note(struct action *a)
{
	if (a->in->note == NULL || *a->in->note == '\0')
		return reply_error(a->r, ERR_MISSING_FIELD, "note");
	return 0;
}

static int effect_reply(struct action *a)
{
	if (a->in->reply == NULL || *a->in->reply == '\0')
		return reply_error(a->r, ERR_MISSING_FIELD, "reply");
	set_text(a, "reply", &a->q->reply, a->in->reply);
	set_int(a, "replied_at", &a->q->replied_at, a->now);
	return 0;
}

/* A callback records satisfaction; 不满意 reopens the request, under supervision. */
static int effect_visit(struct action *a)
{
	const char *satisfaction = a->in->satisfaction;
	if (satisfaction == NULL || dict_item(dict_find("satisfaction"), satisfaction) == NULL)
		return reply_error_msg(a->r, ERR_MISSING_FIELD, "回访须记录满意度：满意、基本满意或不满意",
				       "A callback records satisfaction: satisfied, basic or unsatisfied", "satisfaction");
	set_text(a, "satisfaction", &a->q->satisfaction, satisfaction);
	a->step_satisfaction = satisfaction;
	if (!strcmp(satisfaction, "unsatisfied")) {
		a->to = "reopened";
		add_one(a, "reopen_count", &a->q->reopen_count);
		supervise(a);
		set_int(a, "replied_at", &a->q->replied_at, 0);
	}
	return 0;
}

/* Closing needs a satisfied (or basic) callback, and a dispute its mediation outcome. */
static int effect_close(struct action *a)
{
	const struct request_row *q = a->q;
	if (q->satisfaction == NULL || !strcmp(q->satisfaction, "unsatisfied"))
		return reply_error_msg(a->r, ERR_CONFLICT, "办结前须回访并取得满意或基本满意的评价",
				       "Closing needs a callback with a satisfied or basic rating", "satisfaction");
	if (q->kind && !strcmp(q->kind, "dispute") && (q->mediation_outcome == NULL || *q->mediation_outcome == '\0'))
		return reply_error_msg(a->r, ERR_CONFLICT, "矛盾纠纷办结前须记录调解结果",
				       "A dispute needs its mediation outcome before closing", "outcome");
	set_int(a, "closed_at", &a->q->closed_at, a->now);
	return 0;
}

/* Worked on again, under supervision: the callback and the closing are undone. */
static int effect_reopen(struct action *a)
{
	add_one(a, "reopen_count", &a->q->reopen_count);
	supervise(a);
	set_int(a, "closed_at", &a->q->closed_at, 0);
	set_int(a, "replied_at", &a->q->replied_at, 0);
	set_text(a, "satisfaction", &a->q->satisfaction, NULL);
	return 0;
}

/* A duplicate, merged into another open request in the caller's scope. */
static int effect_merge(struct action *a)
{
	if (!a->in->has_into || a->in->into == a->q->id)
		return reply_error_msg(a->r, ERR_MISSING_FIELD, "请指明合并到的诉求", "Name the request to merge into", "into");
	struct request_row target;
	if (request_find(a->r, a->in->into, &target) != DB_ROW || !request_status_open(target.status))
		return reply_error_msg(a->r, ERR_VALIDATION, "合并目标不存在或已结束", "The target is unknown or finished", "into");
	set_int(a, "merged_into", &a->q->merged_into, a->in->into);
	return 0;
}

static int effect_mediate(struct action *a)
{
	if (a->in->outcome == NULL || *a->in->outcome == '\0')
		return reply_error(a->r, ERR_MISSING_FIELD, "outcome");
	set_text(a, "mediation_outcome", &a->q->mediation_outcome, a->in->outcome);
	return 0;
}

/* ---- the transition table ------------------------------------------------------------------- */

enum actor {
	ACT_HANDLER = 1 << 0,     /* staff of the responsible organisation's division */
	ACT_DISPATCHER = 1 << 1,  /* county or township staff over the request's place, or the supervising organisation */
	ACT_STAFF = 1 << 2,       /* any staff over the request's place */
	ACT_CALLBACK = 1 << 3,    /* a dispatcher above the handling level (the dispatching level or the hotline):
				   * the handling organisation never rates its own work */
};

struct transition {
	const char *action;
	const char *from[8];
	const char *to;           /* NULL: the status does not change */
	unsigned who;             /* enum actor */
	const char *zh;
	const char *only_kind;    /* NULL, or the one category kind it applies to */
	effect_fn *effect;        /* NULL: the status alone changes */
};

static const struct transition transitions[] = {
	{ "sign", { "submitted", "transferred", "reopened" }, "signed", ACT_HANDLER, "签收", NULL, effect_sign },
	{ "start", { "signed" }, "in_progress", ACT_HANDLER, "开始办理", NULL, NULL },
	{ "transfer", { "submitted", "signed", "in_progress", "reopened", "returned", "transferred" }, "transferred",
	  ACT_HANDLER | ACT_DISPATCHER, "转办", NULL, effect_transfer },
	{ "return", { "submitted", "transferred", "signed" }, "returned", ACT_HANDLER, "退回（派错）", NULL,
	  effect_need_note },
	{ "reply", { "signed", "in_progress", "reopened" }, "replied", ACT_HANDLER, "答复", NULL, effect_reply },
	{ "visit", { "replied" }, "visited", ACT_CALLBACK, "回访", NULL, effect_visit },
	{ "close", { "visited" }, "closed", ACT_HANDLER | ACT_DISPATCHER, "办结", NULL, effect_close },
	{ "reopen", { "closed", "visited" }, "reopened", ACT_DISPATCHER, "重新办理", NULL, effect_reopen },
	{ "merge", { "submitted", "signed", "transferred", "returned" }, "merged", ACT_HANDLER | ACT_DISPATCHER,
	  "合并（重复）", NULL, effect_merge },
	{ "withdraw", { "submitted", "signed", "transferred", "in_progress", "returned" }, "withdrawn", ACT_STAFF, "撤回",
	  NULL, NULL },
	{ "mediate", { "signed", "in_progress", "replied", "visited", "reopened" }, NULL, ACT_HANDLER, "记录调解结果",
	  "dispute", effect_mediate },
	{ "note", { "submitted", "signed", "transferred", "in_progress", "replied", "visited", "reopened", "returned" }, NULL,
	  ACT_STAFF, "备注", NULL, effect_need_note },
};

/* The label of every step a timeline can hold: the actions above and the
 * ones the server takes itself (submission, escalation, the caller's
 * confirmation, the requester's own rating). */
static const struct step_label {
	const char *action, *zh, *en;
} step_labels[] = {
	{ "submit", "提交诉求", "Submitted" },
	{ "sign", "签收", "Signed for" },
	{ "start", "开始办理", "Work started" },
	{ "transfer", "转办", "Transferred" },
	{ "return", "退回（派错）", "Returned (misrouted)" },
	{ "reply", "答复", "Replied" },
	{ "visit", "回访", "Called back" },
	{ "close", "办结", "Closed" },
	{ "reopen", "重新办理", "Reopened" },
	{ "merge", "合并（重复）", "Merged (duplicate)" },
	{ "withdraw", "撤回", "Withdrawn" },
	{ "mediate", "记录调解结果", "Mediation recorded" },
	{ "note", "备注", "Note" },
	{ "escalate", "逾期督办", "Overdue: escalated" },
	{ "confirm", "来电人确认办结", "Closed on the caller's confirmation" },
	{ "feedback", "群众评价", "Rated by the requester" },
};

void request_step_label(const char *action, const char **zh, const char **en)
{
	*zh = *en = action;
	for (size_t i = 0; i < N(step_labels); i++)
		if (!strcmp(step_labels[i].action, action)) {
			*zh = step_labels[i].zh;
			*en = step_labels[i].en;
			return;
		}
}

static const struct transition *find_transition(const char *action)
{
	for (size_t i = 0; i < N(transitions); i++)
		if (!strcmp(transitions[i].action, action))
			return &transitions[i];
	return NULL;
}

static bool allowed_from(const struct transition *t, const char *status)
{
	for (size_t i = 0; i < N(t->from) && t->from[i]; i++)
		if (!strcmp(t->from[i], status))
			return true;
	return false;
}

static bool kind_allows(const struct transition *t, const char *kind)
{
	return t->only_kind == NULL || (kind && !strcmp(kind, t->only_kind));
}

/* ---- who may act ------------------------------------------------------------------------------ */

/* The place of the supervising organisation, or NULL. */
static const char *escalated_division(struct req *r, int64_t org)
{
	const char *division = NULL;
	struct db_stmt *e = org ? db_query(r->db, "SELECT division FROM orgs WHERE id = $1", "i", org) : NULL;
	if (e && db_step(e) == DB_ROW)
		division = arena_strdup(r->arena, db_column_text(e, 0));
	db_finalize(e);
	return division;
}

/* Is the caller staff of the handling organisation's own level (a scope that
 * is exactly the responsible organisation's place)?  Such staff handle the
 * request and may not take its callback. */
static bool of_handling_level(struct req *r, const struct request_row *q)
{
	for (int i = 0; q->org_division && i < r->user->nscopes; i++)
		if (!strcmp(r->user->scopes[i], q->org_division))
			return true;
	return false;
}

/* Which of the actor roles does the caller hold for the request? */
static unsigned actor_roles(struct req *r, const struct request_row *q)
{
	unsigned who = 0;
	if (!role_has(r->user->role, PERM_DATA_WRITE))
		return 0;
	if (scope_allows(r->user, q->division))
		who |= ACT_STAFF;
	if (q->org_division && scope_allows(r->user, q->org_division))
		who |= ACT_HANDLER;
	bool manager = r->user->role == ROLE_ADMIN || r->user->role == ROLE_COUNTY || r->user->role == ROLE_TOWNSHIP;
	if (manager && (scope_allows(r->user, q->division) ||
			scope_allows(r->user, escalated_division(r, q->escalated_org_id))))
		who |= ACT_DISPATCHER;
	if ((who & ACT_DISPATCHER) && !of_handling_level(r, q))
		who |= ACT_CALLBACK;
	return who;
}

json_t *request_allowed_actions(struct req *r, const struct request_row *q)
{
	unsigned who = actor_roles(r, q);
	json_t *a = json_array();
	for (size_t i = 0; i < N(transitions); i++) {
		const struct transition *t = &transitions[i];
		if ((t->who & who) && allowed_from(t, q->status) && kind_allows(t, q->kind))
			json_array_append_new(a, json_string(t->action));
	}
	return a;
}

/* ---- taking an action ----------------------------------------------------------------------------- */

int request_write_step(struct req *r, int64_t id, const char *action, const char *from, const char *to, int64_t org,
		       const char *note)
{
	return request_write_rated_step(r, id, action, from, to, org, note, NULL);
}

int request_write_rated_step(struct req *r, int64_t id, const char *action, const char *from, const char *to,
			     int64_t org, const char *note, const char *satisfaction)
{
	return db_exec(r->db, "INSERT INTO request_steps (request_id, at, actor_id, actor_name, action, from_status,"
		       " to_status, org_id, note, satisfaction) VALUES ($1, $2, NULLIF(CAST($3 AS BIGINT), 0), $4, $5, $6, $7,"
		       " NULLIF(CAST($8 AS BIGINT), 0), $9, $10)",
		       "iiitttti" "tt", id, clock_now(), r->user ? r->user->id : 0, r->user ? r->user->username : "public",
		       action, from, to, org, note, satisfaction);
}

/* Read the action's body. */
static int read_action(struct req *r, const char **name, struct action_input *in)
{
	static const char *const allowed[] = { "action", "note", "org_id", "reply", "satisfaction", "outcome", "into", NULL };
	*in = (struct action_input){ 0 };
	int st = body_object(r, allowed);
	if (!st)
		st = body_string(r, "action", true, 20, name);
	if (!st)
		st = body_string(r, "note", false, 1000, &in->note);
	if (!st)
		st = body_string(r, "reply", false, REPLY_MAX, &in->reply);
	if (!st)
		st = body_string(r, "satisfaction", false, 20, &in->satisfaction);
	if (!st)
		st = body_string(r, "outcome", false, 1000, &in->outcome);
	if (!st)
		st = body_int(r, "org_id", false, 1, INT64_MAX, &in->org, &in->has_org);
	if (!st)
		st = body_int(r, "into", false, 1, INT64_MAX, &in->into, &in->has_into);
	return st;
}

/* Write the action: the UPDATE (only if nobody changed the status meanwhile), its step and its audit entry. */
static int write_action(struct req *r, const struct transition *t, const struct action *a, const char *from)
{
	const struct action_input *in = a->in;
	int rc = db_begin(r->db);
	if (rc == DB_OK) {
		struct db_stmt *u = sqlbuf_query(r->db, a->set);
		rc = u ? db_step(u) : DB_ERROR;
		rc = rc == DB_DONE ? (db_changes(r->db) == 1 ? DB_OK : DB_CONSTRAINT) : rc;
		db_finalize(u);
	}
	const char *note = in->note ? in->note : in->reply ? in->reply : in->outcome ? in->outcome : in->satisfaction;
	if (rc == DB_OK)
		rc = request_write_rated_step(r, a->q->id, t->action, from, a->to, a->step_org, note, a->step_satisfaction);
	json_t *before = json_pack("{s:s}", "status", from), *after = json_pack("{s:s}", "status", a->to);
	struct audit_entry e = { .action = "update", .entity = "request",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)a->q->id),
				 .division = a->q->division, .before = before, .after = after, .detail = t->action };
	rc = audit_commit(r, r->db, rc, &e);
	json_decref(before);
	json_decref(after);
	return rc;
}

int requests_action(struct req *r)
{
	int64_t id;
	int st = req_path_id(r, 0, &id);
	if (st)
		return st;
	const char *name = NULL;
	struct action_input in;
	st = read_action(r, &name, &in);
	if (st)
		return st;
	const struct transition *t = find_transition(name);
	if (t == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "未知操作", "Unknown action", "action");

	struct request_row q;   /* read once: checked, brought up to date by the effect, replied with */
	int rc = request_find(r, id, &q);
	if (rc != DB_ROW)
		return request_not_found(r, id, rc);
	const char *from = q.status;
	unsigned who = actor_roles(r, &q);
	if (t->who == ACT_CALLBACK && !(who & ACT_CALLBACK) && (who & ACT_HANDLER))
		return reply_error_msg(r, ERR_FORBIDDEN, "回访由派单层级或热线进行，办理单位不能为自己办理的诉求回访",
				       "The callback is taken by the dispatching level or the hotline, not by the handling"
				       " organisation", "action");
	if (!(who & t->who))
		return reply_error_msg(r, ERR_FORBIDDEN, "您不能对该诉求执行此操作", "You may not take this action on the request",
				       "action");
	if (!allowed_from(t, from))
		return reply_error_msg(r, ERR_CONFLICT,
				       arena_printf(r->arena, "当前状态（%s）不能执行“%s”",
						    dict_item(dict_find("request_status"), from)->zh, t->zh),
				       arena_printf(r->arena, "The action \"%s\" is not allowed in status %s", t->action, from),
				       "action");
	if (!kind_allows(t, q.kind))
		return reply_error_msg(r, ERR_CONFLICT, "只有矛盾纠纷记录调解结果", "Only disputes have a mediation outcome",
				       "action");

	struct sqlbuf set;
	sqlbuf_init(&set, r->arena);
	struct action a = { .r = r, .in = &in, .q = &q, .set = &set, .to = t->to ? t->to : from, .now = clock_now() };
	sqlbuf_add(&set, "UPDATE requests SET updated_at = ");
	sqlbuf_int(&set, a.now);
	if (t->effect && (st = t->effect(&a)) != 0)
		return st;
	sqlbuf_add(&set, ", status = ");
	sqlbuf_text(&set, a.to);
	sqlbuf_add(&set, " WHERE id = ");
	sqlbuf_int(&set, id);
	sqlbuf_add(&set, " AND status = ");   /* nobody changed it meanwhile */
	sqlbuf_text(&set, from);
	q.updated_at = a.now;
	q.status = a.to;

	rc = write_action(r, t, &a, from);
	if (rc == DB_CONSTRAINT)
		return reply_error_msg(r, ERR_CONFLICT, "诉求已被他人处理，请刷新", "Someone else changed the request; reload", NULL);
	if (rc != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	/* a transfer may carry the request out of the caller's scope: say what happened */
	if (!request_in_scope(r, &q))
		return reply_json(r, 200, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "status", q.status, "visible", 0));
	return request_reply(r, &q, 200);
}
