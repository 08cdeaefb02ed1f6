/* listing.c - count, page and reply for every list endpoint. */
#include "model/listing.h"

#include "http/reply.h"

int listing_reply(struct req *r, const struct listing *l)
{
	struct paging pg;
	int st = paging_from_query(r, &pg);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT COUNT(*)");
	st = l->from(r, &b, l->ctx);
	if (st)
		return st;
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL || db_step(q) != DB_ROW) {
		db_finalize(q);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	int64_t total = db_column_int(q, 0);
	db_finalize(q);

	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT ");
	sqlbuf_add(&b, l->columns);
	l->from(r, &b, l->ctx);   /* the same filters: they passed above */
	sqlbuf_add(&b, " ORDER BY ");
	sqlbuf_add(&b, l->order);
	sqlbuf_add(&b, " LIMIT ");
	sqlbuf_int(&b, pg.page_size);
	sqlbuf_add(&b, " OFFSET ");
	sqlbuf_int(&b, pg.offset);
	q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		json_t *item = l->row(r, q, l->ctx);
		if (item == NULL) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(items, item);
	}
	db_finalize(q);
	if (rc != DB_DONE) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_list(r, items, total, pg.page, pg.page_size);
}
