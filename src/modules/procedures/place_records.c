/*
 * place_records.c - a place's record with rows of households under it (a
 * village's batch of cases, a sampling audit, a 回头看 campaign): whether the
 * caller may see it, and its list and its one record read by the same
 * grouped query (the record's columns and its rows' aggregates), one query
 * for a whole page rather than one a record.
 */
#include "auth/scope.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/listing.h"
#include "modules/procedures/procedures_internal.h"

int place_row_in_scope(struct req *r, const char *table, const char *entity, int64_t id, bool reaches,
		       const char **division)
{
	*division = NULL;
	struct db_stmt *q = db_query(r->db, arena_printf(r->arena, "SELECT division FROM %s WHERE id = $1", table), "i", id);
	if (q && db_step(q) == DB_ROW)
		*division = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	if (*division && (reaches ? scope_reaches(r->user, *division) : scope_allows(r->user, *division)))
		return 0;
	if (*division)
		audit_denied(r, entity, arena_printf(r->arena, "%lld", (long long)id), *division, "outside the caller's scope");
	return reply_error(r, ERR_NOT_FOUND, NULL);
}

/* "SELECT <columns> FROM <table> <alias> <rows>" of the grouped query, up to its WHERE. */
static void grouped_head(struct sqlbuf *b, const struct place_record *p)
{
	sqlbuf_add(b, "SELECT ");
	sqlbuf_add(b, p->columns);
	sqlbuf_add(b, " FROM ");
	sqlbuf_add(b, p->table);
	sqlbuf_add(b, " ");
	sqlbuf_add(b, p->alias);
	sqlbuf_add(b, p->rows);
}

/* " FROM <table> <alias> WHERE <the scope under ?division=> <filter>": the records a list shows. */
static int list_where(struct req *r, struct sqlbuf *b, const struct place_record *p)
{
	const char *column = arena_printf(r->arena, "%s.division", p->alias);
	sqlbuf_add(b, " FROM ");
	sqlbuf_add(b, p->table);
	sqlbuf_add(b, " ");
	sqlbuf_add(b, p->alias);
	sqlbuf_add(b, " WHERE ");
	int st = listing_scope_where(r, b, column);
	return !st && p->filter ? p->filter(r, b) : st;
}

int place_record_list(struct req *r, const struct place_record *p)
{
	struct paging pg;
	int st = paging_from_query(r, &pg);
	if (st)
		return st;
	const char *id_col = arena_printf(r->arena, "%s.id", p->alias);
	struct sqlbuf count;
	sqlbuf_init(&count, r->arena);
	sqlbuf_add(&count, "SELECT COUNT(*)");
	if ((st = list_where(r, &count, p)))
		return st;
	int64_t total = 0;
	struct db_stmt *q = sqlbuf_query(r->db, &count);
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW)
		total = db_column_int(q, 0);
	db_finalize(q);
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	/* the page's records by their ids, then their rows' aggregates in one grouped query */
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	grouped_head(&b, p);
	sqlbuf_add(&b, " WHERE ");
	sqlbuf_add(&b, id_col);
	sqlbuf_add(&b, " IN (SELECT ");
	sqlbuf_add(&b, id_col);
	if ((st = list_where(r, &b, p)))
		return st;
	sqlbuf_add(&b, arena_printf(r->arena, " ORDER BY %s DESC", id_col));
	sqlbuf_page(&b, pg.page_size, pg.offset);
	sqlbuf_add(&b, arena_printf(r->arena, ") GROUP BY %s ORDER BY %s DESC", p->group, id_col));
	json_t *items = json_array();
	q = sqlbuf_query(r->db, &b);
	while (q && (rc = db_step(q)) == DB_ROW)
		json_array_append_new(items, p->json(r, q));
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_list(r, items, total, pg.page, pg.page_size);
}

json_t *place_record_json(struct req *r, const struct place_record *p, int64_t id)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	grouped_head(&b, p);
	sqlbuf_add(&b, arena_printf(r->arena, " WHERE %s.id = ", p->alias));
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " GROUP BY ");
	sqlbuf_add(&b, p->group);
	json_t *o = NULL;
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q && db_step(q) == DB_ROW)
		o = p->json(r, q);
	db_finalize(q);
	return o;
}

int place_record_get(struct req *r, const struct place_record *p, int64_t *id, json_t **out)
{
	const char *division;
	*out = NULL;
	int st = req_path_id(r, 0, id);
	if (!st)
		st = place_row_in_scope(r, p->table, p->entity, *id, p->reaches, &division);
	if (st)
		return st;
	*out = place_record_json(r, p, *id);
	return *out ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}
