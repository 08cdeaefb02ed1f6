/*
 * router.h - match a method and path against the route table.
 *
 * A pattern is a path whose segments are literals or ":name" (one
 * non-empty segment, captured in order into r->params).  The table itself
 * lives in src/app/routes.c; the router only reads it.  A path that matches
 * some row but not for this method yields 405 with the Allow list.
 */
#ifndef LIANXIN_HTTP_ROUTER_H
#define LIANXIN_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

enum route_body {
	BODY_NONE,     /* a body is ignored */
	BODY_JSON,     /* application/json, up to max-json-body */
	BODY_UPLOAD,   /* a file, up to max-upload-body */
};

enum route_flag {
	ROUTE_PUBLIC = 1 << 0,              /* no login needed */
	ROUTE_DURING_PASSWORD_CHANGE = 1 << 1, /* allowed before the first password change */
};

struct route {
	const char *method;       /* "GET", "POST", ... (GET also answers HEAD) */
	const char *pattern;
	int (*handler)(struct req *r);
	int perm;                 /* permission the caller's role must hold */
	enum route_body body;
	unsigned flags;
	const void *ctx;          /* handler's context, e.g. the entity of a CRUD route */
	const char *query;        /* the query parameters it takes, space-separated; NULL: none.
				   * Any other parameter is refused (400 unknown_parameter) before
				   * the handler runs; GET /openapi.json documents these. */
	const char *const *fields; /* a JSON body's keys, as its handler checks them (body_object), for
				    * GET /openapi.json; NULL: none, or an entity's (its schema) */
	const void *body_entity;  /* a handler whose JSON body is this entity's record (its schema),
				   * with .fields as the extra keys it takes; ctx stays free, so the
				   * row does not take the entity's list filters */
	const char *path_field;   /* with body_entity: the record's field the path gives, which the
				   * body must leave out (e.g. a member's household_id) */
};

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Does the route take the query parameter name? */
bool route_takes_query(const struct route *route, const char *name);
/* The first query parameter of r that r->route does not take, or NULL. */
const char *route_unknown_query(const struct req *r);
/*
 * Tests: when on, a handler asking for a query parameter its route does not
 * declare aborts the server, so that the API tests prove every route's list
 * complete.  Set once before threads start (LIANXIN_TEST_STRICT_QUERY).
 */
void route_strict_query(bool on);
bool route_query_is_strict(void);

/*
 * Find the row for method and path.  On ROUTE_FOUND *out is the row and the
 * captured parameters are in r (copied into r->arena; r may be NULL).  On ROUTE_NO_METHOD
 * allow holds the comma-separated methods the path accepts.
 */
enum route_match router_match(const struct route *table, size_t count, const char *method,
			      const char *path, struct req *r, const struct route **out,
			      char *allow, size_t allow_len);

#endif
