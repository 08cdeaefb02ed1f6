/*
 * routes.c - the route table: every API endpoint, its handler, the
 * permission it needs and the body it takes.  docs/api.md follows it.
 */
#include "app/app.h"
#include "auth/roles.h"
#include "modules/audit.h"
#include "modules/auth_api.h"
#include "modules/users.h"

#define PWC ROUTE_DURING_PASSWORD_CHANGE

const struct route app_routes[] = {
	{ "GET", "/api/v1/health", health_get, PERM_LOGIN, BODY_NONE, ROUTE_PUBLIC },
	{ "POST", "/api/v1/auth/login", auth_login, PERM_LOGIN, BODY_JSON, ROUTE_PUBLIC },
	{ "POST", "/api/v1/auth/logout", auth_logout, PERM_LOGIN, BODY_JSON, PWC },
	{ "GET", "/api/v1/me", auth_me, PERM_LOGIN, BODY_NONE, PWC },
	{ "POST", "/api/v1/me/password", auth_change_password, PERM_LOGIN, BODY_JSON, PWC },

	{ "GET", "/api/v1/users", users_list, PERM_USERS_READ, BODY_NONE, 0 },
	{ "POST", "/api/v1/users", users_post, PERM_USERS_WRITE, BODY_JSON, 0 },
	{ "GET", "/api/v1/users/:id", users_get, PERM_USERS_READ, BODY_NONE, 0 },
	{ "PATCH", "/api/v1/users/:id", users_patch, PERM_USERS_WRITE, BODY_JSON, 0 },
	{ "DELETE", "/api/v1/users/:id", users_delete, PERM_USERS_WRITE, BODY_NONE, 0 },
	{ "POST", "/api/v1/users/:id/password", users_reset_password, PERM_USERS_WRITE, BODY_JSON, 0 },

	{ "GET", "/api/v1/audit", audit_list, PERM_AUDIT_READ, BODY_NONE, 0 },
};

const size_t app_routes_count = sizeof(app_routes) / sizeof(app_routes[0]);
