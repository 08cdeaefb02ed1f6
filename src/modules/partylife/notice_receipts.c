/* notice_receipts.c - a notice's receipts: the roster by level, reading, signing, reporting back and reminders (see partylife.h). */
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "modules/partylife/notices.h"
#include "modules/partylife/partylife.h"

static const char *task_status(bool task, int64_t due, bool reported, int64_t reported_at, int64_t now)
{
	if (!task)
		return NULL;
	if (reported)
		return reported_at <= due ? "done" : "late";
	return now > due ? "overdue" : "pending";
}

struct level_sum {
	const char *level;
	int64_t orgs, unread, unsigned_, unreported, done, late, overdue;
};

/* ?status= of the roster: which receipts to list. */
static const char *const receipt_states[] = { "unread", "unsigned", "not_reported", "reported" };
#define NSTATES (int)(sizeof(receipt_states) / sizeof(receipt_states[0]))

/*
 * The roster: totals per level over every receipt the caller may see, and
 * the receipts themselves paged, optionally only one level (?level=) or
 * those still unread, unsigned, not reported, or reported (?status=).
 */
int notices_receipts(struct req *r)
{
	struct pl_notice n;
	struct paging pg;
	int st = pl_notice_or_reply(r, &n);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	const char *level_q = req_query(r, "level"), *status_q = req_query(r, "status");
	int state = -1;
	if (status_q && *status_q) {
		state = 0;
		while (state < NSTATES && strcmp(status_q, receipt_states[state]))
			state++;
		if (state == NSTATES)
			return reply_error_msg(r, ERR_VALIDATION, "收文状态应为未读、未签收、未反馈或已反馈",
					       "status is unread, unsigned, not_reported or reported", "status");
	}
	bool sender_side = scope_allows(r->user, n.division);
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT x.org_id, o.name, o.type, x.division, x.read_at, x.signed_at, x.reported_at, x.report,"
		       " x.reminders, (SELECT d.name FROM divisions d WHERE d.code = x.division), x.report_files"
		       " FROM notice_receipts x JOIN orgs o ON o.id = x.org_id WHERE x.notice_id = ");
	sqlbuf_int(&b, n.id);
	if (!sender_side) {
		sqlbuf_add(&b, " AND ");
		scope_where(&b, r->user, "x.division");
	}
	sqlbuf_add(&b, " ORDER BY x.division, x.org_id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t now = clock_now(), listed = 0;
	struct level_sum sums[8] = { 0 };
	int ns = 0;
	json_t *items = json_array();
	while (db_step(q) == DB_ROW) {
		const char *div = db_column_text(q, 3);
		bool read = !db_column_is_null(q, 4), signed_ = !db_column_is_null(q, 5), reported = !db_column_is_null(q, 6);
		const char *status = task_status(n.task, n.due, reported, reported ? db_column_int(q, 6) : 0, now);
		const char *level = division_level_name(division_level(div));
		int k = 0;
		while (k < ns && strcmp(sums[k].level, level))
			k++;
		if (k == ns && ns < 8)
			sums[ns++].level = level;
		if (k < ns) {
			struct level_sum *s = &sums[k];
			s->orgs++;
			s->unread += !read;
			s->unsigned_ += !signed_;
			s->unreported += n.task && !reported;
			s->done += status && !strcmp(status, "done");
			s->late += status && !strcmp(status, "late");
			s->overdue += status && !strcmp(status, "overdue");
		}
		bool in_state[NSTATES] = { !read, !signed_, !reported, reported };   /* receipt_states' order */
		bool wanted = (!level_q || !*level_q || !strcmp(level_q, level)) && (state < 0 || in_state[state]);
		if (!wanted || listed++ < pg.offset || listed > pg.offset + pg.page_size)
			continue;
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "org_id",
				      (json_int_t)db_column_int(q, 0), "org_name", db_column_text(q, 1), "org_type",
				      db_column_text(q, 2), "division", div, "division_name", pl_opt_text(db_column_text(q, 9)),
				      "level", level, "read_at", read ? pl_time_json(db_column_int(q, 4)) : json_null(),
				      "signed_at", signed_ ? pl_time_json(db_column_int(q, 5)) : json_null(), "reported_at",
				      reported ? pl_time_json(db_column_int(q, 6)) : json_null(), "report",
				      pl_opt_text(db_column_text(q, 7)), "reminders", (json_int_t)db_column_int(q, 8),
				      "task_status", pl_opt_text(status), "report_files", pl_text_list_json(db_column_text(q, 10)));
		json_array_append_new(items, o);
	}
	db_finalize(q);
	json_t *levels = json_array();
	for (int k = 0; k < ns; k++)
		json_array_append_new(levels, json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "level", sums[k].level,
							"orgs", (json_int_t)sums[k].orgs, "unread", (json_int_t)sums[k].unread,
							"unsigned", (json_int_t)sums[k].unsigned_, "not_reported",
							(json_int_t)sums[k].unreported, "done", (json_int_t)sums[k].done,
							"late", (json_int_t)sums[k].late, "overdue", (json_int_t)sums[k].overdue));
	return reply_json(r, 200, json_pack("{s:I, s:b, s:o, s:o, s:I, s:I, s:I}", "notice_id", (json_int_t)n.id, "task",
					    n.task, "levels", levels, "items", items, "total", (json_int_t)listed, "page",
					    (json_int_t)pg.page, "page_size", (json_int_t)pg.page_size));
}

/* The receipt of body org_id, whose division must be in the caller's scope. */
static int receipt_or_reply(struct req *r, const struct pl_notice *n, int64_t org, const char **division)
{
	struct db_stmt *q = db_query(r->db, "SELECT division, signed_at FROM notice_receipts WHERE notice_id = $1 AND org_id = $2",
				     "ii", n->id, org);
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW)
		*division = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	if (rc == DB_ROW && !scope_allows(r->user, *division))
		rc = DB_DONE;
	if (rc == DB_DONE)
		return reply_error_msg(r, ERR_NOT_FOUND, "该党组织不是本通知的接收方，或不在您的管辖范围内",
				       "The organisation is not a recipient in your scope", "org_id");
	return rc == DB_ROW ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

static int receipt_action(struct req *r, const char *action)
{
	static const char *const sign_keys[] = { "org_id", NULL };
	static const char *const report_keys[] = { "org_id", "text", "files", NULL };
	bool report = !strcmp(action, "report");
	struct pl_notice n;
	int64_t org;
	const char *text = NULL, *files = NULL, *division = NULL;
	int st = pl_notice_or_reply(r, &n);
	if (!st)
		st = body_object(r, report ? report_keys : sign_keys);
	if (!st)
		st = body_int(r, "org_id", true, 1, INT64_MAX, &org, NULL);
	if (!st && report)
		st = body_string(r, "text", true, 5000, &text);
	if (!st && report)
		st = pl_body_text_list(r, "files", 20, 500, &files);
	if (!st)
		st = receipt_or_reply(r, &n, org, &division);
	if (st)
		return st;
	if (report && !n.task)
		return reply_error_msg(r, ERR_CONFLICT, "该通知不是任务，无需反馈", "The notice is not a task: nothing to report",
				       NULL);
	int64_t now = clock_now();
	int rc = db_begin(r->db);
	if (rc == DB_OK) {
		if (!strcmp(action, "read"))
			rc = db_exec(r->db, "UPDATE notice_receipts SET read_at = COALESCE(read_at, $1) WHERE notice_id = $2"
				     " AND org_id = $3", "iii", now, n.id, org);
		else
			rc = db_exec(r->db, "UPDATE notice_receipts SET read_at = COALESCE(read_at, $1),"
				     " signed_at = COALESCE(signed_at, $1), signed_by = COALESCE(signed_by, $2) WHERE notice_id = $3"
				     " AND org_id = $4", "iiii", now, r->user->id, n.id, org);
	}
	if (rc == DB_OK && report)
		rc = db_exec(r->db, "UPDATE notice_receipts SET reported_at = $1, report = $2, report_files = $3 WHERE notice_id = $4"
			     " AND org_id = $5", "ittii", now, text, files, n.id, org);
	/* reading is not audited; signing and reporting are */
	json_t *after = json_pack("{s:I, s:o, s:o}", "org_id", (json_int_t)org, "report", pl_opt_text(text), "files",
				  pl_text_list_json(files));
	struct audit_entry e = { .action = action, .entity = "notice", .entity_id = pl_id_text(r, n.id), .division = division,
				 .after = after };
	st = audit_commit_reply(r, rc, strcmp(action, "read") ? &e : NULL);
	json_decref(after);
	if (st)
		return st;
	struct db_stmt *q = db_query(r->db, "SELECT read_at, signed_at, reported_at, report, report_files FROM notice_receipts"
				     " WHERE notice_id = $1 AND org_id = $2", "ii", n.id, org);
	if (q == NULL || db_step(q) != DB_ROW) {
		db_finalize(q);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	bool reported = !db_column_is_null(q, 2);
	json_t *o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "notice_id", (json_int_t)n.id, "org_id", (json_int_t)org,
			      "read_at", db_column_is_null(q, 0) ? json_null() : pl_time_json(db_column_int(q, 0)),
			      "signed_at", db_column_is_null(q, 1) ? json_null() : pl_time_json(db_column_int(q, 1)),
			      "reported_at", reported ? pl_time_json(db_column_int(q, 2)) : json_null(), "report",
			      pl_opt_text(db_column_text(q, 3)), "task_status",
			      pl_opt_text(task_status(n.task, n.due, reported, reported ? db_column_int(q, 2) : 0, now)),
			      "report_files", pl_text_list_json(db_column_text(q, 4)));
	db_finalize(q);
	return reply_json(r, 200, o);
}

int notices_read(struct req *r)
{
	return receipt_action(r, "read");
}

int notices_sign(struct req *r)
{
	return receipt_action(r, "sign");
}

int notices_report(struct req *r)
{
	return receipt_action(r, "report");
}

/* Remind the targets that have not signed (or, for a task, not reported): the sender's side only. */
int notices_remind(struct req *r)
{
	static const char *const keys[] = { "note", NULL };
	struct pl_notice n;
	const char *note = NULL;
	int st = pl_notice_or_reply(r, &n);
	if (!st && r->json)
		st = body_object(r, keys);
	if (!st && r->json)
		st = body_string(r, "note", false, 500, &note);
	if (st)
		return st;
	if (!scope_allows(r->user, n.division))
		return reply_error_msg(r, ERR_FORBIDDEN, "只有发文方可以催办", "Only the sending side may send reminders", NULL);
	int64_t now = clock_now(), count = 0;
	const char *pending = n.task ? "reported_at IS NULL" : "signed_at IS NULL";
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_query_int(r->db, &count, arena_printf(r->arena, "SELECT COUNT(*) FROM notice_receipts WHERE notice_id = $1"
							      " AND %s", pending), "i", n.id) == DB_ROW ? DB_OK : DB_ERROR;
	if (rc == DB_OK)
		rc = db_exec(r->db, arena_printf(r->arena, "UPDATE notice_receipts SET reminders = reminders + 1, reminded_at = $1"
						 " WHERE notice_id = $2 AND %s", pending), "ii", now, n.id);
	json_t *after = json_pack("{s:I}", "reminded", (json_int_t)count);
	struct audit_entry e = { .action = "remind", .entity = "notice", .entity_id = pl_id_text(r, n.id),
				 .division = n.division, .after = after, .detail = note };
	st = audit_commit_reply(r, rc, &e);
	json_decref(after);
	if (st)
		return st;
	return reply_json(r, 200, json_pack("{s:I, s:I}", "notice_id", (json_int_t)n.id, "reminded", (json_int_t)count));
}
