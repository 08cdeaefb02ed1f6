/*
 * requests_internal.h - what the files of the requests module share: the
 * request row (read once into a struct), its JSON, the status table's
 * open/closed meaning, categories and the working-day calendar.
 */
#ifndef LIANXIN_MODULES_REQUESTS_INTERNAL_H
#define LIANXIN_MODULES_REQUESTS_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/workdays.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/request.h"
#include "modules/requests/requests.h"

#define CONTENT_MAX 2000
#define REPLY_MAX 2000
#define AT_RISK_SECONDS 86400    /* under a day left: at risk */

/* ---- statuses (workflow.c) ------------------------------------------------------ */

/* "('closed', 'merged', 'withdrawn')": the statuses that end a request, as an
 * SQL list, from the status table.  The partial indexes of open requests
 * (migration 7) repeat this list word for word; SQLite uses such an index
 * only when the query says the same. */
#define CLOSED_LIST_MAX 128
void request_closed_list(char out[static CLOSED_LIST_MAX]);
/* Append "column NOT IN (...closed...)" (open) or "column IN (...)" (closed). */
void request_status_filter(struct sqlbuf *b, const char *column, bool open);

/* The due time of a request's current stage (q: the requests row), word for word
 * the expression of the index of open requests by due time (requests_open_due,
 * migration 40): the inbox's order and the overdue counts. */
#define REQUEST_DUE "CASE WHEN q.signed_at IS NULL THEN q.sign_due WHEN q.replied_at IS NULL THEN q.reply_due" \
	" ELSE q.close_due END"

/* ---- the request row (row.c) ---------------------------------------------------- */

/*
 * One request as read from the database: the columns of requests and the
 * names that go with them.  Absent ids and times are 0, absent text NULL.
 * Strings live in the caller's arena.
 */
struct request_row {
	int64_t id;
	const char *ticket, *channel, *division, *category, *content;
	const char *requester_name, *requester_phone, *urgency, *status;
	int64_t org_id;                  /* the responsible organisation */
	const char *org_division;        /* and its place */
	int64_t escalated_org_id;        /* the supervising organisation (督办) */
	bool supervised;
	int64_t transfer_count, reopen_count;
	const char *reply, *satisfaction, *mediation_outcome;
	int64_t merged_into;
	int64_t created_at, sign_due, reply_due, close_due;
	int64_t signed_at, replied_at, closed_at;
	int64_t updated_at;
	/* looked up with the row */
	const char *division_name, *category_name, *org_name, *escalated_org_name, *kind;
};

/* The columns request_load reads, for "SELECT " REQUEST_COLUMNS " FROM requests q ...". */
#define REQUEST_COLUMNS                                                                                     \
	"q.id, q.ticket, q.channel, q.division, q.category, q.content, q.requester_name, q.requester_phone,"      \
	" q.urgency, q.status, q.org_id, q.org_division, q.escalated_org_id, q.supervised, q.transfer_count,"     \
	" q.reopen_count, q.reply, q.satisfaction, q.mediation_outcome, q.merged_into, q.created_at, q.sign_due," \
	" q.reply_due, q.close_due, q.signed_at, q.replied_at, q.closed_at, q.updated_at,"                      \
	" (SELECT d.name FROM divisions d WHERE d.code = q.division),"                                          \
	" (SELECT c.name FROM request_categories c WHERE c.code = q.category),"                                  \
	" (SELECT o.name FROM orgs o WHERE o.id = q.org_id),"                                                   \
	" (SELECT o.name FROM orgs o WHERE o.id = q.escalated_org_id),"                                         \
	" (SELECT c.kind FROM request_categories c WHERE c.code = q.category)"

/* Read the row st stands on (selected with REQUEST_COLUMNS) into q: the one
 * reader of those columns. */
void request_load(struct db_stmt *st, struct arena *a, struct request_row *q);
/* The request id inside the caller's scope (its place or its responsible
 * organisation's): DB_ROW with q filled, DB_DONE, or an error. */
int request_find(struct req *r, int64_t id, struct request_row *q);
/* The reply when request_find gave rc (DB_DONE: 404, auditing the attempt
 * when the request exists outside the caller's scope; else 500). */
int request_not_found(struct req *r, int64_t id, int rc);
/* Does the caller's scope hold the request (as request_find asks)? */
bool request_in_scope(struct req *r, const struct request_row *q);

/* The request as JSON; personal: with the requester (masked outside the
 * handling chain). */
json_t *request_json(const struct request_row *q, bool personal);
/* The timeline of the request id; with_actors: with actors and notes. */
json_t *request_steps_json(struct req *r, int64_t id, bool with_actors);
/* Reply with the request, the actions the caller may take and its timeline. */
int request_reply(struct req *r, const struct request_row *q, int status);
/* Find the request id in the caller's scope and reply with it (404 outside). */
int request_reply_id(struct req *r, int64_t id, int status);

/* The Chinese and English labels of a timeline step's action (workflow.c; the action itself when unknown). */
void request_step_label(const char *action, const char **zh, const char **en);

/* The actions the caller may take on the request now (workflow.c). */
json_t *request_allowed_actions(struct req *r, const struct request_row *q);
/* Add a step to the request's timeline, taken by the caller (workflow.c). */
int request_write_step(struct req *r, int64_t id, const char *action, const char *from, const char *to, int64_t org,
		       const char *note);
/* The same with a rating (a callback's or the requester's own; NULL: none).  r->user may be NULL (the public). */
int request_write_rated_step(struct req *r, int64_t id, const char *action, const char *from, const char *to,
			     int64_t org, const char *note, const char *satisfaction);

/* Nullable columns as JSON. */
json_t *opt_text(struct db_stmt *st, int col);
json_t *opt_time_value(int64_t t);   /* 0: null */

/* ---- categories (intake.c) and the calendar (calendar.c) -------------------------- */

struct category {
	const char *code, *name, *kind, *level;
	int64_t sign_days, reply_days, close_days;
};
/* DB_ROW with c filled, DB_DONE, or an error. */
int category_load(struct req *r, struct db *db, const char *code, struct category *c);

#endif
