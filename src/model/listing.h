/*
 * listing.h - a paged list reply from one description of its query.
 *
 * Every list endpoint counts the rows of its FROM/WHERE (scope and
 * filters), then selects one page of them in a fixed order and turns each
 * row into JSON.  listing_reply() does that once for all of them: the
 * caller gives the columns, the order, a function that appends
 * " FROM ... WHERE ..." to a query (returning 0, or the status of the error
 * reply it made for a bad filter) and a function that turns a row into
 * JSON.  ?page= and ?page_size= are read here, and ?format=csv|xlsx where
 * the route takes it: the whole list as a file (model/list_export.h).
 */
#ifndef LIANXIN_MODEL_LISTING_H
#define LIANXIN_MODEL_LISTING_H

#include <jansson.h>

#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/request.h"

struct entity;

struct listing {
	const char *columns;
	const char *order;
	int (*from)(struct req *r, struct sqlbuf *b, const void *ctx);
	json_t *(*row)(struct req *r, struct db_stmt *st, const void *ctx);
	const void *ctx;
	/* the matching rows are few and all computed for the page anyway (a
	 * search): count them in the page's query (COUNT(*) OVER ()) instead
	 * of a second pass */
	bool count_with_page;
	/* may be NULL: called with the page's items before they are sent (to audit what they show) */
	void (*before_reply)(struct req *r, json_t *items, const void *ctx);
	/* the unique column an export pages by (keyset), e.g. "t.id": needed where the route
	 * takes ?format=; key_is_text when it holds text (a division's code) */
	const char *key;
	bool key_is_text;
	/* may be NULL: the entity whose fields label an export's columns and dictionaries */
	const struct entity *entity;
};

/* Reply {"items","total","page","page_size"}; returns the HTTP status. */
int listing_reply(struct req *r, const struct listing *l);

/* The caller's scope under a list's ?division= (auth/scope.h scope_where_under: one range
 * a scope, the node's when a scope holds it; a node outside the scope selects nothing);
 * 0, or the status of the 400 reply to a malformed code. */
int listing_scope_where(struct req *r, struct sqlbuf *b, const char *column);

#endif
