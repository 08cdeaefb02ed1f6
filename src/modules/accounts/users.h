/*
 * users.h - accounts: the records, their JSON form, and the user API.
 *
 * A user has a role (roles.h) and one or more division scopes.  Accounts
 * are visible to a caller only when all of their scopes lie inside the
 * caller's scope; outside it they answer 404.  The command line (user add,
 * user passwd, the first administrator) uses users_create/users_set_password
 * so that both paths validate and audit the same way.
 */
#ifndef LIANXIN_MODULES_USERS_H
#define LIANXIN_MODULES_USERS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/principal.h"
#include "auth/password.h"
#include "core/arena.h"
#include "db/db.h"
#include "http/request.h"

#define USERNAME_MAX 32
#define DISPLAY_NAME_MAX 64
#define USER_MAX_SCOPES 32

struct user_rec {
	int64_t id;
	const char *username;
	const char *display_name;
	enum role role;
	const char *password_hash;
	bool must_change_password;
	bool disabled;
	int64_t failed_logins;
	int64_t locked_until;
	int64_t created_at, updated_at;
	int64_t password_changed_at;
	const char *expires_on;       /* the last day (YYYY-MM-DD, China time) it may log in; NULL: never expires */
	const char **scopes;
	int nscopes;
};

struct user_new {
	const char *username;
	const char *display_name;
	enum role role;
	const char *const *scopes;
	int nscopes;
	const char *password;
	bool must_change_password;
	const char *expires_on;       /* NULL: never expires */
};

/* DB_ROW with *u filled (arena), DB_DONE when absent, or an error. */
int users_load(struct db *db, struct arena *a, int64_t id, struct user_rec *u);
int users_load_by_name(struct db *db, struct arena *a, const char *username, struct user_rec *u);
/* Has the account's last day (China time) passed at now? */
bool users_expired(const struct user_rec *u, int64_t now);
/* The public JSON of a user (never the hash). */
json_t *users_json(const struct user_rec *u);
/* The same shape from the caller's session. */
json_t *users_principal_json(const struct principal *p);
/* True when username is 3..32 of [A-Za-z0-9._-]. */
bool users_valid_name(const char *username);

/*
 * Create an account in one transaction with its audit row (r may be NULL
 * for the command line).  Returns DB_OK with *id, DB_CONSTRAINT when the
 * username is taken, or an error.  Validation is the caller's job.
 */
int users_create(struct req *r, struct db *db, const struct user_new *u, int64_t *id);
/* Set a password (hashing it), end the user's sessions, clear the lockout
 * and audit it.  must_change forces a change at the next login. */
int users_set_password(struct req *r, struct db *db, int64_t id, const char *password, bool must_change,
		       const char *action);
/* How many accounts exist (DB_ROW with *n). */
int users_count(struct db *db, int64_t *n);

int users_list(struct req *r);
int users_get(struct req *r);
int users_post(struct req *r);
int users_patch(struct req *r);
int users_delete(struct req *r);
int users_reset_password(struct req *r);

/* Is password one of the user's history - 1 passwords before the current
 * one (password-history)?  DB_OK with *reused, or an error code. */
int users_password_reused(struct db *db, int64_t id, const char *password, int64_t history, bool *reused);

#endif
