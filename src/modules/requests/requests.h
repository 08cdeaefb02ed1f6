/*
 * requests.h - villagers' requests (诉求): intake from every channel,
 * routing to the responsible party organisation, a lifecycle kept as a
 * state table, deadlines in working days with escalation up the
 * organisation tree, replies, graded satisfaction, public tracking,
 * figures, and an Open311 GeoReport v2 view.
 */
#ifndef LIANXIN_MODULES_REQUESTS_H
#define LIANXIN_MODULES_REQUESTS_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "http/request.h"

int requests_public_categories(struct req *r);
int requests_public_create(struct req *r);
int requests_public_track(struct req *r);
int requests_create(struct req *r);
int requests_list(struct req *r);
int requests_get(struct req *r);
/* POST /api/v1/requests/{id}/reveal {"field": "requester_name" | "requester_phone",
 * "reason"}: the requester in full for the handling chain, audited. */
int requests_reveal(struct req *r);
int requests_action(struct req *r);
int requests_stats(struct req *r);
int requests_calendar_get(struct req *r);
int requests_calendar_put(struct req *r);
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

/* Escalate every open request past a deadline to the parent organisation
 * (督办); returns how many were escalated, or -1. */
int requests_escalate(struct db *db, int64_t now);

/* The request figures (received, on time, closed, satisfaction, overdue) of
 * [from, to) under division for the whole and per child division of
 * child_len characters, for the roll-ups (GET /stats): 0 with *out, or the
 * status of the error reply already made. */
int requests_figures_rollup(struct req *r, const char *division, int child_len, int64_t from, int64_t to, json_t **out);

#endif
