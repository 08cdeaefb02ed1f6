/*
 * app.h - the running application: configuration, database pool, routes,
 * and the request pipeline that every request goes through.
 *
 * app_handle() is the single dispatcher: match the route (404/405), take a
 * database connection, authenticate (401), check CSRF for cookie sessions
 * (403), hold users who must change their password (403), check the
 * route's permission (403), read the body (415/400), call the handler, and
 * turn a crash-free but failed handler into a clean 500.  The first request,
 * and then one a day, runs the audit retention purge first.
 */
#ifndef LIANXIN_APP_APP_H
#define LIANXIN_APP_APP_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "http/request.h"
#include "http/router.h"
#include "model/env.h"

struct app {
	struct env env;                   /* lent to every request as r->env */
	struct db_pool *pool;
	struct arena *arena;              /* what lives as long as the app: the expanded routes */
	const struct route *routes;       /* app_routes with each entity row expanded */
	size_t nroutes;
	_Atomic int64_t next_audit_purge; /* when the audit retention purge is due next (the first request, then daily) */
};

void app_init(struct app *app, const struct config *cfg, struct db_pool *pool, const char *backend);
void app_free(struct app *app);
/* Callbacks for http/server.c. */
size_t app_body_limit(void *app, const char *method, const char *path);
void app_handle(struct req *r);
void app_done(struct req *r);

/* The route table (routes.c); a row without a method stands for the generic
 * rows of the entity in its ctx (ENTITY_ROUTES), expanded by app_init. */
extern const struct route app_routes[];
extern const size_t app_routes_count;

#endif
