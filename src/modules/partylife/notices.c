/*
 * notices.c - notices and tasks down the organisation tree (上传下达): the
 * lists and the inbox, sending, correcting and withdrawing (see
 * partylife.h); their receipts are in notice_receipts.c.
 *
 * A notice goes from an organisation in the sender's scope to the
 * organisations of a division subtree (optionally only some types and / or
 * some ids); one receipt row per target organisation.  A user sees a notice
 * when the sender organisation or one of the targets lies in their scope,
 * and sees the receipts of the targets in their scope (all of them when the
 * sender organisation is).
 */
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/listing.h"
#include "model/dict.h"
#include "modules/partylife/notices.h"
#include "modules/partylife/partylife.h"
#include "modules/partylife/resource.h"

#define MAX_TARGETS 5000

#define NOTICE_COLUMNS                                                                                          \
	"n.id, n.org_id, n.division, n.title, n.body, n.attachments, n.is_task, n.due_at, n.target_division,"     \
	" n.target_types, n.created_at, o.name,"                                                                  \
	" (SELECT COUNT(*) FROM notice_receipts x WHERE x.notice_id = n.id),"                                     \
	" (SELECT COUNT(*) FROM notice_receipts x WHERE x.notice_id = n.id AND x.signed_at IS NOT NULL),"          \
	" (SELECT COUNT(*) FROM notice_receipts x WHERE x.notice_id = n.id AND x.reported_at IS NOT NULL),"        \
	" (SELECT COUNT(*) FROM notice_receipts x WHERE x.notice_id = n.id AND x.reported_at > n.due_at),"         \
	" n.one_per_village"

/*
 * A task's progress: reported on time (done), reported after the due time
 * (late), not reported and past due (overdue) or not yet due (pending);
 * its status is the worst of them once due, "open" before.
 */
static void task_summary(json_t *o, int64_t due, int64_t targets, int64_t reported, int64_t late)
{
	bool past = clock_now() > due;
	int64_t missing = targets - reported;
	json_object_set_new(o, "done", json_integer(reported - late));
	json_object_set_new(o, "late", json_integer(late));
	json_object_set_new(o, "overdue", json_integer(past ? missing : 0));
	json_object_set_new(o, "pending", json_integer(past ? 0 : missing));
	const char *status = missing == 0 ? (late ? "late" : "done") : past ? "overdue" : "open";
	json_object_set_new(o, "task_status", json_string(status));
}

json_t *pl_text_list_json(const char *text)
{
	json_t *a = text ? json_loads(text, 0, NULL) : NULL;
	return a ? a : json_array();
}

static json_t *notice_json(struct db_stmt *st)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(db_column_int(st, 0)));
	json_object_set_new(o, "org_id", json_integer(db_column_int(st, 1)));
	json_object_set_new(o, "org_name", pl_opt_text(db_column_text(st, 11)));
	json_object_set_new(o, "division", json_string(db_column_text(st, 2)));
	json_object_set_new(o, "title", json_string(db_column_text(st, 3)));
	json_object_set_new(o, "body", json_string(db_column_text(st, 4)));
	const char *types = db_column_text(st, 9);
	json_t *t = types ? json_loads(types, 0, NULL) : NULL;
	json_object_set_new(o, "attachments", pl_text_list_json(db_column_text(st, 5)));
	json_object_set_new(o, "task", json_boolean(db_column_int(st, 6)));
	json_object_set_new(o, "due_at", db_column_is_null(st, 7) ? json_null() : pl_time_json(db_column_int(st, 7)));
	json_object_set_new(o, "target_division", json_string(db_column_text(st, 8)));
	json_object_set_new(o, "target_org_types", t ? t : json_array());
	json_object_set_new(o, "one_per_village", json_boolean(db_column_int(st, 16)));
	json_object_set_new(o, "created_at", pl_time_json(db_column_int(st, 10)));
	json_object_set_new(o, "targets", json_integer(db_column_int(st, 12)));
	json_object_set_new(o, "signed", json_integer(db_column_int(st, 13)));
	json_object_set_new(o, "reported", json_integer(db_column_int(st, 14)));
	if (db_column_int(st, 6))
		task_summary(o, db_column_int(st, 7), db_column_int(st, 12), db_column_int(st, 14), db_column_int(st, 15));
	return o;
}

/* The receipts of the caller's own organisations (those at one of their
 * scope roots), as " IN (...)" on column; "1 = 0" for a national scope. */
static void own_orgs_where(struct sqlbuf *b, struct req *r, const char *column)
{
	int n = 0;
	for (int i = 0; i < r->user->nscopes; i++) {
		if (*r->user->scopes[i] == '\0')
			continue;
		sqlbuf_add(b, n++ ? ", " : arena_printf(b->arena, "%s IN (", column));
		sqlbuf_text(b, r->user->scopes[i]);
	}
	sqlbuf_add(b, n ? ")" : "1 = 0");
}

/* "the sender organisation or a target is in the caller's scope" */
static void visible_where(struct sqlbuf *b, struct req *r)
{
	sqlbuf_add(b, "(");
	scope_where(b, r->user, "n.division");
	sqlbuf_add(b, " OR EXISTS (SELECT 1 FROM notice_receipts v WHERE v.notice_id = n.id AND ");
	scope_where(b, r->user, "v.division");
	sqlbuf_add(b, "))");
}

static struct db_stmt *load_notice(struct req *r, int64_t id, int *rc)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " NOTICE_COLUMNS " FROM notices n JOIN orgs o ON o.id = n.org_id WHERE n.id = ");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND ");
	visible_where(&b, r);
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	*rc = st ? db_step(st) : DB_ERROR;
	return st;
}

int pl_notice_or_reply(struct req *r, struct pl_notice *n)
{
	int status = req_path_id(r, 0, &n->id);
	if (status)
		return status;
	int rc;
	struct db_stmt *st = load_notice(r, n->id, &rc);
	if (rc == DB_ROW) {
		n->task = db_column_int(st, 6) != 0;
		n->due = db_column_is_null(st, 7) ? 0 : db_column_int(st, 7);
		n->division = arena_strdup(r->arena, db_column_text(st, 2));
	}
	db_finalize(st);
	if (rc == DB_DONE)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	return rc == DB_ROW ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

/* The notice as GET shows it, with status. */
static int reply_notice(struct req *r, int64_t id, int status)
{
	int rc;
	struct db_stmt *q = load_notice(r, id, &rc);
	json_t *o = rc == DB_ROW ? notice_json(q) : NULL;
	db_finalize(q);
	if (!o)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	return reply_json(r, status, o);
}

/* For the inbox: the notice's receipts of the caller's own organisations (NULL on an error). */
static json_t *own_receipts(struct req *r, int64_t id)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT x.org_id, o.name, x.read_at, x.signed_at, x.reported_at FROM notice_receipts x"
		       " JOIN orgs o ON o.id = x.org_id WHERE x.notice_id = ");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND ");
	own_orgs_where(&b, r, "x.division");
	sqlbuf_add(&b, " ORDER BY x.org_id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return NULL;
	json_t *own = json_array();
	while (db_step(q) == DB_ROW)
		json_array_append_new(own, json_pack("{s:I, s:s, s:o, s:o, s:o}", "org_id", (json_int_t)db_column_int(q, 0),
						     "org_name", db_column_text(q, 1), "read_at",
						     db_column_is_null(q, 2) ? json_null() : pl_time_json(db_column_int(q, 2)),
						     "signed_at", db_column_is_null(q, 3) ? json_null() : pl_time_json(db_column_int(q, 3)),
						     "reported_at",
						     db_column_is_null(q, 4) ? json_null() : pl_time_json(db_column_int(q, 4))));
	db_finalize(q);
	return own;
}

/* Which notices a list shows. */
struct notice_filter {
	bool task_only, mine, pending;
};

static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	const struct notice_filter *f = ctx;
	const char *division;
	int st = req_query_division(r, "division", &division);
	if (st)
		return st;
	sqlbuf_add(b, " FROM notices n JOIN orgs o ON o.id = n.org_id WHERE ");
	/* a node in the scope: sent from, or to an organisation in, the node (which makes it
	 * visible) in the node's ranges alone; any other node: visible, and sent from or to it.
	 * The receipts as a list (IN), not a test a notice (EXISTS): SQLite then ranges both
	 * indexes by the node (a MULTI-INDEX OR) instead of reading every notice's receipts */
	bool held = division && scope_allows(r->user, division);
	if (!held)
		visible_where(b, r);
	if (division) {
		sqlbuf_add(b, held ? "(" : " AND (");
		sqlbuf_subtree(b, "n.division", division);
		sqlbuf_add(b, " OR n.id IN (SELECT w.notice_id FROM notice_receipts w WHERE ");
		sqlbuf_subtree(b, "w.division", division);
		sqlbuf_add(b, "))");
	}
	if (f->task_only || (req_query(r, "task") && !strcmp(req_query(r, "task"), "1")))
		sqlbuf_add(b, " AND n.is_task = 1");
	if (f->mine) {
		/* received by the caller's own organisations, optionally only those still to act on */
		sqlbuf_add(b, " AND EXISTS (SELECT 1 FROM notice_receipts m WHERE m.notice_id = n.id AND ");
		own_orgs_where(b, r, "m.division");
		if (f->pending)
			sqlbuf_add(b, " AND (m.signed_at IS NULL OR (n.is_task = 1 AND m.reported_at IS NULL))");
		sqlbuf_add(b, ")");
	}
	return 0;
}

/* A notice of the list; in the inbox (mine=1) with the caller's own receipts. */
static json_t *notice_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	const struct notice_filter *f = ctx;
	json_t *o = notice_json(st);
	if (!f->mine)
		return o;
	json_t *own = own_receipts(r, json_integer_value(json_object_get(o, "id")));
	if (own == NULL) {
		json_decref(o);
		return NULL;
	}
	json_object_set_new(o, "own_receipts", own);
	return o;
}

static int list_notices(struct req *r, bool task_only)
{
	const char *mine_q = req_query(r, "mine"), *pending_q = req_query(r, "pending");
	struct notice_filter f = { .task_only = task_only, .mine = mine_q && !strcmp(mine_q, "1"),
				   .pending = pending_q && !strcmp(pending_q, "1") };
	if (f.pending && !f.mine)
		return reply_error_msg(r, ERR_VALIDATION, "“待办”筛选只用于本单位收文", "pending=1 goes with mine=1",
				       "pending");
	struct listing l = { .columns = NOTICE_COLUMNS, .order = "n.created_at DESC, n.id DESC", .from = list_from,
			     .row = notice_row, .ctx = &f, .key = "n.id" };
	return listing_reply(r, &l);
}

int notices_list(struct req *r)
{
	return list_notices(r, false);
}

int tasks_list(struct req *r)
{
	return list_notices(r, true);
}

/* POST /tasks: a notice that is a task (a due time is then required). */
int tasks_create(struct req *r)
{
	if (json_is_object(r->json))
		json_object_set_new(r->json, "task", json_true());
	return notices_create(r);
}

/* Body target_levels, e.g. ["township","village"]: a bit per division level, 0 for all. */
static int target_levels(struct req *r, int *mask)
{
	*mask = 0;
	json_t *a = json_object_get(r->json, "target_levels");
	if (a == NULL || json_is_null(a))
		return 0;
	size_t i;
	json_t *v;
	if (!json_is_array(a))
		return reply_error(r, ERR_VALIDATION, "target_levels");
	json_array_foreach(a, i, v) {
		int lv = DIV_PROVINCE;
		while (lv <= DIV_GROUP && !(json_is_string(v) && !strcmp(json_string_value(v), division_level_name(lv))))
			lv++;
		if (lv > DIV_GROUP)
			return reply_error_msg(r, ERR_VALIDATION, "层级应为县级、乡镇、村或村民小组",
					       "A level is county, township, village or group", "target_levels");
		*mask |= 1 << lv;
	}
	return 0;
}

/* ---- sending, correcting and withdrawing ------------------------------------------------- */

/* A notice as validated from a create body, or the members a PATCH changes (NULL: kept). */
struct notice_in {
	struct pl_org org;
	const char *title, *body, *attachments, *target, *types_text, *due_s;
	bool task, one_per_village;
	int64_t due;
	int ntargets;
	int64_t *target_ids;
	const char **target_divisions;
};

const char *const notice_keys[] = { "org_id", "title", "body", "attachments", "target_division", "target_levels",
					   "target_org_types", "target_org_ids", "task", "due_at", "one_per_village", NULL };
/* PATCH: title, body, attachments and (for a task) the due time; the targets stay. */
const char *const notice_patch_keys[] = { "title", "body", "attachments", "due_at", NULL };

/* The organisations a notice goes to: 0 with in->target_*, or the reply's status. */
static int notice_targets(struct req *r, struct notice_in *in, json_t *types, json_t *ids, int levels)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT o.id, o.division FROM orgs o WHERE o.id <> ");
	sqlbuf_int(&b, in->org.id);
	sqlbuf_add(&b, " AND ");
	sqlbuf_subtree(&b, "o.division", in->target);
	if (in->one_per_village) {
		/* inside a village only the village's own organisation: its branch, or its general branch and not the
		 * branches under it (organisations above the villages are reached as before) */
		int vlen = division_code_length(DIV_VILLAGE);
		sqlbuf_add(&b, arena_printf(r->arena, " AND (length(o.division) < %d OR (length(o.division) = %d AND o.type IN"
					    " ('village_branch', 'community_branch', 'general_branch') AND NOT EXISTS (SELECT 1"
					    " FROM orgs up WHERE up.id = o.parent_id AND up.division = o.division)))", vlen, vlen));
	}
	if (levels) {
		sqlbuf_add(&b, " AND length(o.division) IN (0");
		for (int lv = DIV_PROVINCE; lv <= DIV_GROUP; lv++)
			if (levels & (1 << lv))
				sqlbuf_add(&b, arena_printf(r->arena, ", %d", division_code_length((enum division_level)lv)));
		sqlbuf_add(&b, ")");
	}
	if (types || ids) {
		sqlbuf_add(&b, " AND (1 = 0");
		size_t i;
		json_t *v;
		if (types)
			json_array_foreach(types, i, v) {
				sqlbuf_add(&b, " OR o.type = ");
				sqlbuf_text(&b, json_string_value(v));
			}
		if (ids)
			json_array_foreach(ids, i, v) {
				sqlbuf_add(&b, " OR o.id = ");
				sqlbuf_int(&b, json_integer_value(v));
			}
		sqlbuf_add(&b, ")");
	}
	sqlbuf_add(&b, " ORDER BY o.division, o.id");
	if (b.overflow)
		return reply_error_msg(r, ERR_VALIDATION, "目标条件过多", "Too many target conditions", "target_org_ids");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t *tid = arena_alloc(r->arena, sizeof(int64_t) * MAX_TARGETS);
	const char **tdiv = arena_alloc(r->arena, sizeof(char *) * MAX_TARGETS);
	int nt = 0;
	while (db_step(q) == DB_ROW && nt < MAX_TARGETS) {
		tid[nt] = db_column_int(q, 0);
		tdiv[nt++] = arena_strdup(r->arena, db_column_text(q, 1));
	}
	db_finalize(q);
	if (ids) {
		size_t i;
		json_t *v;
		json_array_foreach(ids, i, v) {
			bool found = false;
			for (int k = 0; k < nt && !found; k++)
				found = tid[k] == json_integer_value(v);
			if (!found)
				return reply_error_msg(r, ERR_VALIDATION, "指定的党组织不在目标区划内",
						       "A listed organisation is not inside the target division", "target_org_ids");
		}
	}
	if (nt == 0)
		return reply_error_msg(r, ERR_VALIDATION, "没有符合条件的接收党组织", "No organisation matches the target",
				       "target_division");
	in->ntargets = nt;
	in->target_ids = tid;
	in->target_divisions = tdiv;
	return 0;
}

static int notice_validate(struct req *r, void *input, const char **division)
{
	struct notice_in *in = input;
	int64_t org_id;
	bool task_given = false;
	int st = body_int(r, "org_id", true, 1, INT64_MAX, &org_id, NULL);
	if (!st)
		st = body_string(r, "title", true, 200, &in->title);
	if (!st)
		st = body_string(r, "body", true, 20000, &in->body);
	if (!st)
		st = pl_body_text_list(r, "attachments", 50, 500, &in->attachments);
	if (!st)
		st = body_string(r, "target_division", true, DIVISION_CODE_MAX, &in->target);
	if (!st)
		st = body_bool(r, "task", false, &in->task, &task_given);
	if (!st)
		st = body_string(r, "due_at", false, 40, &in->due_s);
	if (!st)
		st = body_bool(r, "one_per_village", false, &in->one_per_village, NULL);
	if (st)
		return st;
	const char *due_s = in->due_s;
	if (due_s && pl_parse_time(due_s, &in->due))
		return reply_error_msg(r, ERR_VALIDATION, "截止时间应为年-月-日（如 2026-11-03）或带时区的日期时间", "due_at is ISO 8601 or YYYY-MM-DD",
				       "due_at");
	if (due_s && strlen(due_s) == 10)
		in->due += 86400 - 1;   /* a bare date: the end of that day */
	if (!task_given)
		in->task = due_s != NULL;
	if (in->task && !due_s)
		return reply_error_msg(r, ERR_MISSING_FIELD, "任务须有截止时间", "A task needs a due date", "due_at");
	if (!in->task)
		in->due = 0;
	if (division_level(in->target) == DIV_INVALID || !scope_allows(r->user, in->target))
		return reply_error_msg(r, ERR_BAD_DIVISION, "目标区划无效或不在您的管辖范围内",
				       "The target division is not valid or outside your scope", "target_division");
	json_t *types = json_object_get(r->json, "target_org_types"), *ids = json_object_get(r->json, "target_org_ids");
	if (types && !json_is_null(types)) {
		size_t i;
		json_t *v;
		if (!json_is_array(types))
			return reply_error(r, ERR_VALIDATION, "target_org_types");
		json_array_foreach(types, i, v)
			if (!dict_item(dict_find("org_type"), json_string_value(v)))
				return reply_error_msg(r, ERR_VALIDATION, "未知党组织类型", "Unknown organisation type",
						       "target_org_types");
		char *text = json_dumps(types, JSON_COMPACT);
		in->types_text = arena_strdup(r->arena, text);
		free(text);
	} else
		types = NULL;
	if (ids && !json_is_null(ids)) {
		size_t i;
		json_t *v;
		if (!json_is_array(ids) || json_array_size(ids) > 60)
			return reply_error(r, ERR_VALIDATION, "target_org_ids");
		json_array_foreach(ids, i, v)
			if (!json_is_integer(v))
				return reply_error(r, ERR_VALIDATION, "target_org_ids");
	} else
		ids = NULL;
	int levels;
	if ((st = target_levels(r, &levels)))
		return st;
	if ((st = pl_org_in_scope(r, org_id, &in->org)))
		return st;
	*division = in->org.division;
	return notice_targets(r, in, types, ids, levels);
}

static int notice_validate_patch(struct req *r, void *input)
{
	struct notice_in *in = input;
	int st = body_string(r, "title", false, 200, &in->title);
	if (!st)
		st = body_string(r, "body", false, 20000, &in->body);
	if (!st)
		st = pl_body_text_list(r, "attachments", 50, 500, &in->attachments);
	return st ? st : body_string(r, "due_at", false, 40, &in->due_s);
}

/* The notice visible to the caller, as GET shows it, with the sender's division. */
static int notice_load(struct req *r, int64_t id, json_t **stored, const char **division)
{
	int rc;
	struct db_stmt *q = load_notice(r, id, &rc);
	if (rc == DB_ROW) {
		*stored = notice_json(q);
		*division = arena_strdup(r->arena, db_column_text(q, 2));
	}
	db_finalize(q);
	return rc;
}

/* Only the sending side changes or withdraws a notice. */
static int notice_check_delete(struct req *r, const json_t *stored)
{
	if (!scope_allows(r->user, json_string_value(json_object_get(stored, "division"))))
		return reply_error_msg(r, ERR_FORBIDDEN, "只有发文方可以修改或撤回通知", "Only the sending side may change or withdraw a notice",
				       NULL);
	return 0;
}

/* ... and only a task has a due time. */
static int notice_check_update(struct req *r, const json_t *stored, void *input)
{
	struct notice_in *in = input;
	int st = notice_check_delete(r, stored);
	if (st)
		return st;
	bool task = json_is_true(json_object_get(stored, "task"));
	if (in->due_s && (!task || pl_parse_time(in->due_s, &in->due)))
		return reply_error_msg(r, ERR_VALIDATION, "只有任务有截止时间，格式为年-月-日（如 2026-11-03）或带时区的日期时间",
				       "Only a task has a due date, ISO 8601 or YYYY-MM-DD", "due_at");
	if (in->due_s && strlen(in->due_s) == 10)
		in->due += 86400 - 1;
	return 0;
}

/* Send (*id 0: the notice and a receipt per target) or correct notice *id. */
static int notice_write(struct req *r, int64_t *id, const void *input)
{
	const struct notice_in *in = input;
	if (*id)
		return db_exec(r->db, "UPDATE notices SET title = COALESCE($1, title), body = COALESCE($2, body),"
			       " attachments = COALESCE($3, attachments), due_at = COALESCE(NULLIF(CAST($4 AS BIGINT), 0), due_at)"
			       " WHERE id = $5", "tttii", in->title, in->body, in->attachments, in->due, *id);
	int rc = pl_insert_id(db_query(r->db,
		"INSERT INTO notices (org_id, division, title, body, attachments, is_task, due_at, target_division,"
		" target_types, created_by, created_at, one_per_village) VALUES ($1, $2, $3, $4, $5, $6,"
		" NULLIF(CAST($7 AS BIGINT), 0), $8, $9, $10, $11, $12) RETURNING id", "ittttiittiii", in->org.id,
		in->org.division, in->title, in->body, in->attachments, (int64_t)in->task, in->due, in->target, in->types_text,
		r->user->id, clock_now(), (int64_t)in->one_per_village), id);
	for (int k = 0; k < in->ntargets && rc == DB_OK; k++)
		rc = db_exec(r->db, "INSERT INTO notice_receipts (notice_id, org_id, division) VALUES ($1, $2, $3)", "iit", *id,
			     in->target_ids[k], in->target_divisions[k]);
	return rc;
}

static json_t *notice_audit(struct req *r, const void *input, bool creating, const char **detail)
{
	const struct notice_in *in = input;
	(void)r;
	(void)detail;
	if (creating)
		return json_pack("{s:I, s:s, s:s, s:b, s:I}", "org_id", (json_int_t)in->org.id, "title", in->title,
				 "target_division", in->target, "task", in->task, "targets", (json_int_t)in->ntargets);
	return json_pack("{s:o, s:o, s:o}", "title", pl_opt_text(in->title), "body", pl_opt_text(in->body), "due_at",
			 pl_opt_text(in->due_s));
}

/* DELETE withdraws a notice (撤回) with its receipts; the audit row keeps what it was. */
static const char *const notice_delete_sql[] = { "DELETE FROM notice_receipts WHERE notice_id = $1",
						 "DELETE FROM notices WHERE id = $1", NULL };

static const struct pl_resource notice_resource = {
	.entity = "notice",
	.table = "notices",
	.keys = notice_keys,
	.patch_keys = notice_patch_keys,
	.input_size = sizeof(struct notice_in),
	.validate = notice_validate,
	.validate_patch = notice_validate_patch,
	.load = notice_load,
	.check_update = notice_check_update,
	.check_delete = notice_check_delete,
	.write = notice_write,
	.audit = notice_audit,
	.delete_sql = notice_delete_sql,
	.reply = reply_notice,
};

PL_RESOURCE_HANDLERS(notices, notice_resource)
