/*
 * audit.h - the append-only audit trail.
 *
 * One row per login (success and failure), logout, lockout, password
 * change, user change, every create / update / delete and every reveal of
 * a sensitive field: who, when, from where, which entity, before and after.
 * The table refuses UPDATE and DELETE (triggers), and nothing here offers
 * them.  Write the audit row in the same transaction as the change.
 */
#ifndef LIANXIN_MODEL_AUDIT_H
#define LIANXIN_MODEL_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "db/batch.h"
#include "db/db.h"
#include "http/request.h"

struct audit_entry {
	const char *action;       /* login, login_failed, lockout, logout, password_change, create, ... */
	const char *entity;       /* "user", ... or NULL */
	const char *entity_id;
	const char *division;     /* where the record lives, for the auditor's scope; NULL = national */
	json_t *before;           /* borrowed, may be NULL */
	json_t *after;            /* borrowed, may be NULL */
	const char *after_text;   /* instead of after: the record as JSON text already (masked, compact) */
	const char *detail;
	/* who, when r is NULL or has no user (CLI, failed logins) */
	int64_t user_id;
	const char *username;
	/* when r is NULL: where from and which request (a row written later for a request), and when (0: now) */
	const char *source;
	const char *request_id;
	int64_t at;
};

/* Write one row for the request's caller; DB_OK or an error code. */
int audit_write(struct req *r, struct db *db, const struct audit_entry *e);
/*
 * End a write transaction: while rc is DB_OK, write the audit row e (NULL:
 * none) and commit; otherwise, or when that fails, roll back.  Returns the
 * final DB_ code.
 */
int audit_commit(struct req *r, struct db *db, int rc, const struct audit_entry *e);
/* The same on r->db for a handler: 0, or the status of the error reply
 * (409 for a constraint, 500 otherwise). */
int audit_commit_reply(struct req *r, int rc, const struct audit_entry *e);
/* The same rows in bulk: a batch of audit_log rows (db/batch.h; flush it in
 * the transaction of the change, free it with db_batch_free), and one row
 * added to it. */
struct db_batch *audit_batch_new(struct db *db, int rows_per_statement);
void audit_batch_add(struct db_batch *b, struct req *r, const struct audit_entry *e);

/*
 * Records created together in bulk (an import): one row for all the
 * records of one entity, and the runs of their ids (consecutive ids of one
 * division) in audit_ranges, so that GET /audit?entity_id= finds the row
 * for each record, limited to the auditor's scope by the run's division.
 * The row's own division is the runs' nearest common division.
 */
struct audit_run {
	const char *division;
	int64_t first_id, last_id;
};
int audit_write_bulk(struct req *r, struct db *db, const struct audit_entry *e, const struct audit_run *runs,
		     int nruns);


/*
 * The retention purge: delete the audit rows (and their id runs) older than
 * retention_days before now, opening the purge window of audit_purge for
 * the transaction (the triggers refuse every other deletion, and any of a
 * row younger than 180 days by the database's clock), and write one
 * "audit_purge" row saying how many went.  Returns that number, or -1 on
 * an error (logged; nothing is deleted).
 */
int64_t audit_purge(struct db *db, int64_t now, int64_t retention_days);

/*
 * A refused attempt: a route the caller's role may not use, a forged or
 * missing CSRF token, a record that exists outside the caller's scope.
 * One "denied" row (entity, id, the record's division so that the auditor
 * of that place sees it, what was refused in detail), written on its own,
 * at most AUDIT_DENIED_PER_MINUTE a minute per caller (per address before
 * login), so that an attack cannot flood the table.  Best effort: a failure
 * is logged, never reported to the caller.
 */
#define AUDIT_DENIED_PER_MINUTE 30
void audit_denied(struct req *r, const char *entity, const char *entity_id, const char *division, const char *detail);
/* Record id of entity (in table, placed by division_column) was not found
 * in the caller's scope: when it exists elsewhere, audit_denied it there. */
void audit_denied_elsewhere(struct req *r, const char *entity, const char *table, const char *division_column,
			    int64_t id);

#endif
