/*
 * requests.h - villagers' requests (诉求): intake from every channel,
 * routing to the responsible party organisation, a lifecycle kept as a
 * state table, deadlines in working days with escalation (督办) to each
 * organisation type's target, swept by the server, replies, graded satisfaction, public tracking,
 * figures, and an Open311 GeoReport v2 view.
 */
#ifndef LIANXIN_MODULES_REQUESTS_H
#define LIANXIN_MODULES_REQUESTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/workdays.h"
#include "db/db.h"
#include "http/request.h"

int requests_public_categories(struct req *r);
int requests_public_create(struct req *r);
int requests_public_track(struct req *r);
/* POST /public/requests/{ticket}/feedback: the requester rates the latest reply (once per reply), may ask to reopen. */
int requests_public_feedback(struct req *r);
extern const char *const requests_public_feedback_fields[];
int requests_create(struct req *r);
extern const char *const requests_create_fields[], *const requests_public_create_fields[];
int requests_list(struct req *r);
int requests_get(struct req *r);
/* POST /api/v1/requests/{id}/reveal {"field": "requester_name" | "requester_phone",
 * "reason"}: the requester in full for the handling chain, audited. */
int requests_reveal(struct req *r);
extern const char *const requests_reveal_fields[];
int requests_action(struct req *r);
extern const char *const requests_action_fields[];   /* its body's keys (app/routes.c documents them) */
int requests_stats(struct req *r);
int requests_calendar_get(struct req *r);
int requests_calendar_put(struct req *r);
extern const char *const requests_calendar_put_fields[];
/* The national working-day calendar's overrides (days off, make-up workdays) from the day of from
 * for about a year (deadlines.c); the procedures' notices count their days on it too. */
int calendar_load(struct db *db, struct arena *a, int64_t from, struct workday_calendar *cal);
int open311_services(struct req *r);
int open311_requests(struct req *r);
int open311_request(struct req *r);

/*
 * Create a request on behalf of another module (a problem found on a home
 * visit...).  The caller runs the transaction.  channel is one of the
 * request_channel codes; returns DB_OK with *id and ticket (at least 16
 * bytes), or an error code.
 */
struct request_new {
	const char *channel, *division, *category, *content, *name, *phone, *urgency, *idempotency_key, *source_ref;
	int64_t created_by;
};
int requests_insert(struct req *r, struct db *db, const struct request_new *n, int64_t *id, char ticket[24]);

/* Is the status one that still waits for work (not closed, merged or
 * withdrawn)?  The status table of workflow.c says. */
bool request_status_open(const char *status);

/* Escalate every open request past a deadline (督办) to its organisation's
 * escalation target, once, stamped with the deadline that passed; at most
 * one batch (200) a call.  Returns how many were escalated, or -1. */
int requests_escalate(struct db *db, int64_t now);

/* The organisation an overdue request of org goes to (0: none): the county's
 * setting for org's type (request_escalation_targets, the nearest division
 * above org), else village -> township committee, township -> county
 * committee, county department -> the county's supervision office or the
 * county committee's office (else the county committee). */
int requests_escalation_target(struct db *db, int64_t org, int64_t *target);

/* The server's sweep: escalates overdue requests at once (before returning),
 * then a thread does every `seconds`; stop joins it. */
struct requests_sweeper;
struct requests_sweeper *requests_sweeper_start(struct db_pool *pool, int seconds);
void requests_sweeper_stop(struct requests_sweeper *s);

/* The request figures (received, on time, closed, satisfaction, overdue) of
 * [from, to) under division for the whole and per child division of
 * child_len characters, for the roll-ups (GET /stats): 0 with *out, or the
 * status of the error reply already made. */
int requests_figures_rollup(struct req *r, const char *division, int child_len, int64_t from, int64_t to, json_t **out);

#endif
