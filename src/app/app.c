/* app.c - the request pipeline (see app.h). */
#include "app/app.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/static_files.h"
#include "auth/roles.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/log.h"
#include "db/at_rest.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/audit_views.h"
#include "model/crud.h"
#include "model/entity.h"

/* The rows an entity row (ENTITY_ROUTES in routes.c) stands for: the generic
 * handlers of model/crud.c at the entity's path. */
static const struct {
	const char *method, *suffix;
	int (*handler)(struct req *r);
	int perm;
	enum route_body body;
} entity_rows[] = {
	{ "GET", "", crud_list, PERM_DATA_READ, BODY_NONE },
	{ "POST", "", crud_create, PERM_DATA_WRITE, BODY_JSON },
	{ "GET", "/:id", crud_get, PERM_DATA_READ, BODY_NONE },
	{ "PATCH", "/:id", crud_update, PERM_DATA_WRITE, BODY_JSON },
	{ "DELETE", "/:id", crud_delete, PERM_DATA_WRITE, BODY_NONE },
	{ "POST", "/:id/reveal", crud_reveal, PERM_SENSITIVE_READ, BODY_JSON },
};
#define ENTITY_ROWS (sizeof(entity_rows) / sizeof(entity_rows[0]))

/* The query parameters of an entity's list: paging, the subtree, the search,
 * every filter field and what the entity's own filter reads; the generic list
 * (crud_list) also gives the whole list as a file (model/list_export.h). */
static const char *list_query(struct arena *a, const struct entity *e, bool file)
{
	const char *q = file ? "page page_size division q format progress" : "page page_size division q";
	for (int i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & F_FILTER)
			q = arena_printf(a, "%s %s", q, e->fields[i].name);
	return e->filter_query ? arena_printf(a, "%s %s", q, e->filter_query) : q;
}

/* The route table with every entity row expanded in place (order matters:
 * the first matching row wins). */
static const struct route *expand_routes(struct arena *a, const struct route *table, size_t n, size_t *out_n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += table[i].method ? 1 : ENTITY_ROWS;
	struct route *out = arena_alloc(a, total * sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (table[i].method) {
			out[k] = table[i];
			if (out[k].ctx)   /* a handler over an entity's records takes its list filters too */
				out[k].query = arena_printf(a, "%s %s", list_query(a, out[k].ctx, false), out[k].query ? out[k].query : "");
			k++;
			continue;
		}
		const struct entity *e = table[i].ctx;
		for (size_t j = 0; j < ENTITY_ROWS; j++)
			out[k++] = (struct route){ .method = entity_rows[j].method,
						   .pattern = arena_printf(a, "%s%s", e->path, entity_rows[j].suffix),
						   .handler = entity_rows[j].handler, .perm = entity_rows[j].perm,
						   .body = entity_rows[j].body, .ctx = e,
						   .query = entity_rows[j].handler == crud_list ? list_query(a, e, true) : NULL };
	}
	*out_n = total;
	return out;
}

void app_init(struct app *app, const struct config *cfg, struct db_pool *pool, const char *backend)
{
	memset(app, 0, sizeof(*app));
	app->env.cfg = cfg;
	app->env.db_backend = backend;
	app->env.policy.min_length = (int)cfg->password_min_length;
	app->env.policy.min_classes = (int)cfg->password_min_classes;
	app->env.limits.idle = cfg->session_idle;
	app->env.limits.absolute = cfg->session_absolute;
	app->pool = pool;
	app->env.views = audit_views_start(pool);
	app->arena = arena_new();
	app->routes = expand_routes(app->arena, app_routes, app_routes_count, &app->nroutes);
	const char *strict = getenv("LIANXIN_TEST_STRICT_QUERY");
	route_strict_query(strict && *strict == '1');
}

void app_free(struct app *app)
{
	audit_views_stop(app->env.views);   /* what is queued is stored first */
	app->env.views = NULL;
	arena_free(app->arena);
	app->arena = NULL;
	app->routes = NULL;
	app->nroutes = 0;
}

static bool is_api(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0;
}

size_t app_body_limit(void *ptr, const char *method, const char *path)
{
	struct app *app = ptr;
	if (!is_api(path))
		return 0;
	const struct route *route = NULL;
	char allow[64];
	router_match(app->routes, app->nroutes, method, path, NULL, &route, allow, sizeof(allow));
	if (route && route->body == BODY_UPLOAD)
		return (size_t)app->env.cfg->max_upload_body;
	return (size_t)app->env.cfg->max_json_body;
}

/* The audit retention purge, by the one request that finds it due (at the
 * start, then a day after the last). */
static void purge_audit_when_due(struct app *app, struct db *db)
{
	int64_t now = clock_now();
	int64_t due = atomic_load(&app->next_audit_purge);
	if (now < due || !atomic_compare_exchange_strong(&app->next_audit_purge, &due, now + 86400))
		return;
	audit_purge(db, now, app->env.cfg->audit_retention_days);
}

/* The session token from "Authorization: Bearer T" or the session cookie. */
static const char *find_token(struct req *r, bool *via_cookie)
{
	*via_cookie = false;
	const char *auth = req_header(r, "Authorization");
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
		return auth + 7;
	const char *cookie = req_header(r, "Cookie");
	if (cookie == NULL)
		return NULL;
	const size_t name_len = strlen(SESSION_COOKIE);
	for (const char *p = cookie; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, SESSION_COOKIE, name_len) == 0 && p[name_len] == '=') {
			const char *v = p + name_len + 1;
			size_t len = strcspn(v, ";");
			*via_cookie = true;
			return arena_strndup(r->arena, v, len);
		}
		p = strchr(p, ';');
	}
	return NULL;
}

static bool changes_state(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

static int authenticate(struct req *r)
{
	struct app *app = r->app;
	bool via_cookie;
	const char *token = find_token(r, &via_cookie);
	if (token == NULL)
		return 0;
	struct principal *p = NULL;
	int rc = session_lookup(r->db, r->arena, &app->env.limits, token, &p);
	if (rc == DB_ROW) {
		p->via_cookie = via_cookie;
		r->user = p;
		r->user_id = p->id;
		return 0;
	}
	if (rc == DB_DONE)
		return 0;
	log_error("%s: session lookup: %s", r->request_id, db_errmsg(r->db));
	return reply_error(r, ERR_INTERNAL, NULL);
}

static int read_json_body(struct req *r)
{
	if (!changes_state(r->method))
		return 0;
	const char *type = req_header(r, "Content-Type");
	if (r->body_len == 0 && type == NULL) {
		r->json = json_object();   /* an empty body reads as {} */
		return 0;
	}
	if (type == NULL || strncasecmp(type, "application/json", 16) ||
	    (type[16] != '\0' && type[16] != ';' && type[16] != ' '))
		return reply_error_msg(r, ERR_MEDIA_TYPE, "请求体必须是 application/json",
				       "The body must be application/json", NULL);
	json_error_t jerr;
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (r->json == NULL)
		return reply_error_msg(r, ERR_BAD_JSON,
				       arena_printf(r->arena, "JSON 格式错误（第 %d 行第 %d 列）：%s", jerr.line, jerr.column, jerr.text),
				       arena_printf(r->arena, "Malformed JSON at line %d, column %d: %s", jerr.line, jerr.column, jerr.text),
				       NULL);
	return 0;
}

static int dispatch(struct req *r)
{
	struct app *app = r->app;
	r->env = &app->env;
	char allow[64];
	const struct route *route = NULL;
	enum route_match m = router_match(app->routes, app->nroutes, r->method, r->path, r, &route,
					  allow, sizeof(allow));
	if (m == ROUTE_NO_PATH) {
		if (!is_api(r->path) && (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")))
			return static_files_serve(r, app->env.cfg->web_root);
		return reply_error(r, ERR_NOT_FOUND, NULL);
	}
	if (m == ROUTE_NO_METHOD) {
		req_add_header(r, "Allow", allow);
		return reply_error(r, ERR_METHOD, NULL);
	}
	r->route = route;
	r->db = db_pool_get(app->pool);
	if (r->db == NULL)
		return reply_error(r, ERR_UNAVAILABLE, NULL);
	/* the key of personal data may have been rotated (lianxin rekey) since the last request */
	if (at_rest_follow(r->db) != DB_OK) {
		log_error("at rest: %s", db_errmsg(r->db));
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	purge_audit_when_due(app, r->db);

	int st = authenticate(r);
	if (st)
		return st;
	if (!(route->flags & ROUTE_PUBLIC)) {
		if (r->user == NULL)
			return reply_error(r, ERR_NOT_LOGGED_IN, NULL);
		if (r->user->via_cookie && changes_state(r->method)) {
			const char *csrf = req_header(r, "X-CSRF-Token");
			if (csrf == NULL || strcmp(csrf, r->user->csrf_token)) {
				audit_denied(r, NULL, NULL, NULL, "csrf token missing or wrong");
				return reply_error(r, ERR_CSRF, NULL);
			}
		}
		if (r->user->must_change_password && !(route->flags & ROUTE_DURING_PASSWORD_CHANGE))
			return reply_error(r, ERR_PASSWORD_CHANGE_REQUIRED, NULL);
		if (!role_has(r->user->role, (enum perm)route->perm)) {
			audit_denied(r, NULL, NULL, NULL, arena_printf(r->arena, "the role %s lacks the permission",
									role_name(r->user->role)));
			return reply_error(r, ERR_FORBIDDEN, NULL);
		}
	}
	const char *unknown = route_unknown_query(r);
	json_t *utf8 = unknown ? json_string(unknown) : NULL;   /* a name that is not UTF-8 cannot be quoted back */
	if (unknown && utf8 == NULL)
		unknown = "?";
	json_decref(utf8);
	if (unknown)
		return reply_error_msg(r, ERR_UNKNOWN_PARAMETER,
				       arena_printf(r->arena, "不认识的查询参数 %s；可用的参数：%s", unknown,
						    route->query ? route->query : "（无）"),
				       arena_printf(r->arena, "Unknown query parameter %s; this endpoint takes: %s", unknown,
						    route->query ? route->query : "(none)"),
				       arena_strdup(r->arena, unknown));
	if (route->body == BODY_JSON) {
		st = read_json_body(r);
		if (st)
			return st;
	}
	st = route->handler(r);
	if (st == 0 || (r->out == NULL && r->out_body == NULL && r->out_fd < 0)) {
		log_error("%s: handler for %s %s returned no reply", r->request_id, r->method, r->path);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (st == 500 && r->db)   /* handlers answer 500 on storage errors: the cause goes to the log here */
		log_error("%s: %s %s: %s", r->request_id, r->method, r->path, db_errmsg(r->db));
	return st;
}

void app_handle(struct req *r)
{
	r->status = dispatch(r);
}

void app_done(struct req *r)
{
	struct app *app = r->app;
	if (r->db) {
		if (db_in_transaction(r->db)) {
			log_error("%s: %s %s left a transaction open; rolled back", r->request_id, r->method, r->path);
			db_rollback(r->db);
		}
		db_pool_put(app->pool, r->db);
		r->db = NULL;
	}
}
