/*
 * request.h - one HTTP request and its reply, free of any transport.
 *
 * http/server.c fills a struct req from libmicrohttpd; tests and the fuzzer
 * fill one by hand.  Handlers read the request, write the reply fields and
 * return the HTTP status.  Everything hangs off r->arena and is released
 * when the request completes; r->out (a jansson value) is released then too.
 */
#ifndef LIANXIN_HTTP_REQUEST_H
#define LIANXIN_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

#define REQ_MAX_PATH_PARAMS 4
#define REQ_MAX_REPLY_HEADERS 12

struct db;
struct principal;
struct route;
struct app;
struct env;

struct kv {
	const char *name;
	const char *value;
};

struct req {
	struct arena *arena;
	struct app *app;              /* the application (opaque here) */
	const struct env *env;        /* the settings lent to handlers (model/env.h) */
	char request_id[17];
	const char *method;
	const char *path;             /* percent-decoded, without the query */
	const char *remote_addr;
	/* headers, looked up on demand by the transport (case-insensitive) */
	const char *(*header_fn)(const struct req *r, const char *name);
	void *transport;
	struct kv *query;             /* decoded query parameters */
	int nquery;
	const char *body;             /* raw body, NUL-terminated */
	size_t body_len;
	json_t *json;                 /* parsed JSON body, when the route takes one */

	const struct route *route;
	const char *params[REQ_MAX_PATH_PARAMS];   /* values of :name segments */
	int nparams;
	struct principal *user;       /* NULL until authenticated */
	int64_t user_id;              /* the caller's account once authenticated, 0 before (access log) */
	struct db *db;                /* taken from the pool for this request */

	/* the reply */
	int status;
	json_t *out;                  /* JSON reply, owned */
	const char *out_body;         /* or a raw reply (arena or static memory) */
	size_t out_len;
	const char *out_type;
	int out_fd;                   /* or a file to send, -1 if none (closed by transport) */
	int64_t out_fd_size;
	struct kv out_headers[REQ_MAX_REPLY_HEADERS];
	int nout_headers;
};

void req_init(struct req *r, struct arena *a);
/* Release what the request owns except the arena itself. */
void req_release(struct req *r);
const char *req_header(const struct req *r, const char *name);
/* Value of a query parameter, or NULL. */
const char *req_query(const struct req *r, const char *name);
/* Path parameter i (0-based), or NULL. */
const char *req_param(const struct req *r, int i);
/* Add a reply header (copied into the arena). */
void req_add_header(struct req *r, const char *name, const char *value);

#endif
