/* listing.c - count, page and reply for every list endpoint. */
#include "model/listing.h"

#include "auth/scope.h"
#include "http/reply.h"
#include "model/list_export.h"

/* SELECT COUNT(*) with the listing's filters into *total; 0 or the status of the error reply. */
static int count_rows(struct req *r, const struct listing *l, int64_t *total)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT COUNT(*)");
	int st = l->from(r, &b, l->ctx);
	if (st)
		return st;
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL || db_step(q) != DB_ROW) {
		db_finalize(q);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	*total = db_column_int(q, 0);
	db_finalize(q);
	return 0;
}

int listing_reply(struct req *r, const struct listing *l)
{
	bool file, xlsx;
	int st = list_export_wanted(r, &file, &xlsx);
	if (st)
		return st;
	int64_t total = 0;
	if (file)
		return (st = count_rows(r, l, &total)) ? st : list_export_reply(r, l, xlsx, total);
	struct paging pg;
	if ((st = paging_from_query(r, &pg)))
		return st;
	if (!l->count_with_page && (st = count_rows(r, l, &total)) != 0)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT ");
	sqlbuf_add(&b, l->columns);
	if (l->count_with_page)
		sqlbuf_add(&b, ", COUNT(*) OVER ()");
	st = l->from(r, &b, l->ctx);
	if (st)
		return st;
	sqlbuf_add(&b, " ORDER BY ");
	sqlbuf_add(&b, l->order);
	sqlbuf_page(&b, pg.page_size, pg.offset);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		if (l->count_with_page && json_array_size(items) == 0)
			total = db_column_int(q, db_column_count(q) - 1);
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
	/* a page past the end has no row to carry the count */
	if (l->count_with_page && json_array_size(items) == 0 && pg.offset > 0 && (st = count_rows(r, l, &total)) != 0) {
		json_decref(items);
		return st;
	}
	if (l->before_reply)
		l->before_reply(r, items, l->ctx);
	return reply_list(r, items, total, pg.page, pg.page_size);
}

int listing_scope_where(struct req *r, struct sqlbuf *b, const char *column)
{
	const char *division;
	int st = req_query_division(r, "division", &division);
	scope_where_under(b, r->user, column, st ? NULL : division);
	return st;
}
