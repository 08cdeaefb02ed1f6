/*
 * principal.h - the authenticated caller of a request.
 * Built by session.c from the session and user rows; lives in the request
 * arena.  scopes are division codes ("" = the whole country).
 */
#ifndef LIANXIN_AUTH_PRINCIPAL_H
#define LIANXIN_AUTH_PRINCIPAL_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/roles.h"

struct principal {
	int64_t id;
	const char *username;
	const char *display_name;
	enum role role;
	bool must_change_password;
	const char **scopes;
	int nscopes;
	const char *session_hash;   /* hex SHA-256 of the session token */
	const char *csrf_token;
	bool via_cookie;            /* authenticated by cookie: CSRF applies */
};

#endif
