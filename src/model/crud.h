/*
 * crud.h - generic handlers and helpers driven by entity descriptions.
 *
 * The route table points a path at these handlers with the entity as the
 * route's context; a module with special needs (divisions: keyed by code)
 * uses the helpers directly.  Every read goes through the caller's scope
 * (auth/scope.h), every write is one transaction with its audit row, and
 * every masked field leaves the server masked unless revealed.
 */
#ifndef LIANXIN_MODEL_CRUD_H
#define LIANXIN_MODEL_CRUD_H

#include <jansson.h>

#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/request.h"
#include "model/entity.h"

/* GET list, GET one, POST, PATCH, DELETE, POST .../reveal. */
int crud_list(struct req *r);
int crud_get(struct req *r);
int crud_create(struct req *r);
int crud_update(struct req *r);
int crud_delete(struct req *r);
int crud_reveal(struct req *r);
/* The same for an entity chosen by the caller (nested routes). */
int crud_list_of(struct req *r, const struct entity *e);
int crud_get_of(struct req *r, const struct entity *e);
int crud_create_of(struct req *r, const struct entity *e);
int crud_update_of(struct req *r, const struct entity *e);
int crud_delete_of(struct req *r, const struct entity *e);
/*
 * The list of e narrowed further: where appends " AND ..." after the scope
 * and the filters, row adds to each record; arg is passed to both (either
 * function may be NULL).
 */
struct crud_view {
	void (*where)(struct req *r, struct sqlbuf *b, const void *arg);
	void (*row)(json_t *rec, const void *arg);
	const void *arg;
};
int crud_list_view(struct req *r, const struct entity *e, const struct crud_view *view);
/* GET /api/v1/meta */
int crud_meta(struct req *r);

/* "f1, f2, ..." of every field of e (arena). */
const char *crud_columns(struct req *r, const struct entity *e);
/* The fields of the current row from column first on, as JSON; masked
 * fields masked unless reveal. */
json_t *crud_row_json(const struct entity *e, struct db_stmt *st, int first, bool reveal);
/* What a restricted field (F_RESTRICTED: health) shows where its value may not be seen. */
#define RESTRICTED_MASK "******"

/* Mask every masked field of rec in place, and hide its restricted ones (for audit rows). */
void crud_mask(const struct entity *e, json_t *rec);
/* The masked form of a value of field name in out, when e masks that field
 * (true); false when it does not. */
bool crud_mask_text(const struct entity *e, const char *name, const char *value, char *out, size_t len);
/*
 * Apply the request body to rec (a copy of the current record, or {} for a
 * new one): reject unknown and read-only keys, validate each given field
 * (type, limits, dictionary, division and references in scope), check
 * required fields, run the entity's check.  Returns 0 or the error status.
 */
/* The 400 reply for a value outside f's dictionary: it lists the allowed values. */
int crud_dict_error(struct req *r, const struct field *f);
int crud_apply_body(struct req *r, const struct entity *e, json_t *rec, bool creating);
/* Append " AND " and the caller's scope under ?division= (model/listing.h
 * listing_scope_where), then " AND field = $n" conditions for the other list
 * filters of the query string (?q= and every F_FILTER field); returns 0 or
 * error status. */
int crud_filters(struct req *r, const struct entity *e, struct sqlbuf *b);
/* Bind rec's value of field f as the next sqlbuf parameter. */
void crud_bind_value(struct sqlbuf *b, const struct field *f, json_t *rec);
/* Today's date as YYYYMMDD (for ID checks). */
int64_t crud_today(void);

#endif
