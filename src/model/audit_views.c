/* audit_views.c - a queue of "view" audit rows and the thread that stores them (audit_views.h). */
#include "model/audit_views.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/ticker.h"

#define QUEUE_MAX 4096            /* rows waiting; past it a view is hidden rather than queued */
#define WRITE_EVERY_MS 200

/* One queued row, every string its own copy. */
struct view_row {
	struct view_row *next;
	int64_t at, last_at, user_id;
	int times;             /* the same records shown to the same caller, one view after another */
	char *username, *source, *request_id, *entity, *entity_id, *detail;
	struct audit_run *runs;
	int nruns;
};

struct audit_views {
	struct db_pool *pool;
	struct ticker *ticker;
	pthread_mutex_t lock;       /* the queue's */
	struct view_row *head, **tail, *last;
	int queued;
	bool stop;
};

static char *copy(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void row_free(struct view_row *row)
{
	for (int i = 0; i < row->nruns; i++)
		free((char *)row->runs[i].division);
	free(row->runs);
	free(row->username);
	free(row->source);
	free(row->request_id);
	free(row->entity);
	free(row->entity_id);
	free(row->detail);
	free(row);
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* b repeats a: the same caller shown the same records (a page read again and again). */
static bool same_view(const struct view_row *a, const struct view_row *b)
{
	if (a->user_id != b->user_id || a->nruns != b->nruns || !same_text(a->username, b->username) ||
	    !same_text(a->source, b->source) || !same_text(a->entity, b->entity) || !same_text(a->entity_id, b->entity_id))
		return false;
	for (int i = 0; i < a->nruns; i++)
		if (a->runs[i].first_id != b->runs[i].first_id || a->runs[i].last_id != b->runs[i].last_id ||
		    !same_text(a->runs[i].division, b->runs[i].division))
			return false;
	return true;
}

bool audit_views_add(struct audit_views *v, struct req *r, const struct audit_entry *e, const struct audit_run *runs,
		     int nruns)
{
	if (v == NULL || nruns <= 0)
		return v != NULL;
	struct view_row *row = xcalloc(1, sizeof(*row));
	row->at = clock_now();
	row->user_id = r->user ? r->user->id : 0;
	row->username = copy(r->user ? r->user->username : NULL);
	row->source = copy(r->remote_addr);
	row->request_id = copy(r->request_id);
	row->entity = copy(e->entity);
	row->entity_id = copy(e->entity_id);
	row->detail = copy(e->detail);
	row->runs = xcalloc((size_t)nruns, sizeof(*row->runs));
	for (int i = 0; i < nruns; i++)
		row->runs[i] = (struct audit_run){ copy(runs[i].division), runs[i].first_id, runs[i].last_id };
	row->nruns = nruns;
	row->times = 1;
	row->last_at = row->at;
	pthread_mutex_lock(&v->lock);
	bool queued = !v->stop, again = queued && v->last && same_view(v->last, row);
	if (again) {
		v->last->times++;
		v->last->last_at = row->at;
	} else if ((queued = queued && v->queued < QUEUE_MAX)) {
		*v->tail = row;
		v->tail = &row->next;
		v->last = row;
		v->queued++;
	}
	pthread_mutex_unlock(&v->lock);
	if (again || !queued)
		row_free(row);
	return queued;
}

/* Store the rows of list in one transaction; DB_OK or the error. */
static int store(struct db *db, struct view_row *list)
{
	int rc = db_begin(db);
	for (struct view_row *row = list; row && rc == DB_OK; row = row->next) {
		char detail[200], last[21];
		clock_format_iso(row->last_at, last);
		if (row->times > 1)
			snprintf(detail, sizeof(detail), "%s, %d times until %s", row->detail ? row->detail : "", row->times, last);
		struct audit_entry e = {
			.action = "view", .entity = row->entity, .entity_id = row->entity_id,
			.detail = row->times > 1 ? detail : row->detail,
			.user_id = row->user_id, .username = row->username, .source = row->source,
			.request_id = row->request_id, .at = row->at,
		};
		rc = audit_write_bulk(NULL, db, &e, row->runs, row->nruns);
	}
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK && db_in_transaction(db))
		db_rollback(db);
	return rc;
}

/* Take the queue and store it. Rows the database refuses (busy: an import, a key rotation) go
 * back to the front of the queue for the next turn, where they count against QUEUE_MAX; at the
 * stop they are given up (logged). */
static void write_queued(struct audit_views *v)
{
	pthread_mutex_lock(&v->lock);
	struct view_row *list = v->head, **list_tail = v->tail, *list_last = v->last;
	int n = v->queued;
	bool stopping = v->stop;
	v->head = v->last = NULL;
	v->tail = &v->head;
	v->queued = 0;
	pthread_mutex_unlock(&v->lock);
	if (list == NULL)
		return;
	struct db *db = db_pool_get(v->pool);
	int rc = db ? store(db, list) : DB_ERROR;
	if (rc != DB_OK)
		log_error("audit: %d view rows not stored %s: %s", n, stopping ? "(given up at the stop)" : "yet",
			  db ? db_errmsg(db) : "no connection");
	if (db)
		db_pool_put(v->pool, db);
	pthread_mutex_lock(&v->lock);
	if (rc != DB_OK && !stopping) {
		*list_tail = v->head;
		if (v->head == NULL) {
			v->tail = list_tail;
			v->last = list_last;
		}
		v->head = list;
		v->queued += n;
		list = NULL;
	}
	pthread_mutex_unlock(&v->lock);
	while (list) {
		struct view_row *next = list->next;
		row_free(list);
		list = next;
	}
}

/* The ticker's turn: store what is queued. */
static void write_turn(void *arg)
{
	write_queued(arg);
}

struct audit_views *audit_views_start(struct db_pool *pool)
{
	if (pool == NULL)
		return NULL;
	struct audit_views *v = xcalloc(1, sizeof(*v));
	v->pool = pool;
	v->tail = &v->head;
	pthread_mutex_init(&v->lock, NULL);
	v->ticker = ticker_start(WRITE_EVERY_MS, write_turn, v);
	if (v->ticker == NULL) {
		pthread_mutex_destroy(&v->lock);
		free(v);
		return NULL;
	}
	return v;
}

void audit_views_stop(struct audit_views *v)
{
	if (v == NULL)
		return;
	ticker_stop(v->ticker);
	pthread_mutex_lock(&v->lock);
	v->stop = true;   /* nothing is queued from now on, and what the last turn can't store is given up */
	pthread_mutex_unlock(&v->lock);
	write_queued(v);
	pthread_mutex_destroy(&v->lock);
	free(v);
}
