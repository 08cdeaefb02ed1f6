/* request.c - accessors of the transport-free request. */
#include "http/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/router.h"

void req_init(struct req *r, struct arena *a)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->out_fd = -1;
}

void req_release(struct req *r)
{
	if (r->json) {
		json_decref(r->json);
		r->json = NULL;
	}
	if (r->out) {
		json_decref(r->out);
		r->out = NULL;
	}
}

const char *req_header(const struct req *r, const char *name)
{
	return r->header_fn ? r->header_fn(r, name) : NULL;
}

const char *req_query(const struct req *r, const char *name)
{
	if (r->route && route_query_is_strict() && !route_takes_query(r->route, name)) {
		fprintf(stderr, "FATAL: %s %s asks for the query parameter \"%s\", which its route does not declare\n",
			r->route->method, r->route->pattern, name);
		abort();
	}
	for (int i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].name, name) == 0)
			return r->query[i].value;
	return NULL;
}

const char *req_param(const struct req *r, int i)
{
	return i >= 0 && i < r->nparams ? r->params[i] : NULL;
}

void req_add_header(struct req *r, const char *name, const char *value)
{
	if (r->nout_headers >= REQ_MAX_REPLY_HEADERS)
		return;
	r->out_headers[r->nout_headers].name = arena_strdup(r->arena, name);
	r->out_headers[r->nout_headers].value = arena_strdup(r->arena, value);
	r->nout_headers++;
}
