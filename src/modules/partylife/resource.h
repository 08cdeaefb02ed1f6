/*
 * resource.h - one create / update / delete for the party-life records
 * (meetings, trainings, notices, decisions).
 *
 * A record kind describes itself in a struct pl_resource: its audit name,
 * the body members it takes, how a body is validated, how the stored
 * record is loaded within the caller's scope, how its rows are written,
 * what its audit row says, its refusals and its reply.  The generic
 * handlers do what every kind repeats: read the path id, load within the
 * scope (404 outside it), merge a PATCH over the stored record and run the
 * create path's validator on the result, write in one transaction with the
 * audit row (before / after), commit and reply.
 *
 * The kind's validated input (its struct ..._in, input_size bytes) is
 * allocated zeroed from the request's arena and passed as void *.
 */
#ifndef LIANXIN_MODULES_PARTYLIFE_RESOURCE_H
#define LIANXIN_MODULES_PARTYLIFE_RESOURCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

struct pl_resource {
	const char *entity;              /* the audit row's entity: "meeting" */
	const char *table;               /* its table (with a division column): "meetings" */
	const char *const *keys;         /* the members of a create body (NULL ended) */
	const char *const *patch_keys;   /* the members of a PATCH body; NULL: keys */
	size_t input_size;               /* sizeof the kind's validated input */

	/* r->json, a create body or a PATCH merged over the stored record
	 * (its keys already checked), into *in, with the division the record
	 * will live in: 0, or the reply's status. */
	int (*validate)(struct req *r, void *in, const char **division);
	/* Set when a PATCH changes only some members and the rest stay (no
	 * merge): checks the PATCH alone into *in before the record is loaded;
	 * the record keeps its stored division.  0 or the reply's status. */
	int (*validate_patch)(struct req *r, void *in);

	/* Record id within the caller's scope, in the shape of a create body
	 * plus what the kind's rules need (the audit row's "before"): DB_ROW
	 * with *stored (new reference) and *division, DB_DONE when there is
	 * none in scope, or an error code. */
	int (*load)(struct req *r, int64_t id, json_t **stored, const char **division);
	/* Refusals (NULL: none): 0, or the reply's status.  check_update runs
	 * after the load with r->json still the PATCH as sent (in is filled
	 * only by validate_patch, when the kind has one). */
	int (*check_update)(struct req *r, const json_t *stored, void *in);
	int (*check_delete)(struct req *r, const json_t *stored);

	/* Insert the record (*id 0; set it to the new id) or update record
	 * *id, with its child rows, in the open transaction: DB_OK or an error. */
	int (*write)(struct req *r, int64_t *id, const void *in);
	/* The audit row's "after" (new reference) and optionally its detail. */
	json_t *(*audit)(struct req *r, const void *in, bool creating, const char **detail);
	/* DELETE: run in one transaction with $1 the id, children first; the
	 * last statement removes the record itself (exactly one row). */
	const char *const *delete_sql;

	/* The reply: the record as GET shows it, with status. */
	int (*reply)(struct req *r, int64_t id, int status);
};

/* GET (the kind's reply; a record outside the scope answers 404 and is
 * audited as denied where it lives), POST (201), PATCH (200) and DELETE
 * ({"deleted":true}) of a record kind. */
int pl_resource_get(struct req *r, const struct pl_resource *res);
int pl_resource_create(struct req *r, const struct pl_resource *res);
int pl_resource_update(struct req *r, const struct pl_resource *res);
int pl_resource_delete(struct req *r, const struct pl_resource *res);

/* The handlers routes.c names, <prefix>_get, _create, _update and _delete
 * (declared in partylife.h), for the resource res. */
#define PL_RESOURCE_HANDLERS(prefix, res)                                                                        \
	int prefix##_get(struct req *r) { return pl_resource_get(r, &(res)); }                                  \
	int prefix##_create(struct req *r) { return pl_resource_create(r, &(res)); }                            \
	int prefix##_update(struct req *r) { return pl_resource_update(r, &(res)); }                            \
	int prefix##_delete(struct req *r) { return pl_resource_delete(r, &(res)); }

#endif
