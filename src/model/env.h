/*
 * env.h - the narrow environment a handler may read: the settings, the
 * database kind, the password policy, the session limits and the writer of
 * views' audit rows.  The
 * application (app/app.c) owns one and lends it to every request as r->env,
 * so that the domain modules never reach up into app/.
 */
#ifndef LIANXIN_MODEL_ENV_H
#define LIANXIN_MODEL_ENV_H

#include "auth/password.h"
#include "auth/session.h"
#include "core/config.h"

#define LIANXIN_VERSION "0.1.0"
#define SESSION_COOKIE "lianxin_session"

struct env {
	const struct config *cfg;
	const char *db_backend;           /* "sqlite" / "postgres" */
	struct password_policy policy;
	struct session_limits limits;
	struct audit_views *views;        /* the writer of views' audit rows (model/audit_views.h); NULL: none */
};

#endif
