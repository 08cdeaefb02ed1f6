/*
 * audit_views.h - the audit rows of views of restricted values (a member's
 * health status), written by a thread of their own.
 *
 * A reply that shows such values to a role that may read them queues one
 * "view" row (who, from where, which records) and is sent at once; the
 * writer stores what is queued a moment later, in one transaction. So a
 * read never waits for the write lock (an import, a key rotation), and the
 * trail holds every view. A reply that can't queue its row (the queue
 * full, no writer running) must hide the values instead.
 */
#ifndef LIANXIN_MODEL_AUDIT_VIEWS_H
#define LIANXIN_MODEL_AUDIT_VIEWS_H

#include <stdbool.h>

#include "db/db.h"
#include "http/request.h"
#include "model/audit.h"

struct audit_views;

/* The writer on its own connection of pool; NULL when pool is NULL or it can't start. */
struct audit_views *audit_views_start(struct db_pool *pool);
/* Write what is queued, then stop (NULL: nothing). */
void audit_views_stop(struct audit_views *v);
/*
 * Queue a "view" row for r's caller: entity e->entity (e->entity_id, e->detail
 * copied too), the records' runs (their ids per division, as audit_write_bulk
 * takes them).  false when it can't be queued: then hide what it names.
 */
bool audit_views_add(struct audit_views *v, struct req *r, const struct audit_entry *e, const struct audit_run *runs,
		     int nruns);
#endif
